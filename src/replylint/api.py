"""The Python API: lint a reply, get findings. The CLI, agents and audits share it.

    >>> import replylint
    >>> [f.rule for f in replylint.lint("Денежные средства вернём в ближайшее время.")]
    >>> replylint.lint(reply, complaint="Списали деньги дважды, а таймера нет.")

The default rule set is compiled once per process and is safe to share
between threads (documents are analysed per call; rules are immutable).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from .complaint import COMPLAINT_RULES, Complaint, as_complaint, check_reply
from .engine.kinds import Hit
from .engine.loader import PackSchemaError, load_rules
from .engine.rule import Rule
from .engine.ruleset import RuleSet
from .finding import Finding, Fix
from .selection import select_rules
from .text.document import Document, analyze_text


class Linter:
    """A compiled rule set with the options that shape its findings.

    A complaint (text or an analysed `Complaint`) turns on the complaint-aware
    rules (RL4xx): pass it per call, or bind one with `with_complaint`.
    """

    def __init__(self, rules: Sequence[Rule] | RuleSet,
                 severity_overrides: dict[str, str] | None = None,
                 complaint: str | Complaint | None = None) -> None:
        self.ruleset = rules if isinstance(rules, RuleSet) else RuleSet(rules)
        self.severity_overrides = dict(severity_overrides or {})
        self.complaint = as_complaint(complaint) if complaint is not None else None
        self._complaint_rules = [r for r in self.ruleset if r.kind == "complaint"]

    @classmethod
    def from_options(cls, select: Iterable[str] = (), ignore: Iterable[str] = (),
                     rule_paths: Iterable[str | Path] = (), include_shipped: bool = True,
                     severity_overrides: dict[str, str] | None = None) -> Linter:
        rules = all_rules(rule_paths, include_shipped)
        return cls(select_rules(rules, select, ignore), severity_overrides)

    def with_complaint(self, complaint: str | Complaint | None) -> Linter:
        """The same rules, linting every reply against `complaint`."""
        return Linter(self.ruleset, self.severity_overrides, complaint)

    def lint_document(self, doc: Document, complaint: str | Complaint | None = None
                      ) -> list[Finding]:
        scanned = self.ruleset.scan(doc)
        findings = [self._finding(doc, h) for h in self.ruleset.run(doc, scanned)]
        c = as_complaint(complaint) if complaint is not None else self.complaint
        if c is not None and self._complaint_rules:
            apologies = self.ruleset.live_matches(
                scanned, lambda r: r.category == "apology" and r.kind == "require")
            findings.extend(self._finding(doc, h) for h in check_reply(
                self._complaint_rules, doc, c, apologies))
        findings.sort(key=Finding.sort_key)
        return findings

    def lint(self, text: str, complaint: str | Complaint | None = None) -> list[Finding]:
        """Findings for one reply; with a complaint, also whether it answers it."""
        return self.lint_document(analyze_text(text), complaint)

    def _finding(self, doc: Document, hit: Hit) -> Finding:
        start, end = doc.orig_span(hit.start, hit.end)
        line, col = doc.line_col(start)
        end_line, end_col = doc.line_col(end)
        rule = hit.rule
        severity = self.severity_overrides.get(rule.id) or self.severity_overrides.get(
            rule.name) or rule.severity
        fix = Fix(start, end, hit.suggestion) if hit.fixable and hit.suggestion else None
        return Finding(rule.id, rule.name, rule.category, severity, hit.message, line, col,
                       end_line, end_col, start, end, hit.suggestion, hit.missing, fix)


def all_rules(rule_paths: Iterable[str | Path] = (), include_shipped: bool = True
              ) -> list[Rule]:
    """The packs' rules plus, with the shipped packs, the rules built in code.

    Built in: the complaint-aware rules (RL401–RL403) and the meta rule RL901
    (unused suppressions), so they are listed, explained and selectable.
    """
    from .suppression import META_RULES

    rules = load_rules([Path(p) for p in rule_paths], include_shipped=include_shipped)
    if not include_shipped:
        return rules
    taken = {r.id: r for r in rules} | {r.name: r for r in rules}
    for rule in (*COMPLAINT_RULES, *META_RULES):
        for ident in (rule.id, rule.name):
            if ident in taken:
                path, _, line = taken[ident].source.rpartition(":")
                raise PackSchemaError(path, int(line or 1), 1,
                                      f"rule `{ident}` is built into replylint "
                                      "(RL401–RL403, RL901); pick another id")
    return [*rules, *COMPLAINT_RULES, *META_RULES]


_default: Linter | None = None
_lock = threading.Lock()


def default_linter() -> Linter:
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Linter(select_rules(all_rules()))
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
         rules: Iterable[str | Path] = (), complaint: str | Complaint | None = None
         ) -> list[Finding]:
    """Lint one reply with the shipped packs (plus `rules`), filtered by select/ignore.

    With `complaint` (the customer's text), also check that the reply answers it.
    Safe to call from many threads at once: each options combination is compiled
    once, and a call only reads the compiled rules.
    """
    return linter_for(select, ignore, rules).lint(text, complaint)
