"""--format line: one finding per line, for agents' tool loops and grep.

    path:line:col: severity RULE-ID message [suggestion]
"""

from __future__ import annotations

from typing import TextIO

from ..results import RunResult
from .text import printable


def report(result: RunResult, out: TextIO) -> None:
    for r in result.files:
        if r.error:
            line, col = r.error_pos or (1, 1)
            out.write(f"{r.path}:{line}:{col}: error {r.error[0]} {r.error[1]}\n")
        for f in r.findings:
            tail = f" [{f.suggestion}]" if f.suggestion else ""
            msg = " ".join(f.message.split())
            out.write(printable(f"{r.path}:{f.line}:{f.column}: {f.severity} {f.rule} {msg}{tail}")
                      + "\n")
        if r.score is not None:  # `path: score N/100`: no line:col, so no finding
            out.write(f"{r.path}: score {r.score.value}/100\n")
