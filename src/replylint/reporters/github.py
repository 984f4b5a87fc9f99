"""--format github: GitHub Actions workflow commands, one annotation per finding.

    ::error file=a.yaml,line=3,col=5,endLine=3,endColumn=20,title=RL201 require-apology::text

Severity maps to the annotation level: error → error, warning → warning,
info → notice. A file that could not be checked is an `error` annotation.
"""

from __future__ import annotations

from typing import TextIO

from ..results import RunResult

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def report(result: RunResult, out: TextIO) -> None:
    for r in result.files:
        if r.error:
            line, col = r.error_pos or (1, 1)
            out.write(f"::error file={_prop(r.path)},line={line},col={col},"
                      f"title={_prop('replylint ' + r.error[0])}::{_data(r.error[1])}\n")
        for f in r.findings:
            msg = f.message + (f" (предложение: {f.suggestion})" if f.suggestion else "")
            out.write(f"::{LEVELS[f.severity]} file={_prop(r.path)},line={f.line},"
                      f"col={f.column},endLine={f.end_line},endColumn={f.end_column},"
                      f"title={_prop(f'{f.rule} {f.name}')}::{_data(msg)}\n")
