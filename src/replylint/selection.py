"""--select / --ignore: by rule id (prefix), rule name or category."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .categories import CATEGORIES
from .engine.rule import Rule


class SelectionError(ValueError):
    pass


def _matches(rule: Rule, selector: str) -> bool:
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL":
        return True
    return s == rule.name or s == rule.category or rule.id.startswith(s.upper())


def check_selectors(rules: Sequence[Rule], selectors: Iterable[str]) -> None:
    """Unknown selectors are an error: a typo must not silently select nothing."""
    for s in selectors:
        if s.strip() and not any(_matches(r, s) for r in rules) and s not in CATEGORIES:
            raise SelectionError(f"unknown rule, prefix or category `{s}` (see `replylint rules`)")


def select_rules(rules: Sequence[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()
                 ) -> list[Rule]:
    select, ignore = [s for s in select if s.strip()], [s for s in ignore if s.strip()]
    check_selectors(rules, [*select, *ignore])
    chosen = [r for r in rules if r.status != "deprecated"]
    if select:
        chosen = [r for r in chosen if any(_matches(r, s) for s in select)]
    if ignore:
        chosen = [r for r in chosen if not any(_matches(r, s) for s in ignore)]
    return chosen


def split_csv(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out
