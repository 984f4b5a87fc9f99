"""Plain text (.txt and any unknown extension): the whole file is one reply."""

from __future__ import annotations

from . import Extraction, FormatOptions, Segment


def extract_text(text: str, options: FormatOptions) -> Extraction:
    return Extraction([Segment(text, base=0, decl=0)])
