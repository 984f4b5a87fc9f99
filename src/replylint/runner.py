"""The `check` job: read inputs, lint them, collect results. No printing here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .api import Linter
from .decode import DecodeProblem, decode_bytes
from .files import discover
from .results import FileResult, RunResult

MAX_BYTES = 64 * 1024 * 1024


def lint_text(linter: Linter, text: str, path: str) -> FileResult:
    return FileResult(path, linter.lint(text), text=text)


def read_file(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DecodeProblem("too-large", f"file is larger than {MAX_BYTES // 2**20} MB, skipped")
    return decode_bytes(path.read_bytes())


def lint_path(linter: Linter, path: Path) -> FileResult:
    shown = str(path)
    try:
        text = read_file(path)
    except DecodeProblem as e:
        if e.code == "binary":
            return FileResult(shown, notice=str(e))
        return FileResult(shown, error=(e.code, str(e)))
    except PermissionError:
        return FileResult(shown, error=("unreadable", "permission denied"))
    except IsADirectoryError:
        return FileResult(shown, error=("unreadable", "is a directory"))
    except OSError as e:
        return FileResult(shown, error=("unreadable", e.strerror or str(e)))
    return lint_text(linter, text, shown)


def check_paths(linter: Linter, paths: Sequence[str], include: Sequence[str],
                exclude: Sequence[str]) -> RunResult:
    files, problems = discover(paths, include, exclude)
    results = [FileResult(p.path, error=(p.code, p.message)) for p in problems]
    results.extend(lint_path(linter, f) for f in files)
    return RunResult(results)


def check_stdin(linter: Linter, data: bytes, name: str) -> RunResult:
    try:
        text = decode_bytes(data)
    except DecodeProblem as e:
        return RunResult([FileResult(name, error=(e.code, str(e)))])
    return RunResult([lint_text(linter, text, name)])
