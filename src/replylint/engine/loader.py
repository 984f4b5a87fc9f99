"""Find and load rule packs: the shipped ones and any the user adds."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import PackSchemaError, YamlError
from .rule import Rule

PACK_SUFFIXES = (".yml", ".yaml")


def shipped_rules_dir() -> Path:
    """`rules/` inside the installed wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    inside = here / "rules"
    if inside.is_dir():
        return inside
    return here.parent.parent / "rules"


def pack_files(path: Path) -> list[Path]:
    """A pack file, or every pack file in a folder (sorted, so ids resolve stably)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in PACK_SUFFIXES and p.is_file()
                      and p.name != "redirects.yml")
    return [path]


def load_pack_file(path: Path) -> list[Rule]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackSchemaError(str(path), 1, 1, "rule pack not found") from None
    except OSError as e:
        raise PackSchemaError(str(path), 1, 1,
                              f"cannot read rule pack: {e.strerror or e}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        head = raw[:e.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise PackSchemaError(str(path), line, col,
                              f"not UTF-8 (byte 0x{raw[e.start]:02x}): save the rule pack "
                              "as UTF-8") from None
    # YAML is parsed only on a cache miss, so these imports stay off the hot path.
    from ..yamlmarks import load_yaml
    from .schema import parse_pack

    data = load_yaml(text, str(path))
    _, _, rules = parse_pack(data, str(path))
    return rules


def load_rules(extra: Iterable[Path] = (), include_shipped: bool = True) -> list[Rule]:
    """All rules of the shipped packs plus `extra` packs; ids are unique across them."""
    files: list[Path] = []
    if include_shipped:
        files.extend(pack_files(shipped_rules_dir()))
    for p in extra:
        if not p.exists():
            raise PackSchemaError(str(p), 1, 1, "rule pack not found")
        if not p.is_dir() and not p.is_file():  # a FIFO or /dev/zero would never end
            raise PackSchemaError(str(p), 1, 1, "not a file or folder of rule packs")
        found = pack_files(p)
        if not found:  # a typo'd folder must not silently add no rules
            raise PackSchemaError(str(p), 1, 1, "no rule packs (*.yml, *.yaml) in this folder")
        files.extend(found)
    from .cache import cached

    return cached(files, lambda: _load_all(files))


def _load_all(files: list[Path]) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for f in files:
        for rule in load_pack_file(f):
            for ident in (rule.id, rule.name):
                if ident in seen:
                    line = int(rule.source.rsplit(":", 1)[1])
                    raise PackSchemaError(str(f), line, 1,
                                          f"rule `{ident}` is already defined at "
                                          f"{seen[ident].source}; rule ids and names must be "
                                          "unique across packs")
                seen[ident] = rule
            rules.append(rule)
    return rules


__all__ = ["PackSchemaError", "YamlError", "load_pack_file", "load_rules", "shipped_rules_dir"]
