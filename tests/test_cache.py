"""The compiled-pack cache: hit when unchanged, miss when edited, harmless when broken."""

import os

from replylint.engine import cache
from replylint.engine.loader import load_rules

PACK = """\
pack: cache-pack
rules:
  - id: CC101
    name: no-debt
    kind: forbid
    category: jargon
    severity: warning
    message: m
    doc: {what: a, why: b, fix: c}
    patterns: ["задолженность"]
    examples:
      bad: ["[[Задолженность]] есть.", "Нет [[задолженности]]."]
      good: ["Долг есть.", "Нет долга."]
"""


def test_cache_hits_then_misses_after_an_edit(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "c"))
    pack = tmp_path / "p.yml"
    pack.write_text(PACK, encoding="utf-8")
    first = load_rules([pack], include_shipped=False)
    assert len(list((tmp_path / "c").glob("rules-*.pickle"))) == 1
    calls = []
    monkeypatch.setattr("replylint.engine.loader._load_all",
                        lambda files: calls.append(files) or [])
    assert [r.id for r in load_rules([pack], include_shipped=False)] == [r.id for r in first]
    assert calls == []  # served from the cache
    pack.write_text(PACK.replace("CC101", "CC102"), encoding="utf-8")
    load_rules([pack], include_shipped=False)
    assert len(calls) == 1  # edited: rebuilt


def test_corrupt_or_unwritable_cache_falls_back(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(folder))
    pack = tmp_path / "p.yml"
    pack.write_text(PACK, encoding="utf-8")
    load_rules([pack], include_shipped=False)
    for entry in folder.glob("rules-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert [r.id for r in load_rules([pack], include_shipped=False)] == ["CC101"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert [r.id for r in load_rules([pack], include_shipped=False)] == ["CC101"]


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_NO_CACHE", "1")
    assert cache.cache_dir() is None
    monkeypatch.delenv("REPLYLINT_NO_CACHE")
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path))
    assert cache.cache_dir() == tmp_path
    assert os.environ["REPLYLINT_CACHE_DIR"] == str(tmp_path)


def test_a_cache_others_can_write_to_is_never_loaded(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(folder))
    pack = tmp_path / "p.yml"
    pack.write_text(PACK, encoding="utf-8")
    load_rules([pack], include_shipped=False)
    (entry,) = folder.glob("rules-*.pickle")
    assert not folder.stat().st_mode & 0o077  # created private
    calls = []
    monkeypatch.setattr("replylint.engine.loader._load_all",
                        lambda files: calls.append(files) or [])
    load_rules([pack], include_shipped=False)
    assert calls == []  # private: served from the cache
    entry.chmod(0o666)  # anyone could have replaced it
    load_rules([pack], include_shipped=False)
    assert len(calls) == 1  # not loaded: rebuilt from the YAML
