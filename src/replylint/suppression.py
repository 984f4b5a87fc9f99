"""Inline suppression comments, and RL901 for those that no longer suppress anything.

Forms (RULES: ids, id prefixes, names or categories, comma- or space-separated;
none means every rule; ` -- reason` may follow):

    <!-- replylint-disable-next-line RULES -->   the next non-blank line, and the
                                                  reply that starts on it
    <!-- replylint-disable-line RULES -->        its own line (same widening)
    <!-- replylint-disable RULES -->             from here to `replylint-enable`
    <!-- replylint-enable [RULES] -->             (or to the end of the file)
    <!-- replylint-disable-file [RULES] -->       the whole file

The HTML-comment form works in any text: .txt, Markdown, and inside YAML or
JSON strings. On a line of its own the same words work without `<!-- -->`
(optionally after `#` or `//`), which is the form for .txt files. YAML also
has real comments:

    key: value  # replylint: disable=RULES       this line, and the reply on it
    # replylint: disable=RULES                    (own line) the next line and its reply
    # replylint: disable-file[=RULES]             the whole file

JSON has no comments: a string value that is only a directive (for example
`"_comment": "replylint-disable-next-line RL201"`) is read as one, not linted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .engine.rule import Rule
from .finding import Finding
from .text.document import line_col

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_KIND = "|".join(KINDS)
_HTML = re.compile(rf"<!--[ \t]*replylint-({_KIND})(?![\w-])(.*?)-->", re.S)
_LINE = re.compile(rf"(?m)^[ \t]*(?:(?:#|//)[ \t]*)?replylint-({_KIND})(?![\w-])([^\r\n]*)$")
_YAML = re.compile(r"#[ \t]*replylint:[ \t]*(disable-file|disable)(?![\w-])(?:[ \t]*=([^#]*))?")
_VALUE = re.compile(rf"\s*(?:<!--[ \t]*replylint-({_KIND})(?![\w-])(?:(?!-->).)*-->"
                    rf"|replylint-({_KIND})(?![\w-])[^\r\n<]*)\s*", re.S)

UNUSED_ID, UNUSED_NAME = "RL901", "unused-suppression"

UNUSED_RULE = Rule(
    id=UNUSED_ID, name=UNUSED_NAME, kind="forbid", category="meta", severity="warning",
    message="Подавление ничего не подавляет — уберите его.",
    doc={
        "what": "Reports suppression comments that no longer suppress any finding, name an "
                "unknown rule, or `replylint-enable` with nothing disabled.",
        "why": "A stale suppression hides the next real problem on that line and tells "
               "readers of the template something that is no longer true.",
        "fix": "Delete the comment, or the rule names in it that no longer match. Suppress "
               "RL901 itself with `replylint-disable-file RL901` while cleaning up.",
    },
    patterns=(), pack="replylint-meta", source="replylint/suppression.py:1",
)
META_RULES = (UNUSED_RULE,)


def is_directive_value(value: str) -> bool:
    """A whole YAML/JSON string that is a suppression comment rather than a reply."""
    return "replylint-" in value and _VALUE.fullmatch(value) is not None


@dataclass
class Directive:
    kind: str  # one of KINDS
    selectors: tuple[str, ...]  # empty: every rule
    start: int  # file offsets of the comment
    end: int
    own_line: bool = True  # nothing but blanks before it on its line
    yaml_style: bool = False
    used: set[str] = field(default_factory=set)  # selectors (or "*") that suppressed something
    closed_any: bool = False  # enable: closed a range

    @property
    def text(self) -> str:
        rules = ",".join(self.selectors)
        return f"replylint-{self.kind}" + (f" {rules}" if rules else "")


def _selectors(raw: str) -> tuple[str, ...]:
    raw = re.split(r"(?:^|\s)--(?:\s|$)", raw, maxsplit=1)[0]  # ` -- reason` is a comment
    return tuple(s for s in re.split(r"[\s,]+", raw) if s)


def scan_text(text: str) -> list[tuple[str, tuple[str, ...], int, int]]:
    """Directives in a reply's text: (kind, selectors, start, end) in text offsets."""
    if "replylint-" not in text:
        return []
    found = [(m.group(1), _selectors(m.group(2)), m.start(), m.end())
             for m in _HTML.finditer(text)]
    taken = [(s, e) for *_, s, e in found]
    for m in _LINE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.group(1), _selectors(m.group(2)), m.start(), m.end()))
    return sorted(found, key=lambda d: d[2])


def parse_comment(text: str, start: int, end: int, file_text: str) -> Directive | None:
    """A YAML comment or a directive-only value → Directive (None when it is not one)."""
    m = _YAML.match(text)
    if m:
        kind = "disable-file" if m.group(1) == "disable-file" else "disable-line"
        sel = _selectors((m.group(2) or "").strip())
        own = not file_text[_line_start(file_text, start):start].strip()
        return Directive(kind, sel, start, end, own_line=own, yaml_style=True)
    found = scan_text(text.strip())
    if found:
        kind, sel, _, _ = found[0]
        return Directive(kind, sel, start, end)
    return None


def _only_directive(line: str) -> bool:
    return "replylint-" in line and (_LINE.fullmatch(line) is not None
                                     or _HTML.fullmatch(line) is not None)


def _line_start(text: str, i: int) -> int:
    return max(text.rfind("\n", 0, i), text.rfind("\r", 0, i)) + 1


def selector_matches(selector: str, rule_id: str, name: str, category: str) -> bool:
    s = selector.strip()
    return (s.upper() == "ALL" or s in (name, category) or rule_id.startswith(s.upper()))


class Suppressions:
    """The directives of one file, applied to its findings."""

    def __init__(self, directives: Sequence[Directive], file_text: str,
                 line_starts: Sequence[int]) -> None:
        self.directives = sorted(directives, key=lambda d: d.start)
        self.text = file_text
        self.starts = line_starts
        self.file: list[Directive] = []
        self.lines: dict[int, list[Directive]] = {}
        self.ranges: list[tuple[int, int, Directive, str]] = []  # (start, end, directive, sel)
        self._build()

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1 + 1

    def _next_content_line(self, line: int, yaml_style: bool) -> int:
        """The first line after `line` with something on it: not blank, not another
        directive, and in YAML not only a comment."""
        n = len(self.starts)
        k = line  # 0-based index of the following line
        while k < n:
            a = self.starts[k]
            b = self.starts[k + 1] if k + 1 < n else len(self.text)
            s = self.text[a:b].strip()
            if s and not (yaml_style and s.startswith("#")) and not _only_directive(s):
                return k + 1
            k += 1
        return line + 1

    def _build(self) -> None:
        open_: dict[str, tuple[int, Directive]] = {}
        for d in self.directives:
            line = self.line_of(d.start)
            if d.kind == "disable-file":
                self.file.append(d)
            elif d.kind == "disable-line" and not (d.yaml_style and d.own_line):
                self.lines.setdefault(line, []).append(d)
            elif d.kind in ("disable-next-line", "disable-line"):
                target = self._next_content_line(self.line_of(d.end), d.yaml_style)
                self.lines.setdefault(target, []).append(d)
            elif d.kind == "disable":
                for sel in d.selectors or ("*",):
                    open_.setdefault(sel, (d.end, d))
            else:  # enable
                targets = d.selectors or tuple(open_)
                for sel in targets:
                    if sel in open_:
                        a, dd = open_.pop(sel)
                        self.ranges.append((a, d.start, dd, sel))
                        d.closed_any = True
        for sel, (a, dd) in open_.items():
            self.ranges.append((a, len(self.text), dd, sel))

    def _hits(self, f: Finding, decl_line: int, explicit_only: bool = False
              ) -> list[tuple[Directive, str]]:
        """(directive, selector) pairs that suppress f; `explicit_only`: only those that
        name f's rule (how RL901 itself is silenced: not by a bare `disable`)."""

        def ok(sel: str) -> bool:
            if sel == "*" or sel.upper() == "ALL":
                return not explicit_only
            return selector_matches(sel, f.rule, f.name, f.category)

        candidates = [*self.file]
        for line in {f.line, decl_line}:
            candidates.extend(self.lines.get(line, ()))
        hits = [(d, s) for d in candidates for s in (d.selectors or ("*",)) if ok(s)]
        hits.extend((d, sel) for a, b, d, sel in self.ranges if a <= f.start < b and ok(sel))
        return hits

    def apply(self, findings: Iterable[tuple[Finding, int]]) -> list[Finding]:
        """Findings (each with its reply's declaration line) that no directive suppresses."""
        kept = []
        for f, decl_line in findings:
            hits = self._hits(f, decl_line)
            for d, sel in hits:
                d.used.add(sel)
            if not hits:
                kept.append(f)
        return kept

    def unused(self, active: Sequence[Rule], known: Sequence[Rule], severity: str
               ) -> list[Finding]:
        """RL901 findings: directives (or rule names in them) that suppressed nothing."""
        out = []
        for d in self.directives:
            problems: list[str] = []
            if d.kind == "enable":
                if not d.closed_any:
                    problems.append("нечего включать: выше нет `replylint-disable`")
            elif not d.selectors:
                if "*" not in d.used:
                    problems.append("ничего не подавляет")
            else:
                for sel in d.selectors:
                    if sel in d.used:
                        continue
                    if not any(selector_matches(sel, r.id, r.name, r.category) for r in known):
                        problems.append(f"неизвестное правило `{sel}`")
                    elif any(selector_matches(sel, r.id, r.name, r.category) for r in active
                             if r.id != UNUSED_ID):
                        problems.append(f"`{sel}` здесь ничего не находит")
                    # a rule that is not selected in this run cannot be judged
            if problems:
                out.append(self._finding(d, "; ".join(problems), severity))
        return [f for f in out if not self._hits(f, f.line, explicit_only=True)]

    def _finding(self, d: Directive, problem: str, severity: str) -> Finding:
        line, col = line_col(self.starts, d.start)
        end_line, end_col = line_col(self.starts, d.end)
        message = f"Подавление «{d.text}»: {problem} — уберите его или исправьте."
        return Finding(UNUSED_ID, UNUSED_NAME, "meta", severity, message, line, col, end_line,
                       end_col, d.start, d.end, None, False)

