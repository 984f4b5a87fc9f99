"""The pattern language: lemmas, forms, grammemes, gaps, options, marks, exceptions."""

import pytest

from replylint.engine.matcher import PatternIndex
from replylint.engine.pattern import PatternError, compile_pattern
from replylint.text.document import analyze_text


def spans(pattern: str, text: str) -> list[str]:
    index = PatternIndex()
    p = compile_pattern(pattern)
    index.add("x", p)
    doc = analyze_text(text)
    out = []
    for m in index.scan(doc):
        lo, hi = m.marked()
        out.append(doc.norm.text[doc.tokens[lo].start:doc.tokens[hi - 1].end])
    return out


def test_lemma_matches_every_inflection():
    assert spans("аннулировать долг", "Мы аннулировали долг.") == ["аннулировали долг"]
    assert spans("аннулировать долг", "аннулирую долги") == ["аннулирую долги"]


def test_non_dictionary_form_stands_for_its_lemma():
    assert spans("деньги", "Без денег") == ["денег"]


def test_exact_form():
    assert spans("=данная", "данная ситуация") == ["данная"]
    assert spans("=данная", "данной ситуации") == []


def test_grammemes_constrain_the_parse():
    assert spans("простить@impr", "Простите нас") == ["Простите"]
    assert spans("простить@impr", "Мы простили долг") == []
    assert spans("долг аннулировать@PRTS", "долг аннулирован") == ["долг аннулирован"]
    assert spans("@NOUN,!nomn", "без денег") == ["денег"]


def test_alternatives_optional_and_gaps():
    p = "приносить свой? глубокий? извинение"
    assert spans(p, "Приносим свои глубочайшие извинения") == [
        "Приносим свои глубочайшие извинения"]
    assert spans(p, "приносим извинения") == ["приносим извинения"]
    assert spans("аннулировать *2 долг", "аннулировали ваш старый долг") == [
        "аннулировали ваш старый долг"]
    assert spans("аннулировать *1 долг", "аннулировали ваш старый долг") == []
    assert spans("задолженность|долг", "задолженности нет") == ["задолженности"]


def test_leading_optional_element_is_indexed_both_ways():
    assert spans("самый? ближайший время", "в самое ближайшее время") == [
        "самое ближайшее время"]
    assert spans("самый? ближайший время", "в ближайшее время") == ["ближайшее время"]


def test_mark_reports_part_of_the_match():
    assert spans("согласно [ условие ]", "согласно условиям") == ["условиям"]


def test_matches_stay_inside_a_sentence():
    assert spans("долг *3 аннулировать", "Это долг. Мы аннулировали") == []


def test_quoted_tokens_never_match():
    assert spans("данный ситуация", "Вы пишете: «данная ситуация». ") == []


@pytest.mark.parametrize("bad, why", [
    ("", "empty"),
    ("*2 долг", "start or end with a gap"),
    ("долг *40 долг", "gap"),
    ("долг@nosuch", "unknown grammeme"),
    ("долг?", "every element is optional"),
    ("(a|b)+", "not a word"),
    ("[ долг", "without a closing"),
    ("a|", "empty alternative"),
])
def test_bad_patterns_are_rejected_with_a_reason(bad, why):
    with pytest.raises(PatternError, match=why):
        compile_pattern(bad)
