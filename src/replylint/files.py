"""Which files to check: paths and folders, include/exclude globs; reading them."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.yaml", "*.yml", "*.json")
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox",
             ".mypy_cache", ".ruff_cache", ".pytest_cache"}


@dataclass(frozen=True)
class InputProblem:
    path: str
    code: str  # not-found | unreadable | loop
    message: str


# Problem codes of paths skipped on purpose: reported as notices, not errors.
NOTICE_CODES = frozenset({"binary", "empty", "no-files"})


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def display_path(path: str) -> str:
    """A path safe to print: bytes that are not UTF-8 (kept by Python as surrogates)
    and control characters (a newline in a file name would forge report lines) are
    shown as escapes."""
    if not _UNPRINTABLE.search(path):
        return path
    raw = path.encode("utf-8", "surrogateescape")
    shown = raw.decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", shown)


def _link_problem(p: Path) -> InputProblem | None:
    """A broken symbolic link or a loop of them, told apart."""
    try:
        os.stat(p)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return InputProblem(str(p), "loop", "symbolic link loop, skipped")
        if p.is_symlink():
            return InputProblem(str(p), "not-found", "broken symbolic link (its target is "
                                                     "missing)")
    return None


def _matches(path: Path, globs: Iterable[str]) -> bool:
    s = path.as_posix()
    return any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(s, g) or
               fnmatch.fnmatch(s, f"*/{g}") for g in globs)


def discover(paths: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE,
             exclude: Sequence[str] = ()) -> tuple[list[Path], list[InputProblem]]:
    """Files to check, in a stable order, and the paths that could not be used.

    A file named on the command line is checked whatever its extension unless
    an exclude glob matches it; folders are walked (skipping hidden entries) for
    files matching `include`.
    """
    files: list[Path] = []
    problems: list[InputProblem] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        link = _link_problem(p) if p.is_symlink() else None
        if link is not None:
            problems.append(InputProblem(raw, link.code, link.message))
        elif not p.exists():
            problems.append(InputProblem(raw, "not-found", "no such file or directory"))
        elif p.is_dir():
            for f in _walk(p, problems):
                if _matches(f, include) and not _matches(f, exclude):
                    add(f)
        elif not _matches(p, exclude):
            add(p)
    return files, problems


def _walk(root: Path, problems: list[InputProblem]) -> list[Path]:
    out: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def onerror(err: OSError) -> None:
        problems.append(InputProblem(str(err.filename or root), "unreadable",
                                     f"cannot read folder: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            problems.append(InputProblem(dirpath, "loop", "symbolic link loop, skipped"))
            dirnames[:] = []
            continue
        visited.add(ident)
        # Hidden files and folders (.github, .replylint.yaml, .pre-commit-config.yaml) are
        # tooling, not templates; name one explicitly to check it.
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(n for n in filenames if not n.startswith(".")):
            f = Path(dirpath) / name
            link = _link_problem(f) if f.is_symlink() else None
            if link is not None:
                problems.append(link)
                continue
            out.append(f)
    return out
