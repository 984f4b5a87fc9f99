"""--format text: for people. Colour only on a terminal; NO_COLOR is honoured."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from ..finding import Finding
from ..results import RunResult
from ..text.document import line_starts

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def make_reporter(color: bool | None):
    def report(result: RunResult, out: TextIO) -> None:
        use_color = color
        if use_color is None:
            use_color = out.isatty() and "NO_COLOR" not in os.environ
        if use_color:
            from rich.console import Console

            console = Console(file=out, highlight=False, soft_wrap=True, force_terminal=True,
                              no_color=False)
            _write(result, lambda s, style=None: console.print(s, style=style, markup=False))
        else:
            _write(result, lambda s, style=None: out.write(s + "\n"))

    return report


def _write(result: RunResult, emit) -> None:
    for r in result.files:
        if r.error:
            where = f"{r.path}:{r.error_pos[0]}:{r.error_pos[1]}" if r.error_pos else r.path
            emit(f"{where}: error: {r.error[1]} [{r.error[0]}]", "bold red")
        if r.notice:
            emit(f"{r.path}: note: {r.notice}", "dim")
        starts = line_starts(r.text) if r.text is not None and r.findings else []
        for f in r.findings:
            emit(f"{r.path}:{f.line}:{f.column}  {f.rule}  {f.message}", _STYLE[f.severity])
            if r.text is not None:
                for line in _excerpt(r.text, starts, f):
                    emit(line, "dim")
            if f.suggestion:
                emit(f"    = предложение: {f.suggestion}", "green")
        if r.score is not None:
            from ..score import format_score

            head, *rest = format_score(r.score)
            emit(f"{r.path}: {head}", "bold")
            for line in rest:
                emit(line, None)
    s = result.summary()
    n, m = s["findings"], s["files_with_findings"]
    sev = ", ".join(f"{v} {k if v == 1 or k == 'info' else k + 's'}"
                    for k, v in s["by_severity"].items() if v)
    tail = f" ({sev})" if sev else ""
    errors = f"; {s['errors']} file(s) could not be checked" if s["errors"] else ""
    word = "finding" if n == 1 else "findings"
    emit(f"{n} {word} in {m} of {s['files']} file(s){tail}{errors}", "bold")


def _excerpt(text: str, starts: list[int], f: Finding) -> list[str]:
    """The finding's line with its span underlined (first line only for long spans)."""
    i = f.line - 1
    if i >= len(starts):
        return []
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    line = text[starts[i]:end].rstrip("\r\n").expandtabs(1)
    if len(line) > 160:
        lo = max(0, f.column - 60)
        line = line[lo:lo + 160]
        col = f.column - lo
    else:
        col = f.column
    width = (f.end_column - f.column) if f.end_line == f.line else len(line) - col + 1
    width = max(1, min(width, len(line) - col + 1))
    return [f"    | {line}", "    | " + " " * (col - 1) + "^" * width]


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
