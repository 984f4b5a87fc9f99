"""Rule: one entry of a rule pack, compiled."""

from __future__ import annotations

from dataclasses import dataclass, field

from .pattern import Pattern

KINDS = ("forbid", "require", "substitute")


@dataclass(frozen=True, slots=True)
class PatternSlot:
    """A rule's pattern with its own replacement (substitute rules)."""

    pattern: Pattern
    replace: str | None = None


@dataclass(frozen=True)
class Example:
    text: str  # with [[markers]] removed
    spans: tuple[tuple[int, int], ...]  # marked spans, empty when unmarked


@dataclass(frozen=True)
class Spec:
    """substitute rules: linting `source` must suggest `expected`."""

    source: str
    expected: str


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    kind: str
    category: str
    severity: str
    message: str
    doc: dict[str, str]
    patterns: tuple[PatternSlot, ...]
    exceptions: tuple[Pattern, ...] = ()
    suggestion: str | None = None
    near_miss_message: str | None = None
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    specs: tuple[Spec, ...] = ()
    status: str = "stable"
    pack: str = ""
    source: str = ""  # file:line of the rule, for messages
    extra: dict = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return self.doc.get("what", self.message).strip().split("\n")[0]
