"""Concept keys: when two words talk about the same thing.

A complaint says «списали», the reply «списание»; a complaint says «не
предупредили», the reply «пришлём уведомление». Two words share a concept
when they share a key:

* the same lemma (pymorphy3's normal form; participles and gerunds normalise
  to their verb, so «списан» is «списать»);
* the same root, approximated by the lemma without its reflexive particle and
  one derivational or inflectional suffix («списание», «списать», «списывать»
  → «спис»; «уведомление», «уведомить» → «уведом»). A root shorter than four
  letters is not used: it would join unrelated words;
* the same entry of a short hand list of support-domain synonyms below
  («возврат» and «вернуть», «уведомление» and «предупредить»).

The list is deliberately small: it holds only pairs that a root cannot join
and that replies to complaints use for one another.
"""

from __future__ import annotations

from functools import lru_cache

# Support-domain synonyms: each set is one concept. Lemmas, folded (е for ё).
SYNONYM_GROUPS: dict[str, frozenset[str]] = {
    "money": frozenset({"деньга", "деньги", "сумма", "стоимость", "рубль", "руб", "₽", "плата",
                        "оплата", "платеж", "платить", "заплатить", "оплатить", "оплачивать",
                        "переплатить", "переплата", "доплатить", "доплата", "денежный"}),
    "refund": frozenset({"вернуть", "возврат", "возвращать", "вернуться", "компенсация",
                         "компенсировать", "перерасчет", "пересчитать", "пересчет",
                         "возместить", "возмещение"}),
    "charge": frozenset({"списать", "списание", "списывать", "списаться", "снять", "снимать",
                         "начислить", "начисление", "выставить", "штраф", "счет"}),
    "notice": frozenset({"уведомление", "уведомить", "уведомлять", "предупредить",
                         "предупреждение", "предупреждать", "напомнить", "напоминание",
                         "оповещение", "оповестить", "пуш", "смс", "sms", "push"}),
    "delay": frozenset({"задержка", "задержать", "задерживать", "опоздать", "опоздание",
                        "опаздывать", "ждать", "ожидание", "подождать", "долго", "поздно",
                        "долгий", "прождать"}),
    "cancel": frozenset({"отмена", "отменить", "отменять", "отменяться"}),
    "broken": frozenset({"сломаться", "сломать", "поломка", "неисправность", "починить",
                         "чинить", "ремонт", "сбой", "неработающий", "упасть", "падать",
                         "вылетать", "лежать"}),
    "rude": frozenset({"нагрубить", "грубость", "грубый", "хамство", "нахамить", "накричать",
                       "грубо", "тон", "хамить"}),
    "mistake": frozenset({"ошибка", "ошибиться", "ошибочно", "ошибочный", "перепутать",
                          "путаница", "неправильно", "неправильный", "неверный"}),
    "block": frozenset({"бан", "забанить", "блокировка", "заблокировать", "разблокировать",
                        "блокировать", "разблокировка"}),
    "loss": frozenset({"потерять", "потеря", "пропасть", "украсть", "утерять", "пропажа",
                       "потеряться"}),
    "delivery": frozenset({"доставка", "доставить", "привезти", "довезти", "курьер",
                           "посылка", "отправление"}),
    "lodging": frozenset({"отель", "гостиница", "проживание"}),
    "car": frozenset({"машина", "автомобиль", "авто"}),
    "double": frozenset({"двойной", "дважды", "двукратный", "повторный", "повторно"}),
    "child": frozenset({"ребенок", "сын", "дочь", "дочка", "малыш", "дети"}),
    "phone": frozenset({"телефон", "смартфон", "айфон", "iphone"}),
    "support": frozenset({"поддержка", "помочь", "помощь", "ответ", "ответить", "отвечать",
                          "молчать", "оператор", "чат", "техподдержка"}),
}

_GROUP_OF: dict[str, tuple[str, ...]] = {}
for _name, _words in SYNONYM_GROUPS.items():
    for _w in _words:
        _GROUP_OF[_w] = (*_GROUP_OF.get(_w, ()), _name)

# Longest first; a suffix is cut only when at least MIN_ROOT letters remain.
_SUFFIXES = tuple(sorted((
    "ирование", "ировать", "ировка", "ация", "яция", "ование", "ывание", "ивание",
    "овать", "евать", "ывать", "ивать", "ание", "яние", "ение", "ость", "ство",
    "ать", "ять", "еть", "ить", "уть", "оть", "ыть", "ти", "чь",
    "ный", "ной", "ний", "ский", "ый", "ий", "ой",
    "ка", "ие", "ия", "ье", "ья", "а", "я", "о", "е", "ь", "й", "ы", "и",
), key=len, reverse=True))
MIN_ROOT = 4


@lru_cache(maxsize=50_000)
def root(lemma: str) -> str | None:
    """An approximate root of a lemma, or None when it would be too short to trust."""
    w = lemma
    if w.endswith(("ся", "сь")) and len(w) - 2 >= MIN_ROOT:
        w = w[:-2]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= MIN_ROOT:
            w = w[:-len(suf)]
            break
    # л after a labial appears in derivation («уведомить» → «уведомление»).
    if len(w) > MIN_ROOT and w[-1] == "л" and w[-2] in "бпвфм":
        w = w[:-1]
    return w if len(w) >= MIN_ROOT else None


@lru_cache(maxsize=50_000)
def concept_keys(lemma: str) -> frozenset[str]:
    """Every key under which a lemma can meet another word of the same concept."""
    keys = {"=" + lemma}
    r = root(lemma)
    if r:
        keys.add("~" + r)
    keys.update("#" + g for g in _GROUP_OF.get(lemma, ()))
    if "-" in lemma.strip("-"):
        # a compound names its kind last: «интернет-магазин» is a «магазин»
        keys |= concept_keys(lemma.rsplit("-", 1)[1])
    return frozenset(keys)

