"""YAML: every string value that is a reply, with each character mapped back to
the file.

PyYAML's composer gives each scalar's value and where the scalar starts and
ends, but not where each character came from: block scalars drop their
indentation, folding turns line breaks into spaces, quoted scalars have escapes
(`\\n`, `\\u0416`, `''`). So each scalar is scanned again here, following
PyYAML's own scanner step by step, recording the source span of every
character; the result is checked against PyYAML's value, and a scalar that
does not match (which would be a bug here) falls back to pointing at the whole
scalar rather than at a wrong place.

Also collected: `#` comments that mention `replylint:` (suppressions), i.e. a
`#` at a line start or after a blank that is not inside a scalar.
"""

from __future__ import annotations

import bisect
import re

from ..suppression import is_directive_value
from . import Extraction, FormatError, FormatOptions, SegmentBuilder, is_reply

_STR_TAG = "tag:yaml.org,2002:str"
_BREAK_CHARS = "\r\n\x85\u2028\u2029"
_ESCAPES = {"0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
            "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}
_COMMENT = re.compile(r"(?m)(?:^|(?<=[ \t]))#[ \t]*replylint:[^\r\n]*")


def extract_yaml(text: str, options: FormatOptions) -> Extraction:
    import yaml

    try:
        docs = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = "; ".join(str(x) for x in (e.context, e.problem) if x)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise FormatError(line, col, f"invalid YAML: {what}") from None
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        raise FormatError(line, col, f"invalid YAML: {e.reason}") from None
    except (yaml.YAMLError, RecursionError) as e:
        raise FormatError(1, 1, f"invalid YAML: {e or 'nested too deeply'}") from None

    out = Extraction()
    content: list[tuple[int, int]] = []  # scalar text spans, where `#` is not a comment
    seen: set[int] = set()
    stack: list[tuple[object, tuple, int, int]] = [(d, (), d.start_mark.index, -1)
                                                   for d in reversed(docs) if d is not None]
    while stack:
        node, path, decl, parent = stack.pop()
        if id(node) in seen:  # an alias: the anchored node was visited already
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            content.append(_content_span(text, node))
            if node.tag != _STR_TAG:
                continue
            if is_directive_value(node.value):
                out.comments.append((node.value, node.start_mark.index, node.end_mark.index))
            elif is_reply(path, node.value, options):
                sb = scalar_builder(text, node, parent)
                out.segments.append(sb.build(decl, ".".join(str(p) for p in path)))
        elif isinstance(node, yaml.MappingNode):
            indent = node.start_mark.column
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                if isinstance(key, yaml.ScalarNode):
                    content.append(_content_span(text, key))
                stack.append((value, (*path, name), key.start_mark.index, indent))
        elif isinstance(node, yaml.SequenceNode):
            indent = node.start_mark.column
            for k in range(len(node.value) - 1, -1, -1):
                item = node.value[k]
                stack.append((item, (*path, k), item.start_mark.index, indent))
    out.segments.sort(key=lambda s: s.decl)
    out.comments.extend(_comments(text, content))
    return out


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _content_span(text: str, node) -> tuple[int, int]:
    s, e = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):
        # The header line (`| # comment`) may hold a comment; the content may not.
        nl = min((i for i in (text.find("\n", s, e), text.find("\r", s, e)) if i >= 0),
                 default=e)
        s = nl
    return s, e


def _comments(text: str, content: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    if "replylint:" not in text:
        return []
    content.sort()
    starts = [s for s, _ in content]
    found = []
    for m in _COMMENT.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < content[i][1]:
            continue  # a `#` inside a string
        found.append((m.group().rstrip(), m.start(), m.start() + len(m.group().rstrip())))
    return found


# --- re-scanning scalars, after yaml/scanner.py -------------------------------------------


def _brk(text: str, i: int) -> tuple[str, int]:
    """The line break at i as PyYAML reads it, and the offset after it."""
    ch = text[i]
    if ch == "\r":
        return "\n", (i + 2 if text.startswith("\r\n", i) else i + 1)
    if ch in "\n\x85":
        return "\n", i + 1
    return ch, i + 1  # \u2028, \u2029


def scalar_builder(text: str, node, parent_indent: int = -1) -> SegmentBuilder:
    """The scalar's value with the source span of each character."""
    try:
        if node.style in ("|", ">"):
            sb = _block_checked(text, node, parent_indent)
        elif node.style in ("'", '"'):
            sb = _quoted(text, node.start_mark.index, node.style == '"')
        else:
            sb = _plain(text, node.start_mark.index, node.end_mark.index)
    except IndexError:
        sb = None
    if sb is None or "".join(sb.parts) != node.value:
        sb = SegmentBuilder()  # should not happen: point at the whole scalar, never elsewhere
        sb.char(node.value, node.start_mark.index, node.end_mark.index)
    return sb


def _plain(text: str, s: int, e: int) -> SegmentBuilder:
    sb = SegmentBuilder()
    i = s
    while i < e:
        j = i
        while j < e and text[j] not in " \t" + _BREAK_CHARS:
            j += 1
        sb.verbatim(i, j, text)
        if j >= e:
            break
        k = j
        while k < e and text[k] in " \t":
            k += 1
        if k < e and text[k] in _BREAK_CHARS:
            lb, after = _brk(text, k)
            breaks = []
            m = after
            while m < e and text[m] in " " + _BREAK_CHARS:
                if text[m] == " ":
                    m += 1
                else:
                    b, m2 = _brk(text, m)
                    breaks.append((b, m, m2))
                    m = m2
            _fold(sb, lb, k, after, breaks)
            i = m
        else:
            sb.verbatim(j, k, text)
            i = k
    return sb


def _fold(sb: SegmentBuilder, lb: str, a: int, b: int, breaks: list) -> None:
    """A line break inside a flow or plain scalar: a space, unless blank lines follow."""
    if lb != "\n":
        sb.char(lb, a, b)
    elif not breaks:
        sb.char(" ", a, b)
    for ch, x, y in breaks:
        sb.char(ch, x, y)


def _quoted(text: str, s: int, double: bool) -> SegmentBuilder:
    sb = SegmentBuilder()
    quote = text[s]
    i = _non_spaces(text, s + 1, double, sb)
    while text[i] != quote:
        i = _spaces(text, i, sb)
        i = _non_spaces(text, i, double, sb)
    return sb


def _non_spaces(text: str, i: int, double: bool, sb: SegmentBuilder) -> int:
    stop = "'\"\\ \t" + _BREAK_CHARS
    while True:
        j = i
        while text[j] not in stop:
            j += 1
        sb.verbatim(i, j, text)
        i = j
        ch = text[i]
        if not double and ch == "'" and text[i + 1] == "'":
            sb.char("'", i, i + 2)
            i += 2
        elif (double and ch == "'") or (not double and ch in '"\\'):
            sb.verbatim(i, i + 1, text)
            i += 1
        elif double and ch == "\\":
            c = text[i + 1]
            if c in _ESCAPES:
                sb.char(_ESCAPES[c], i, i + 2)
                i += 2
            elif c in _HEX:
                n = _HEX[c]
                sb.char(chr(int(text[i + 2:i + 2 + n], 16)), i, i + 2 + n)
                i += 2 + n
            elif c in _BREAK_CHARS:  # an escaped line break joins the lines
                _, i = _brk(text, i + 1)
                breaks, i = _flow_breaks(text, i)
                for b, x, y in breaks:
                    sb.char(b, x, y)
            else:
                raise IndexError("unknown escape")
        else:
            return i


def _spaces(text: str, i: int, sb: SegmentBuilder) -> int:
    j = i
    while text[j] in " \t":
        j += 1
    if text[j] in _BREAK_CHARS:
        lb, after = _brk(text, j)
        breaks, k = _flow_breaks(text, after)
        _fold(sb, lb, j, after, breaks)
        return k
    sb.verbatim(i, j, text)
    return j


def _flow_breaks(text: str, i: int) -> tuple[list, int]:
    breaks = []
    while True:
        while text[i] in " \t":
            i += 1
        if text[i] in _BREAK_CHARS:
            b, k = _brk(text, i)
            breaks.append((b, i, k))
            i = k
        else:
            return breaks, i


def _block_checked(text: str, node, parent_indent: int) -> SegmentBuilder | None:
    """A block scalar, trying the enclosing indentation PyYAML would have used."""
    tried = [parent_indent, *range(-1, node.start_mark.column + 1)]
    for parent in dict.fromkeys(tried):
        sb = _block(text, node.start_mark.index, parent)
        if sb is not None and "".join(sb.parts) == node.value:
            return sb
    return None


def _block(text: str, s: int, parent: int) -> SegmentBuilder | None:
    n = len(text)
    sb = SegmentBuilder()
    folded = text[s] == ">"
    i = s + 1
    chomping: bool | None = None
    increment: int | None = None
    if i < n and text[i] in "+-":
        chomping = text[i] == "+"
        i += 1
        if i < n and text[i].isdigit():
            increment, i = int(text[i]), i + 1
    elif i < n and text[i].isdigit():
        increment, i = int(text[i]), i + 1
        if i < n and text[i] in "+-":
            chomping, i = text[i] == "+", i + 1
    while i < n and text[i] == " ":
        i += 1
    if i < n and text[i] == "#":
        while i < n and text[i] not in _BREAK_CHARS:
            i += 1
    if i < n:
        _, i = _brk(text, i)
    line_start = i
    min_indent = max(1, parent + 1)
    breaks: list = []
    if increment is None:
        max_indent = 0
        while i < n and text[i] in " " + _BREAK_CHARS:
            if text[i] != " ":
                b, k = _brk(text, i)
                breaks.append((b, i, k))
                i = line_start = k
            else:
                i += 1
                max_indent = max(max_indent, i - line_start)
        indent = max(min_indent, max_indent)
    else:
        indent = min_indent + increment - 1
        breaks, i, line_start = _block_breaks(text, i, line_start, indent)
    line_break: tuple[str, int, int] = ("", i, i)
    while i - line_start == indent and i < n:
        for b in breaks:
            sb.char(*b)
        leading_non_space = text[i] not in " \t"
        j = i
        while j < n and text[j] not in _BREAK_CHARS:
            j += 1
        sb.verbatim(i, j, text)
        if j < n:
            b, k = _brk(text, j)
            line_break = (b, j, k)
        else:
            line_break, k = ("", j, j), j
        i = line_start = k
        breaks, i, line_start = _block_breaks(text, i, line_start, indent)
        if i - line_start == indent and i < n:
            if (folded and line_break[0] == "\n" and leading_non_space
                    and text[i] not in " \t"):
                if not breaks:
                    sb.char(" ", line_break[1], line_break[2])
            elif line_break[0]:
                sb.char(*line_break)
        else:
            break
    if chomping is not False and line_break[0]:
        sb.char(*line_break)
    if chomping is True:
        for b in breaks:
            sb.char(*b)
    return sb


def _block_breaks(text: str, i: int, line_start: int, indent: int) -> tuple[list, int, int]:
    n = len(text)
    breaks = []
    while i - line_start < indent and i < n and text[i] == " ":
        i += 1
    while i < n and text[i] in _BREAK_CHARS:
        b, k = _brk(text, i)
        breaks.append((b, i, k))
        i = line_start = k
        while i - line_start < indent and i < n and text[i] == " ":
            i += 1
    return breaks, i, line_start
