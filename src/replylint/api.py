"""The Python API: lint a reply, get findings. The CLI, agents and audits share it.

    >>> import replylint
    >>> [f.rule for f in replylint.lint("Денежные средства вернём в ближайшее время.")]

The default rule set is compiled once per process and is safe to share
between threads (documents are analysed per call; rules are immutable).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from .engine.kinds import Hit
from .engine.loader import load_rules
from .engine.rule import Rule
from .engine.ruleset import RuleSet
from .finding import Finding
from .selection import select_rules
from .text.document import Document, analyze_text


class Linter:
    """A compiled rule set with the options that shape its findings."""

    def __init__(self, rules: Sequence[Rule] | RuleSet,
                 severity_overrides: dict[str, str] | None = None) -> None:
        self.ruleset = rules if isinstance(rules, RuleSet) else RuleSet(rules)
        self.severity_overrides = dict(severity_overrides or {})

    @classmethod
    def from_options(cls, select: Iterable[str] = (), ignore: Iterable[str] = (),
                     rule_paths: Iterable[str | Path] = (), include_shipped: bool = True,
                     severity_overrides: dict[str, str] | None = None) -> Linter:
        rules = load_rules([Path(p) for p in rule_paths], include_shipped=include_shipped)
        if include_shipped:  # built-in meta rules (RL901), so they are listed and selectable
            from .suppression import META_RULES

            rules = [*rules, *META_RULES]
        return cls(select_rules(rules, select, ignore), severity_overrides)

    def lint_document(self, doc: Document) -> list[Finding]:
        findings = [self._finding(doc, h) for h in self.ruleset.run(doc)]
        findings.sort(key=Finding.sort_key)
        return findings

    def lint(self, text: str) -> list[Finding]:
        return self.lint_document(analyze_text(text))

    def _finding(self, doc: Document, hit: Hit) -> Finding:
        start, end = doc.orig_span(hit.start, hit.end)
        line, col = doc.line_col(start)
        end_line, end_col = doc.line_col(end)
        rule = hit.rule
        severity = self.severity_overrides.get(rule.id) or self.severity_overrides.get(
            rule.name) or rule.severity
        return Finding(rule.id, rule.name, rule.category, severity, hit.message, line, col,
                       end_line, end_col, start, end, hit.suggestion, hit.missing)


_default: Linter | None = None
_lock = threading.Lock()


def default_linter() -> Linter:
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Linter(select_rules(load_rules()))
    return _default


_linters: dict[tuple, Linter] = {}


def linter_for(select: Iterable[str] = (), ignore: Iterable[str] = (),
               rules: Iterable[str | Path] = ()) -> Linter:
    """The compiled linter for these options, built once per process and then shared."""
    key = (tuple(select), tuple(ignore), tuple(str(r) for r in rules))
    if key == ((), (), ()):
        return default_linter()
    found = _linters.get(key)
    if found is None:
        with _lock:
            found = _linters.get(key)
            if found is None:
                found = _linters[key] = Linter.from_options(*key)
    return found


def lint(text: str, *, select: Iterable[str] = (), ignore: Iterable[str] = (),
         rules: Iterable[str | Path] = ()) -> list[Finding]:
    """Lint one reply with the shipped packs (plus `rules`), filtered by select/ignore.

    Safe to call from many threads at once: each options combination is compiled
    once, and a call only reads the compiled rules.
    """
    return linter_for(select, ignore, rules).lint(text)
