"""Lint one file's text: its format's replies → findings in the file's coordinates.

    file text ─ formats/ ─→ segments (one per reply, each mapped to the file)
              ─ suppression.scan_text ─→ directives inside replies (blanked out)
              ─ analyze_text + Linter ─→ findings per reply (require rules per reply)
              ─ allow list, suppressions, RL901 ─→ FileResult

Each reply is its own document, so a "no apology" finding is about that reply.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .finding import Finding
from .formats import FormatError, Segment, extract, format_of
from .project import Settings
from .results import FileResult
from .suppression import UNUSED_ID, Directive, Suppressions, parse_comment, scan_text
from .text.document import analyze_text, line_starts

_WORD = re.compile(r"[^\W\d_]")


def lint_file_text(settings: Settings, text: str, path: str, fmt: str | None = None
                   ) -> FileResult:
    fmt = fmt or format_of(path)
    try:
        extraction = extract(fmt, text, settings.options)
    except FormatError as e:
        return FileResult(path, error=("parse", e.reason), error_pos=(e.line, e.col))
    starts = line_starts(text)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    def line_col(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    directives: list[Directive] = []
    for comment, a, b in extraction.comments:
        d = parse_comment(comment, a, b, text)
        if d is not None:
            directives.append(d)

    found: list[tuple[Finding, int]] = []
    for seg in extraction.segments:
        seg = _take_directives(seg, text, directives)
        if fmt != "txt" and not _WORD.search(seg.text):
            continue  # a string or section with no words (only markup) is not a reply
        doc = analyze_text(seg.text, settings.placeholder_re)
        allowed = _allowed_spans(settings, seg.text)
        decl_line = line_of(seg.decl)
        for f in settings.linter.lint_document(doc):
            if allowed and not f.missing and any(s < f.end and f.start < e for s, e in allowed):
                continue
            a, b = seg.orig_span(f.start, f.end)
            (line, col), (end_line, end_col) = line_col(a), line_col(b)
            found.append((replace(f, start=a, end=b, line=line, column=col, end_line=end_line,
                                  end_column=end_col), decl_line))

    if directives:
        sup = Suppressions(directives, text, starts)
        findings = sup.apply(found)
        active = settings.linter.ruleset.rules
        if any(r.id == UNUSED_ID for r in active):
            sev = _severity(settings, UNUSED_ID)
            findings.extend(sup.unused(active, settings.known, sev))
    else:
        findings = [f for f, _ in found]
    findings.sort(key=Finding.sort_key)
    return FileResult(path, findings, text=text)


def _take_directives(seg: Segment, text: str, out: list[Directive]) -> Segment:
    """Record the suppression comments written inside a reply and blank them out of it."""
    found = scan_text(seg.text)
    if not found:
        return seg
    for kind, selectors, s, e in found:
        a, b = seg.orig_span(s, e)
        line_start = max(text.rfind("\n", 0, a), text.rfind("\r", 0, a)) + 1
        out.append(Directive(kind, selectors, a, b, own_line=not text[line_start:a].strip()))
    return seg.blanked([(s, e) for *_, s, e in found])


def _allowed_spans(settings: Settings, text: str) -> list[tuple[int, int]]:
    if settings.allow_re is None:
        return []
    return [m.span() for m in settings.allow_re.finditer(text)]


def _severity(settings: Settings, rule_id: str) -> str:
    from .suppression import UNUSED_NAME, UNUSED_RULE

    o = settings.severity_overrides
    return o.get(rule_id) or o.get(UNUSED_NAME) or UNUSED_RULE.severity
