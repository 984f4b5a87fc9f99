"""A cache of compiled rule packs, so a CLI call does not re-parse YAML.

Keyed by a hash of replylint's version, the source of the modules that compile
packs, and every pack file's path and bytes: editing a pack, upgrading, or
changing the compiler misses the cache. Stored in the user cache directory
(REPLYLINT_CACHE_DIR, else $XDG_CACHE_HOME/replylint, else ~/.cache/replylint);
written atomically; any failure — an unwritable or corrupt cache — falls back
to loading the YAML, silently.

A pickle runs code when loaded, so an entry is only read from a folder and a
file that belong to the current user and that nobody else may write to.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_FORMAT = 2  # bump when the pickled classes change shape


def cache_dir() -> Path | None:
    if os.environ.get("REPLYLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("REPLYLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "replylint"


# What a compiled rule depends on besides the packs: a change here changes the key.
_COMPILER = ("pattern.py", "schema.py", "rule.py", "loader.py", "feasible.py")


def _compiler_digest() -> bytes:
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _COMPILER:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.digest()


def _private(path: Path) -> bool:
    """Owned by this user and writable by nobody else (no one can plant a pickle)."""
    if not hasattr(os, "getuid"):  # Windows: the profile folder is private already
        return True
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def cache_key(files: Sequence[Path]) -> str | None:
    from .. import __version__

    h = hashlib.sha256(f"{__version__}\0{_FORMAT}".encode())
    h.update(_compiler_digest())
    for f in files:
        try:
            h.update(str(f.resolve()).encode("utf-8", "surrogateescape") + b"\0")
            h.update(f.read_bytes())
        except OSError:
            return None  # let the loader report the unreadable file
        h.update(b"\0")
    return h.hexdigest()[:32]


def cached(files: Sequence[Path], build: Callable[[], T]) -> T:
    """build(), or its result from the cache when `files` are unchanged."""
    folder = cache_dir()
    key = cache_key(files) if folder is not None else None
    if folder is None or key is None:
        return build()
    path = folder / f"rules-{key}.pickle"
    if _private(folder) and _private(path):
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # corrupt or from another version: rebuild
            pass
    value = build()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except Exception:  # unwritable cache: work without it
        pass
    return value


def _prune(folder: Path, keep: int = 16) -> None:
    """Keep the newest entries only: every edited pack leaves an old one behind."""
    entries = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
