"""A reply analysed once: sentences, tokens with offsets and morphology.

Everything a rule needs is computed here, up front, so that rules never
re-read the text (adding rules adds no pass over it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from razdel import sentenize

from .morph import EMPTY, WordInfo, analyze
from .normalize import Normalized, fold, is_mark, normalize
from .regions import DEFAULT_PLACEHOLDER_RE, Span, placeholder_spans, quote_spans
from .tokens import tokenize

_WORDLIKE = re.compile(r"\w", re.U)
PLACEHOLDER_KEY = "\x00placeholder"


class Token:
    """One razdel token. `start`/`end` are offsets in the cleaned text."""

    __slots__ = ("end", "index", "info", "key", "placeholder", "quoted", "sentence", "start",
                 "text")

    def __init__(self, text: str, start: int, end: int, key: str, info: WordInfo,
                 placeholder: bool, index: int, sentence: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.key = key
        self.info = info
        self.placeholder = placeholder
        self.quoted = False
        self.index = index
        self.sentence = sentence

    @property
    def is_word(self) -> bool:
        return bool(self.info.parses) and not self.placeholder and bool(_WORDLIKE.search(self.text))

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Token({self.text!r}, {self.start}:{self.end})"


@dataclass(frozen=True)
class Sentence:
    first: int  # index of its first token
    last: int  # index past its last token
    start: int  # cleaned-text offsets
    end: int


@dataclass
class Document:
    text: str  # as the user wrote it
    norm: Normalized
    tokens: list[Token]
    sentences: list[Sentence]
    quotes: list[Span]
    placeholders: list[Span]
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Cleaned-text span → span in the user's text."""
        if self.norm.to_orig is None:
            return start, end
        s = self.norm.orig(start)
        e = self.norm.orig(end - 1) + 1 if end > start else s
        # A stress mark right after the last letter is part of it (and was dropped).
        text = self.text
        while e < len(text) and is_mark(text[e]):
            e += 1
        return s, e

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset in the user's text."""
        if not self._line_starts:
            self._line_starts = line_starts(self.text)
        return line_col(self._line_starts, offset)


def line_starts(text: str) -> list[int]:
    """Start offset of every line; \\r\\n, \\r and \\n all end a line."""
    starts = [0]
    starts.extend(m.end() for m in _LINE_BREAK.finditer(text))  # linear, unlike find() pairs
    return starts


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset`, given line_starts()."""
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


_LIST_MARK = re.compile(r"[ \t]*(?:[-*•–—>]|\d+[.)])\s")
_END_PUNCT = set(".!?:;…»)\"")


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a razdel sentence at line breaks that end a thought.

    A line break ends a sentence after end punctuation, before a list item or a
    quote, around short lines (greetings, signatures) and at blank lines; a
    hard-wrapped line inside a paragraph does not.
    """
    chunk = text[start:end]
    if "\n" not in chunk and "\r" not in chunk:
        return [(start, end)]
    lines = re.split(r"(\r\n|\r|\n)", chunk)
    pieces: list[tuple[int, int]] = []
    cur_start = start
    pos = start
    prev_line = ""
    for k in range(0, len(lines), 2):
        line = lines[k]
        if k > 0:
            stripped_prev = prev_line.rstrip()
            blank = not stripped_prev or not line.strip()
            breaks = (
                blank
                or (stripped_prev and stripped_prev[-1] in _END_PUNCT)
                or _LIST_MARK.match(line)
                or len(stripped_prev.split()) <= 4
                or len(line.split()) <= 3
            )
            if breaks and pos > cur_start:
                pieces.append((cur_start, pos))
                cur_start = pos
        pos += len(line)
        if k + 1 < len(lines):
            pos += len(lines[k + 1])
        prev_line = line
    pieces.append((cur_start, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


# razdel's sentenizer is quadratic in the length of one sentence («.» × 100 000 takes
# seconds, × 1 000 000 minutes); a text longer than this is fed to it in blocks of
# whole lines (a too-long line is cut at a space), so hostile input stays linear.
# Replies are far shorter, and get exactly razdel's sentences.
SENTENCE_BLOCK = 10_000


def _sentenize(text: str):
    """(start, stop) of razdel's sentences, in blocks of at most SENTENCE_BLOCK chars."""
    if len(text) <= SENTENCE_BLOCK:
        for sent in sentenize(text):
            yield sent.start, sent.stop
        return
    for a, b in _blocks(text, SENTENCE_BLOCK):
        for sent in sentenize(text[a:b]):
            yield a + sent.start, a + sent.stop


def _blocks(text: str, size: int):
    """Consecutive spans covering `text`, at most `size` long, cut after a blank line
    (where sentences end anyway) when the block has one, else after a line break,
    else after a space, else anywhere."""
    n = len(text)
    a = 0
    while a < n:
        b = min(n, a + size)
        if b < n:
            cut = text.rfind("\n\n", a, b - 1)
            if cut >= a:
                cut += 1
            else:
                cut = max(text.rfind("\n", a, b), text.rfind("\r", a, b))
            if cut < a:
                cut = text.rfind(" ", a, b)
            if cut >= a:
                b = cut + 1
        yield a, b
        a = b


def analyze_text(text: str, placeholder_re: re.Pattern[str] = DEFAULT_PLACEHOLDER_RE) -> Document:
    norm = normalize(text)
    clean = norm.text
    placeholders = placeholder_spans(clean, placeholder_re)
    masked = clean
    if placeholders:
        # One opaque word per placeholder, same length, so offsets stay put.
        parts, last = [], 0
        for s, e in placeholders:
            parts.append(clean[last:s])
            parts.append("x" * (e - s))
            last = e
        parts.append(clean[last:])
        masked = "".join(parts)
    # On the masked text: a `>` closing a multi-line HTML tag is not a quote marker.
    quotes = quote_spans(masked)

    tokens: list[Token] = []
    sentences: list[Sentence] = []
    ph_starts = {s: e for s, e in placeholders}
    for sent_start, sent_stop in _sentenize(masked):
        for s_start, s_end in _split_lines(masked, sent_start, sent_stop):
            first = len(tokens)
            for t_start, t_end in tokenize(masked[s_start:s_end]):
                ts, te = s_start + t_start, s_start + t_end
                if ts in ph_starts:
                    tokens.append(Token(clean[ts:te], ts, te, PLACEHOLDER_KEY, EMPTY, True,
                                        len(tokens), len(sentences)))
                    continue
                word = clean[ts:te]
                key = fold(word)
                info = analyze(key) if _WORDLIKE.search(key) else EMPTY
                tokens.append(Token(word, ts, te, key, info, False, len(tokens), len(sentences)))
            if len(tokens) > first:
                sentences.append(Sentence(first, len(tokens), s_start, s_end))
    if quotes:
        _mark_quoted(tokens, quotes)
    return Document(text, norm, tokens, sentences, quotes, placeholders)


def _mark_quoted(tokens: Sequence[Token], quotes: list[Span]) -> None:
    starts = [s for s, _ in quotes]
    for tok in tokens:
        i = bisect.bisect_right(starts, tok.start) - 1
        if i >= 0 and tok.start < quotes[i][1]:
            tok.quoted = True
