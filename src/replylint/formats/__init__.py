"""File formats: a file's text → the replies in it, each mapped back to the file.

A template repository keeps many replies per file. Each format module turns a
file into `Segment`s: the text of one reply as it will be sent (YAML escapes
decoded, Markdown code and front matter left out) plus, for every character,
where it came from in the file. Findings are computed on a segment and mapped
back, so lines and columns always point into the original file.

    .txt (and anything unknown)  one reply per file          formats/text.py
    .md, .markdown               one per section/paragraph   formats/markdown.py
    .yaml, .yml                  one per reply string value  formats/yaml_strings.py
    .json                        one per reply string value  formats/json_strings.py
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

FORMATS = ("txt", "md", "yaml", "json")
_SUFFIXES = {".md": "md", ".markdown": "md", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}

# String values under these keys are not replies (metadata, subjects, staff notes).
DEFAULT_SKIP_KEYS = (
    "id", "key", "pk", "model", "name", "title", "subject", "heading", "notes", "note",
    "locale", "lang", "language", "type", "kind", "format", "status", "url", "href", "link",
    "icon", "slug", "template_name", "email", "phone", "date", "created", "updated",
    "version", "*_id", "*_url",
)
_CYRILLIC = re.compile("[А-Яа-яЁё]")


class FormatError(ValueError):
    """A file that cannot be parsed in its format (broken YAML or JSON)."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(f"{line}:{col}: {message}")
        self.line, self.col, self.reason = line, col, message


@dataclass(frozen=True)
class FormatOptions:
    """What counts as a reply inside a file (set by the config)."""

    reply_keys: tuple[str, ...] = ("*",)
    skip_keys: tuple[str, ...] = DEFAULT_SKIP_KEYS
    cyrillic_only: bool = True  # YAML/JSON: a string with no Cyrillic letter is not linted
    markdown_split: str = "section"  # section | paragraph


@dataclass
class Segment:
    """One reply: its text and, per character, the [start, end) it came from in the file.

    `starts`/`ends` are None when the text is a verbatim slice of the file
    beginning at `base` (the common, cheap case). `decl` is the file offset
    where the reply is declared (its key, heading or first line): a suppression
    comment aimed at that line covers the whole reply.
    """

    text: str
    base: int = 0
    starts: Sequence[int] | None = None
    ends: Sequence[int] | None = None
    decl: int = 0
    label: str = ""

    def orig_start(self, i: int) -> int:
        if self.starts is None:
            return self.base + i
        if not self.starts:
            return self.base
        if i >= len(self.starts):
            return self.ends[-1]  # type: ignore[index]
        return self.starts[i]

    def orig_end(self, j: int) -> int:
        """File offset just past segment character j-1 (j is an exclusive end)."""
        if self.starts is None:
            return self.base + j
        if not self.starts or j <= 0:
            return self.orig_start(0)
        return self.ends[min(j, len(self.ends)) - 1]  # type: ignore[index]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        s = self.orig_start(start)
        return (s, self.orig_end(end)) if end > start else (s, s)

    def blanked(self, spans: Sequence[tuple[int, int]]) -> Segment:
        """The same segment with these spans turned into spaces (line breaks kept)."""
        chars = list(self.text)
        for s, e in spans:
            for i in range(s, e):
                if chars[i] not in "\r\n":
                    chars[i] = " "
        return Segment("".join(chars), self.base, self.starts, self.ends, self.decl, self.label)


class SegmentBuilder:
    """Builds a segment from verbatim slices of the source and decoded characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("q")
        self.ends = array("q")

    def verbatim(self, a: int, b: int, src: str) -> None:
        if b > a:
            self.parts.append(src[a:b])
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))

    def char(self, ch: str, a: int, b: int) -> None:
        """Characters decoded from source[a:b] (an escape, a folded line break)."""
        for c in ch:
            self.parts.append(c)
            self.starts.append(a)
            self.ends.append(b)

    def __len__(self) -> int:
        return len(self.starts)

    def build(self, decl: int, label: str = "") -> Segment:
        return Segment("".join(self.parts), self.starts[0] if self.starts else decl,
                       self.starts, self.ends, decl, label)


@dataclass
class Extraction:
    segments: list[Segment] = field(default_factory=list)
    # Comments that may hold suppressions, as (text, start, end) in file offsets: YAML `#`
    # comments, and string values that are a directive (JSON has no comments).
    comments: list[tuple[str, int, int]] = field(default_factory=list)


def format_of(path: str) -> str:
    return _SUFFIXES.get(PurePath(path).suffix.lower(), "txt")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def key_matches(path: Sequence[str | int], patterns: Sequence[str]) -> bool:
    """A dotted pattern matches the end of the key path (`fields.plain_text` matches
    `17.fields.plain_text`; list items are numbers); a plain one matches the nearest
    key (`body`, `*_text`)."""
    from fnmatch import fnmatchcase

    dotted = ".".join(str(p) for p in path)
    nearest = next((p for p in reversed(path) if isinstance(p, str)), "")
    for pat in patterns:
        if "." in pat:
            if fnmatchcase(dotted, pat) or fnmatchcase(dotted, "*." + pat):
                return True
        elif fnmatchcase(nearest, pat):
            return True
    return False


def is_reply(path: Sequence[str | int], value: str, options: FormatOptions) -> bool:
    if not value.strip():
        return False
    if options.cyrillic_only and not has_cyrillic(value):
        return False
    return key_matches(path, options.reply_keys) and not key_matches(path, options.skip_keys)


def extract(fmt: str, text: str, options: FormatOptions | None = None) -> Extraction:
    """The replies of a file's text in format `fmt`; FormatError when it cannot be parsed."""
    options = options or FormatOptions()
    if fmt == "md":
        from .markdown import extract_markdown

        return extract_markdown(text, options)
    if fmt == "yaml":
        from .yaml_strings import extract_yaml

        return extract_yaml(text, options)
    if fmt == "json":
        from .json_strings import extract_json

        return extract_json(text, options)
    from .text import extract_text

    return extract_text(text, options)
