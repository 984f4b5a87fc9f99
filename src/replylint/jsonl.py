"""JSONL input for agents: one `{"id", "complaint", "reply"}` object per line.

Each line is linted on its own, against its own complaint (or the one given
with `--complaint` when the line has none). A line that is not such an
object becomes an error for that line, naming the file and line number; the
other lines are still checked and the run exits 2. Blank lines are skipped;
keys other than these three (a corpus' `expect`, `lang`…) are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import Linter
from .decode import DecodeProblem, decode_bytes
from .results import FileResult, RunResult
from .runner import read_file


@dataclass
class LineResult(FileResult):
    """The result of one JSONL line: `path` shows its id (or `file:line`) in other formats."""

    id: Any = None
    line: int | None = None
    complaint: bool = False  # the line was checked against a complaint


_JSON_TYPES = {int: "a number", float: "a number", bool: "a boolean", list: "a list",
               dict: "an object"}


def _bad(source: str, n: int, ident: Any, code: str, message: str) -> LineResult:
    # `path` names the file and line; --format jsonl puts them in the message too
    return LineResult(f"{source}:{n}", error=(code, message), id=ident, line=n)


def parse_line(raw: str, source: str, n: int) -> tuple[Any, str, str | None] | LineResult:
    """(id, reply, complaint) of one line, or the error result for it."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        return _bad(source, n, None, "bad-json", f"invalid JSON: {e.msg} (column {e.colno})")
    if not isinstance(obj, dict):
        return _bad(source, n, None, "bad-line",
                    'each line must be an object {"id", "complaint", "reply"}')
    ident = obj.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int)):
        return _bad(source, n, None, "bad-line", "`id` must be a string or an integer")
    reply = obj.get("reply")
    if not isinstance(reply, str):
        what = "missing" if reply is None else f"{_JSON_TYPES[type(reply)]}, not a string"
        return _bad(source, n, ident, "bad-line", f"`reply` is {what}")
    complaint = obj.get("complaint")
    if complaint is not None and not isinstance(complaint, str):
        return _bad(source, n, ident, "bad-line", "`complaint` must be a string")
    return ident, reply, complaint or None


def check_lines(linter: Linter, text: str, source: str) -> list[LineResult]:
    out: list[LineResult] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        parsed = parse_line(raw, source, n)
        if isinstance(parsed, LineResult):
            out.append(parsed)
            continue
        ident, reply, complaint = parsed
        shown = str(ident) if ident is not None else f"{source}:{n}"
        complaint_used = complaint is not None or linter.complaint is not None
        findings = linter.lint(reply, complaint)  # None: the linter's own, if any
        out.append(LineResult(shown, findings, text=reply, id=ident, line=n,
                              complaint=complaint_used))
    return out


def check_jsonl(linter: Linter, sources: Sequence[str], stdin: bytes | None = None
                ) -> RunResult:
    """Lint every line of the JSONL sources (`-` is stdin, whose bytes are `stdin`)."""
    results: list[FileResult] = []
    for source in sources:
        try:
            if source == "-":
                text = decode_bytes(stdin or b"")
                shown = "<stdin>"
            else:
                text = read_file(Path(source))
                shown = source
        except DecodeProblem as e:
            results.append(LineResult(source, error=(e.code, str(e))))
            continue
        except FileNotFoundError:
            results.append(LineResult(source, error=("not-found", "no such file or directory")))
            continue
        except OSError as e:
            results.append(LineResult(source, error=("unreadable", e.strerror or str(e))))
            continue
        results.extend(check_lines(linter, text, shown))
    return RunResult(results)
