"""Which files to check: paths and folders, include/exclude globs; reading them."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.yaml", "*.yml", "*.json")
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox",
             ".mypy_cache", ".ruff_cache", ".pytest_cache"}


@dataclass(frozen=True)
class InputProblem:
    path: str
    code: str  # not-found | unreadable | decode | binary | loop
    message: str


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
        if p.is_symlink() and not p.exists():
            problems.append(InputProblem(raw, "not-found", "broken symbolic link"))
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
            if f.is_symlink() and not f.exists():
                problems.append(InputProblem(str(f), "not-found", "broken symbolic link"))
                continue
            out.append(f)
    return out
