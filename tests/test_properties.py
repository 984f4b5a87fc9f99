"""Property-based tests: random hostile text and random packs never break the linter.

For any text (hostile characters, placeholders, quotes, CR/LF, any Unicode) and any
pack built from a small grammar: linting never raises, every span lies inside the
text and agrees with its line and column, the JSON report validates against the
schema, and linting is deterministic. Example counts are kept moderate.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from replylint.api import Linter
from replylint.decode import DecodeProblem, decode
from replylint.engine.pattern import PatternError, compile_pattern
from replylint.engine.rule import Example, PatternSlot, Rule
from replylint.reporters.json import to_json
from replylint.reporters.text import make_reporter
from replylint.results import FileResult, RunResult

from .hostile_helpers import line_col

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "src" / "replylint" / "schema" /
                     "report.schema.json").read_text(encoding="utf-8"))
# REPLYLINT_PROPERTY_EXAMPLES=2000 for a deeper hunt than CI's quick one.
SETTINGS = settings(max_examples=int(os.environ.get("REPLYLINT_PROPERTY_EXAMPLES", "80")),
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

WORDS = ["денежные", "средства", "средств", "вернём", "вернули", "простите", "извините",
         "если", "мы", "вы", "долг", "долга", "аннулировали", "Здравствуйте", "спасибо",
         "данная", "ситуация", "не", "виноваты", "пишете", "ваш", "заказ", "OK", "http",
         "дoлг", "Cпасибо", "ДЕНЕЖНЫЕ", "2 800", "25.11.2024", "₽"]
HOSTILE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u0301", "\u0308",
           "\u0306", "\u00a0", "\u202f", "\u2003", "\t", "\r", "\n", "\r\n", "\n\n",
           "\u2028", "\x85", "\x1b[31m", "\x00", "\u202e", "\ufe0f", "😀", "漢字"]
MARKUP = ["{{ name }}", "{order_id}", "%NAME%", "[Имя]", "{% if x %}", "${total}", "{{",
          "«", "»", '"', "“", "”", "Вы пишете: «", "вы указали, что \"", "> ", ". ", ", ",
          "!", "?", "…", " — ", ": ", "(", ")", " "]

pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE), st.sampled_from(MARKUP),
                   st.text(max_size=3))
texts = st.lists(pieces, max_size=40).map("".join)

# The pattern grammar: elements joined by spaces, with gaps, options, alternatives, marks.
ATOMS = ["денежный", "средство", "вернуть", "простить@impr", "извинить@impr", "долг",
         "аннулировать", "=данная", "ситуация", "мы", "вы", "@NOUN", "@VERB,past",
         "@NOUN,!nomn", ",", ".", "если", "спасибо", "не", "виноватый"]


@st.composite
def patterns(draw) -> str:
    n = draw(st.integers(1, 5))
    elems: list[str] = []
    for i in range(n):
        if elems and draw(st.integers(0, 3)) == 0:
            elems.append(f"*{draw(st.integers(1, 4))}")
        atom = "|".join(draw(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=3)))
        if i and draw(st.integers(0, 3)) == 0:
            atom += "?"
        elems.append(atom)
    if elems[-1].startswith("*"):
        elems.append("мы")
    if len(elems) > 2 and draw(st.booleans()):
        elems.insert(1, "[")
        elems.append("]")
    return " ".join(elems)


def _compiled(source: str):
    try:
        return compile_pattern(source)
    except PatternError:
        return None


@st.composite
def rule_sets(draw) -> list[Rule]:
    rules = []
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["forbid", "require", "substitute"]))
        pats = [p for p in (_compiled(s) for s in draw(st.lists(patterns(), min_size=1,
                                                                  max_size=3))) if p]
        assume(pats)
        excs = [p for p in (_compiled(s) for s in draw(st.lists(patterns(), max_size=2))) if p]
        replace = draw(st.sampled_from(["деньги", "вернуть деньги", "=как есть"])) \
            if kind == "substitute" else None
        rules.append(Rule(
            id=f"TP{i + 1}01", name=f"test-prop-{i}", kind=kind,
            category=draw(st.sampled_from(["jargon", "apology", "blame"])),
            severity=draw(st.sampled_from(["error", "warning", "info"])),
            message=draw(st.sampled_from(["«{match}» — плохо.", "Нет: {suggestion}.",
                                          "Сообщение."])),
            doc={"what": "a", "why": "b", "fix": "c"},
            patterns=tuple(PatternSlot(p, replace) for p in pats), exceptions=tuple(excs),
            near_miss_message="«{match}»?" if kind == "require" else None,
            bad=(Example("x", ()),), good=(Example("y", ()),), pack="test-props",
            source=f"props.yml:{i + 1}"))
    return rules


def check_findings(text: str, findings) -> None:
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert (f.line, f.column) == line_col(text, f.start)
        assert (f.end_line, f.end_column) == line_col(text, f.end)
        assert f.message.strip()


@SETTINGS
@given(texts, rule_sets())
def test_random_text_and_random_packs(text, rules):
    linter = Linter(rules)
    findings = linter.lint(text)
    check_findings(text, findings)
    # deterministic: again, and with a freshly compiled rule set
    assert linter.lint(text) == findings
    assert Linter(rules).lint(text) == findings
    report = to_json(RunResult([FileResult("draft.txt", findings, text=text)]))
    jsonschema.validate(report, SCHEMA)
    json.dumps(report, ensure_ascii=False).encode("utf-8")  # no lone surrogates


@SETTINGS
@given(texts)
def test_random_text_with_the_shipped_rules(text):
    from replylint.api import default_linter

    findings = default_linter().lint(text)
    check_findings(text, findings)
    out = io.StringIO()
    make_reporter(False)(RunResult([FileResult("d.txt", findings, text=text)]), out)
    shown = out.getvalue()
    assert "\x1b" not in shown and "\x00" not in shown and "\r" not in shown


@SETTINGS
@given(st.text(max_size=200))
def test_any_unicode_text(text):
    from replylint.api import default_linter

    check_findings(text, default_linter().lint(text))


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_say_why(data):
    try:
        decoded = decode(data)
    except DecodeProblem as e:
        assert e.code in ("binary", "decode") and str(e)
        return
    assert isinstance(decoded.text, str)


PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r")


@SETTINGS
@given(st.text(PRINTABLE, max_size=200))
def test_utf8_reads_back_exactly(text):
    decoded = decode(text.encode("utf-8"))
    if text.isascii() or any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text):
        assert decoded.text == text
    else:
        # Only valid UTF-8 without a Cyrillic letter may be taken for cp866 Russian,
        # and then the report says so.
        assert decoded.text == text or decoded.encoding == "cp866"


@SETTINGS
@given(st.lists(st.sampled_from([w for w in WORDS if w.isalpha() and not w.isascii()
                                 and w not in ("дoлг", "Cпасибо")]), min_size=3, max_size=12),
       st.sampled_from(["cp1251", "koi8_r"]))
def test_legacy_russian_reads_back_exactly(words, encoding):
    text = " ".join(words) + "."
    assert decode(text.encode(encoding)).text == text
