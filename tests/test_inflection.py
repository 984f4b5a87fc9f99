"""substitute rules inflect their replacement to agree with the matched words."""

import pytest

from replylint.engine.inflect import inflect_replacement
from replylint.text.document import analyze_text
from replylint.text.morph import pattern_lemmas


def suggest(text: str, replacement: str, lemmas: list[str]) -> str:
    toks = [t for t in analyze_text(text).tokens if t.is_word]
    return inflect_replacement(replacement, list(zip(toks, [pattern_lemmas(x) for x in lemmas],
                                                     strict=True)))


@pytest.mark.parametrize("text, replacement, lemmas, expected", [
    ("аннулировали долг", "вернуть деньги", ["аннулировать", "долг"], "вернули деньги"),
    ("денежных средств", "деньги", ["денежный", "средство"], "денег"),
    ("денежными средствами", "деньги", ["денежный", "средство"], "деньгами"),
    ("Данная ситуация", "этот ситуация", ["данный", "ситуация"], "Эта ситуация"),
    ("произвели перерасчёт", "пересчитать", ["произвести", "перерасчёт"], "пересчитали"),
    ("осуществим возврат", "вернуть", ["осуществить", "возврат"], "вернём"),
    ("задолженностью", "долг", ["задолженность"], "долгом"),
    ("долг аннулирован", "долг списать", ["долг", "аннулировать"], "долг списан"),
    ("ДЕНЕЖНЫЕ СРЕДСТВА", "деньги", ["денежный", "средство"], "ДЕНЬГИ"),
    ("в рамках обращения", "=по вашему письму", ["в", "рамка", "обращение"],
     "по вашему письму"),
])
def test_replacement_agrees_in_form_and_case(text, replacement, lemmas, expected):
    assert suggest(text, replacement, lemmas) == expected


def suggest_in(text: str, start: int, replacement: str, lemmas: list[str]) -> str:
    """Like suggest(), for the words from token `start` on, with the token before as context."""
    toks = [t for t in analyze_text(text).tokens if t.is_word]
    matched = list(zip(toks[start:], [pattern_lemmas(x) for x in lemmas], strict=True))
    return inflect_replacement(replacement, matched, toks[start - 1] if start else None)


@pytest.mark.parametrize("text, start, expected", [
    ("уборка придомовой территории", 1, "двора"),  # agreement: genitive singular
    ("мусор на придомовой территории", 2, "дворе"),  # «на»: locative
    ("работы по придомовой территории", 2, "двору"),  # «по»: dative
    ("Придомовые территории", 0, "Дворы"),  # plural, from the adjective
])
def test_agreement_and_prepositions_pick_the_form(text, start, expected):
    assert suggest_in(text, start, "двор", ["придомовой", "территория"]) == expected


def test_a_transitive_verb_before_the_match_asks_for_the_accusative():
    assert suggest_in("нужно снять транспортное средство", 2, "машина",
                      ["транспортный", "средство"]) == "машину"
    assert suggest_in("ремонт транспортного средства", 1, "машина",
                      ["транспортный", "средство"]) == "машины"
