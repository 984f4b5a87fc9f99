"""The `check` job: read inputs, lint them, collect results. No printing here."""

from __future__ import annotations

import os
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
                exclude: Sequence[str], jobs: int = 1) -> RunResult:
    files, problems = discover(paths, include, exclude)
    results = [FileResult(p.path, error=(p.code, p.message)) for p in problems]
    results.extend(lint_many(linter, files, jobs))
    return RunResult(results)


# Below this many files a process pool costs more than it saves.
MIN_FILES_PER_JOB = 16
_worker_linter: Linter | None = None


def _init_worker(linter: Linter) -> None:
    global _worker_linter
    _worker_linter = linter


def _lint_in_worker(path: Path) -> FileResult:
    assert _worker_linter is not None
    return lint_path(_worker_linter, path)


def effective_jobs(jobs: int, n_files: int) -> int:
    """--jobs 0 means one per core; never more jobs than useful for n_files."""
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    return max(1, min(jobs, n_files // MIN_FILES_PER_JOB))


def lint_many(linter: Linter, files: Sequence[Path], jobs: int = 1) -> list[FileResult]:
    """Lint files in order, in `jobs` processes (the compiled rules are shared, not rebuilt)."""
    n = effective_jobs(jobs, len(files))
    if n <= 1:
        return [lint_path(linter, f) for f in files]
    import multiprocessing as mp

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    chunk = max(1, len(files) // (n * 8))
    with ctx.Pool(n, initializer=_init_worker, initargs=(linter,)) as pool:
        return list(pool.imap(_lint_in_worker, files, chunksize=chunk))


def check_stdin(linter: Linter, data: bytes, name: str) -> RunResult:
    try:
        text = decode_bytes(data)
    except DecodeProblem as e:
        return RunResult([FileResult(name, error=(e.code, str(e)))])
    return RunResult([lint_text(linter, text, name)])
