"""--format text: for people. Colour only on a terminal; NO_COLOR is honoured."""

from __future__ import annotations

import os
import re
import unicodedata
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
            _write(result, lambda s, style=None: console.print(printable(s), style=style,
                                                               markup=False))
        else:
            _write(result, lambda s, style=None: out.write(printable(s) + "\n"))

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
    skipped = sum(1 for r in result.files if r.notice and not r.findings and not r.error)
    errors += f"; {skipped} skipped" if skipped else ""
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
    line = printable(line)
    # Carets under the span as a terminal draws it: marks take no cell, CJK two.
    pad, under = _cells(line[:col - 1]), _cells(line[col - 1:col - 1 + width])
    return [f"    | {line}", "    | " + " " * pad + "^" * max(1, under)]


# Control characters (an escape sequence in a draft must not drive the terminal) and
# bidi overrides (they reorder what is shown): each drawn as one replacement mark.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(s: str) -> str:
    """`s` with characters that would garble a terminal replaced, one for one."""
    return _UNSAFE.sub("\ufffd", s) if _UNSAFE.search(s) else s


def _cells(s: str) -> int:
    if s.isascii():
        return len(s)
    n = 0
    for ch in s:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n

