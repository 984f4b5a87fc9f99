"""Lint one file's text: its format's replies → findings in the file's coordinates.

    file text ─ formats/ ─→ segments (one per reply, each mapped to the file)
              ─ suppression.scan_text ─→ directives inside replies (blanked out)
              ─ analyze_text + Linter ─→ findings per reply (require rules per reply)
              ─ allow list, suppressions, RL901 ─→ FileResult

Each reply is its own document, so a "no apology" finding is about that reply.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from .finding import Finding
from .formats import FormatError, Segment, extract, format_of
from .project import Settings
from .results import FileResult
from .suppression import UNUSED_ID, Directive, Suppressions, parse_comment, scan_text
from .text.document import Document, analyze_text, line_col, line_starts


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

    directives: list[Directive] = []
    for comment, a, b in extraction.comments:
        d = parse_comment(comment, a, b, text)
        if d is not None:
            directives.append(d)

    found: list[tuple[Finding, int]] = []
    for seg in extraction.segments:
        seg = _take_directives(seg, text, directives)
        doc = analyze_text(seg.text, settings.placeholder_re)
        if fmt != "txt" and not any(t.is_word for t in doc.tokens):
            continue  # a string or section with no words (only markup) is not a reply
        allowed = _allowed_spans(settings, doc)
        decl_line = line_of(seg.decl)
        marks = [doc.orig_span(s, e) for s, e in doc.placeholders]
        for f in settings.linter.lint_document(doc):
            if allowed and not f.missing and any(s < f.end and f.start < e for s, e in allowed):
                continue
            a, b = seg.orig_span(*_trim(seg.text, f.start, f.end, marks))
            (line, col), (end_line, end_col) = line_col(starts, a), line_col(starts, b)
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


def _trim(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> tuple[int, int]:
    """A span without the placeholders and markup at its edges: a sentence that opens
    with `<p style="…">` is underlined from its first word, and one cut at a line
    break inside `<a\n href="…">` ends before the tag."""
    s, e = start, end
    while True:
        before = (s, e)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        for ms, me in marks:
            if ms <= s < me:  # starts on (or inside) markup
                s = me
            if ms < e <= me and ms >= s:  # ends on (or inside: cut at a line break) markup
                e = ms
        if (s, e) == before:
            break
    return (s, e) if s < e else (start, end)


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


def _allowed_spans(settings: Settings, doc: Document) -> list[tuple[int, int]]:
    if settings.allow is None:
        return []
    toks = doc.tokens
    return [doc.orig_span(toks[m.first].start, toks[m.last - 1].end)
            for m in settings.allow.scan(doc)]


def _severity(settings: Settings, rule_id: str) -> str:
    from .suppression import UNUSED_NAME, UNUSED_RULE

    o = settings.severity_overrides
    return o.get(rule_id) or o.get(UNUSED_NAME) or UNUSED_RULE.severity
