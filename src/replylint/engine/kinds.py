"""What each rule kind reports, given the matches of its patterns.

* forbid: every match of a pattern (not cancelled by an exception) is a finding.
* substitute: like forbid, with a replacement inflected to the matched words.
* require: no match anywhere in the reply is one finding, anchored at a
  near miss (an exception that matched: «спасибо за понимание») or at the
  first sentence after the greeting.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..text.document import Document
from .anchor import reply_anchor
from .inflect import inflect_replacement
from .matcher import Match
from .rule import Rule


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's verdict before positions are turned into lines and columns."""

    rule: Rule
    start: int  # cleaned-text offsets
    end: int
    message: str
    suggestion: str | None
    missing: bool
    fixable: bool = False  # the suggestion can replace the span as it stands (--fix)


def _overlaps(a: Match, b: Match) -> bool:
    return a.first < b.last and b.first < a.last


def live_matches(matches: list[Match], exceptions: list[Match]) -> list[Match]:
    """Matches that no exception overlaps.

    Exceptions sorted by start, with the furthest end reached so far: a match is
    overlapped iff some exception starting before its end reaches past its start.
    O((m + x) log x) rather than m × x, which a long text full of both would make
    quadratic.
    """
    if not exceptions:
        return matches
    if len(matches) * len(exceptions) <= 64:  # the usual few: pairwise is quicker
        return [m for m in matches if not any(_overlaps(m, x) for x in exceptions)]
    ordered = sorted(exceptions, key=lambda x: x.first)
    firsts = [x.first for x in ordered]
    reach: list[int] = []
    furthest = -1
    for x in ordered:
        furthest = max(furthest, x.last)
        reach.append(furthest)
    out = []
    for m in matches:
        k = bisect.bisect_left(firsts, m.last)  # exceptions with first < m.last
        if k == 0 or reach[k - 1] <= m.first:
            out.append(m)
    return out


def evaluate(rule: Rule, doc: Document, matches: list[Match], exceptions: list[Match]
             ) -> list[Hit]:
    live = live_matches(matches, exceptions)
    if rule.kind == "require":
        if live:
            return []
        return [_missing(rule, doc, exceptions)]
    return [_hit(rule, doc, m) for m in _non_overlapping(live)]


def _non_overlapping(matches: list[Match]) -> list[Match]:
    """Leftmost, then longest, matches; a match inside another is not reported twice."""
    out: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.first, -(m.last - m.first))):
        if out and m.first < out[-1].last:
            continue
        out.append(m)
    return out


def _span_text(doc: Document, start: int, end: int) -> str:
    return " ".join(doc.norm.text[start:end].split())


def _hit(rule: Rule, doc: Document, m: Match) -> Hit:
    lo, hi = m.marked()
    start, end = doc.tokens[lo].start, doc.tokens[hi - 1].end
    text = _span_text(doc, start, end)
    suggestion = rule.suggestion
    fixable = False
    if rule.kind == "substitute":
        slot = next((s for s in rule.patterns if s.pattern is m.pattern), None)
        replace = slot.replace if slot else None
        if replace:
            matched = []
            for ei, ti in m.pairs:
                if lo <= ti < hi:
                    el = m.pattern.elements[ei]
                    lemmas = frozenset().union(*(a.lemmas or () for a in el.alts))
                    matched.append((doc.tokens[ti], lemmas or None))
            before = doc.tokens[lo - 1] if lo > 0 else None
            suggestion = inflect_replacement(replace, matched, before)
            # Only a span made of matched tokens is safe to replace: words a `*N` gap
            # skipped («долг [ваш] аннулирован») would be lost with it.
            inside = {ti for _, ti in m.pairs}
            fixable = bool(suggestion) and all(ti in inside for ti in range(lo, hi))
    message = rule.message.replace("{match}", text).replace("{suggestion}", suggestion or "")
    return Hit(rule, start, end, message, suggestion, False, fixable)


def _missing(rule: Rule, doc: Document, exceptions: list[Match]) -> Hit:
    if exceptions:
        near = min(exceptions, key=lambda m: m.first)
        lo, hi = near.marked()
        start, end = doc.tokens[lo].start, doc.tokens[hi - 1].end
        text = _span_text(doc, start, end)
        template = rule.near_miss_message or rule.message
        message = template.replace("{match}", text)
    else:
        start, end = reply_anchor(doc)
        message = rule.message + " (касается всего ответа; отмечена первая фраза после приветствия)"
    return Hit(rule, start, end, message, rule.suggestion, True)
