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


def _parse_of(tok: Token, lemmas: frozenset[str] | None) -> Parse | None:
    """The parse of a matched token: the one the pattern matched, else the likeliest."""
    parses = tok.info.parses
    if not parses:
        return None
    if lemmas:
        for p in parses:
            if p.lemma in lemmas:
                return p
    return parses[0]


def inflect_replacement(replacement: str, matched: Sequence[tuple[Token, frozenset[str] | None]]
                        ) -> str:
    """Inflect `replacement` after the matched tokens (with the lemmas each matched)."""
    first = matched[0][0].text if matched else ""
    if replacement.startswith("="):
        return _match_case(first, replacement[1:])
    sources: dict[str, list[Parse]] = {"verb": [], "noun": [], "adj": []}
    for tok, lemmas in matched:
        p = _parse_of(tok, lemmas)
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
    ps = analyzer().parse(word)
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
