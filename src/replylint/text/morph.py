"""pymorphy3 analysis of single words, cached, keeping every parse.

The first parse is often wrong for our purpose («данная» parses first as a
participle of «дать»), so a word keeps all its parses and rules match any.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .normalize import fold


@dataclass(frozen=True, slots=True)
class Parse:
    lemma: str  # folded normal form
    grammemes: frozenset[str]
    tag: Any  # pymorphy3 tag, for inflection
    raw: Any  # pymorphy3 Parse, for inflection


@dataclass(frozen=True, slots=True)
class WordInfo:
    lemmas: frozenset[str]
    parses: tuple[Parse, ...]
    pos: frozenset[str]


_lock = threading.Lock()
_analyzer: Any = None


def analyzer() -> Any:
    """The process-wide MorphAnalyzer (loading its dictionaries takes ~0.1 s)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer(path=_dictionary_path(), lang="ru")
    return _analyzer


def _dictionary_path() -> str | None:
    """The Russian dictionaries' folder, named directly.

    Without it pymorphy3 finds them by scanning every installed package's entry
    points, which costs tens of milliseconds at every start.
    """
    try:
        import pymorphy3_dicts_ru
    except ImportError:  # pragma: no cover - a dependency of pymorphy3
        return None
    return pymorphy3_dicts_ru.get_path()


EMPTY = WordInfo(frozenset(), (), frozenset())


@lru_cache(maxsize=200_000)
def analyze(word: str) -> WordInfo:
    """All parses of a (folded) word."""
    parses = []
    try:
        found = analyzer().parse(word)
    except ValueError:
        # pymorphy3 looks up the Unicode name of every letter, and some letters have
        # none (Tangut «𗀀»): such a word is simply not Russian.
        return EMPTY
    for p in found:
        parses.append(Parse(fold(p.normal_form), p.tag.grammemes, p.tag, p))
    return WordInfo(
        frozenset(p.lemma for p in parses),
        tuple(parses),
        frozenset(p.tag.POS for p in parses if p.tag.POS),
    )


@lru_cache(maxsize=20_000)
def pattern_lemmas(word: str) -> frozenset[str]:
    """Lemmas a pattern word stands for.

    Authors write dictionary forms; when a word is not a dictionary form of
    itself («деньги», whose lemma is «деньга»), it stands for its lemmas.
    """
    w = fold(word)
    info = analyze(w)
    if w in info.lemmas or not info.lemmas:
        return frozenset({w})
    return info.lemmas


@lru_cache(maxsize=1)
def known_grammemes() -> frozenset[str]:
    return frozenset(analyzer().TagClass.KNOWN_GRAMMEMES)
