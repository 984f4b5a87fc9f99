"""The fast tokenizer gives razdel's tokens on every reply corpus."""

import json

import pytest
import razdel

from replylint.text.regions import placeholder_spans
from replylint.text.tokens import tokenize

from .conftest import ROOT, shared_path

SAMPLES = [
    "Подождите... Что?! Ура!!! «Да» — нет… 18:00 25.11.2024 5.2 SU-1234 кто-то Wi-Fi",
    "e-mail т.е. 100% 2 800 ₽ 3-го №58213 user@mail.ru http://x.ru/a?b=1 :) ;) :-)",
    "30-й +7 (999) 123-45-67 order_id 1,5 0,47 4–7 1/2 A4 ФИО10 x2 доставка: 10—14 ---",
    "ссылкойhttp für Eröffnet ⚠️ ёжик и Ёлка",
]


def masked(text: str) -> str:
    # Placeholders are masked before tokenizing, as the pipeline does.
    for s, e in placeholder_spans(text):
        text = text[:s] + "x" * (e - s) + text[e:]
    return text


def same_as_razdel(text: str) -> bool:
    return list(tokenize(text)) == [(t.start, t.stop) for t in razdel.tokenize(text)]


@pytest.mark.parametrize("text", SAMPLES)
def test_samples(text):
    assert same_as_razdel(text)


def _replies(path):
    return [json.loads(line)["reply"] for line in path.read_text("utf-8").splitlines()
            if line.strip()]


def test_holdout_corpus_and_examples():
    texts = _replies(ROOT / "tests" / "corpus" / "holdout_ru.jsonl")
    texts += [p.read_text("utf-8") for p in (ROOT / "examples").rglob("*.txt")]
    assert [t for t in texts if not same_as_razdel(masked(t))] == []


def test_dev_corpus():
    texts = _replies(shared_path("eval", "corpus_dev.jsonl"))
    assert [t for t in texts if not same_as_razdel(masked(t))] == []
