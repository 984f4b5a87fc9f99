"""The `check` job: read inputs, lint them, collect results. No printing here.

Which settings apply to a file (config, command line) is project.py's job; how
a file's format is turned into replies and findings is filecheck.py's.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from .api import Linter
from .config import ConfigError
from .decode import Decoded, DecodeProblem, decode
from .files import NOTICE_CODES, display_path
from .project import Project, Settings
from .results import FileResult, RunResult

# A reply is a few kilobytes; a file over this size is not one (a log, a dump) and
# is reported instead of read: linting it would take long and use a lot of memory.
# At the limit the worst input (a line of punctuation) lints in seconds.
MAX_BYTES = 2 * 1024 * 1024


# Inputs that hold many replies (JSONL, a complaint file) may be larger.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def _too_large(size: int, limit: int = MAX_BYTES) -> DecodeProblem:
    what = "a reply" if limit == MAX_BYTES else "an input"
    return DecodeProblem("too-large", f"file is {size / 2**20:.1f} MB, over the "
                                      f"{limit // 2**20} MB limit for {what}: not checked "
                                      "(exclude it with --exclude)")


Target = Linter | Project  # a bare Linter (API callers): no config lookup


def _project(target: Target) -> Project:
    return target if isinstance(target, Project) else Project.for_linter(target)


def lint_text(target: Target, text: str, path: str, settings: Settings | None = None
              ) -> FileResult:
    from .filecheck import lint_file_text

    if settings is None:
        settings = _project(target).settings_for(Path(path))
    return lint_file_text(settings, text, path)


def read_file(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """The text of a file that may hold many replies; DecodeProblem or OSError if none."""
    return read_decoded(path, max_bytes).text


def read_decoded(path: Path, max_bytes: int = MAX_BYTES) -> Decoded:
    """The decoded file; DecodeProblem or OSError when it cannot be read as a reply."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or a device would block or never end (/dev/zero): never read one.
        kind = "folder" if stat.S_ISDIR(st.st_mode) else "special file (pipe, device…)"
        raise DecodeProblem("unreadable", f"not a regular file but a {kind}")
    if st.st_size > max_bytes:
        raise _too_large(st.st_size, max_bytes)
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)  # the file may have grown since stat()
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return decode(data)


def _decoded_result(target: Target, decoded: Decoded, shown: str,
                    settings: Settings | None) -> FileResult:
    if not decoded.text.strip():
        what = "empty file" if not decoded.text else "only whitespace"
        return FileResult(shown, notice=f"{what}, nothing to check", text=decoded.text)
    result = _lint_guarded(target, decoded.text, shown, settings)
    if decoded.legacy and not result.error:
        note = (f"read as {decoded.encoding.replace('_', '-')} (not UTF-8); "
                "save it as UTF-8 to be sure")
        result.notice = f"{note}; {result.notice}" if result.notice else note
    return result


def _lint_guarded(target: Target, text: str, shown: str,
                  settings: Settings | None) -> FileResult:
    """Lint one text; a bug in replylint fails this file, not the whole run."""
    try:
        return lint_text(target, text, shown, settings)
    except ConfigError:
        raise
    except Exception as e:
        if os.environ.get("REPLYLINT_DEBUG"):
            raise
        return FileResult(shown, error=("internal", f"internal error: {type(e).__name__}: {e}. "
                                                    "This is a bug in replylint; please report "
                                                    "it with this file (REPLYLINT_DEBUG=1 shows "
                                                    "the traceback)"))


def problem_result(shown: str, code: str, message: str) -> FileResult:
    """A path that is not linted: a notice when skipped on purpose, else an error."""
    if code in NOTICE_CODES:
        return FileResult(shown, notice=message)
    return FileResult(shown, error=(code, message))


def lint_path(target: Target, path: Path, settings: Settings | None = None) -> FileResult:
    shown = display_path(str(path))
    try:
        decoded = read_decoded(path)
    except DecodeProblem as e:
        return problem_result(shown, e.code, str(e))
    except PermissionError:
        return FileResult(shown, error=("unreadable", "permission denied"))
    except IsADirectoryError:
        return FileResult(shown, error=("unreadable", "is a directory"))
    except FileNotFoundError:
        return FileResult(shown, error=("not-found", "no such file (removed while checking?)"))
    except OSError as e:
        return FileResult(shown, error=("unreadable", e.strerror or str(e)))
    return _decoded_result(target, decoded, shown, settings)


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
    if method == "fork":
        # Load pymorphy3's dictionaries once, here: forked workers share them instead of
        # each loading its own copy.
        from .text.morph import analyzer

        analyzer()
    chunk = max(1, len(items) // (n * 8))
    with ctx.Pool(n, initializer=_init_worker, initargs=(project,)) as pool:
        return list(pool.imap(_lint_in_worker, items, chunksize=chunk))


def check_stdin(target: Target, data: bytes, name: str) -> RunResult:
    """Lint text read from stdin; `name` (--stdin-filename) decides its format and config.

    `data`: what was read from stdin, at most MAX_BYTES + 1 bytes.
    """
    try:
        if len(data) > MAX_BYTES:
            raise _too_large(len(data))
        decoded = decode(data)
    except DecodeProblem as e:
        return RunResult([problem_result(name, e.code, str(e))])
    if not decoded.text.strip():
        # An empty pipe is a mistake upstream (`git show missing | replylint check -`).
        return RunResult([FileResult(name, error=("empty", "nothing to check on standard "
                                                           "input"))])
    project = _project(target)
    where = Path(name) if name != "<stdin>" else Path.cwd() / "<stdin>"
    try:
        settings = project.settings_for(where)
    except ConfigError as e:
        return RunResult([FileResult(e.path, error=("config", e.reason),
                                     error_pos=(e.line, e.col))])
    return RunResult([_decoded_result(project, decoded, name, settings)])
