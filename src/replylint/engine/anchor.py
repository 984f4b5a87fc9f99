"""Where a finding about something missing from the whole reply points.

"No apology" has no span of its own; it points at the first sentence after
the greeting, where the apology belongs, and its message says so.
"""

from __future__ import annotations

from ..text.document import Document, Token

GREETING_LEMMAS = frozenset({
    "здравствуйте", "здравствуй", "здравствовать", "привет", "добрый", "доброе", "уважаемый",
    "дорогой", "hello", "hi", "dear", "приветствовать", "доброго",
})


def reply_anchor(doc: Document) -> tuple[int, int]:
    """Cleaned-text span of the first sentence that is not a greeting."""
    fallback: tuple[int, int] | None = None
    for sent in doc.sentences:
        all_words = [t for t in doc.tokens[sent.first:sent.last] if t.is_word]
        words = [t for t in all_words if not t.quoted]
        if not words:
            continue
        span = _trim(doc, sent.first, sent.last)
        if fallback is None:
            fallback = span
        if is_greeting(words) or len(words) * 2 < len(all_words):
            continue  # a greeting, or mostly the customer's quoted words
        return span
    if fallback is not None:
        return fallback
    return (0, min(len(doc.norm.text), 1))


def is_greeting(words: list[Token]) -> bool:
    """«Здравствуйте!», «Добрый день, Анна!», «Виктор, здравствуйте!», «Уважаемый клиент!»"""
    if len(words) > 6:
        return False
    return any(t.info.lemmas & GREETING_LEMMAS or t.key in GREETING_LEMMAS for t in words[:3])


def sentence_span(doc: Document, index: int) -> tuple[int, int]:
    """Cleaned-text span of sentence `index`, cut at its first line break."""
    sent = doc.sentences[index]
    return _trim(doc, sent.first, sent.last)


def _trim(doc: Document, first: int, last: int) -> tuple[int, int]:
    """The sentence's span, cut at its first line break (one underlined line)."""
    start = doc.tokens[first].start
    end = doc.tokens[last - 1].end
    text = doc.norm.text
    nl = text.find("\n", start, end)
    if nl >= 0:
        end = nl
    return start, end
