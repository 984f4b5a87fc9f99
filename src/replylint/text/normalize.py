"""Character normalisation for matching, keeping a map back to the original.

Rules match a cleaned copy of the text (no zero-width or bidi characters, soft
hyphens, stress marks or other combining marks; exotic spaces turned into plain
ones; Latin look-alike letters inside Cyrillic words made Cyrillic) while
findings must point into the text the user wrote. Removed characters shift
offsets, so the cleaned copy carries `to_orig`: the original offset of every
cleaned character. Replacements are one-for-one and keep offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Dropped from the matching copy: invisible (format characters: soft hyphen,
# zero-width, bidi marks and isolates, BOM) or combining marks (stress marks,
# variation selectors). Only ranges that can sit inside a word are listed.
_DROP_CHARS = ("\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
               "\ufeff\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
               "\ufe00-\ufe0f\ufe20-\ufe2f")
_DROP = re.compile(f"[{_DROP_CHARS}]")
# Replaced by a plain space, one for one: every other space character.
_SPACE_CHARS = "\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x85\t\x0b\x0c"
_SPACE_RE = re.compile(f"[{_SPACE_CHARS}]")
_NEEDS_WORK = re.compile(f"[{_DROP_CHARS}{_SPACE_CHARS}]")
_COMPOSING = "\u0306\u0308"  # и + breve = й, е + diaeresis = ё: kept as one letter


@dataclass(frozen=True)
class Normalized:
    text: str
    to_orig: tuple[int, ...] | None  # None: offsets are identical
    orig_len: int

    def orig(self, i: int) -> int:
        """Original offset of cleaned offset `i` (i may equal len(text))."""
        if self.to_orig is None:
            return i
        if i >= len(self.to_orig):
            return self.orig_len
        return self.to_orig[i]


def normalize(text: str) -> Normalized:
    cleaned, to_orig = _drop_invisible(text) if _DROP.search(text) else (text, None)
    if _SPACE_RE.search(cleaned):
        cleaned = _SPACE_RE.sub(" ", cleaned)
    cleaned = fix_lookalikes(cleaned)
    return Normalized(cleaned, to_orig, len(text))


def _drop_invisible(text: str) -> tuple[str, tuple[int, ...]]:
    """Text without _DROP characters, and the original offset of each kept one."""
    parts: list[str] = []
    to_orig: list[int] = []
    last = 0
    for m in _DROP.finditer(text):
        i = m.start()
        if i > last:
            parts.append(text[last:i])
            to_orig.extend(range(last, i))
        ch = text[i]
        if ch in _COMPOSING and parts:
            # Compose, so that "е" + U+0308 becomes "ё" rather than a bare "е".
            composed = unicodedata.normalize("NFC", parts[-1][-1] + ch)
            if len(composed) == 1:
                parts[-1] = parts[-1][:-1] + composed
        last = i + 1
    if last < len(text):
        parts.append(text[last:])
        to_orig.extend(range(last, len(text)))
    return "".join(parts), tuple(to_orig)


def is_mark(ch: str) -> bool:
    """A combining mark (stress mark, diaeresis): it is part of the letter before it."""
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


# Latin letters that look like Cyrillic ones, mapped when a word mixes scripts.
_LOOKALIKE = str.maketrans("aeopcxyABEKMHOPCTXkmhtb", "аеорсхуАВЕКМНОРСТХкмнтв")
_CYR = re.compile("[а-яёА-ЯЁ]")
_LAT = re.compile("[a-zA-Z]")
# In running text only true homoglyphs are mapped, and only inside a word that also
# has Cyrillic letters and no other Latin ones: «дoлг», «Cпасибо» (Latin o, C) are
# Russian words, «ссылкойhttp» is two words run together and stays as it is.
_HOMOGLYPHS = "aeopcxyABEKMHOPCTXY"
_HOMOGLYPH_MAP = str.maketrans(_HOMOGLYPHS, "аеорсхуАВЕКМНОРСТХУ")
_SCRIPT_BOUNDARY = re.compile("[а-яёА-ЯЁ][a-zA-Z]|[a-zA-Z][а-яёА-ЯЁ]")
_LETTER_RUN = re.compile("[a-zA-Zа-яёА-ЯЁ]+")
_NOT_HOMOGLYPH = re.compile(f"[^{_HOMOGLYPHS}а-яёА-ЯЁ]")


def fix_lookalikes(text: str) -> str:
    """Latin look-alike letters inside Cyrillic words made Cyrillic (one for one)."""
    if not _SCRIPT_BOUNDARY.search(text):
        return text
    parts: list[str] = []
    last = 0
    for m in _LETTER_RUN.finditer(text):
        word = m.group()
        if _LAT.search(word) and _CYR.search(word) and not _NOT_HOMOGLYPH.search(word):
            parts.append(text[last:m.start()])
            parts.append(word.translate(_HOMOGLYPH_MAP))
            last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def fold(word: str) -> str:
    """Matching key of a word: lower case, ё→е, look-alike Latin fixed in Cyrillic words."""
    if _LAT.search(word) and _CYR.search(word):
        word = word.translate(_LOOKALIKE)
    return word.lower().replace("ё", "е")
