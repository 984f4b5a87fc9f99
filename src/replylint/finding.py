"""Finding: the one contract between the rule engine and the reporters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace text[start:end] (offsets in the linted text) with `replacement`."""

    start: int
    end: int
    replacement: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # id, e.g. RL201
    name: str  # kebab-case name, e.g. require-apology
    category: str
    severity: str  # error | warning | info
    message: str
    line: int  # 1-based; columns in characters, end exclusive
    column: int
    end_line: int
    end_column: int
    start: int  # character offsets in the linted text, end exclusive
    end: int
    suggestion: str | None = None
    missing: bool = False  # about something absent from the whole reply
    fix: Fix | None = None  # set on substitute findings that --fix can apply

    def to_json(self) -> dict:
        """The stable JSON shape (report version 1); keys are never renamed."""
        return {
            "rule": self.rule, "name": self.name, "category": self.category,
            "severity": self.severity, "message": self.message,
            "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "suggestion": self.suggestion,
            "offset": self.start, "end_offset": self.end, "missing": self.missing,
            "fix": self.fix.to_json() if self.fix else None,
        }

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule)
