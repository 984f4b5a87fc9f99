"""Finding: the one contract between the rule engine and the reporters."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
        d = asdict(self)
        return {
            "rule": d["rule"], "name": d["name"], "category": d["category"],
            "severity": d["severity"], "message": d["message"],
            "line": d["line"], "column": d["column"],
            "end_line": d["end_line"], "end_column": d["end_column"],
            "suggestion": d["suggestion"],
            "offset": d["start"], "end_offset": d["end"], "missing": d["missing"],
            "fix": self.fix.to_json() if self.fix else None,
        }

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule)
