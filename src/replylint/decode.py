"""Bytes of a user's file → text, or a clear reason why not."""

from __future__ import annotations

import codecs


class DecodeProblem(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> str:
    """Decode a text file: BOM-marked UTF-8/16/32, UTF-8, else a legacy Russian encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise DecodeProblem("decode", f"not valid {enc} despite its byte-order mark: {e}"
                                    ) from None
    if b"\x00" in data[:8192]:
        raise DecodeProblem("binary", "binary file, skipped")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _legacy(data)


def _legacy(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a dependency
        raise DecodeProblem("decode", "not UTF-8 and no encoding detector installed") from None
    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "cp866", "mac_cyrillic",
                                          "utf_16", "latin_1"]).best()
    if best is None:
        raise DecodeProblem("decode", "cannot tell the encoding: save the file as UTF-8")
    return str(best)
