"""--format json: the stable, versioned machine contract (schema/report.schema.json)."""

from __future__ import annotations

import json
from typing import TextIO

from ..results import RunResult

VERSION = 1


def to_json(result: RunResult) -> dict:
    files = []
    for r in result.files:
        item: dict = {"path": r.path, "findings": [f.to_json() for f in r.findings]}
        if r.error:
            item["error"] = {"code": r.error[0], "message": r.error[1]}
            if r.error_pos:
                item["error"]["line"], item["error"]["column"] = r.error_pos
        if r.notice:
            item["notice"] = r.notice
        if r.score is not None:
            item["score"] = r.score.to_json()
        files.append(item)
    return {"version": VERSION, "files": files, "summary": result.summary()}


def report(result: RunResult, out: TextIO) -> None:
    json.dump(to_json(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
