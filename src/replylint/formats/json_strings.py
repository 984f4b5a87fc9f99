"""JSON: every string value that is a reply, decoded, with each character mapped
back to the file (`\\n` is two characters in the file, `\\u0416` six, a surrogate
pair twelve).

The file is validated by the standard library first (its error has the line and
column); a small scanner then walks it again to find where each string sits,
iteratively, so deep nesting cannot exhaust the stack.
"""

from __future__ import annotations

import json
import re

from ..suppression import is_directive_value
from . import Extraction, FormatError, FormatOptions, SegmentBuilder, is_reply

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN"
                     r"|-?Infinity")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t"}


def extract_json(text: str, options: FormatOptions) -> Extraction:
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        raise FormatError(e.lineno, e.colno, f"invalid JSON: {e.msg}") from None
    except RecursionError:
        raise FormatError(1, 1, "invalid JSON: nested too deeply") from None
    out = Extraction()
    for path, start, end, decl in _strings(text):
        value = json.loads(text[start:end])
        if is_directive_value(value):
            out.comments.append((value, start, end))
        elif is_reply(path, value, options):
            seg = decode_string(text, start + 1, end - 1)
            out.segments.append(seg.build(decl, ".".join(str(p) for p in path)))
    return out


def _ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()  # type: ignore[union-attr]


def _strings(text: str):
    """(key path, start, end, decl offset) of every string value, in file order.

    Assumes valid JSON (checked before). `decl` is the offset of the member's
    key, or of the value itself inside an array.
    """
    stack: list[list] = []  # [kind, path, index]
    i = _ws(text, 0)
    path: tuple = ()
    decl = i
    while True:
        ch = text[i]
        done = True
        if ch == "{" or ch == "[":
            j = _ws(text, i + 1)
            if text[j] in "}]":
                i = _ws(text, j + 1)
            else:
                if ch == "{":
                    stack.append(["obj", path, 0])
                    key_end = _STRING.match(text, j).end()  # type: ignore[union-attr]
                    path, decl = (*path, json.loads(text[j:key_end])), j
                    i = _ws(text, _ws(text, key_end) + 1)  # past the ':'
                else:
                    stack.append(["arr", path, 0])
                    path, decl, i = (*path, 0), j, j
                done = False
        elif ch == '"':
            m = _STRING.match(text, i)
            yield path, m.start(), m.end(), decl  # type: ignore[union-attr]
            i = _ws(text, m.end())  # type: ignore[union-attr]
        else:
            i = _ws(text, _SCALAR.match(text, i).end())  # type: ignore[union-attr]
        while done:
            if not stack:
                return
            top = stack[-1]
            if text[i] == ",":
                j = _ws(text, i + 1)
                if top[0] == "obj":
                    key_end = _STRING.match(text, j).end()  # type: ignore[union-attr]
                    path, decl = top[1] + (json.loads(text[j:key_end]),), j
                    i = _ws(text, _ws(text, key_end) + 1)
                else:
                    top[2] += 1
                    path, decl, i = top[1] + (top[2],), j, j
                done = False
            else:  # } or ]
                stack.pop()
                i = _ws(text, i + 1)


def decode_string(text: str, a: int, b: int) -> SegmentBuilder:
    """The JSON string body text[a:b], decoded, with each character's source span."""
    sb = SegmentBuilder()
    i = a
    while i < b:
        j = text.find("\\", i, b)
        if j < 0:
            sb.verbatim(i, b, text)
            break
        sb.verbatim(i, j, text)
        c = text[j + 1]
        if c == "u":
            code, k = int(text[j + 2:j + 6], 16), j + 6
            if 0xD800 <= code < 0xDC00 and text.startswith("\\u", k) and k + 6 <= b:
                low = int(text[k + 2:k + 6], 16)
                if 0xDC00 <= low < 0xE000:
                    code, k = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), k + 6
            sb.char(chr(code), j, k)
            i = k
        else:
            sb.char(_ESCAPES[c], j, j + 2)
            i = j + 2
    return sb
