"""Character normalisation for matching, keeping a map back to the original.

Rules match a cleaned copy of the text (no zero-width characters, soft hyphens
or stress marks; exotic spaces turned into plain ones) while findings must
point into the text the user wrote. Removed characters shift offsets, so the
cleaned copy carries `to_orig`: the original offset of every cleaned character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters dropped from the matching copy: invisible or purely typographic.
_DROP = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0300\u0301\u0302\u0306\u0308]")
# Characters replaced one-for-one (offsets unchanged).
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u202f\u2002\u2003\u2009\u200a\t\x0b\x0c"})
_NEEDS_WORK = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f\u00a0\u2000-\u200a\u202f]")


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
    if not _NEEDS_WORK.search(text):
        return Normalized(text, None, len(text))
    # Compose first so that "е" + U+0308 becomes "ё" rather than a bare "е".
    out: list[str] = []
    to_orig: list[int] = []
    for i, ch in enumerate(text):
        if ch in "\u0308\u0306" and out:
            composed = unicodedata.normalize("NFC", out[-1] + ch)
            if len(composed) == 1:
                out[-1] = composed
                continue
        if _DROP.match(ch):
            continue
        out.append(ch)
        to_orig.append(i)
    cleaned = "".join(out).translate(_SPACES)
    return Normalized(cleaned, tuple(to_orig), len(text))


# Latin letters that look like Cyrillic ones, mapped when a word mixes scripts.
_LOOKALIKE = str.maketrans("aeopcxyABEKMHOPCTXkmhtb", "аеорсхуАВЕКМНОРСТХкмнтв")
_CYR = re.compile("[а-яёА-ЯЁ]")
_LAT = re.compile("[a-zA-Z]")


def fold(word: str) -> str:
    """Matching key of a word: lower case, ё→е, look-alike Latin fixed in Cyrillic words."""
    if _LAT.search(word) and _CYR.search(word):
        word = word.translate(_LOOKALIKE)
    return word.lower().replace("ё", "е")
