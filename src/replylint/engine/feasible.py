"""Load-time checks that a pattern element can match anything at all.

A pattern that can never match is a silent bug in a rule pack: the rule looks
active and never fires. Two kinds are caught when the pack is compiled:

* a form or word that the tokenizer would split («=т.е.», «»,», «abcабв»):
  tokens never contain it, so it can never equal one;
* grammemes that no parse can have: «долг@VERB» (no form of «долг» is a verb),
  «@NOUN,past». Checked against the lemma's whole paradigm in pymorphy3's
  dictionary, or against every tag the dictionary knows.

Unknown (predicted) words are not checked: their parses depend on the text.
"""

from __future__ import annotations

from functools import lru_cache

from ..text.morph import analyzer
from ..text.normalize import fold
from ..text.tokens import tokenize

# Tags that come from pymorphy3's non-dictionary analysers (latin, numbers, punctuation).
_EXTRA_TAGS = (frozenset({"LATN"}), frozenset({"PNCT"}), frozenset({"NUMB", "intg"}),
               frozenset({"NUMB", "real"}), frozenset({"ROMN"}), frozenset({"UNKN"}))


def token_split(form: str) -> list[str] | None:
    """The tokens `form` is split into, or None when it is exactly one token."""
    spans = list(tokenize(form))
    if spans == [(0, len(form))]:
        return None
    return [form[s:e] for s, e in spans]


@lru_cache(maxsize=1)
def _all_tags() -> tuple[frozenset[str], ...]:
    tags = {frozenset(t.grammemes) for t in analyzer().dictionary.gramtab}
    return (*tags, *_EXTRA_TAGS)


def _fits(grams: frozenset[str], need: frozenset[str], avoid: frozenset[str]) -> bool:
    return need <= grams and avoid.isdisjoint(grams)


@lru_cache(maxsize=4096)
def any_tag_has(need: frozenset[str], avoid: frozenset[str]) -> bool:
    """Whether any word at all can have a parse with `need` and none of `avoid`."""
    return any(_fits(g, need, avoid) for g in _all_tags())


@lru_cache(maxsize=4096)
def lemma_can_have(word: str, lemmas: frozenset[str], need: frozenset[str],
                   avoid: frozenset[str]) -> bool:
    """Whether some form of `lemmas` (the pattern word `word` stands for) has a parse
    with `need` and none of `avoid`. True when the dictionary does not know the word."""
    morph = analyzer()
    known = False
    try:
        parses = morph.parse(word)
    except ValueError:  # a letter without a Unicode name (see morph.analyze): unknown
        return True
    for p in parses:
        if fold(p.normal_form) not in lemmas or not morph.word_is_known(p.normal_form):
            continue
        known = True
        if any(_fits(frozenset(f.tag.grammemes), need, avoid) for f in p.lexeme):
            return True
    return not known


def paradigm_summary(word: str, lemmas: frozenset[str], limit: int = 6) -> str:
    """A few of the lemma's tags, for the error message."""
    seen: list[str] = []
    for p in analyzer().parse(word):  # only called after lemma_can_have parsed it
        if fold(p.normal_form) in lemmas:
            for f in p.lexeme:
                pos = f.tag.POS
                if pos and pos not in seen:
                    seen.append(pos)
    return ", ".join(seen[:limit])
