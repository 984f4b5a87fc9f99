"""Inflect a plain replacement so that it agrees with the words it replaces.

«аннулировали долг» → «вернули деньги», «денежных средств» → «денег»,
«данная ситуация» → «эта ситуация». Each replacement word takes its form from
the matched word of the same kind (verb ↔ verb, noun ↔ noun, adjective ↔
adjective); nouns and adjectives with no partner take the case of the matched
noun. A word written `=like this` is kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.document import Token
from ..text.morph import Parse, analyzer

_VERBISH = {"VERB", "INFN", "PRTS", "PRTF", "GRND"}
_NOUNISH = {"NOUN", "NPRO"}
_ADJISH = {"ADJF", "ADJS", "PRTF", "NUMR"}
_CASES = {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"}
_NUMBERS = {"sing", "plur"}
_GENDERS = {"masc", "femn", "neut"}
_VERB_FORM = {"past", "pres", "futr", "1per", "2per", "3per", "indc", "impr", "excl", "incl"}


def _kind(pos: str | None) -> str | None:
    if pos in _VERBISH - {"PRTF"}:
        return "verb"
    if pos in _NOUNISH:
        return "noun"
    if pos in _ADJISH:
        return "adj"
    return None


# Cases a preposition governs: they tell «в территории» (locative) from «территории»
# alone (genitive, dative, locative or plural), so a replacement gets the right form.
_PREP_CASES = {
    "в": {"loct", "loc2", "accs"}, "во": {"loct", "loc2", "accs"},
    "на": {"loct", "loc2", "accs"}, "о": {"loct"}, "об": {"loct"}, "обо": {"loct"},
    "при": {"loct"}, "по": {"datv"}, "к": {"datv"}, "ко": {"datv"},
    "для": {"gent"}, "из": {"gent", "gen2"}, "от": {"gent"}, "до": {"gent"},
    "у": {"gent"}, "без": {"gent", "gen2"}, "после": {"gent"}, "около": {"gent"},
    "из-за": {"gent"}, "с": {"gent", "ablt"}, "со": {"gent", "ablt"}, "за": {"ablt", "accs"},
    "над": {"ablt"}, "под": {"ablt", "accs"}, "перед": {"ablt"}, "между": {"ablt"},
    "через": {"accs"}, "про": {"accs"},
}


_LOCATIVE = frozenset({"loct", "loc2"})


def _choose_parses(matched: Sequence[tuple[Token, frozenset[str] | None]],
                   before: Token | None) -> list[Parse | None]:
    """One parse per matched token, disambiguated by agreement and a preposition.

    Each token keeps the parses of the lemma it matched; a preposition just before
    the match narrows the case of the noun phrase it opens; an adjective and the
    noun after it keep only the case and number they share.
    """
    cands: list[list[Parse]] = []
    for tok, lemmas in matched:
        ps = [p for p in tok.info.parses if not lemmas or p.lemma in lemmas]
        cands.append(ps or list(tok.info.parses))
    cases = _governed_cases(before)
    if cases:
        for ps in cands:
            kept = [p for p in ps if p.grammemes & cases]
            if not kept or not any(_kind(p.tag.POS) in ("noun", "adj") for p in kept):
                break  # the noun phrase the preposition opens has ended
            ps[:] = kept
    else:
        # The locative only follows a preposition: without one, «территории» is not it.
        for ps in cands:
            ps[:] = [p for p in ps if not p.grammemes & _LOCATIVE] or ps
    for i in range(len(cands) - 1):
        adjs, nouns = cands[i], cands[i + 1]
        shared = {_cn(p) for p in adjs if _kind(p.tag.POS) == "adj"} & {
            _cn(p) for p in nouns if _kind(p.tag.POS) == "noun"}
        if shared:
            adjs[:] = [p for p in adjs if _cn(p) in shared] or adjs
            nouns[:] = [p for p in nouns if _cn(p) in shared] or nouns
    return [ps[0] if ps else None for ps in cands]


def _governed_cases(before: Token | None) -> set[str] | None:
    """Cases the word before the match requires of it: a preposition's, or the
    accusative after a transitive verb («снять транспортное средство»)."""
    if before is None:
        return None
    cases = _PREP_CASES.get(before.key)
    if cases:
        return cases
    parses = before.info.parses
    if parses and all(p.tag.POS in ("VERB", "INFN", "GRND") and "tran" in p.grammemes
                      for p in parses):
        return {"accs"}
    return None


def _cn(p: Parse) -> tuple[str | None, str | None]:
    return p.tag.case, p.tag.number


def inflect_replacement(replacement: str, matched: Sequence[tuple[Token, frozenset[str] | None]],
                        before: Token | None = None) -> str:
    """Inflect `replacement` after the matched tokens (with the lemmas each matched).

    `before` is the token just before the match, if any: a preposition there
    tells the case of the matched noun phrase.
    """
    first = matched[0][0].text if matched else ""
    if replacement.startswith("="):
        return _match_case(first, replacement[1:])
    sources: dict[str, list[Parse]] = {"verb": [], "noun": [], "adj": []}
    for p in _choose_parses(matched, before):
        if p is None:
            continue
        k = _kind(p.tag.POS)
        if k:
            sources[k].append(p)
    used = {"verb": 0, "noun": 0, "adj": 0}
    words = replacement.split()
    out: list[str] = []
    parsed: list[Parse | None] = []
    for w in words:
        if w.startswith("="):
            out.append(w[1:])
            parsed.append(None)
            continue
        target = _best_parse(w)
        k = _kind(target.tag.POS) if target else None
        src = None
        if k and used[k] < len(sources[k]):
            src = sources[k][used[k]]
            used[k] += 1
        form = _inflect(target, src, k, sources) if target else None
        out.append(_keep_shape(w, form.word) if form else w)
        parsed.append(form)
    _agree_adjectives(words, out, parsed)
    return _match_case(first, " ".join(out))


def _best_parse(word: str) -> Parse | None:
    try:
        ps = analyzer().parse(word)
    except ValueError:  # a letter without a Unicode name (see morph.analyze)
        return None
    if not ps:
        return None
    # The dictionary form the author wrote: prefer the parse whose form is its lemma.
    for p in ps:
        if p.word == p.normal_form:
            return Parse(p.normal_form, p.tag.grammemes, p.tag, p)
    p = ps[0]
    return Parse(p.normal_form, p.tag.grammemes, p.tag, p)


def _inflect(target: Parse, src: Parse | None, kind: str | None, sources: dict) -> object:
    raw = target.raw
    if kind == "verb" and src is not None:
        grams = set(src.grammemes & (_VERB_FORM | _NUMBERS | _GENDERS))
        pos = src.tag.POS
        if pos in ("INFN", "PRTS", "GRND"):
            grams.add(pos)
        if pos == "PRTS":
            grams.add("pssv")
        for attempt in (grams, grams - _GENDERS, grams - _GENDERS - {"1per", "2per", "3per"}):
            try:
                form = raw.inflect(attempt)
            except ValueError:
                form = None
            if form is not None:
                return form
        return None
    if kind in ("noun", "adj"):
        base = src if src is not None else (sources["noun"][0] if sources["noun"] else None)
        if base is None:
            return None
        case = base.grammemes & _CASES
        number = base.grammemes & _NUMBERS
        if "plur" in target.grammemes or target.grammemes & {"Pltm", "Sgtm"}:
            number = set()  # «деньги» stays plural, whatever it replaces
        gender = base.grammemes & _GENDERS if kind == "adj" else set()
        for attempt in (case | number | gender, case | number, case):
            if not attempt:
                continue
            try:
                form = raw.inflect(set(attempt))
            except ValueError:
                form = None
            if form is not None:
                return form
    return None


def _agree_adjectives(words: list[str], out: list[str], parsed: list) -> None:
    """An adjective before a noun in the replacement takes that noun's gender and number."""
    for i in range(len(out) - 1):
        adj, noun = parsed[i], parsed[i + 1]
        if adj is None or noun is None:
            continue
        if adj.tag.POS not in ("ADJF", "PRTF") or noun.tag.POS != "NOUN":
            continue
        grams = {g for g in (noun.tag.case, noun.tag.number) if g}
        if noun.tag.number == "sing" and noun.tag.gender:
            grams.add(noun.tag.gender)
        try:
            form = adj.inflect(grams)
        except ValueError:
            form = None
        if form is not None:
            out[i] = _keep_shape(words[i], form.word)


def _keep_shape(written: str, form: str) -> str:
    """A hyphenated or capitalised word keeps the author's shape; else pymorphy3's form."""
    return written if "-" in written else form


def _match_case(original: str, suggestion: str) -> str:
    if not original or not suggestion:
        return suggestion
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[0].isupper():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion
