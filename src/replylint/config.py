"""Project configuration: `.replylint.yaml` or `[tool.replylint]` in pyproject.toml.

The config that applies to a file is the nearest one found walking up from the
file's folder (in each folder `.replylint.yaml`, then `.replylint.yml`, then a
pyproject.toml that has a `[tool.replylint]` table), or the one given with
`--config`. Paths in it (packs, allow files) are relative to the config file;
include/exclude globs are matched against paths relative to its folder.

Every key is checked: an unknown key, a wrong type or a bad value is an error
that names `file:line:col`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import YamlError

CONFIG_NAMES = (".replylint.yaml", ".replylint.yml")
SEVERITIES = ("error", "warning", "info")
MARKDOWN_SPLITS = ("section", "paragraph")

# key → (expected type, description for errors)
_LIST = "a list of strings"
KEYS: dict[str, str] = {
    "select": _LIST, "ignore": _LIST, "severity": "a table of rule = severity",
    "packs": _LIST, "include": _LIST, "exclude": _LIST, "placeholders": _LIST,
    "extra_placeholders": _LIST, "allow": _LIST, "allow_files": _LIST,
    "reply_keys": _LIST, "skip_keys": _LIST, "cyrillic_only": "true or false",
    "markdown_split": "section or paragraph",
}


class ConfigError(YamlError):
    """A config file that cannot be used: `path:line:col: reason`."""


@dataclass
class Config:
    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent

    def pos(self, key: str) -> tuple[int, int]:
        return self.positions.get(key, (1, 1))

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(str(self.path), *self.pos(key), message)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def resolve(self, rel: str) -> Path:
        p = Path(rel).expanduser()
        return p if p.is_absolute() else self.root / p


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above folder `start`."""
    d = start.resolve()
    for folder in (d, *d.parents):
        for name in CONFIG_NAMES:
            p = folder / name
            if p.is_file():
                return p
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "replylint" not in text:
        return False
    try:
        data = toml_module().loads(text)
    except ValueError:
        return True  # broken, and it mentions us: loading it will report where
    tool = data.get("tool")
    return isinstance(tool, dict) and "replylint" in tool


def toml_module():
    """tomllib, or tomli (a dependency) on Python 3.10."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10
        import tomli as tomllib
    return tomllib


def load_config(path: Path) -> Config:
    """Read and validate one config file (ConfigError names file:line:col)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), 1, 1, "config file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), 1, 1, f"cannot read config file: {e}") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        cfg = _from_toml(path, text)
    else:
        cfg = _from_yaml(path, text)
    _validate(cfg)
    return cfg


def _from_yaml(path: Path, text: str) -> Config:
    from .yamlmarks import MarkedDict, load_yaml

    try:
        data = load_yaml(text, str(path))
    except YamlError as e:
        raise ConfigError(e.path, e.line, e.col, e.reason) from None
    if data is None:
        return Config(path)
    if not isinstance(data, dict):
        raise ConfigError(str(path), 1, 1, "the config must be a mapping of keys to values")
    positions = dict(data.key_pos) if isinstance(data, MarkedDict) else {}
    cfg = Config(path, dict(data), {str(k): v for k, v in positions.items()})
    # Positions of nested keys (severity entries) for precise errors.
    sev = data.get("severity")
    if isinstance(sev, MarkedDict):
        cfg.positions.update({f"severity.{k}": v for k, v in sev.key_pos.items()})
    return cfg


def _from_toml(path: Path, text: str) -> Config:
    tomllib = toml_module()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+), column (\d+)", str(e))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise ConfigError(str(path), line, col, f"invalid TOML: {reason}") from None
    table = data.get("tool", {}).get("replylint")
    if table is None:
        raise ConfigError(str(path), 1, 1, "no [tool.replylint] table in this pyproject.toml")
    if not isinstance(table, dict):
        raise ConfigError(str(path), 1, 1, "`tool.replylint` must be a table")
    return Config(path, table, _toml_positions(text))


def _toml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Line and column of each key of [tool.replylint] (tomllib keeps no positions)."""
    positions: dict[str, tuple[int, int]] = {}
    section: str | None = None
    for n, line in enumerate(text.splitlines(), 1):
        header = re.match(r"[ \t]*\[[ \t]*([^\]]+?)[ \t]*\]", line)
        if header and not line.lstrip().startswith("[["):
            name = re.sub(r"[ \t\"']", "", header.group(1))
            section = name
            if name.startswith("tool.replylint."):
                key = name[len("tool.replylint."):].split(".")[0]
                positions.setdefault(key, (n, line.index("[") + 1))
            elif name == "tool.replylint":
                positions.setdefault("", (n, 1))
            continue
        m = re.match(r"([ \t]*)\"?([\w\-]+)\"?[ \t]*(?:\.[ \t]*\"?([\w\-]+)\"?[ \t]*)?=", line)
        if not m:
            continue
        col = len(m.group(1)) + 1
        if section == "tool.replylint":
            positions.setdefault(m.group(2), (n, col))
            if m.group(3):
                positions.setdefault(f"{m.group(2)}.{m.group(3)}", (n, col))
        elif section == "tool.replylint.severity":
            positions.setdefault(f"severity.{m.group(2)}", (n, col))
    if "" in positions:
        for key in list(KEYS):
            positions.setdefault(key, positions[""])
    return positions


def _validate(cfg: Config) -> None:
    for key in cfg.values:
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise cfg.error(str(key), f"unknown key `{key}` (known keys: {known})")
    for key, what in KEYS.items():
        if key not in cfg.values:
            continue
        value = cfg.values[key]
        if what == _LIST:
            if isinstance(value, str):
                value = [p.strip() for p in value.split(",") if p.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise cfg.error(key, f"`{key}` must be {what}")
            cfg.values[key] = list(value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise cfg.error(key, f"`severity` must be {what}, e.g. {{RL201: warning}}")
            for rule, level in value.items():
                if level not in SEVERITIES:
                    pos = cfg.positions.get(f"severity.{rule}", cfg.pos(key))
                    raise ConfigError(str(cfg.path), *pos,
                                      f"severity of `{rule}` must be one of "
                                      f"{', '.join(SEVERITIES)}, not `{level}`")
        elif key == "cyrillic_only":
            if not isinstance(value, bool):
                raise cfg.error(key, f"`{key}` must be {what}")
        elif key == "markdown_split" and value not in MARKDOWN_SPLITS:
            raise cfg.error(key, f"`{key}` must be {what}, not `{value}`")
    _validate_placeholders(cfg)


def _validate_placeholders(cfg: Config) -> None:
    from .text.regions import PLACEHOLDER_ALIASES, PLACEHOLDER_SYNTAXES

    names = {*PLACEHOLDER_SYNTAXES, *PLACEHOLDER_ALIASES}
    for name in cfg.get("placeholders", []):
        if name not in names:
            raise cfg.error("placeholders", f"unknown placeholder syntax `{name}` (known: "
                                            f"{', '.join(sorted(names))})")
    from .text.regions import compile_user_regex

    for rx in cfg.get("extra_placeholders", []):
        try:
            compiled = compile_user_regex(rx)  # RE2: linear time, whatever the regex
        except ValueError as e:
            raise cfg.error("extra_placeholders", f"bad regular expression `{rx}`: {e}") from None
        if compiled.match(""):
            raise cfg.error("extra_placeholders", f"`{rx}` matches the empty string")


def glob_match(rel: str, pattern: str) -> bool:
    """gitignore-like: a pattern without `/` matches a file or folder name at any depth;
    one with `/` is anchored at the config's folder; `**` spans folders, `*` does not;
    a pattern that matches a folder matches everything in it."""
    pat = pattern.strip()
    if pat.startswith("./"):
        pat = pat[2:]
    parts = rel.split("/")
    if "/" not in pat.rstrip("/"):
        rx = _glob_rx(pat.rstrip("/"))
        return any(rx.fullmatch(p) for p in parts)
    rx = _glob_rx(pat.strip("/"))
    return any(rx.fullmatch("/".join(parts[:k])) for k in range(1, len(parts) + 1))


def _glob_rx(pat: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pat.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    return re.compile("".join(out))
