"""A set of rules compiled once into one pattern index, and run over documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..text.document import Document
from .kinds import Hit, evaluate, live_matches
from .matcher import Match, PatternIndex
from .rule import Rule

Scan = tuple[dict[int, list[Match]], dict[int, list[Match]]]


@dataclass(frozen=True, slots=True)
class _Owner:
    rule: int  # position of the rule in the set
    exception: bool


class RuleSet:
    """Immutable after construction, so one instance can serve many threads."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.index = PatternIndex()
        self._owners: list[tuple[_Owner, _Owner]] = []
        for i, rule in enumerate(self.rules):
            own, exc = _Owner(i, False), _Owner(i, True)
            self._owners.append((own, exc))
            for slot in rule.patterns:
                self.index.add(own, slot.pattern)
            for pattern in rule.exceptions:
                self.index.add(exc, pattern)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):
        return iter(self.rules)

    def by_id(self) -> dict[str, Rule]:
        out = {}
        for r in self.rules:
            out[r.id] = r
            out[r.name] = r
        return out

    def subset(self, keep: Iterable[Rule]) -> RuleSet:
        wanted = {id(r) for r in keep}
        return RuleSet([r for r in self.rules if id(r) in wanted])

    def scan(self, doc: Document) -> Scan:
        """Matches and exception matches of every rule, by the rule's position in the set."""
        matches: dict[int, list[Match]] = defaultdict(list)
        exceptions: dict[int, list[Match]] = defaultdict(list)
        for m in self.index.scan(doc):
            owner: _Owner = m.owner  # type: ignore[assignment]
            (exceptions if owner.exception else matches)[owner.rule].append(m)
        return matches, exceptions

    def live_matches(self, scanned: Scan, keep: Callable[[Rule], bool]) -> list[Match]:
        """Matches not cancelled by an exception, of the rules `keep` accepts."""
        matches, exceptions = scanned
        out: list[Match] = []
        for i, rule in enumerate(self.rules):
            if keep(rule) and i in matches:
                out.extend(live_matches(matches[i], exceptions.get(i, [])))
        return out

    def run(self, doc: Document, scanned: Scan | None = None) -> list[Hit]:
        matches, exceptions = scanned if scanned is not None else self.scan(doc)
        hits: list[Hit] = []
        for i, rule in enumerate(self.rules):
            if rule.kind != "require" and i not in matches:
                continue
            hits.extend(evaluate(rule, doc, matches.get(i, []), exceptions.get(i, [])))
        return hits
