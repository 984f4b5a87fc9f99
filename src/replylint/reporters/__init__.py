"""Reporters: one output format each, all built from the same RunResult."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..results import RunResult

Reporter = Callable[[RunResult, TextIO], None]
FORMATS = ("text", "json", "line", "jsonl", "sarif", "github")


def get_reporter(name: str, color: bool | None = None) -> Reporter:
    if name == "json":
        from .json import report
    elif name == "line":
        from .line import report
    elif name == "jsonl":
        from .jsonl import report
    elif name == "sarif":
        from .sarif import report
    elif name == "github":
        from .github import report
    else:
        from .text import make_reporter

        return make_reporter(color)
    return report
