"""--format sarif: SARIF 2.1.0, for code-scanning tools (GitHub code scanning and others).

One run; the driver lists the rules that fired; each finding is a result with
a region in the file (lines and columns as in every other format: 1-based,
counted in characters, so `columnKind` is `unicodeCodePoints`; the end column is
exclusive, as SARIF defines it). Files that could not be checked become
`toolExecutionNotifications` and make `executionSuccessful` false.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import quote

from ..results import RunResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A file's path as a URI reference: relative paths stay relative (to the checkout)."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(PurePosixPath(*p.parts).as_posix() if p.parts else path, safe="/")


def to_sarif(result: RunResult) -> dict:
    from .. import __version__

    rules: list[dict] = []
    index: dict[str, int] = {}
    results: list[dict] = []
    notifications: list[dict] = []
    for r in result.files:
        uri = artifact_uri(r.path)
        if r.error:
            line, col = r.error_pos or (1, 1)
            notifications.append({
                "level": "error",
                "message": {"text": f"{r.path}:{line}:{col}: {r.error[1]}"},
                "descriptor": {"id": r.error[0]},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": line, "startColumn": col}}}],
            })
        for f in r.findings:
            if f.rule not in index:
                index[f.rule] = len(rules)
                rules.append({
                    "id": f.rule,
                    "name": f.name,
                    "shortDescription": {"text": f"{f.name} ({f.category})"},
                    "defaultConfiguration": {"level": LEVELS[f.severity]},
                    "properties": {"category": f.category},
                })
            text = f.message + (f" (предложение: {f.suggestion})" if f.suggestion else "")
            results.append({
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.severity],
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": f.end_column,
                               "charOffset": f.start, "charLength": f.end - f.start},
                }}],
                "properties": {"name": f.name, "category": f.category,
                               "suggestion": f.suggestion, "missing": f.missing},
            })
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "replylint", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not notifications,
                             "toolExecutionNotifications": notifications}],
            "results": results,
        }],
    }


def report(result: RunResult, out: TextIO) -> None:
    json.dump(to_sarif(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
