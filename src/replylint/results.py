"""Results of a run: per-file findings or errors, the summary and the exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .categories import SEVERITY_RANK
from .finding import Finding

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "never")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: tuple[str, str] | None = None  # (code, message): the file could not be linted
    text: str | None = None  # kept for reporters that show the offending line
    notice: str | None = None  # skipped on purpose (binary file): not an error
    score: Any = None  # a score.Score, with --score
    error_pos: tuple[int, int] | None = None  # (line, column) of the error, when known


@dataclass
class RunResult:
    files: list[FileResult]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def summary(self) -> dict:
        sev = Counter(f.severity for f in self.findings)
        cat = Counter(f.category for f in self.findings)
        return {
            "files": len(self.files),
            "files_with_findings": sum(1 for r in self.files if r.findings),
            "findings": sum(sev.values()),
            "errors": sum(1 for r in self.files if r.error),
            "by_severity": {k: sev.get(k, 0) for k in ("error", "warning", "info")},
            "by_category": dict(sorted(cat.items())),
        }

    def exit_code(self, fail_on: str = "warning") -> int:
        """The one place that decides the exit status (0 clean, 1 findings, 2 errors)."""
        if any(r.error for r in self.files):
            return EXIT_ERROR
        if fail_on == "never":
            return EXIT_CLEAN
        bar = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[f.severity] >= bar for f in self.findings):
            return EXIT_FINDINGS
        return EXIT_CLEAN
