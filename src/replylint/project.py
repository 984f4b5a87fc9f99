"""Which settings apply to each file: the command line over the nearest config.

A `Project` resolves, for every file, the config that governs it (or the one
given with `--config`) and builds, once per config, the `Settings` that linting
needs: the compiled rules with their severities, placeholder syntaxes, the allow
list, what counts as a reply in YAML/JSON/Markdown, and include/exclude globs.

Precedence: an option given on the command line replaces the config's value
(`--select`, `--ignore`, `--include`); `--exclude` and `--rules` add to it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .api import Linter
from .config import CONFIG_NAMES, Config, ConfigError, find_config, glob_match, load_config
from .engine.matcher import PatternIndex
from .engine.rule import Rule
from .files import DEFAULT_INCLUDE, _matches, discover, display_path
from .formats import DEFAULT_SKIP_KEYS, FormatOptions
from .results import FileResult
from .selection import SelectionError, select_rules, split_csv
from .text.regions import DEFAULT_PLACEHOLDER_RE, DEFAULT_PLACEHOLDERS, compile_placeholders


@dataclass(frozen=True)
class CliOptions:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_paths: tuple[str, ...] = ()
    no_builtin: bool = False
    exclude: tuple[str, ...] = ()
    config: str | None = None
    complaint: str | None = None  # --complaint: every reply is checked against it


@dataclass
class Settings:
    linter: Linter
    known: tuple[Rule, ...]  # every loaded rule, selected or not (suppressions may name any)
    placeholder_re: re.Pattern[str] = DEFAULT_PLACEHOLDER_RE
    allow: PatternIndex | None = None  # words and phrases never flagged
    options: FormatOptions = field(default_factory=FormatOptions)
    config: Config | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def severity_overrides(self) -> dict[str, str]:
        return self.linter.severity_overrides

    def accepts(self, path: Path, walked: bool, cli_include: bool) -> bool:
        """Whether the config lets this file be checked (found in a folder or named)."""
        rel = self._relative(path)
        if self.exclude and any(glob_match(rel, g) for g in self.exclude):
            return False
        if walked and cli_include:
            return True  # discovery already applied --include
        if self.include:
            return any(glob_match(rel, g) for g in self.include)
        return not walked or _matches(path, DEFAULT_INCLUDE)

    def _relative(self, path: Path) -> str:
        if self.config is None:
            return path.as_posix()
        try:
            return path.resolve().relative_to(self.config.root.resolve()).as_posix()
        except ValueError:
            return path.resolve().as_posix()


def build_settings(cli: CliOptions, config: Config | None) -> Settings:
    """Settings for one config (None: the command line alone).

    A problem in the config is a ConfigError naming its line; a bad command-line
    selector is a SelectionError; a broken rule pack a PackSchemaError.
    """
    from .api import all_rules

    def conf(key: str, default):
        return config.get(key, default) if config is not None else default

    select = split_csv(cli.select) or conf("select", [])
    ignore = split_csv(cli.ignore) or conf("ignore", [])
    packs = [config.resolve(p) for p in conf("packs", [])] if config else []
    for p, raw in zip(packs, conf("packs", []), strict=False):
        if not p.exists():
            raise config.error("packs", f"rule pack `{raw}` not found (looked for {p})")
    packs += [Path(p) for p in cli.rule_paths]
    known = tuple(all_rules(packs, include_shipped=not cli.no_builtin))
    try:
        active = select_rules(known, select, ignore)
    except SelectionError as e:
        m = re.search(r"`([^`]*)`", str(e))
        bad = m.group(1) if m else None
        for key, from_cli in (("select", cli.select), ("ignore", cli.ignore)):
            if config is not None and not from_cli and bad in conf(key, []):
                raise config.error(key, str(e)) from None
        raise
    severity = dict(conf("severity", {}))
    for rule in severity:
        if not any(rule in (r.id, r.name) for r in known):
            pos = config.positions.get(f"severity.{rule}", config.pos("severity"))
            raise ConfigError(str(config.path), *pos, f"severity for unknown rule `{rule}` "
                                                      "(see `replylint rules`)")
    linter = Linter(active, severity, cli.complaint)
    if config is None:
        return Settings(linter, known)
    syntaxes = conf("placeholders", list(DEFAULT_PLACEHOLDERS))
    extra = conf("extra_placeholders", [])
    placeholder_re = (DEFAULT_PLACEHOLDER_RE if "placeholders" not in config.values and not extra
                      else compile_placeholders(syntaxes, extra))
    options = FormatOptions(
        reply_keys=tuple(conf("reply_keys", ["*"])),
        skip_keys=tuple(conf("skip_keys", list(DEFAULT_SKIP_KEYS))),
        cyrillic_only=conf("cyrillic_only", True),
        markdown_split=conf("markdown_split", "section"),
    )
    return Settings(linter, known, placeholder_re, _allow_index(config), options, config,
                    tuple(conf("include", [])), tuple(conf("exclude", [])))


def _allow_index(config: Config) -> PatternIndex | None:
    """The allowed words and phrases, matched like rule patterns: any inflection, any case."""
    from razdel import tokenize

    from .engine.matcher import PatternIndex
    from .engine.pattern import PatternError, compile_pattern

    phrases = [(p, "allow") for p in config.get("allow", [])]
    for raw in config.get("allow_files", []):
        p = config.resolve(raw)
        try:
            lines = p.read_text(encoding="utf-8-sig").splitlines()
        except OSError as e:
            raise config.error("allow_files", f"cannot read allow file `{raw}`: "
                                              f"{e.strerror or e}") from None
        phrases.extend((s.strip(), "allow_files") for s in lines
                       if s.strip() and not s.lstrip().startswith("#"))
    index = PatternIndex()
    for phrase, key in phrases:
        words = [t.text for t in tokenize(phrase)]
        if not words or any(c in w for w in words for c in "|?*@=[]"):
            raise config.error(key, f"allowed phrase `{phrase}`: write plain words")
        try:
            index.add(phrase, compile_pattern(" ".join(words)))
        except PatternError as e:
            raise config.error(key, f"allowed phrase `{phrase}`: {e}") from None
    return index if phrases else None


class Project:
    """Config resolution and settings for one run."""

    def __init__(self, cli: CliOptions = CliOptions(), linter: Linter | None = None) -> None:
        self.cli = cli
        self.settings: list[Settings] = []
        self._index: dict[str | None, int] = {}  # config path → settings index
        self._errors: dict[str, ConfigError] = {}
        self._dirs: dict[Path, Path | None] = {}
        self._explicit: Config | None = None
        self._fixed = linter is not None  # an API caller's Linter: no config lookup
        if linter is not None:
            self.settings.append(Settings(linter, tuple(linter.ruleset)))
            self._index[None] = 0
        elif cli.config:
            self._explicit = load_config(Path(cli.config))  # ConfigError: a usage error

    @classmethod
    def for_linter(cls, linter: Linter) -> Project:
        return cls(linter=linter)

    def linter_for(self, file: Path) -> Linter:
        """The linter of the settings that apply to `file`."""
        return self.settings_for(file).linter

    def config_for(self, file: Path) -> Path | None:
        if self._fixed:
            return None
        if self._explicit is not None:
            return self._explicit.path
        folder = file.parent if file.name else file
        folder = Path(os.path.abspath(folder))
        if folder not in self._dirs:
            found = find_config(folder)
            self._dirs[folder] = _shown(found) if found else None
        return self._dirs[folder]

    def settings_index(self, file: Path) -> int:
        """Index into self.settings for this file (ConfigError when its config is broken)."""
        cpath = self.config_for(file)
        key = str(cpath) if cpath else None
        if key in self._errors:
            raise self._errors[key]
        if key not in self._index:
            try:
                if cpath is None:
                    config = None
                elif self._explicit is not None:
                    config = self._explicit
                else:
                    config = load_config(cpath)
                self.settings.append(build_settings(self.cli, config))
            except ConfigError as e:
                self._errors[key] = e  # type: ignore[index]
                raise
            self._index[key] = len(self.settings) - 1
        return self._index[key]

    def settings_for(self, file: Path) -> Settings:
        return self.settings[self.settings_index(file)]

    def collect(self, paths: Sequence[str], include: Sequence[str], exclude: Sequence[str]
                ) -> tuple[list[tuple[Path, int]], list[FileResult]]:
        """Files to lint with their settings index, and the problems found on the way.

        A broken config is reported once (as an error of the config file) and the
        files it governs are not checked; every other file still is.
        """
        work: list[tuple[Path, int]] = []
        problems: list[FileResult] = []
        seen: set[str] = set()
        reported: set[str] = set()
        for raw in paths:
            walked = Path(raw).is_dir()
            files, bad = discover([raw], list(include) or ["*"], list(exclude))
            problems.extend(FileResult(display_path(p.path), error=(p.code, p.message))
                            for p in bad)
            before, repeated = len(work), False
            for f in files:
                key = os.path.normcase(os.path.abspath(f))
                repeated = repeated or key in seen
                if key in seen or f.name in CONFIG_NAMES:
                    continue
                seen.add(key)
                try:
                    idx = self.settings_index(f)
                except ConfigError as e:
                    if e.path not in reported:
                        reported.add(e.path)
                        problems.append(FileResult(e.path, error=("config", e.reason),
                                                   error_pos=(e.line, e.col)))
                    continue
                if self.settings[idx].accepts(f, walked, bool(include)) and not (
                        walked and is_rule_pack(f)):
                    work.append((f, idx))
            if walked and len(work) == before and not bad and not repeated:
                # Say so: a folder that yields nothing (a typo'd --include) must not pass
                # silently.
                problems.append(FileResult(display_path(raw), notice="folder has no files to "
                                           "check (see --include and the config's include)"))
        return work, problems


def _shown(path: Path) -> Path:
    """A config path as messages show it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


_PACK_KEYS = re.compile(r"(?m)^pack:[ \t]*\S.*$(?:.|\n)*^rules:[ \t]*$")


def is_rule_pack(path: Path) -> bool:
    """A replylint rule pack (top-level `pack:` and `rules:`) found in a folder is
    tooling, not a template; its messages and examples are not replies."""
    if path.suffix.lower() not in (".yml", ".yaml"):
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(16384).decode("utf-8", errors="replace")
    except OSError:
        return False
    return _PACK_KEYS.search(head) is not None
