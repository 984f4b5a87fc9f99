"""The reply score: 0–100 with a per-category breakdown, as QA scorecards do it.

Every category has a weight (points out of 100). Its findings take points
away, each by the category's rate times a severity factor (error and warning
1, info 0.5), multiplicatively, so that the first finding costs the most:

    lost(c)  = weight(c) × (1 − Π over findings f in c of (1 − rate(c) × severity(f)))
    score    = 100 × Σ (weight − lost) / Σ weight          over the categories checked

A category is checked when at least one selected rule reports it (relevance
only with a complaint); the others are left out, not counted as passed.
Critical categories then cap the score whatever the rest earns: a reply that
blames the customer, pressures a review, or has no genuine apology cannot be
a good reply. A cap applies when the category has a finding of severity
warning or error (a cap of 100 is none). The result is rounded half up. docs/score.md has the
defaults and the weights file format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .categories import CATEGORIES
from .finding import Finding

DEFAULT_WEIGHTS: dict[str, float] = {
    "apology": 20, "blame": 15, "compensation": 15, "relevance": 10, "jargon": 8,
    "timeline": 8, "prevention": 8, "thanks": 6, "review-pressure": 5, "cliche": 5,
}
# 1.0: one finding loses the whole weight (something is missing, or a fault that one
# instance makes); 0.5: each phrase halves what is left (jargon, cliches, vague dates).
DEFAULT_RATES: dict[str, float] = {
    "apology": 1.0, "blame": 1.0, "compensation": 1.0, "relevance": 1.0, "jargon": 0.5,
    "timeline": 0.5, "prevention": 1.0, "thanks": 1.0, "review-pressure": 1.0, "cliche": 0.5,
}
DEFAULT_CAPS: dict[str, float] = {"blame": 40, "review-pressure": 40, "apology": 50}
SEVERITY_FACTOR = {"error": 1.0, "warning": 1.0, "info": 0.5}
_CAPPING = {"error", "warning"}
SECTION_KEYS = ("weights", "rates", "caps")


class ScoreConfigError(ValueError):
    """A weights file that cannot be used; the message names the file (and line)."""


@dataclass(frozen=True)
class ScoreConfig:
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rates: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_RATES))
    caps: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_CAPS))

    @classmethod
    def from_mapping(cls, data: Any, source: str = "<score>") -> ScoreConfig:
        """Defaults overridden by a `score:` section ({weights, rates, caps})."""
        if not isinstance(data, dict):
            raise ScoreConfigError(f"{source}: the score section must be a mapping with "
                                   f"{', '.join(SECTION_KEYS)}")
        parts: dict[str, dict[str, float]] = {
            "weights": dict(DEFAULT_WEIGHTS), "rates": dict(DEFAULT_RATES),
            "caps": dict(DEFAULT_CAPS)}
        bounds = {"weights": (0, None), "rates": (0, 1), "caps": (0, 100)}
        for key, value in data.items():
            where = _where(source, data, key)
            if key not in SECTION_KEYS:
                raise ScoreConfigError(f"{where}: unknown key `{key}` in the score section; "
                                       f"allowed: {', '.join(SECTION_KEYS)}")
            if not isinstance(value, dict):
                raise ScoreConfigError(f"{where}: `{key}` must map categories to numbers")
            lo, hi = bounds[key]
            for cat, num in value.items():
                at = _where(source, value, cat)
                if cat not in CATEGORIES:
                    raise ScoreConfigError(f"{at}: unknown category `{cat}` in `{key}`; use one "
                                           f"of {', '.join(CATEGORIES)}")
                if isinstance(num, bool) or not isinstance(num, int | float):
                    raise ScoreConfigError(f"{at}: `{key}.{cat}` must be a number")
                if num < lo or (hi is not None and num > hi):
                    span = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
                    raise ScoreConfigError(f"{at}: `{key}.{cat}` must be {span}, not {num}")
                parts[key][cat] = float(num)
        return cls(parts["weights"], parts["rates"], parts["caps"])

    @classmethod
    def load(cls, path: str | Path) -> ScoreConfig:
        """A YAML, JSON or TOML file: a `score:` section, or the section's keys at the top."""
        p = Path(path)
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise ScoreConfigError(f"{p}: score weights file not found") from None
        except OSError as e:
            raise ScoreConfigError(f"{p}: cannot read the score weights file: "
                                   f"{e.strerror or e}") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScoreConfigError(f"{p}: the score weights file must be UTF-8") from None
        data = _parse(p, text)
        if isinstance(data, dict) and "score" in data:
            data = data["score"]
        elif isinstance(data, dict) and not set(data) & set(SECTION_KEYS):
            raise ScoreConfigError(f"{p}: no `score:` section (with {', '.join(SECTION_KEYS)})")
        return cls.from_mapping(data, str(p))


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".toml":
        from .config import toml_module

        tomllib = toml_module()
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ScoreConfigError(f"{path}: invalid TOML: {e}") from None
    from .yamlmarks import YamlError, load_yaml

    try:
        return load_yaml(text, str(path))
    except YamlError as e:
        raise ScoreConfigError(str(e)) from None


def _where(source: str, container: Any, key: Any) -> str:
    """file:line:col of a key when the YAML loader kept it, else the file."""
    pos = getattr(container, "key_pos", {}).get(key)
    return f"{source}:{pos[0]}:{pos[1]}" if pos else source


@dataclass(frozen=True)
class CategoryScore:
    weight: float
    lost: float
    findings: int

    @property
    def earned(self) -> float:
        return self.weight - self.lost


@dataclass(frozen=True)
class Score:
    value: int
    categories: dict[str, CategoryScore]  # the checked ones, in CATEGORIES order
    capped_by: tuple[str, ...] = ()
    cap: float | None = None
    not_checked: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "value": self.value, "max": 100,
            "cap": _num(self.cap) if self.cap is not None else None,
            "capped_by": list(self.capped_by),
            "categories": {c: {"weight": _num(s.weight), "earned": _num(s.earned),
                               "lost": _num(s.lost), "findings": s.findings}
                           for c, s in self.categories.items()},
            "not_checked": list(self.not_checked),
        }


def _num(x: float) -> float | int:
    r = round(x, 2)
    return int(r) if r == int(r) else r


def score_findings(findings: Iterable[Finding], checked: Iterable[str],
                   config: ScoreConfig | None = None) -> Score:
    """The score of one reply from its findings; `checked`: categories its rules cover."""
    cfg = config or ScoreConfig()
    checked = set(checked)
    by_cat: dict[str, list[Finding]] = {}
    for f in findings:
        by_cat.setdefault(f.category, []).append(f)
        checked.add(f.category)  # a category that reported something was checked
    cats: dict[str, CategoryScore] = {}
    for c in CATEGORIES:
        weight = float(cfg.weights.get(c, 0))
        if c not in checked or weight <= 0:
            continue
        rate = float(cfg.rates.get(c, 1.0))
        kept = 1.0
        for f in by_cat.get(c, []):
            kept *= 1 - rate * SEVERITY_FACTOR.get(f.severity, 1.0)
        cats[c] = CategoryScore(weight, weight * (1 - kept), len(by_cat.get(c, [])))
    total = sum(s.weight for s in cats.values())
    raw = 100.0 * sum(s.earned for s in cats.values()) / total if total else 100.0
    capping = sorted((cfg.caps[c], c) for c in by_cat if cfg.caps.get(c, 100) < 100
                     and any(f.severity in _CAPPING for f in by_cat[c]))
    cap = capping[0][0] if capping else None
    value = min(raw, cap) if cap is not None else raw
    not_checked = tuple(c for c in CATEGORIES if c not in cats and cfg.weights.get(c, 0) > 0)
    return Score(int(max(0.0, min(100.0, value)) + 0.5), cats,
                 tuple(c for _, c in capping), cap, not_checked)


def checked_categories(linter: Any, with_complaint: bool) -> set[str]:
    """Categories a linter's rules check.

    Complaint rules count only with a complaint, and only those that judge a
    category alone (RL401 relevance), not those that sharpen one (RL402, RL403).
    """
    return {r.category for r in linter.ruleset
            if r.kind != "complaint" or (with_complaint and not r.extra.get("sharpens"))}


def attach_scores(result: Any, linter: Any, config: ScoreConfig | None = None,
                  with_complaint: bool = False) -> None:
    """Give every linted file of a RunResult its score."""
    for r in result.files:
        if r.error is None and r.notice is None:
            # a JSONL line knows whether it had a complaint; files share the run's
            checked = checked_categories(linter, getattr(r, "complaint", with_complaint))
            r.score = score_findings(r.findings, checked, config)


def format_score(score: Score) -> list[str]:
    """Text lines: the value with any cap, then one line per checked category."""
    head = f"score {score.value}/100"
    if score.capped_by:
        head += f" (capped at {_num(score.cap or 0)} by {', '.join(score.capped_by)})"
    lines = [head]
    for c, s in score.categories.items():
        found = f"{s.findings} finding{'s' if s.findings != 1 else ''}" if s.findings else ""
        lines.append(f"    {c:16} {_num(s.earned):>5}/{_num(s.weight):<3} {found}".rstrip())
    if score.not_checked:
        lines.append(f"    not checked: {', '.join(score.not_checked)}")
    return lines
