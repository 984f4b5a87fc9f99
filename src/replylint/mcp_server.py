"""The MCP server behind `replylint mcp`: replylint's checks as tools for AI agents.

Needs the `mcp` extra (the official Model Context Protocol SDK, 2.x). The rules are
loaded and compiled once, when the server starts; every tool call reuses them.
Bad input raises ToolError: the client gets `isError` with the message, and the
server goes on serving.
"""

# No `from __future__ import annotations`: the SDK reads the tools' annotations at
# run time to build their JSON schemas.

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, ConfigDict, Field

from . import __version__
from .api import Linter
from .categories import CATEGORIES, SEVERITY_RANK
from .docs import render_rule
from .engine.rule import Rule
from .finding import Finding
from .fix import fix_text
from .score import checked_categories, score_findings
from .selection import SelectionError, select_rules, split_csv

MAX_TEXT_CHARS = 100_000  # one reply (or complaint); a whole archive belongs to `check`
_QUOTE_CHARS = 60  # longest quote of the draft in a summary

INSTRUCTIONS = (
    "replylint checks a reply to an angry customer before it is sent (Russian first). "
    "Loop: draft the reply, call lint_reply, revise what `summary` and `findings` name, "
    "call lint_reply again; stop when `clean` is true. explain_rule tells why a rule "
    "fires and how to fix it; list_rules lists the rules."
)


# --- structured outputs ----------------------------------------------------------


class FindingOut(BaseModel):
    """One finding, with exactly the keys of `replylint check --format json`."""

    model_config = ConfigDict(extra="forbid")

    rule: str = Field(description="rule id, e.g. RL201")
    name: str = Field(description="rule name, e.g. require-apology")
    category: str
    severity: str = Field(description="error | warning | info")
    message: str
    line: int = Field(description="1-based")
    column: int = Field(description="1-based, in characters")
    end_line: int
    end_column: int = Field(description="exclusive")
    suggestion: str | None = Field(description="the replacement to use, when the rule has one")
    offset: int = Field(description="character offset of the start in `text`")
    end_offset: int = Field(description="exclusive")
    missing: bool = Field(description="about something absent from the whole reply "
                                      "(it then points at the first sentence or a near miss)")
    fix: dict[str, Any] | None = Field(description="the safe edit {start, end, replacement} "
                                                   "of a substitute finding, else null")


class LintResult(BaseModel):
    clean: bool = Field(description="true when no finding is at warning level or above: "
                                    "the draft may be sent")
    summary: str = Field(description="what to change, in a line (e.g. `no apology; jargon: "
                                     "«денежные средства» → «деньги»`)")
    findings: list[FindingOut]
    by_severity: dict[str, int] = Field(description="finding counts: error, warning, info")
    score: dict[str, Any] = Field(description="the 0-100 reply score and its per-category "
                                              "breakdown (docs/score.md)")
    notes: list[str] = Field(default_factory=list,
                             description="remarks about the call (e.g. an input not used)")




class RuleInfo(BaseModel):
    id: str
    name: str
    category: str
    severity: str
    summary: str


class RuleList(BaseModel):
    count: int
    rules: list[RuleInfo]


class Suggestion(BaseModel):
    source: str = Field(description="wording the rule flags")
    expected: str = Field(description="what it suggests instead")


class RuleDoc(RuleInfo):
    kind: str = Field(description="forbid | require | substitute")
    status: str
    pack: str
    what: str = Field(description="what the rule checks")
    why: str = Field(description="why it matters to the customer")
    fix: str = Field(description="how to fix a finding")
    bad: list[str] = Field(description="replies the rule flags")
    good: list[str] = Field(description="replies it accepts")
    suggestions: list[Suggestion]
    markdown: str = Field(description="the same, as `replylint explain` prints it")


class FixResult(BaseModel):
    text: str = Field(description="the reply with the safe substitutions applied")
    changed: bool
    edits: list[dict[str, Any]]


# --- optional parts that other modules may provide ---------------------------------


def _plain(value: Any) -> Any:
    """A score or edit object as JSON-ready data."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return dict(value)


# --- the tools' logic ------------------------------------------------------------


def _quote(text: str, f: Finding) -> str:
    q = " ".join(text[f.start:f.end].split())
    return q if len(q) <= _QUOTE_CHARS else q[:_QUOTE_CHARS - 1].rstrip() + "…"


def summarize(findings: Sequence[Finding], text: str) -> str:
    """One line an agent can act on: what is missing, then each flagged phrase."""
    if not findings:
        return "clean: no findings"
    parts: dict[str, list[str]] = {}  # category -> phrases, in reading order
    absent: list[str] = []
    for f in findings:
        if f.missing:
            if f.category not in absent:
                absent.append(f.category)
            continue
        phrase = f"«{_quote(text, f)}»"
        if f.suggestion:
            phrase += f" → «{f.suggestion}»"
        phrases = parts.setdefault(f.category, [])
        if phrase not in phrases:
            phrases.append(phrase)
    items = [f"no {c}" for c in absent] + [f"{c}: {', '.join(p)}" for c, p in parts.items()]
    sev = Counter(f.severity for f in findings)
    counts = ", ".join(f"{sev[s]} {s}" for s in ("error", "warning", "info") if sev[s])
    head = f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({counts})"
    if not any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"] for f in findings):
        head = "clean at warning level; " + head
    return f"{head}: {'; '.join(items)}"


def _n(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def _check_text(value: str, what: str) -> None:
    if not value.strip():
        raise ToolError(f"`{what}` is empty: pass the text of the reply draft to check")
    if len(value) > MAX_TEXT_CHARS:
        raise ToolError(f"`{what}` has {_n(len(value))} characters; the limit is "
                        f"{_n(MAX_TEXT_CHARS)} (one reply per call)")


Selectors = list[str] | str | None  # a list, or one comma-separated string


def _selectors(value: Selectors) -> tuple[str, ...]:
    return tuple(split_csv([value] if isinstance(value, str) else value or ()))


def _rule_info(r: Rule) -> RuleInfo:
    return RuleInfo(id=r.id, name=r.name, category=r.category, severity=r.severity,
                    summary=r.summary)


class ReplyTools:
    """What the tools do, given a Linter compiled once at start-up.

    `linter` holds the rules the server applies (after its --select/--ignore);
    `known` every rule loaded, so explain_rule also answers for an ignored one.
    """

    def __init__(self, linter: Linter, known: Sequence[Rule] | None = None) -> None:
        self.linter = linter
        self.known = list(known) if known is not None else list(linter.ruleset)
        self._by_ident = {}
        for r in self.known:
            self._by_ident[r.id.upper()] = r
            self._by_ident[r.name] = r
        self._narrowed: dict[tuple[tuple[str, ...], tuple[str, ...]], Linter] = {}

    def _linter_for(self, select: Selectors, ignore: Selectors) -> Linter:
        sel, ign = _selectors(select), _selectors(ignore)
        if not sel and not ign:
            return self.linter
        key = (sel, ign)
        if key not in self._narrowed:
            try:
                rules = select_rules(list(self.linter.ruleset), sel, ign)
            except SelectionError as e:
                msg = str(e).replace(" (see `replylint rules`)", "")
                raise ToolError(f"{msg}; list_rules gives the rules this server applies") from None
            if len(self._narrowed) >= 64:  # bounded: agents may send many combinations
                self._narrowed.clear()
            self._narrowed[key] = Linter(self.linter.ruleset.subset(rules),
                                         self.linter.severity_overrides)
        return self._narrowed[key]

    def lint_reply(self, text: str, complaint: str | None = None, select: Selectors = None,
                   ignore: Selectors = None) -> LintResult:
        _check_text(text, "text")
        notes: list[str] = []
        linter = self._linter_for(select, ignore)
        has_complaint = complaint is not None and bool(complaint.strip())
        if has_complaint:
            _check_text(complaint, "complaint")
        findings = linter.lint(text, complaint=complaint if has_complaint else None)
        sev = Counter(f.severity for f in findings)
        score = score_findings(findings, checked_categories(linter, has_complaint))
        return LintResult(
            clean=not any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]
                          for f in findings),
            summary=summarize(findings, text),
            findings=[FindingOut(**f.to_json()) for f in findings],
            by_severity={s: sev.get(s, 0) for s in ("error", "warning", "info")},
            score=score.to_json(),
            notes=notes,
        )

    def find_rule(self, rule: str) -> Rule:
        key = rule.strip()
        found = self._by_ident.get(key) or self._by_ident.get(key.upper())
        if found is None:
            idents = [r.id for r in self.known] + [r.name for r in self.known]
            close = difflib.get_close_matches(key, idents, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ToolError(f"unknown rule `{rule}`{hint} (list_rules gives every id and name)")
        return found

    def explain_rule(self, rule: str) -> RuleDoc:
        r = self.find_rule(rule)
        return RuleDoc(
            **_rule_info(r).model_dump(), kind=r.kind, status=r.status, pack=r.pack,
            what=r.doc["what"].strip(), why=r.doc["why"].strip(), fix=r.doc["fix"].strip(),
            bad=[e.text for e in r.bad], good=[e.text for e in r.good],
            suggestions=[Suggestion(source=s.source, expected=s.expected) for s in r.specs],
            markdown=render_rule(r))

    def list_rules(self, category: str | None = None) -> RuleList:
        if category is not None and category not in CATEGORIES:
            raise ToolError(f"unknown category `{category}`; the categories are: "
                            + ", ".join(CATEGORIES))
        rules = [_rule_info(r) for r in self.linter.ruleset if category in (None, r.category)]
        return RuleList(count=len(rules), rules=rules)

    def fix_reply(self, text: str) -> FixResult:
        _check_text(text, "text")
        fixed, edits = fix_text(text, self.linter.lint(text))
        return FixResult(text=fixed, changed=fixed != text, edits=[_plain(e) for e in edits])


# --- the server --------------------------------------------------------------------

_Text = Annotated[str, Field(description=f"the reply draft, as plain text (at most "
                                         f"{MAX_TEXT_CHARS} characters)")]
_Complaint = Annotated[str | None, Field(
    description="the customer's complaint the reply answers: adds the complaint-aware "
                "checks (RL401 the reply ignores the complaint's subjects, RL402, RL403)")]
_Select = Annotated[Selectors, Field(
    description="only these of the server's rules: ids, id prefixes (RL2), names or "
                "categories; a list or a comma-separated string")]
_Ignore = Annotated[Selectors, Field(description="skip these rules (same forms as select)")]


def build_server(tools: ReplyTools) -> MCPServer:
    server = MCPServer("replylint", version=__version__, instructions=INSTRUCTIONS,
                       log_level="WARNING")
    def lint_reply(text: _Text, complaint: _Complaint = None, select: _Select = None,
                   ignore: _Ignore = None) -> LintResult:
        """Check a reply draft to a customer complaint.

        Returns `clean` (true when nothing at warning level or above is left), a
        one-line `summary` of what to change, and the findings with the same keys as
        `replylint check --format json`. Revise the draft and call again until clean.
        """
        return tools.lint_reply(text, complaint, select, ignore)

    def explain_rule(rule: Annotated[str, Field(description="a rule id (RL201) or name "
                                                            "(require-apology)")]) -> RuleDoc:
        """A rule's documentation: what it checks, why it matters, how to fix it, examples."""
        return tools.explain_rule(rule)

    def list_rules(category: Annotated[str | None, Field(
            description="only this category: " + ", ".join(CATEGORIES))] = None) -> RuleList:
        """The rules this server applies: id, name, category, severity, summary."""
        return tools.list_rules(category)

    server.add_tool(lint_reply)
    server.add_tool(explain_rule)
    server.add_tool(list_rules)

    def fix_reply(text: _Text) -> FixResult:
        """Apply the safe substitutions (jargon → plain words) and list the edits."""
        return tools.fix_reply(text)

    server.add_tool(fix_reply)
    return server
