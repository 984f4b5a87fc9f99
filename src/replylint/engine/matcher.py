"""Find every pattern of every rule in one pass over the tokens.

All patterns are compiled into one index keyed by what their rarest required
element can match (a lemma, a form or a part of speech). Each token looks up
only its own keys and tries only the patterns anchored there, matching
forwards and backwards from it, so the cost per token does not grow with the
number of rules.
"""

from __future__ import annotations

from collections import defaultdict
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
    lemmas = tok.info.lemmas
    if tok.key in el.forms or not el.lemmas.isdisjoint(lemmas):
        return True
    if el.constrained and not el.constrained_lemmas.isdisjoint(lemmas):
        for a in el.constrained:
            if alt_matches(a, tok):
                return True
    for a in el.grammatical:  # noqa: SIM110 - a plain loop is faster on this hot path
        if alt_matches(a, tok):
            return True
    return False


# Words so frequent that a pattern should not be looked up by them.
_COMMON = frozenset((  # noqa: SIM905 - a word list reads better as text
    "в во на с со за по к ко о об от до из у и а но или не ни что как мы вы он она они оно я "
    "ты это этот тот быть весь свой ваш наш мой для при же ли бы то так уже еще очень").split())


def anchor_of(elements: tuple[Element, ...]) -> int:
    """The required element to look the pattern up by: the one likely to be rarest.

    Looking a pattern up by a rare lemma rather than by its first element keeps
    «в ближайшее время» from being tried at every «в».
    """
    best, best_cost = -1, float("inf")
    for i, el in enumerate(elements):
        if el.gap or el.optional:
            continue
        cost = 0.0
        for alt in el.alts:
            if alt.form is not None:
                cost += 10 if alt.form in _COMMON else 1
            elif alt.lemmas is not None:
                cost += 10 if alt.lemmas & _COMMON else 1
            else:
                cost += 100 if any(k != "@*" for k in alt.index_keys()) else 1000
        if cost < best_cost:
            best, best_cost = i, cost
    return best


def _walk(elements: tuple[Element, ...], tokens: list[Token], ti: int, lo: int, hi: int,
          step_dir: int, acc: list[tuple[int, int]], base: int,
          failed: set[tuple[int, int]] | None = None, unquoted: bool = False) -> int:
    """Match `elements` from token `ti` in direction `step_dir` (+1 or -1) within [lo, hi).

    Returns the token index just past the match (in that direction), or -2 if
    there is none. An optional element that is there belongs to the match; the
    match starts as far left as it can and ends as early as it can. `acc`
    collects (element, token) pairs, element indices offset by `base` (and
    mirrored when walking backwards).

    `failed` remembers the (element, token) states from which no match exists;
    they depend on nothing else, so the set may be shared by every walk of the
    same elements over the same sentence. With it, nested gaps and optional
    elements cost at most elements × tokens × gap steps instead of exponential
    backtracking, and the result is the same. `unquoted`: no token of [lo, hi)
    is quoted, so a gap's reach is plain arithmetic.
    """
    n = len(elements)
    if failed is None:
        failed = set()

    def step(ei: int, t: int) -> int:
        if ei == n:
            return t
        state = (ei, t)
        if state in failed:
            return -2
        el = elements[ei]
        if el.gap:
            # Skip up to el.gap tokens, none of them quoted or outside the sentence.
            if unquoted:
                max_k = max(0, min(el.gap, hi - t if step_dir > 0 else t - lo + 1))
            else:
                max_k = 0
                while max_k < el.gap:
                    skipped = t + step_dir * max_k
                    if not lo <= skipped < hi or tokens[skipped].quoted:
                        break
                    max_k += 1
            # Forwards the shortest gap, backwards the longest: the leftmost match.
            ks = range(max_k + 1) if step_dir > 0 else range(max_k, -1, -1)
            nxt = ei + 1
            for k in ks:
                t2 = t + step_dir * k
                if (nxt, t2) in failed:  # inlined: neighbouring gap states share most tries
                    continue
                r = step(nxt, t2)
                if r != -2:
                    return r
            failed.add(state)
            return -2
        if lo <= t < hi and element_matches(el, tokens[t]):
            acc.append((base + (ei if step_dir > 0 else -ei), t))
            r = step(ei + 1, t + step_dir)
            if r != -2:
                return r
            acc.pop()
        if el.optional:
            r = step(ei + 1, t)
            if r != -2:
                return r
        failed.add(state)
        return -2

    return step(0, ti)


def match_around(pattern: Pattern, anchor: int, tokens: list[Token], i: int, lo: int,
                 hi: int, memo: dict | None = None
                 ) -> tuple[int, int, list[tuple[int, int]]] | None:
    """The shortest match of `pattern` whose anchor element is token `i`, within [lo, hi).

    `memo` (one dict per sentence) keeps the walks' failed states between calls.
    """
    elements = pattern.elements
    if not element_matches(elements[anchor], tokens[i]):
        return None
    unquoted = False
    fwd = bwd = None
    if memo is not None:
        unquoted = memo.get("unquoted")
        if unquoted is None:
            unquoted = memo["unquoted"] = not any(t.quoted for t in tokens[lo:hi])
        sets = memo.get(id(pattern))
        if sets is None:
            sets = memo[id(pattern)] = (set(), set())
        fwd, bwd = sets
    pairs = [(anchor, i)]
    after = elements[anchor + 1:]
    last = i + 1
    if after:
        last = _walk(after, tokens, i + 1, lo, hi, 1, pairs, anchor + 1, fwd, unquoted)
        if last == -2:
            return None
    first = i
    if anchor:
        before = elements[anchor - 1::-1]
        end = _walk(before, tokens, i - 1, lo, hi, -1, pairs, anchor - 1, bwd, unquoted)
        if end == -2:
            return None
        first = end + 1
    pairs.sort()
    return first, last, pairs


class PatternIndex:
    """Patterns of a whole rule set, looked up by their rarest required element."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[_Entry]] = defaultdict(list)
        self.size = 0

    def add(self, owner: object, pattern: Pattern) -> None:
        anchor = anchor_of(pattern.elements)
        # Required plain elements besides the anchor: a sentence that has none of
        # an element's words cannot match, which one set test per element tells.
        # (A lemma with grammemes still needs its lemma there; «@VERB» alone needs nothing.)
        needs = tuple(el.lemmas | el.constrained_lemmas | {"=" + f for f in el.forms}
                      for i, el in enumerate(pattern.elements)
                      if i != anchor and not el.gap and not el.optional and not el.grammatical)
        entry = (self.size, owner, pattern, anchor, needs)
        for key in {k for alt in pattern.elements[anchor].alts for k in alt.index_keys()}:
            self._by_key[key].append(entry)
        self.size += 1

    def _candidates(self, tok: Token) -> list[_Entry]:
        get = self._by_key.get
        found: list[_Entry] = []
        hits = 0
        for key in ("=" + tok.key, *tok.info.lemmas, *("@" + p for p in tok.info.pos), "@*"):
            entries = get(key)
            if entries:
                found.extend(entries)
                hits += 1
        if hits > 1:
            # A token's lemmas are a set, whose order changes from run to run: keep the
            # patterns in pack order, so that ties between them resolve the same way.
            found.sort(key=_seq)
        return found

    def scan(self, doc: Document) -> list[Match]:
        tokens = doc.tokens
        out: list[Match] = []
        covered: dict[int, int] = {}  # pattern → end of its last match
        for sent in doc.sentences:
            words: frozenset[str] | None = None
            # Per sentence: failed walk states per pattern (see _walk); whether the
            # sentence has quoted tokens is only worth finding out when the reply has quotes.
            memo: dict = {} if doc.quotes else {"unquoted": True}
            for i in range(sent.first, sent.last):
                tok = tokens[i]
                if tok.quoted or tok.placeholder:
                    continue
                done: set[int] = set()
                for ident, owner, pattern, anchor, needs in self._candidates(tok):
                    # (ident: the entry's sequence number, one per pattern of an owner)
                    if ident in done:
                        continue
                    if needs:
                        if words is None:
                            words = _sentence_words(tokens, sent.first, sent.last)
                        if _lacks(needs, words):
                            continue
                    r = match_around(pattern, anchor, tokens, i, sent.first, sent.last, memo)
                    if r is None:
                        continue
                    first, last, pairs = r
                    if covered.get(ident, -1) > first:
                        continue  # inside its previous match
                    done.add(ident)
                    covered[ident] = last
                    out.append(Match(owner, pattern, first, last, tuple(pairs)))
        return out


# (sequence number, owner, pattern, anchor element, required words of other elements:
# lemmas and «=»-prefixed forms, one set per element)
_Entry = tuple[int, object, Pattern, int, tuple[frozenset[str], ...]]


def _lacks(needs: tuple[frozenset[str], ...], words: frozenset[str]) -> bool:
    """True when some required element has none of its words in the sentence."""
    for need in needs:  # noqa: SIM110 - a plain loop is faster on this hot path
        if need.isdisjoint(words):
            return True
    return False


def _seq(entry: _Entry) -> int:
    return entry[0]


def _sentence_words(tokens: list[Token], lo: int, hi: int) -> frozenset[str]:
    """Lemmas and «=»-prefixed forms of the sentence's tokens that rules may read."""
    words: set[str] = set()
    for tok in tokens[lo:hi]:
        if not tok.quoted and not tok.placeholder:
            words |= tok.info.lemmas
            words.add("=" + tok.key)
    return frozenset(words)
