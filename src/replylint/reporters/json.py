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
    """One object; each file's entry on a line of its own (readable, and grep-able).

    Indenting everything would run json's pure-Python encoder; a line per file
    keeps its C encoder, several times faster on a thousand files.
    """
    data = to_json(result)
    dump = json.JSONEncoder(ensure_ascii=False).encode
    out.write(f'{{"version": {data["version"]},\n "files": [')
    for i, item in enumerate(data["files"]):
        out.write(("\n  " if i == 0 else ",\n  ") + dump(item))
    out.write(("\n ]" if data["files"] else "]") + ',\n "summary": ' + dump(data["summary"])
              + "}\n")
