"""The token pattern language of rule packs.

A pattern is a whitespace-separated sequence of elements, matched against the
tokens of one sentence:

    word            any form of the lemma («долг» matches «долга», «долгам»)
    word@GR,GR      the lemma in a parse that has these pymorphy3 grammemes
    @GR,GR          any word with these grammemes («@VERB,past», «@PRTS»)
    =form           exactly this form (case and ё/е folded)
    a|b|=c          any of the alternatives
    elem?           optional element
    *N              a gap of 0..N tokens (word order, inserted words)
    [ ... ]         the part to report (default: the whole match)
    ,  :  —  «      punctuation matches itself

Grammemes may be negated with `!` («@NOUN,!nomn»). There are no regular
expressions, so no pattern can take super-linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.morph import known_grammemes, pattern_lemmas
from ..text.normalize import fold, normalize
from .feasible import any_tag_has, lemma_can_have, paradigm_summary, token_split

MAX_GAP = 12
# Elements in one pattern, gaps included. Matching is linear in the text for any
# pattern, with a constant that grows with the gaps and optional elements; the
# cap keeps that constant small (tests/test_hostile_packs.py runs the worst case).
MAX_ELEMENTS = 16
_WORD = re.compile(r"^[\w\-]+$", re.U)
_PUNCT = re.compile(r"^[^\w\s]{1,3}$", re.U)


class PatternError(ValueError):
    """A pattern that cannot be compiled; the message says what to fix."""


class NeverMatches(PatternError):
    """An alternative that no token can ever match (see feasible.py)."""


@dataclass(frozen=True, slots=True)
class Alt:
    """One alternative of an element."""

    lemmas: frozenset[str] | None = None  # match any of these lemmas
    form: str | None = None  # or exactly this folded form
    grammemes: frozenset[str] = frozenset()  # required in the same parse
    not_grammemes: frozenset[str] = frozenset()

    def index_keys(self) -> list[str]:
        if self.form is not None:
            return ["=" + self.form]
        if self.lemmas is not None:
            return sorted(self.lemmas)
        pos = [g for g in self.grammemes if g in _POS]
        return ["@" + pos[0]] if pos else ["@*"]


@dataclass(frozen=True, slots=True)
class Element:
    alts: tuple[Alt, ...]
    optional: bool = False
    gap: int = 0  # >0: this element is a gap of 0..gap tokens
    # The alternatives folded for speed: plain lemmas and forms become two sets,
    # so a token is tested with two set lookups however many alternatives there are.
    lemmas: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    constrained: tuple[Alt, ...] = ()  # a lemma with grammemes
    constrained_lemmas: frozenset[str] = frozenset()  # their lemmas, to skip them fast
    grammatical: tuple[Alt, ...] = ()  # grammemes only («@VERB,past»)


# Packs repeat the same alternatives and elements thousands of times; sharing one
# object for each keeps the compiled (and cached, pickled) rule set small and fast
# to load. They are immutable, so sharing is safe.
_ELEMENTS: dict[tuple[tuple[Alt, ...], bool], Element] = {}
_ALTS: dict[str, Alt] = {}


def make_element(alts: tuple[Alt, ...], optional: bool = False) -> Element:
    key = (alts, optional)
    found = _ELEMENTS.get(key)
    if found is None:
        found = _ELEMENTS[key] = _make_element(alts, optional)
    return found


def _make_element(alts: tuple[Alt, ...], optional: bool) -> Element:
    lemmas: set[str] = set()
    forms: set[str] = set()
    constrained: list[Alt] = []
    grammatical: list[Alt] = []
    for a in alts:
        if a.form is not None:
            forms.add(a.form)
        elif a.lemmas is None:
            grammatical.append(a)
        elif not a.grammemes and not a.not_grammemes:
            lemmas |= a.lemmas
        else:
            constrained.append(a)
    c_lemmas = frozenset().union(*(a.lemmas or () for a in constrained))
    return Element(alts, optional, 0, frozenset(lemmas), frozenset(forms), tuple(constrained),
                   c_lemmas, tuple(grammatical))


@dataclass(frozen=True, slots=True)
class Pattern:
    source: str
    elements: tuple[Element, ...]
    mark: tuple[int, int] | None  # element range to report, end exclusive


_POS = {"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "NUMR", "ADVB",
        "NPRO", "PRED", "PREP", "CONJ", "PRCL", "INTJ", "LATN", "PNCT", "NUMB", "ROMN", "UNKN"}


def compile_pattern(source: str) -> Pattern:
    if not isinstance(source, str) or not source.strip():
        raise PatternError("empty pattern")
    elements: list[Element] = []
    mark_start: int | None = None
    mark_end: int | None = None
    # Cleaned like the text is (stress marks, soft hyphens, look-alike letters), so a
    # pattern copied from a reply matches it.
    for raw in normalize(source).text.split():
        if raw == "[":
            if mark_start is not None:
                raise PatternError("only one [ … ] span to report is allowed")
            mark_start = len(elements)
            continue
        if raw == "]":
            if mark_start is None or mark_end is not None:
                raise PatternError("`]` without a matching `[`")
            mark_end = len(elements)
            continue
        if raw.startswith("*") and raw[1:].isdigit():
            n = int(raw[1:])
            if not 1 <= n <= MAX_GAP:
                raise PatternError(f"gap {raw}: use *1 … *{MAX_GAP}")
            elements.append(Element((), False, n))
            continue
        optional = raw.endswith("?") and len(raw) > 1
        body = raw[:-1] if optional else raw
        alts, dead = [], []
        for a in body.split("|"):
            try:
                alts.append(_alt(a, raw))
            except NeverMatches as e:
                dead.append(e)
        if not alts:
            raise dead[0]
        # A dead alternative beside live ones changes nothing: it is left out.
        elements.append(make_element(tuple(alts), optional))
    if len(elements) > MAX_ELEMENTS:
        raise PatternError(f"{len(elements)} elements: a pattern has at most {MAX_ELEMENTS} "
                           "(gaps included); split it into several patterns")
    if mark_start is not None and mark_end is None:
        raise PatternError("`[` without a closing `]`")
    if mark_start is not None and mark_start == mark_end:
        raise PatternError("the [ … ] span is empty")
    if not any(e.gap == 0 for e in elements):
        raise PatternError("a pattern needs at least one token")
    if elements[0].gap or elements[-1].gap:
        raise PatternError("a pattern cannot start or end with a gap")
    if all(e.optional or e.gap for e in elements):
        raise PatternError("every element is optional: the pattern would match nothing")
    mark = (mark_start, mark_end) if mark_start is not None and mark_end is not None else None
    return Pattern(source, tuple(elements), mark)


def _alt(text: str, element: str) -> Alt:
    found = _ALTS.get(text)
    if found is None:
        found = _ALTS[text] = _compile_alt(text, element)
    return found


def _compile_alt(text: str, element: str) -> Alt:
    if not text:
        raise PatternError(f"empty alternative in `{element}`")
    if text.startswith("="):
        form = fold(text[1:])
        if not form:
            raise PatternError(f"`=` needs a form after it in `{element}`")
        _one_token(text[1:], text)
        return Alt(form=form)
    word, _, grams = text.partition("@")
    if "@" in text:
        need, avoid = _grammemes(grams, element)
    else:
        need, avoid = frozenset(), frozenset()
    if not word:
        if not need:
            raise PatternError(f"`@` needs grammemes in `{element}`")
        if not any_tag_has(need, avoid):
            raise NeverMatches(f"`{text}` can never match: no word has a parse with "
                               f"{_grams_text(need, avoid)}; check the grammemes")
        return Alt(grammemes=need, not_grammemes=avoid)
    if _PUNCT.match(word) and "@" not in text:
        _one_token(word, text)
        return Alt(form=word)
    if not _WORD.match(word):
        raise PatternError(
            f"`{word}` is not a word: use letters, `=form`, `@GRAMMEME` or punctuation "
            "(regular expressions are not supported)")
    _one_token(word, text)
    lemmas = pattern_lemmas(word)
    if (need or avoid) and not lemma_can_have(fold(word), lemmas, need, avoid):
        pos = paradigm_summary(fold(word), lemmas)
        raise NeverMatches(f"`{text}` can never match: no form of «{word}» has a parse with "
                           f"{_grams_text(need, avoid)} (its forms are {pos}); check the "
                           "grammemes or the word")
    return Alt(lemmas=lemmas, grammemes=need, not_grammemes=avoid)


def _grams_text(need: frozenset[str], avoid: frozenset[str]) -> str:
    parts = [", ".join(sorted(need))] if need else []
    if avoid:
        parts.append("none of " + ", ".join(sorted(avoid)))
    return " and ".join(parts)


def _one_token(form: str, element: str) -> None:
    pieces = token_split(form)
    if pieces is not None:
        shown = " ".join(f"«{p}»" for p in pieces)
        raise NeverMatches(f"`{element}` can never match: the text is split into the tokens "
                           f"{shown}, and an element matches one token; write them as "
                           "separate elements")


def _grammemes(spec: str, element: str) -> tuple[frozenset[str], frozenset[str]]:
    known = known_grammemes()
    need, avoid = set(), set()
    for g in spec.split(","):
        neg = g.startswith("!")
        g = g[1:] if neg else g
        if g not in known:
            raise PatternError(f"unknown grammeme `{g}` in `{element}` (see the pymorphy3 "
                               "OpenCorpora tag set: NOUN, VERB, past, plur, gent, …)")
        (avoid if neg else need).add(g)
    return frozenset(need), frozenset(avoid)
