"""--format jsonl: one JSON object per input line (JSONL input) or per file.

    {"id": "d-001", "line": 1, "findings": [...], "score": {...}}
    {"id": null, "line": 2, "error": {"code": "bad-json", "message": "in.jsonl:2: ..."}}

Findings have the keys of --format json; `score` appears with --score, `line`
only for JSONL input, and `id` is the path when files are checked.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..results import FileResult, RunResult


def line_object(r: FileResult) -> dict:
    from_jsonl = hasattr(r, "line")  # a jsonl.LineResult
    obj: dict = {"id": getattr(r, "id", None) if from_jsonl else r.path}
    if from_jsonl and r.line is not None:  # type: ignore[attr-defined]
        obj["line"] = r.line  # type: ignore[attr-defined]
    if r.error:
        # a JSONL line's `path` is file:line: the message must say where, there is no path key
        message = f"{r.path}: {r.error[1]}" if from_jsonl else r.error[1]
        obj["error"] = {"code": r.error[0], "message": message}
        return obj
    obj["findings"] = [f.to_json() for f in r.findings]
    if r.notice:
        obj["notice"] = r.notice
    if r.score is not None:
        obj["score"] = r.score.to_json()
    return obj


def report(result: RunResult, out: TextIO) -> None:
    for r in result.files:
        out.write(json.dumps(line_object(r), ensure_ascii=False) + "\n")
