"""Write a file so that a crash never leaves it half-written.

The text goes to a temporary file in the same folder (so the final rename
stays on one file system), is flushed and fsync'ed, takes the old file's
permission bits, and then replaces the file in one `os.replace`. Readers see
either the old content or the new, never a mix; on any error the temporary
file is removed and the original is untouched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace `path` with `text` atomically, keeping its mode (and a symlink's target)."""
    target = Path(os.path.realpath(path))  # write through a symlink, do not replace it
    folder = target.parent
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = _create_temp(folder, target.name)
    try:
        # newline="": the text keeps its own line endings (\r\n stays \r\n)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new file beside the target; created 0o666 so a new file gets the umask's mode."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file in {folder}")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform: best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
