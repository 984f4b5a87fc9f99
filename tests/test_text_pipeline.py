"""The text pipeline: offsets, sentences, quotes, placeholders, normalisation."""

from replylint.text.document import analyze_text, line_starts
from replylint.text.normalize import fold, normalize
from replylint.text.regions import placeholder_spans, quote_spans


def test_token_offsets_point_into_the_text():
    text = "Здравствуйте, Ольга!\nВернём 2 800 ₽ до 25 ноября."
    doc = analyze_text(text)
    for tok in doc.tokens:
        assert text[tok.start:tok.end] == tok.text


def test_all_parses_are_kept():
    doc = analyze_text("данная ситуация")
    lemmas = doc.tokens[0].info.lemmas
    assert {"дать", "данный"} <= lemmas


def test_fold_handles_case_yo_and_latin_lookalikes():
    assert fold("Ёлка") == "елка"
    assert fold("дoлг") == "долг"  # Latin o inside a Cyrillic word
    assert fold("SORRY300") == "sorry300"  # a Latin word stays Latin


def test_normalize_drops_invisible_characters_and_maps_back():
    text = "де\u00adнеж\u200bные сред\u0301ства"
    norm = normalize(text)
    assert norm.text == "денежные средства"
    i = norm.text.index("средства")
    assert text[norm.orig(i)] == "с"


def test_spans_stay_right_after_soft_hyphens():
    from replylint.api import Linter
    from replylint.engine.loader import load_rules

    rules = [r for r in load_rules() if r.id == "RL201"]
    text = "Здра\u00adвствуйте!\nЗаказ приедет завтра."
    (f,) = Linter(rules).lint(text)
    assert text[f.start:f.end] == "Заказ приедет завтра."
    assert (f.line, f.column) == (2, 1)


def test_placeholders_are_one_opaque_token():
    text = "Привет, {{ name }}! Заказ {order_id} и %NAME% для [Имя]."
    spans = [text[s:e] for s, e in placeholder_spans(text)]
    assert spans == ["{{ name }}", "{order_id}", "%NAME%", "[Имя]"]
    doc = analyze_text(text)
    ph = [t.text for t in doc.tokens if t.placeholder]
    assert ph == spans
    assert all(not t.info.lemmas for t in doc.tokens if t.placeholder)


def test_quoted_customer_text_is_marked():
    text = ("Здравствуйте!\n> Вы сами виноваты\nВы пишете: «данная ситуация ужасна». "
            "Простите нас.")
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["> Вы сами виноваты", "«данная ситуация ужасна»"]
    doc = analyze_text(text)
    quoted = {t.text for t in doc.tokens if t.quoted}
    assert {"сами", "данная", "ужасна"} <= quoted
    assert "Простите" not in quoted


def test_nested_quotes_close_at_the_outer_mark():
    text = "Вы указали, что «курьер сказал «ждите» и ушёл». Простите."
    (span,) = quote_spans(text)
    assert text[span[0]:span[1]] == "«курьер сказал «ждите» и ушёл»"


def test_greeting_and_signature_lines_are_their_own_sentences():
    doc = analyze_text("Здравствуйте, Ольга\nзаказ приедет завтра\nОльга, поддержка")
    texts = [doc.norm.text[s.start:s.end].strip() for s in doc.sentences]
    assert texts == ["Здравствуйте, Ольга", "заказ приедет завтра", "Ольга, поддержка"]


def test_hard_wrapped_lines_stay_one_sentence():
    text = ("Мы вернули деньги за заказ, который курьер привёз с опозданием на два\n"
            "часа, и добавили промокод на следующую доставку.")
    doc = analyze_text(text)
    assert len(doc.sentences) == 1


def test_line_starts_know_every_line_ending():
    assert line_starts("a\nb\r\nc\rd") == [0, 2, 5, 7]


def test_line_and_column_are_one_based_characters():
    doc = analyze_text("ab\nвгд")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(4) == (2, 2)


def test_words_of_others_the_reply_reports_are_quoted_too():
    text = ("В чате вам ответили «так работает система» — это неправильно. "
            "Оператор сказал: «Вы сами виноваты». Промокод «SORRY» ваш.")
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["«так работает система»", "«Вы сами виноваты»"]
