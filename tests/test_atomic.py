"""atomic_write_text: all or nothing, permissions kept, the original safe on any error."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from replylint import atomic
from replylint.atomic import atomic_write_text

ORIGINAL = "Здравствуйте!\r\nДенежные средства вернём.\r\n"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    p = tmp_path / "draft.txt"
    p.write_bytes(ORIGINAL.encode("utf-8"))
    return p


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_replaces_the_content_byte_for_byte(draft):
    atomic_write_text(draft, "Простите.\r\nДеньги вернём.\r\n")
    assert draft.read_bytes() == "Простите.\r\nДеньги вернём.\r\n".encode()  # CRLF kept
    assert leftovers(draft.parent) == []


def test_other_encodings(draft):
    atomic_write_text(draft, "Деньги вернём.", "cp1251")
    assert draft.read_bytes() == "Деньги вернём.".encode("cp1251")


def test_keeps_permission_bits(draft):
    os.chmod(draft, 0o640)
    atomic_write_text(draft, "new")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_writes_through_a_symlink_and_keeps_it(draft, tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(draft)
    atomic_write_text(link, "via link")
    assert link.is_symlink()
    assert draft.read_text(encoding="utf-8") == "via link"


def test_an_unencodable_text_changes_nothing(draft):
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(draft, "смайлик 🙂", "cp1251")
    assert draft.read_bytes() == ORIGINAL.encode()
    assert leftovers(draft.parent) == []


def test_a_folder_is_not_replaced(tmp_path):
    (tmp_path / "dir").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path / "dir", "x")
    assert (tmp_path / "dir").is_dir() and leftovers(tmp_path) == []


def test_a_disk_full_in_the_middle_of_the_write_leaves_the_original(draft, monkeypatch):
    real_write = os.write
    calls = []

    def half_then_full(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # a short write
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", half_then_full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(draft, "Новый текст, который не поместится на диск." * 10)
    assert len(calls) == 2  # the rest of a short write was retried
    assert draft.read_bytes() == ORIGINAL.encode()
    assert leftovers(draft.parent) == []


@pytest.mark.parametrize("step", ["fsync", "chmod", "replace"])
def test_a_failure_at_any_later_step_leaves_the_original(draft, monkeypatch, step):
    def fail(*a, **k):
        raise OSError(errno.EIO, f"{step} failed")

    monkeypatch.setattr(atomic.os, step, fail)
    with pytest.raises(OSError, match=f"{step} failed"):
        atomic_write_text(draft, "new")
    assert draft.read_bytes() == ORIGINAL.encode()
    assert leftovers(draft.parent) == []


def test_an_interrupt_mid_write_leaves_the_original(draft, monkeypatch):
    def interrupted(fd, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(draft, "new")
    assert draft.read_bytes() == ORIGINAL.encode()
    assert leftovers(draft.parent) == []


def test_an_unwritable_folder_is_an_error_and_changes_nothing(draft):
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only folder")
    os.chmod(draft.parent, 0o555)
    try:
        with pytest.raises(PermissionError):
            atomic_write_text(draft, "new")
    finally:
        os.chmod(draft.parent, 0o755)
    assert draft.read_bytes() == ORIGINAL.encode()
