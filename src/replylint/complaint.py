"""Complaint-aware checks: does the reply answer what the customer complained about?

Given the complaint, its key subjects are extracted by lemma (nouns and verbs,
content words only) and weighted by salience; a reply that leaves most of
that weight unanswered gets a `relevance` finding naming what it ignores
(RL401). The complaint also sharpens two other checks: an apology whose
sentence is about something the complaint never mentions (RL402), and a
money loss answered only with a promo code or bonuses (RL403).

Salience of a subject, summed over its mentions in the complaint:

    1.0 for a noun or a Latin-script word (0.8 inside a prepositional phrase:
    «в приложении» is the setting, not the point), 0.7 for a verb
    (participles and gerunds count as their verb);
    × 1.5 in the first sentence;
    + 0.5 when negated or missing («нет таймера», «не пришли»);
    + 0.5 when an adjective qualifies it («двойное списание»);
    × 0.5 inside a quotation (what the customer was told, not their point).

Pronouns, greetings, light verbs («быть», «сказать», «прийти») and generic
nouns (time units, «вопрос», «ситуация», «обращение») are never subjects.
Mentions of one concept (see concepts.py: same lemma, same root, or a
support-domain synonym) add up to one subject. Key subjects are the five
heaviest with a salience of at least 1.0. A reply covers a subject when one
of its own words (outside quotations of the customer and placeholders)
shares a concept key with it. RL401 fires when the reply covers less than
40% of the key subjects' salience; on the dev corpus that flags 2 of 26 good
replies and 28 of 49 bad ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .concepts import concept_keys
from .engine.kinds import Hit
from .engine.matcher import Match
from .engine.pattern import compile_pattern
from .engine.rule import Example, PatternSlot, Rule
from .text.document import Document, Token, analyze_text
from .text.morph import Parse

KEY_LIMIT = 5
KEY_MIN_WEIGHT = 1.0
MIN_COVERAGE = 0.4

_NOUNISH = {"NOUN", "LATN"}
_VERBISH = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}
_NEGATORS = {"не", "нет", "ни", "без"}

# Words every complaint and every reply use: they carry no subject of their own.
GENERIC = frozenset({
    # being, modality, saying and other light verbs
    "быть", "являться", "стать", "становиться", "мочь", "смочь", "хотеть", "хотеться",
    "сказать", "говорить", "писать", "написать", "сделать", "делать", "иметь", "знать",
    "понимать", "понять", "думать", "пытаться", "попытаться", "начать", "начинать",
    "прийтись", "приходиться", "оказаться", "остаться", "оставаться", "получиться", "давать",
    "дать", "взять", "брать", "прийти", "приходить", "пойти", "идти", "уйти", "ходить",
    "выйти", "просить", "попросить", "требовать", "потребовать", "хватить", "стоить",
    "казаться", "считать", "видеть", "увидеть", "находиться", "происходить", "произойти",
    "случиться", "случаться", "ждать", "перестать", "продолжать", "продолжить",
    "представляться", "представиться", "звать",
    # time units and other generic nouns
    "секунда", "минута", "час", "день", "сутки", "неделя", "месяц", "год", "раз", "время",
    "пара", "вечер", "утро", "ночь", "полдня", "полдень", "число", "средство", "штука",
    "человек", "люди", "вопрос", "проблема", "ситуация", "случай", "дело", "вещь", "сторона",
    "образ", "итог", "результат", "причина", "факт",
    "жалоба", "обращение", "отзыв", "компания", "сервис", "фирма", "организация",
    # greetings and courtesy
    "здравствуйте", "здравствовать", "привет", "спасибо", "пожалуйста", "уважаемый",
    "извинить", "извиниться", "извинение", "простить", "прощение", "сожаление", "неудобство",
})
# Too light to tie an apology to the complaint.
_LIGHT = frozenset({"быть", "мочь", "стать", "очень", "так", "также", "еще", "уже", "весь",
                    "свой", "такой", "этот", "тот", "здравствуйте", "спасибо", "пожалуйста"})
# Words for "our failure" in general: an apology for «ошибку» is for the whole complaint.
FAILURE_WORDS = frozenset({"ошибка", "недосмотр", "промах", "недоработка", "вина", "косяк",
                           "неприятность", "сбой", "провал", "путаница", "накладка"})
# Money words are generic too, but kept: «деньги» in a complaint is answered by «₽».
_MONEY_TOKENS = {"₽", "руб", "р", "рубль"}


@dataclass(frozen=True)
class Subject:
    """One thing the complaint is about: its label, concept keys and salience."""

    label: str
    keys: frozenset[str]
    weight: float
    start: int  # first mention, offset in the complaint

    def covered_by(self, keys: frozenset[str] | set[str]) -> bool:
        return not self.keys.isdisjoint(keys)


@dataclass(frozen=True)
class Complaint:
    text: str
    subjects: tuple[Subject, ...]  # heaviest first
    loss: str | None = None  # the money the customer lost («2800 ₽», «списали»), if any
    context: frozenset[str] = field(default=frozenset())  # keys of every word, generic too

    @property
    def key_subjects(self) -> tuple[Subject, ...]:
        return tuple(s for s in self.subjects if s.weight >= KEY_MIN_WEIGHT)[:KEY_LIMIT]


def _content_parse(tok: Token) -> Parse | None:
    """The token's likeliest parse when it is a content noun or verb."""
    if not tok.is_word or not tok.info.parses:
        return None
    p = tok.info.parses[0]
    if "LATN" in p.grammemes:
        return p if len(p.lemma) >= 2 else None
    pos = _pos(p)
    if pos not in _NOUNISH and pos not in _VERBISH:
        return None
    if tok.info.lemmas & GENERIC or len(p.lemma) < 3 or "Apro" in p.grammemes:
        return None
    return p


_MEANINGFUL = {"NOUN", "LATN", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADJF", "ADJS", "ADVB",
               "COMP"}


def _meaningful(tok: Token) -> bool:
    """A word that says something (not a preposition, pronoun, particle or greeting)."""
    if not tok.is_word or not tok.info.parses:
        return False
    p = tok.info.parses[0]
    return (_pos(p) in _MEANINGFUL and "Apro" not in p.grammemes
            and p.lemma not in _LIGHT)


def _pos(p: Parse) -> str:
    """The part of speech as a plain string («LATN» for Latin-script words)."""
    if "LATN" in p.grammemes:
        return "LATN"
    return str(p.tag.POS) if p.tag.POS else ""


def _qualifier(doc: Document, i: int) -> Token | None:
    """An adjective right before the noun at token i («двойное списание»)."""
    if i == 0:
        return None
    prev = doc.tokens[i - 1]
    if prev.sentence != doc.tokens[i].sentence or not prev.is_word or not prev.info.parses:
        return None
    p = prev.info.parses[0]
    if _pos(p) != "ADJF" or p.grammemes & {"Apro", "Anum"} or p.lemma in GENERIC:
        return None
    return prev


def _label(p: Parse, adj: Token | None) -> str:
    """The subject as a reader names it: the lemma, or «двойное списание» with its adjective."""
    if adj is None:
        return "деньги" if p.lemma == "деньга" else p.lemma
    noun = p.raw
    number = "plur" if noun.tag.number == "plur" else "sing"
    head = noun.inflect({"nomn", number})
    grams = {"nomn", number}
    if number == "sing" and noun.tag.gender:
        grams.add(noun.tag.gender)
    form = adj.info.parses[0].raw.inflect(grams)
    words = (form.word if form else adj.key, head.word if head else p.lemma)
    return " ".join(words).replace("ё", "е")


def _negated(doc: Document, i: int) -> bool:
    sent = doc.tokens[i].sentence
    for j in range(max(0, i - 2), i):
        t = doc.tokens[j]
        if t.sentence == sent and t.key in _NEGATORS:
            return True
    return False


def _oblique(doc: Document, i: int) -> bool:
    """A noun in a prepositional phrase («в приложении», «с работы»): the setting, not the point."""
    sent = doc.tokens[i].sentence
    j = i - 1
    for _ in range(3):  # skip the noun's own modifiers: «в моём новом тарифе»
        if j < 0 or doc.tokens[j].sentence != sent:
            return False
        t = doc.tokens[j]
        if not t.info.parses:
            return False
        pos = _pos(t.info.parses[0])
        if pos == "PREP":
            return True
        if pos not in ("ADJF", "NUMR", "PRTF") and "NUMB" not in t.info.parses[0].grammemes:
            return False
        j -= 1
    return False


_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“]*“|\"[^\"\n]*\"")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Quotations inside a complaint: usually what the customer was told, not their point."""
    return [m.span() for m in _QUOTED.finditer(text)]


# «2800 ₽», «12 000 руб.», «1,5 тыс. рублей»; no nested repetition, so linear time.
_AMOUNT = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?[ \u00a0\u202f]?"
                     r"(?:₽|руб\w*|р\.|тыс\w*\.?(?:[ \u00a0\u202f]?(?:₽|руб\w*))?)", re.I)
_CHARGE_LEMMAS = frozenset({"списать", "списывать", "списаться", "списание", "снять", "снимать",
                            "заплатить", "оплатить", "оплачивать", "переплатить", "доплатить",
                            "штраф", "потратить", "взять", "выставить", "начислить", "платить"})
# Charges that are a loss on their own, without an amount beside them.
_STRONG_CHARGE = _CHARGE_LEMMAS - {"взять", "платить", "оплатить", "оплачивать", "начислить"}


def analyze_complaint(text: str) -> Complaint:
    """The complaint's subjects with their salience (the formula is in the module doc)."""
    doc = analyze_text(text)
    quotes = _quoted_spans(doc.norm.text)
    found: list[dict] = []
    owner: dict[str, int] = {}  # concept key → index in `found` of the subject it joins
    context: set[str] = set()
    charge_sentences: set[int] = set()
    for i, tok in enumerate(doc.tokens):
        if tok.key in _MONEY_TOKENS:
            context.add("#money")
        if not tok.is_word:
            continue
        if _meaningful(tok):
            for lemma in tok.info.lemmas:
                context |= concept_keys(lemma)
        if tok.info.lemmas & _CHARGE_LEMMAS:
            charge_sentences.add(tok.sentence)
        p = _content_parse(tok)
        if p is None:
            continue
        pos = _pos(p)
        w = (0.8 if _oblique(doc, i) else 1.0) if pos in _NOUNISH else 0.7
        if tok.sentence == 0:
            w *= 1.5
        if _negated(doc, i):
            w += 0.5
        adj = _qualifier(doc, i) if pos == "NOUN" else None
        if adj is not None:
            w += 0.5
        if any(s <= tok.start < e for s, e in quotes):
            w *= 0.5
        keys = concept_keys(p.lemma)
        if adj is not None:
            # «двойной размер»: the qualifier may carry the meaning, so it answers too
            keys |= concept_keys(adj.info.parses[0].lemma)
        known = next((owner[k] for k in keys if k in owner), None)
        if known is None:
            known = len(found)
            found.append({"label": _label(p, adj), "keys": set(), "weight": 0.0,
                          "start": doc.orig_span(tok.start, tok.end)[0]})
        elif adj is not None and " " not in found[known]["label"]:
            found[known]["label"] = _label(p, adj)  # the qualified mention names it best
        item = found[known]
        item["keys"] |= keys
        item["weight"] += w
        for k in keys:
            owner.setdefault(k, known)
    subjects = tuple(sorted(
        (Subject(f["label"], frozenset(f["keys"]), round(f["weight"], 2), f["start"])
         for f in found), key=lambda s: (-s.weight, s.start)))
    return Complaint(text, subjects, _loss(doc, charge_sentences), frozenset(context))


def _loss(doc: Document, charge_sentences: set[int]) -> str | None:
    """The amount (or the charge) the customer says they lost, if they say so."""
    for si in sorted(charge_sentences):
        sent = doc.sentences[si]
        m = _AMOUNT.search(doc.norm.text, sent.start, sent.end)
        if m:
            return " ".join(m.group(0).split())
    for tok in doc.tokens:
        if tok.is_word and tok.info.lemmas & _STRONG_CHARGE:
            return tok.text
    return None


def as_complaint(complaint: str | Complaint) -> Complaint:
    return complaint if isinstance(complaint, Complaint) else analyze_complaint(complaint)


# ---- reading the reply ---------------------------------------------------------------

def reply_keys(doc: Document, tokens: Sequence[Token] | None = None) -> set[str]:
    """Concept keys of the reply's own words: every parse, so a paraphrase is not missed."""
    keys: set[str] = set()
    for tok in (doc.tokens if tokens is None else tokens):
        if tok.quoted or tok.placeholder:
            continue
        if tok.key in _MONEY_TOKENS:
            keys.add("#money")
        for lemma in tok.info.lemmas:
            keys |= concept_keys(lemma)
    return keys


def coverage(complaint: Complaint, keys: set[str]) -> tuple[float, list[Subject]]:
    """Share of the key subjects' salience the reply covers, and the subjects it misses."""
    key = complaint.key_subjects
    total = sum(s.weight for s in key)
    if not total:
        return 1.0, []
    missed = [s for s in key if not s.covered_by(keys)]
    return 1 - sum(s.weight for s in missed) / total, missed


# ---- the rules -------------------------------------------------------------------------

def _quote(labels: Sequence[str]) -> str:
    return ", ".join(f"«{x}»" for x in labels)


def _pairs(items: Sequence[tuple[str, str]]) -> tuple[Example, ...]:
    return tuple(Example(f"Жалоба: {c}\nОтвет: {r}", ()) for c, r in items)


def _rule(rid: str, name: str, category: str, message: str, doc: dict[str, str],
          bad: Sequence[tuple[str, str]], good: Sequence[tuple[str, str]],
          sharpens: bool = False) -> Rule:
    # `sharpens`: the rule refines a category the packs check (it does not check it alone)
    return Rule(id=rid, name=name, kind="complaint", category=category, severity="warning",
                message=message, doc=doc, patterns=(), bad=_pairs(bad), good=_pairs(good),
                pack="complaint", source="replylint/complaint.py:1",
                extra={"bad": tuple(bad), "good": tuple(good), "sharpens": sharpens})


RL401 = _rule(
    "RL401", "address-the-complaint", "relevance",
    "Ответ обходит главное в жалобе: {missing}.",
    {"what": "The reply must answer the main points of the complaint.\n\n"
             "Given the complaint (`--complaint FILE`, or `complaint` in JSONL input), its key "
             "subjects (nouns and verbs by lemma, weighted by salience) must be answered in the "
             "reply, by lemma, root or a support-domain synonym; the finding names the ones the "
             "reply ignores. Without a complaint the rule is silent.",
     "why": "A customer who wrote about a missing timer and reads a polite reply about a "
            "recalculation concludes that nobody read the complaint. Answering around the "
            "point is the commonest reason a complaint is repeated and escalated.",
     "fix": "Name what the customer named and say what you did about it: «таймера в "
            "приложении нет — добавим его в версии 6.1». The finding lists the subjects the "
            "reply never mentions, heaviest first."},
    bad=[("Завершила аренду на пару минут позже суток, и с меня списали 2800 ₽ за вторые "
          "сутки. В приложении нет ни таймера, ни уведомления. Верните деньги.",
          "Здравствуйте! По аренде произведён перерасчёт, 2800 руб. вернутся на карту."),
         ("Курьер опоздал на три часа и нагрубил, когда я сделала замечание.",
          "Здравствуйте! Спасибо, что выбираете нас. Ваш бонусный счёт пополнен.")],
    good=[("Завершила аренду на пару минут позже суток, и с меня списали 2800 ₽ за вторые "
           "сутки. В приложении нет ни таймера, ни уведомления. Верните деньги.",
           "Простите: в приложении не было таймера, и деньги списали зря. 2800 ₽ вернули, "
           "а с версии 6.1 за 15 минут до конца суток придёт уведомление."),
          ("Курьер опоздал на три часа и нагрубил, когда я сделала замечание.",
           "Простите за опоздание и за грубость курьера: с ним уже поговорили.")],
)

RL402 = _rule(
    "RL402", "apologize-for-the-complaint", "apology",
    "Извинение — не за то, на что жалуется клиент ({missing}): извинитесь за саму ошибку.",
    {"what": "The apology must be for what the complaint is about.\n\n"
             "With a complaint given, a reply whose every apology names only things the "
             "complaint never mentions (a slow answer, a side issue) is flagged.",
     "why": "Apologising for the wait while the double charge goes unmentioned tells the "
            "customer that the real failure is not admitted; the labelling spec counts it as "
            "no apology.",
     "fix": "Apologise for the failure itself: «Простите, что списали оплату дважды». A "
            "bare «Простите нас» covers the whole complaint and is never flagged."},
    bad=[("Донат на 2 000 ₽ прошёл, деньги списались, а кристаллы не пришли.",
          "Приносим свои глубочайшие извинения за задержку ответа. Запрос передан в отдел."),
         ("С меня взяли 5 000 ₽ за багаж, хотя в моём тарифе багаж включён.",
          "Приносим извинения за долгое ожидание ответа. Согласно условиям тарифа багаж "
          "платный.")],
    good=[("Донат на 2 000 ₽ прошёл, деньги списались, а кристаллы не пришли.",
           "Извините, что кристаллы не пришли: мы начислили их вручную."),
          ("С меня взяли 5 000 ₽ за багаж, хотя в моём тарифе багаж включён.",
           "Простите нас. 5 000 ₽ вернём на карту до пятницы.")],
    sharpens=True,
)

RL403 = _rule(
    "RL403", "remedy-matches-the-loss", "compensation",
    "Клиент потерял деньги ({loss}), а ответ предлагает только {offer}: верните деньги.",
    {"what": "Money lost must be answered with money, not only a promo code.\n\n"
             "When the complaint names money the customer lost (a charge, a fine, an "
             "amount), a reply that offers only a promo code, bonuses or a discount and "
             "returns nothing is flagged.",
     "why": "A promo code for the next order is not a remedy for money taken by mistake: it "
            "asks the customer to pay again to use it, and reads as buying them off.",
     "fix": "Return the money first («вернули 2800 ₽ на карту»); a bonus can come on top."},
    bad=[("С меня дважды списали 1 350 ₽ за один заказ.",
          "Извините за ошибку! Дарим промокод на 300 ₽ на следующий заказ."),
         ("Мне выставили штраф 3 000 ₽ за парковку, хотя я завершил аренду в разрешённой зоне.",
          "Простите! Начислили вам 500 бонусов.")],
    good=[("С меня дважды списали 1 350 ₽ за один заказ.",
           "Извините за ошибку! Вернули 1 350 ₽ и дарим промокод на 300 ₽."),
          ("Купил курс за 5 000 ₽, а половина уроков не открывается.",
           "Простите! Уроки открыли и дарим промокод на следующий курс.")],
    sharpens=True,
)

COMPLAINT_RULES: tuple[Rule, ...] = (RL401, RL402, RL403)


_PROMO = frozenset({"промокод", "бонус", "балл", "скидка", "сертификат", "миля", "кристалл",
                    "монета", "купон", "подарок", "премиум", "кешбэк", "кэшбэк"})
_PROMO_VERBS = frozenset({"дарить", "подарить"})
_MONEY_BACK = frozenset({"вернуть", "возврат", "возвращать", "вернуться", "компенсация",
                         "компенсировать", "возместить", "возмещение", "перерасчет",
                         "пересчитать", "аннулировать", "оплатить"})
_NOT_CHARGED = frozenset({"взять", "брать", "списать", "списывать", "начислить", "начислять"})


def check_reply(rules: Sequence[Rule], doc: Document, complaint: Complaint,
                apology_matches: Sequence[Match] = ()) -> list[Hit]:
    """Hits of the complaint rules among `rules`, for a reply analysed as `doc`.

    `apology_matches` are the live matches of the apology rules' patterns (they
    tell where the reply apologises, for RL402).
    """
    ids = {r.id for r in rules}
    hits: list[Hit] = []
    keys = reply_keys(doc)
    if "RL401" in ids:
        hits.extend(_relevance(doc, complaint, keys))
    if "RL402" in ids and apology_matches:
        hits.extend(_side_apology(doc, complaint, apology_matches))
    if "RL403" in ids and complaint.loss:
        hits.extend(_promo_for_money(doc, complaint))
    return hits


def _relevance(doc: Document, complaint: Complaint, keys: set[str]) -> list[Hit]:
    share, missed = coverage(complaint, keys)
    if share >= MIN_COVERAGE or not missed:
        return []
    from .engine.anchor import reply_anchor

    start, end = reply_anchor(doc)
    message = RL401.message.replace("{missing}", _quote([s.label for s in missed[:3]]))
    message += " (касается всего ответа; отмечена первая фраза после приветствия)"
    return [Hit(RL401, start, end, message, None, True)]


def _side_apology(doc: Document, complaint: Complaint, matches: Sequence[Match]) -> list[Hit]:
    """One hit when every apology names something, and nothing the complaint mentions.

    An apology sentence without a specific noun («Простите нас», «Извините за
    ошибку», «…за доставленные неудобства») is for the whole complaint. One
    that names things («за задержку ответа») must share a word, by concept,
    with any word of the complaint.
    """
    by_sentence: dict[int, Match] = {}
    for m in sorted(matches, key=lambda m: m.first):
        by_sentence.setdefault(doc.tokens[m.first].sentence, m)
    for si, m in by_sentence.items():
        sent = doc.sentences[si]
        inside = {t for _, t in m.pairs}
        words = [doc.tokens[t] for t in range(sent.first, sent.last)
                 if t not in inside and _meaningful(doc.tokens[t]) and not doc.tokens[t].quoted]
        nouns = [t for t in words if (p := _content_parse(t)) is not None
                 and _pos(p) in _NOUNISH and p.lemma not in FAILURE_WORDS]
        if not nouns:
            return []
        if not reply_keys(doc, words).isdisjoint(complaint.context):
            return []
    from .engine.anchor import sentence_span

    start, end = sentence_span(doc, next(iter(by_sentence)))
    missing = _quote([s.label for s in complaint.key_subjects[:2]]) or "жалоба о другом"
    return [Hit(RL402, start, end, RL402.message.replace("{missing}", missing), None, False)]


def _promo_for_money(doc: Document, complaint: Complaint) -> list[Hit]:
    """One hit when the customer lost money and the reply gives only bonuses back."""
    offer: tuple[Token, str] | None = None
    for i, tok in enumerate(doc.tokens):
        if tok.quoted or tok.placeholder or not tok.is_word:
            continue
        lemmas = tok.info.lemmas
        if lemmas & _MONEY_BACK:
            return []
        if lemmas & _NOT_CHARGED and _negated(doc, i):
            return []  # «не возьмём плату», «не спишем»
        promo = lemmas & _PROMO
        if promo and (offer is None or offer[1] == "подарок"):
            offer = (tok, min(promo))
        elif offer is None and lemmas & _PROMO_VERBS:
            offer = (tok, "подарок")
    if offer is None:
        return []
    tok, what = offer
    message = RL403.message.replace("{loss}", complaint.loss or "").replace(
        "{offer}", f"«{what}»")
    return [Hit(RL403, tok.start, tok.end, message, None, False)]


@lru_cache(maxsize=1)
def _example_apology() -> Rule:
    """RL402 finds the reply's apologies through the packs' apology rules; its examples
    use this small stand-in, so that they do not depend on the packs."""
    return Rule(
        id="RL0", name="example-apology", kind="require", category="apology",
        severity="info", message="-", doc={"what": "-", "why": "-", "fix": "-"},
        patterns=tuple(PatternSlot(compile_pattern(p)) for p in (
            "извинить@impr", "извиниться", "извинение", "простить@impr", "прощение")))


def check_examples(rule: Rule) -> list[tuple[str, str, str, str]]:
    """(kind, complaint, reply, detail) for every example pair of `rule` that misbehaves."""
    from .api import Linter

    linter = Linter([_example_apology(), rule])
    out = []
    for kind in ("bad", "good"):
        for c, r in rule.extra.get(kind, ()):
            found = [f for f in linter.lint(r, complaint=c) if f.rule == rule.id]
            if kind == "bad" and not found:
                out.append(("false-negative", c, r, "not flagged\n" + explain(c, r)))
            elif kind == "good" and found:
                out.append(("false-positive", c, r,
                            f"flagged: {found[0].message}\n{explain(c, r)}"))
    return out


def explain(complaint: str, reply: str) -> str:
    """What the checks saw: the complaint's subjects and the reply's coverage."""
    c = analyze_complaint(complaint)
    share, missed = coverage(c, reply_keys(analyze_text(reply)))
    subjects = ", ".join(f"{s.label} {s.weight:g}" for s in c.subjects[:8])
    return (f"  complaint subjects: {subjects}\n  money lost: {c.loss or '-'}\n"
            f"  the reply covers {share:.0%} of the key subjects; misses "
            f"{_quote([s.label for s in missed]) or 'nothing'}")


__all__ = ["COMPLAINT_RULES", "Complaint", "Subject", "analyze_complaint", "as_complaint",
           "check_reply", "coverage", "explain", "reply_keys"]
