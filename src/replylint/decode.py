"""Bytes of a user's file → text, or a clear reason why not.

In order:

1. A byte-order mark decides: UTF-8, UTF-16 or UTF-32, little or big endian
   (the mark is not part of the text, so columns count from the first letter).
2. UTF-16 without a mark is recognised by its zero bytes when it decodes to
   printable text one way only; other NUL bytes, or many control bytes, mean
   a binary file (skipped with a notice).
3. Valid UTF-8 is UTF-8.
4. Mostly valid UTF-8 with a few bad bytes is a damaged UTF-8 file: an error
   that names the line of the first bad byte, never a guess.
5. The legacy Russian encodings (cp1251, koi8-r, cp866) are tried, each decoded
   text scored by how many of its words pymorphy3's dictionary knows (and by
   how few stray symbols it has). Generic detectors such as charset-normalizer
   get short Russian texts wrong: a koi8-r «да» reads as cp1251 «ДБ», koi8-r
   «ВНИМАНИЕ» as «чойнбойе»; the dictionary does not. The text must look
   Russian, or it is not accepted.

Anything else (Latin-1, Chinese, random bytes) is an error that says to save
the file as UTF-8: a linter for Russian replies does not guess further.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class DecodeProblem(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name: utf-8, utf-8-sig, utf-16, cp1251, …

    @property
    def legacy(self) -> bool:
        """Not a Unicode encoding: worth telling the user which one was assumed."""
        return not self.encoding.startswith("utf")


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its mark starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY = ("cp1251", "koi8_r", "cp866")  # most common first: it wins a tie
_PRIOR = {"cp1251": 0.1, "koi8_r": 0.05, "cp866": 0.0}
SNIFF = 8192  # bytes looked at for the binary test
SCORE_CHARS = 20_000  # characters of a legacy text scored (enough, and bounded)


def decode_bytes(data: bytes) -> str:
    """The text of a file (see the module doc); DecodeProblem when there is none."""
    return decode(data).text


def decode(data: bytes) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as e:
                raise DecodeProblem("decode", f"not valid {enc.upper()} despite its byte-order "
                                              f"mark (byte {e.start}): save the file as UTF-8"
                                    ) from None
    head = data[:SNIFF]
    if b"\x00" in head:
        found = _utf16_without_bom(data)
        if found is not None:
            return found
        raise DecodeProblem("binary", "binary file, skipped")
    if _control_ratio(head) > 0.05:
        raise DecodeProblem("binary", "binary file (control characters), skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    else:
        if not text.isascii() and not _CYR_ANY.search(text):
            # cp866 puts Russian lowercase letters at bytes that often form valid UTF-8
            # («там» is E2 A0 AC, «⠬»): valid UTF-8 without a single Cyrillic letter
            # that reads as clean Russian in cp866 is cp866.
            found = _russian_legacy(data, ("cp866",))
            if found is not None:
                return found
        return Decoded(text, "utf-8")
    if _mostly_utf8(data):
        line, col = _line_col_of_byte(data, first_bad)
        raise DecodeProblem("decode", f"invalid UTF-8 at line {line}, column {col} (byte "
                                      f"0x{data[first_bad]:02x}): the file is UTF-8 but damaged; "
                                      "fix or delete that character, or save the file as UTF-8 "
                                      "again")
    found = _russian_legacy(data)
    if found is not None:
        return found
    raise DecodeProblem("decode", "cannot tell the encoding: not UTF-8, and not Russian text "
                                  "in cp1251, koi8-r or cp866; save the file as UTF-8")


_CONTROL = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _control_ratio(head: bytes) -> float:
    return len(_CONTROL.findall(head)) / len(head) if head else 0.0


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    ok = sum(1 for ch in text[:SNIFF] if ch.isprintable() or ch in "\t\n\r")
    return ok / min(len(text), SNIFF)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a byte-order mark, when exactly one byte order reads as text."""
    if len(data) % 2:
        return None
    found = []
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _printable_ratio(text) > 0.98:
            found.append(Decoded(text, enc))
    return found[0] if len(found) == 1 else None


_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


def _mostly_utf8(data: bytes) -> bool:
    """Many valid multi-byte UTF-8 characters for each bad byte: UTF-8, damaged.

    A legacy-encoded file has almost no valid UTF-8 sequences, since Cyrillic
    letters in cp1251/koi8-r are single bytes ≥ 0xC0 followed by another letter.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(_NON_ASCII.findall(text))
    return good >= 2 * bad and good > 0


def _line_col_of_byte(data: bytes, i: int) -> tuple[int, int]:
    head = data[:i]
    start = head.rfind(b"\n") + 1
    return head.count(b"\n") + 1, len(head[start:].decode("utf-8", "replace")) + 1


# Russian letters by frequency in running text (per mille), for tie-breaking.
_FREQ = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
                 (110, 85, 80, 73, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 26, 20, 19, 17, 17, 16,
                  16, 14, 12, 10, 9, 7, 6, 5, 4, 3, 3, 1, 1), strict=True))
_RUN = re.compile("[A-Za-zА-Яа-яЁё]+")
_CYR_ONLY = re.compile("[А-Яа-яЁё]+")
_CASE_FLIP = re.compile("[а-яё][А-ЯЁ]")  # «пРИВЕТ»: koi8-r read as cp1251 and back
# Non-ASCII characters other than letters that Russian text is full of; anything
# else (box drawing, ¦, ¤, accented Latin) means the encoding is wrong.
_JUNK = re.compile("[^\x00-\x7fА-Яа-яЁё«»—–…№‘’“”„₽€]")
_CYR_ANY = re.compile("[А-Яа-яЁё]")
_UPPER = re.compile("[А-ЯЁ]")
_NON_ASCII_CHAR = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True)
class _Score:
    known: float  # share of Cyrillic (or mixed) words that the dictionary knows
    junk: float  # share of non-ASCII characters that Russian text would not have
    value: float


def _score(text: str) -> _Score | None:
    from .text.morph import analyzer

    morph = analyzer()
    runs = _RUN.findall(text[:SCORE_CHARS])
    words = [w for w in runs if not w.isascii()]
    if not words:
        return None
    cyr = [w for w in words if _CYR_ONLY.fullmatch(w)]
    known = sum(1 for w in cyr if morph.word_is_known(w.lower())) / len(words)
    flips = sum(1 for w in words if _CASE_FLIP.search(w)) / len(words)
    sample = text[:SCORE_CHARS]
    junk = len(_JUNK.findall(sample)) / (len(_NON_ASCII_CHAR.findall(sample)) or 1)
    letters = "".join(cyr)
    upper = len(_UPPER.findall(letters)) / (len(letters) or 1)  # short texts are rarely all caps
    letters = letters.lower()
    freq = sum(_FREQ.get(ch, 0) for ch in letters) / (len(letters) or 1) / 110
    return _Score(known, junk, 3 * known - flips - 3 * junk - 0.5 * upper + 0.5 * freq)


def _russian_legacy(data: bytes, encodings: tuple[str, ...] = LEGACY) -> Decoded | None:
    best: tuple[float, Decoded, _Score] | None = None
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if score is None:
            continue
        value = score.value + _PRIOR[enc]
        if best is None or value > best[0]:
            best = (value, Decoded(text, enc), score)
    # At least half the words known: Russian, and read right. (A wrong encoding of
    # Russian text gives words the dictionary has never seen.)
    if best is not None and best[2].known >= 0.5 and best[2].junk < 0.2:
        return best[1]
    return None
