"""The `check` job: read inputs, lint them, collect results. No printing here.

Which settings apply to a file (config, command line) is project.py's job; how
a file's format is turned into replies and findings is filecheck.py's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .api import Linter
from .config import ConfigError
from .decode import DecodeProblem, decode_bytes
from .project import Project, Settings
from .results import FileResult, RunResult

MAX_BYTES = 64 * 1024 * 1024

Target = Linter | Project  # a bare Linter (API callers): no config lookup


def _project(target: Target) -> Project:
    return target if isinstance(target, Project) else Project.for_linter(target)


def lint_text(target: Target, text: str, path: str, settings: Settings | None = None
              ) -> FileResult:
    from .filecheck import lint_file_text

    if settings is None:
        settings = _project(target).settings_for(Path(path))
    return lint_file_text(settings, text, path)


def read_file(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DecodeProblem("too-large", f"file is larger than {MAX_BYTES // 2**20} MB, skipped")
    return decode_bytes(path.read_bytes())


def lint_path(target: Target, path: Path, settings: Settings | None = None) -> FileResult:
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
    return lint_text(target, text, shown, settings)


def check_paths(target: Target, paths: Sequence[str], include: Sequence[str],
                exclude: Sequence[str], jobs: int = 1) -> RunResult:
    """Lint files and folders. `include` globs apply to files found in folders (empty:
    the config's `include`, else the default); named files are checked unless excluded."""
    project = _project(target)
    work, results = project.collect(paths, include, exclude)
    results.extend(lint_many(project, work, jobs))
    return RunResult(results)


# Below this many files a process pool costs more than it saves.
MIN_FILES_PER_JOB = 16
_worker_project: Project | None = None


def _init_worker(project: Project) -> None:
    global _worker_project
    _worker_project = project


def _lint_in_worker(item: tuple[Path, int]) -> FileResult:
    assert _worker_project is not None
    path, idx = item
    return lint_path(_worker_project, path, _worker_project.settings[idx])


def effective_jobs(jobs: int, n_files: int) -> int:
    """--jobs 0 means one per core; never more jobs than useful for n_files."""
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    return max(1, min(jobs, n_files // MIN_FILES_PER_JOB))


def lint_many(target: Target, files: Sequence[Path | tuple[Path, int]], jobs: int = 1
              ) -> list[FileResult]:
    """Lint files in order, in `jobs` processes (the compiled rules are shared, not rebuilt).

    `files` are paths, or (path, settings index) pairs from Project.collect.
    """
    project = _project(target)
    items = [f if isinstance(f, tuple) else (f, project.settings_index(f)) for f in files]
    n = effective_jobs(jobs, len(items))
    if n <= 1:
        return [lint_path(project, f, project.settings[i]) for f, i in items]
    import multiprocessing as mp

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    chunk = max(1, len(items) // (n * 8))
    with ctx.Pool(n, initializer=_init_worker, initargs=(project,)) as pool:
        return list(pool.imap(_lint_in_worker, items, chunksize=chunk))


def check_stdin(target: Target, data: bytes, name: str) -> RunResult:
    """Lint text read from stdin; `name` (--stdin-filename) decides its format and config."""
    try:
        text = decode_bytes(data)
    except DecodeProblem as e:
        return RunResult([FileResult(name, error=(e.code, str(e)))])
    project = _project(target)
    where = Path(name) if name != "<stdin>" else Path.cwd() / "<stdin>"
    try:
        settings = project.settings_for(where)
    except ConfigError as e:
        return RunResult([FileResult(e.path, error=("config", e.reason),
                                     error_pos=(e.line, e.col))])
    return RunResult([lint_text(project, text, name, settings)])
