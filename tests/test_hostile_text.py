"""Hostile characters: matched through, and spans still right in the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.api import Linter
from replylint.engine.loader import load_rules
from replylint.text.document import _blocks, analyze_text, line_starts
from replylint.text.normalize import fix_lookalikes, normalize
from replylint.text.regions import _CLOSE, _QUOTE_INTRO, _QUOTE_LINE, merge, quote_spans

from .hostile_helpers import line_col, run_python, write_pack

WORD = "денежные средства"
# (case, text before, the words as written, text after): each must be found, with the
# reported slice of the original text equal to the words exactly as written.
CASES = [
    ("plain", "Вернём ", WORD, "."),
    ("crlf", "Здравствуйте!\r\nВернём ", WORD, ".\r\nСпасибо.\r\n"),
    ("cr", "Здравствуйте!\rВернём ", WORD, ".\rСпасибо.\r"),
    ("lf-after-crlf", "а\r\n\r\nб\nВернём ", WORD, "."),
    ("tabs", "\tВернём\t", "денежные\tсредства", "\t."),
    ("zero-width space", "Вернём ", "денеж\u200bные сред\u200bства", "."),
    ("zwj zwnj word joiner", "Вернём ", "де\u200dнеж\u200cные сре\u2060дства", "."),
    ("bom inside", "Вернём \ufeff", "денежные средства", "."),
    ("nbsp", "Вернём\u00a0", "денежные\u00a0средства", "."),
    ("narrow nbsp, em space", "Вернём\u202f", "денежные\u2003средства", "."),
    ("soft hyphens", "Вернём ", "де\u00adнеж\u00adные сред\u00adства", "."),
    ("stress marks", "Вернём ", "дене\u0301жные сре\u0301дства", "."),
    ("stress mark last", "Вернём ", "денежны\u0301е средства\u0301", "."),
    ("bidi marks", "Вернём \u200e", "денежные\u200f средства", "."),
    ("latin look-alikes", "Вернём ", "дeнeжныe cрeдcтвa", "."),
    ("latin capitals", "ВЕРНЁМ ", "ДEНEЖНЫE CPEДCTBA", "."),
    ("everything", "\ufeffЗдра\u00adвствуйте!\r\n\tВернём\u00a0",
     "дe\u00adне\u0301ж\u200bные\u00a0cредства\u0301", "\u200b.\r"),
]


@pytest.fixture(scope="module")
def linter(tmp_path_factory) -> Linter:
    pack = write_pack(tmp_path_factory.mktemp("pack"))
    rules = [r for r in load_rules([pack], include_shipped=False) if r.id == "TH101"]
    return Linter(rules)


@pytest.mark.parametrize("case, before, written, after", CASES, ids=[c[0] for c in CASES])
def test_span_is_the_words_as_written(linter, case, before, written, after):
    text = before + written + after
    (f,) = linter.lint(text)
    assert text[f.start:f.end] == written
    assert (f.start, f.end) == (len(before), len(before) + len(written))
    assert (f.line, f.column) == line_col(text, f.start)
    assert (f.end_line, f.end_column) == line_col(text, f.end)
    assert "«денежные средства»" in f.message.lower()


def test_decomposed_yo_and_short_i_are_composed():
    norm = normalize("е\u0308лка и\u0306од")
    assert norm.text == "ёлка йод"
    assert norm.orig(1) == 2  # «л» after the two characters of «ё»
    doc = analyze_text("Е\u0308лка")
    assert doc.tokens[0].key == "елка"
    assert doc.orig_span(doc.tokens[0].start, doc.tokens[0].end) == (0, 5)


def test_every_space_character_becomes_a_plain_space():
    spaces = "\u00a0\u1680\u2000\u2001\u2004\u2005\u2006\u2008\u2028\u2029\u205f\u3000\x85"
    assert normalize(f"а{spaces}б").text == "а" + " " * len(spaces) + "б"


def test_invisible_and_combining_characters_are_dropped():
    text = "из\u034fви\ufe0fни\u202aте\u2066 \u0483нас"
    norm = normalize(text)
    assert norm.text == "извините нас"
    assert [t.text for t in analyze_text(text).tokens] == ["извините", "нас"]


@pytest.mark.parametrize("raw, fixed", [
    ("дoлг", "долг"),  # Latin o
    ("Cпасибо", "Спасибо"),  # Latin C
    ("KOMПAНИЯ", "КОМПАНИЯ"),
    ("ссылкойhttp", "ссылкойhttp"),  # h, t are not look-alikes: two words run together
    ("cope and OK", "cope and OK"),  # Latin words stay Latin
    ("iPhone-ом", "iPhone-ом"),
])
def test_lookalikes_are_fixed_only_inside_cyrillic_words(raw, fixed):
    assert fix_lookalikes(raw) == fixed
    assert len(normalize(raw).text) == len(raw)


def test_line_starts_are_right_for_every_line_ending():
    assert line_starts("a\nb\r\nc\rd\r") == [0, 2, 5, 7, 9]
    assert line_starts("\n" * 5) == [0, 1, 2, 3, 4, 5]
    assert len(line_starts("\r\n" * 100_000)) == 100_001


def _old_closing(text: str, start: int, opener: str, closer: str) -> int:
    """The straightforward scan quote_spans used to do: the oracle for the fast one."""
    depth, i = 1, start
    while i < len(text):
        ch = text[i]
        if ch == closer and (opener != closer or depth == 1):
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == opener and opener != closer:
            depth += 1
        elif ch == "\n" and text.startswith("\n", i + 1):
            break
        i += 1
    return i


def _old_quote_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _QUOTE_LINE.finditer(text)]
    for m in _QUOTE_INTRO.finditer(text):
        spans.append((m.start(1), _old_closing(text, m.end(), m.group(1),
                                                _CLOSE[m.group(1)])))
    return merge(spans)


_PIECES = st.sampled_from(["Вы пишете ", "вы указали, что ", "«", "»", '"', "“", "”", "„",
                           "\n", "\n\n", "текст ", "> ", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_quote_spans_equal_the_straightforward_scan(text):
    assert quote_spans(text) == _old_quote_spans(text)


def test_unclosed_quotes_are_found_once():
    text = "Вы пишете «" * 2000 + "\n\nПростите."
    assert quote_spans(text) == [(10, text.index("\n\n"))]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="аб \n.", max_size=60), st.integers(2, 12))
def test_sentence_blocks_cover_the_text(text, size):
    blocks = list(_blocks(text, size))
    assert "".join(text[a:b] for a, b in blocks) == text
    assert all(0 < b - a <= size for a, b in blocks)


# Inputs that used to take minutes (quadratic scans) or were never tried: each must be
# analysed and linted, in a fresh process, well inside a generous timeout.
HUGE = {
    "unclosed quotes": "Вы пишете «",
    "unclosed jinja": "{{ ",
    "unclosed html comments": "<!--",
    "unclosed html tags": "<a ",
    "newlines": "\n",
    "dots": ".",
    "punctuation": "!?,;:()«»",
    "one word": "а",
    "stress marks": "\u0301",
    "soft hyphens in words": "де\u00adнежные ",
    "crlf lines": "Да\r\n",
}


def test_huge_hostile_lines_lint_in_bounded_time():
    code = f"""
from replylint.api import Linter
from replylint.engine.loader import load_rules
linter = Linter(load_rules())
for unit in {list(HUGE.values())!r}:
    text = unit * (200_000 // len(unit))
    findings = linter.lint(text)
    assert all(0 <= f.start <= f.end <= len(text) for f in findings)
print("ok")
"""
    proc = run_python(code, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"


def test_letters_without_a_unicode_name_do_not_crash_the_morphology():
    # pymorphy3 raises ValueError for them (found by the property tests)
    from replylint.engine.pattern import compile_pattern
    from replylint.text.morph import analyze

    assert analyze("\U00017000").parses == ()
    assert [t.text for t in analyze_text("\U00017000 денежные").tokens] == ["\U00017000",
                                                                             "денежные"]
    compile_pattern("\U00017000@NOUN")


MARKDOWN_HUGE = ["[", "](", "![", "[a](", "<!--", "`", "*", "> ", "|", "<a "]


def test_huge_hostile_markdown_lines_lint_in_bounded_time():
    code = f"""
from replylint.api import Linter
from replylint.engine.loader import load_rules
from replylint.runner import lint_text
linter = Linter(load_rules())
for unit in {MARKDOWN_HUGE!r}:
    text = unit * (150_000 // len(unit))
    result = lint_text(linter, text, "draft.md")
    assert all(0 <= f.start <= f.end <= len(text) for f in result.findings)
print("ok")
"""
    proc = run_python(code, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
