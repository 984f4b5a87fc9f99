"""Markdown: one reply per section (or per paragraph), markup left out.

* Front matter (`---` … `---` or `+++` … `+++` at the top) and fenced code
  (``` and ~~~) are skipped.
* Headings (ATX `#` and setext underlines) and thematic breaks start a new
  section; the heading's own text is a title, not part of the reply.
* Each body row of a table is a reply of its own (a table of messages); cells
  that are bare identifiers (`onboarding.welcome`) are left out.
* Inline markup (`**`, `_`, `` `code` ``, link targets, images, autolinks,
  backslash escapes) is blanked to spaces, so offsets do not move; HTML is
  masked by the `html` placeholder syntax like any other markup.
"""

from __future__ import annotations

import re

from . import Extraction, FormatOptions, Segment, SegmentBuilder

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_SEP = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_IDENT_CELL = re.compile(r"[A-Za-z0-9_.\-:/]+")
_BREAKS = "\r\n"

# Inline markup to blank: images, code spans, link targets, emphasis markers, escapes.
# Link texts and targets are bounded: on a long line of unclosed «[» or «](» an
# unbounded scan to the end of the line from each would be quadratic.
_INLINE = re.compile(
    r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)"  # image: all of it
    r"|(?P<code>`+)[^`]*?(?P=code)"  # code span
    r"|<(?:https?://|mailto:)[^>\s]*>"  # autolink
    r"|\]\([^)\n]{0,2000}\)"  # link target: ](url)
    r"|\]\[[^\]\n]{0,500}\]"  # reference link: ][ref]
    r"|\[(?=[^\]\n]{0,500}\](?:\(|\[))"  # the [ that opens a link
    r"|(?<![\w*_~\\])(?:\*{1,3}|_{1,3}|~~)(?=[^\s*_~])"  # opening emphasis
    r"|(?<=[^\s*_~\\])(?:\*{1,3}|_{1,3}|~~)(?![\w*_~])"  # closing emphasis
    r"|\\(?=[!-/:-@\[-`{-~])"  # backslash escape: the backslash
)


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end without the line break, start of the next line) of every line."""
    out = []
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n and text[j] not in _BREAKS:
            j += 1
        k = j + 2 if text.startswith("\r\n", j) else (j + 1 if j < n else j)
        out.append((i, j, k))
        i = k
    return out


def _front_matter_end(text: str, lines: list[tuple[int, int, int]]) -> int:
    """Index of the first line after front matter (0 when there is none)."""
    if not lines:
        return 0
    first = text[lines[0][0]:lines[0][1]].rstrip()
    if first not in ("---", "+++"):
        return 0
    closers = ("---", "...") if first == "---" else ("+++",)
    for k in range(1, len(lines)):
        if text[lines[k][0]:lines[k][1]].rstrip() in closers:
            return k + 1
    return 0


class _Section:
    def __init__(self, decl: int) -> None:
        self.decl = decl
        self.paras: list[list[tuple[int, int]]] = []


def extract_markdown(text: str, options: FormatOptions) -> Extraction:
    lines = _lines(text)
    i = _front_matter_end(text, lines)
    sections: list[_Section] = []
    rows: list[Segment] = []
    cur = _Section(lines[i][0] if i < len(lines) else 0)
    para: list[tuple[int, int]] = []
    fence: str | None = None
    in_comment = in_table = False

    def flush() -> None:
        nonlocal para
        if para:
            cur.paras.append(para)
            para = []

    def new_section(decl: int) -> None:
        nonlocal cur
        flush()
        sections.append(cur)
        cur = _Section(decl)

    n = len(lines)
    while i < n:
        a, e, nxt = lines[i]
        line = text[a:e]
        i += 1
        if fence is not None:
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            continue
        if in_comment:
            para.append((a, nxt))
            in_comment = "-->" not in line
            continue
        if in_table:
            if "|" in line and line.strip():
                seg = _table_row(text, a, e)
                if seg is not None:
                    rows.append(seg)
                continue
            in_table = False
        m = _FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)
            continue
        if _ATX.match(line):
            new_section(a)
            continue
        if para and _SETEXT.match(line) and not in_comment:
            heading, para = para, []
            new_section(heading[0][0])
            continue
        if _THEMATIC.match(line):
            new_section(nxt)
            continue
        sep = text[lines[i][0]:lines[i][1]] if i < n else ""
        if "|" in line and "|" in sep and _TABLE_SEP.match(sep):
            flush()
            in_table = True
            i += 1  # the header row and its separator are not replies
            continue
        if not line.strip():
            flush()
            continue
        opened = line.rfind("<!--")
        if opened >= 0 and "-->" not in line[opened:]:
            in_comment = True
        para.append((a, nxt))
    flush()
    sections.append(cur)

    segments: list[Segment] = []
    if options.markdown_split == "paragraph":
        for sec in sections:
            segments.extend(_build(text, [p], p[0][0]) for p in sec.paras)
    else:
        segments.extend(_build(text, sec.paras, sec.decl) for sec in sections if sec.paras)
    segments.extend(rows)
    segments.sort(key=lambda s: s.decl)
    return Extraction(segments)


def _build(text: str, paras: list[list[tuple[int, int]]], decl: int) -> Segment:
    sb = SegmentBuilder()
    for k, para in enumerate(paras):
        if k:  # paragraphs that are not adjacent in the file still read as separate
            sb.char("\n", para[0][0], para[0][0])
        for a, b in para:
            sb.verbatim(a, b, text)
    return _blank_inline(sb.build(decl))


def _table_row(text: str, a: int, e: int) -> Segment | None:
    """The cells of one table row, one per line; identifier cells are left out."""
    cells: list[tuple[int, int]] = []
    start = a
    i = a
    while i <= e:
        if i == e or (text[i] == "|" and text[i - 1:i] != "\\"):
            cells.append((start, i))
            start = i + 1
        i += 1
    sb = SegmentBuilder()
    for s, t in cells:
        while s < t and text[s] in " \t":
            s += 1
        while t > s and text[t - 1] in " \t":
            t -= 1
        if s == t or _IDENT_CELL.fullmatch(text, s, t):
            continue
        if len(sb):
            sb.char("\n", s, s)
        sb.verbatim(s, t, text)
    if not len(sb):
        return None
    return _blank_inline(sb.build(a))


def _blank_inline(seg: Segment) -> Segment:
    spans = [m.span() for m in _INLINE.finditer(seg.text)]
    return seg.blanked(spans) if spans else seg
