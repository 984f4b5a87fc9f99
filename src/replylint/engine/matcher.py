"""Find every pattern of every rule in one pass over the tokens.

All patterns are compiled into one index keyed by what their first element
can match (a lemma, a form or a part of speech). Each token looks up only its
own keys, so the cost per token does not grow with the number of rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..text.document import Document, Token
from .pattern import Alt, Element, Pattern


@dataclass(frozen=True, slots=True)
class Match:
    owner: object  # what the pattern belongs to (a rule's pattern slot)
    pattern: Pattern
    first: int  # token index of the first matched token
    last: int  # token index past the last matched token
    pairs: tuple[tuple[int, int], ...]  # (element index, token index) of matched tokens

    def marked(self) -> tuple[int, int]:
        """Token range to report: the pattern's [ … ] part, or the whole match."""
        if self.pattern.mark is None:
            return self.first, self.last
        lo, hi = self.pattern.mark
        toks = [t for e, t in self.pairs if lo <= e < hi]
        if not toks:
            return self.first, self.last
        return min(toks), max(toks) + 1


def alt_matches(alt: Alt, tok: Token) -> bool:
    if alt.form is not None:
        return tok.key == alt.form
    if alt.lemmas is not None:
        if alt.lemmas.isdisjoint(tok.info.lemmas):
            return False
        if not alt.grammemes and not alt.not_grammemes:
            return True
        return any(p.lemma in alt.lemmas and _grams_ok(alt, p.grammemes) for p in tok.info.parses)
    return any(_grams_ok(alt, p.grammemes) for p in tok.info.parses)


def _grams_ok(alt: Alt, grams: frozenset[str]) -> bool:
    return alt.grammemes <= grams and alt.not_grammemes.isdisjoint(grams)


def element_matches(el: Element, tok: Token) -> bool:
    if tok.quoted or tok.placeholder:
        return False
    for a in el.alts:  # noqa: SIM110 - a plain loop is faster on this hot path
        if alt_matches(a, tok):
            return True
    return False


def is_plain(elements: tuple[Element, ...]) -> bool:
    return all(not e.gap and not e.optional for e in elements)


def match_at(elements: tuple[Element, ...], tokens: list[Token], start: int,
             end: int, plain: bool | None = None) -> tuple[int, list[tuple[int, int]]] | None:
    """Shortest match of `elements` starting exactly at token `start`, within [start, end)."""
    if plain is None:
        plain = is_plain(elements)
    if plain:
        # The common case, a plain sequence: no backtracking needed.
        if start + len(elements) > end:
            return None
        for k, el in enumerate(elements):
            if not element_matches(el, tokens[start + k]):
                return None
        return start + len(elements), [(k, start + k) for k in range(len(elements))]
    acc: list[tuple[int, int]] = []

    def step(ei: int, ti: int) -> int:
        if ei == len(elements):
            return ti
        el = elements[ei]
        if el.gap:
            for k in range(el.gap + 1):
                if ti + k > end or (k and tokens[ti + k - 1].quoted):
                    break
                r = step(ei + 1, ti + k)
                if r >= 0:
                    return r
            return -1
        if el.optional:
            r = step(ei + 1, ti)
            if r >= 0:
                return r
        if ti < end and element_matches(el, tokens[ti]):
            acc.append((ei, ti))
            r = step(ei + 1, ti + 1)
            if r >= 0:
                return r
            acc.pop()
        return -1

    last = step(0, start)
    if last < 0:
        return None
    return last, acc


class PatternIndex:
    """Patterns of a whole rule set, looked up by their first element."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[object, Pattern, tuple[Element, ...], bool]]] = (
            defaultdict(list))
        self.size = 0

    def add(self, owner: object, pattern: Pattern) -> None:
        for elements in pattern.variants():
            keys = {k for alt in elements[0].alts for k in alt.index_keys()}
            for key in keys:
                self._by_key[key].append((owner, pattern, elements, is_plain(elements)))
        self.size += 1

    def _candidates(self, tok: Token
                    ) -> Iterable[tuple[object, Pattern, tuple[Element, ...], bool]]:
        get = self._by_key.get
        seen: list = []
        for key in ("=" + tok.key, *tok.info.lemmas, *("@" + p for p in tok.info.pos), "@*"):
            found = get(key)
            if found:
                seen.extend(found)
        return seen

    def scan(self, doc: Document) -> list[Match]:
        tokens = doc.tokens
        out: list[Match] = []
        covered: dict[tuple[int, int], int] = {}  # pattern → end of its last match
        for sent in doc.sentences:
            for i in range(sent.first, sent.last):
                tok = tokens[i]
                if tok.quoted or tok.placeholder:
                    continue
                done: set[tuple[int, int]] = set()
                for owner, pattern, elements, plain in self._candidates(tok):
                    ident = (id(owner), id(pattern))
                    if ident in done or covered.get(ident, -1) > i:
                        continue  # already matched here, or inside its previous match
                    r = match_at(elements, tokens, i, sent.last, plain)
                    if r is None:
                        continue
                    done.add(ident)
                    last, pairs = r
                    covered[ident] = last
                    if elements is not pattern.elements:
                        # leading optional elements were dropped: shift element indices back
                        shift = len(pattern.elements) - len(elements)
                        pairs = [(e + shift, t) for e, t in pairs]
                    out.append(Match(owner, pattern, i, last, tuple(pairs)))
        return out
