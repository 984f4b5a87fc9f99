"""Template formats: which parts of a file are replies, and exact positions in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.formats import FormatError, FormatOptions, extract
from replylint.formats.yaml_strings import scalar_builder

from .minipack import at_line_col, findings, run_json, span, write_pack


@pytest.fixture
def mini(tmp_path: Path) -> list[str]:
    return ["--no-builtin", "--rules", str(write_pack(tmp_path))]


def _check_map(text: str, seg) -> None:
    """Every character of a segment comes from where it says (escapes decode to it)."""
    for i, ch in enumerate(seg.text):
        a, b = seg.orig_start(i), seg.orig_end(i + 1)
        src = text[a:b]
        if b - a == 1 and ch not in " \n":
            assert src == ch, (i, ch, src)


# --- YAML -----------------------------------------------------------------------------


def test_yaml_block_scalars_report_lines_and_columns_in_the_file(tmp_path, mini):
    f = tmp_path / "canned.yaml"
    f.write_text(
        "# comment\n"
        "- title: Возврат\n"
        "  body: |\n"
        "    Здравствуйте!\n"
        "    Денежные средства вернём в ближайшее время.\n"
        "- title: Второй\n"
        "  body: >\n"
        "    Простите нас. Вы сами\n"
        "    виноваты.\n", encoding="utf-8")
    code, data = run_json(*mini, str(f))
    assert code == 1
    got = {(x["rule"], x["line"], x["column"]) for x in findings(data)}
    assert ("TT101", 5, 5) in got and ("TT301", 5, 30) in got
    assert ("TT201", 5, 5) in got  # no apology in the first reply only
    assert ("TT102", 8, 19) in got  # folded scalar: still the original line
    assert not any(x["rule"] == "TT201" and x["line"] > 6 for x in findings(data))
    for x in findings(data):
        if not x["missing"]:
            assert span(f, x).lower().startswith(("денежные", "в ближайшее", "вы сами"))
    assert "Возврат" not in json.dumps([span(f, x) for x in findings(data)], ensure_ascii=False)


def test_yaml_quoted_scalars_map_escapes_back(tmp_path, mini):
    # \u0434 is «д»: «Денежные» is written with an escape; '' is one quote.
    f = tmp_path / "t.yaml"
    f.write_text('a: "Простите.\\n\\u0414енежные средства — вам"\n'
                 "b: 'Простите, ''вы сами'' —\n  это не про вас.'\n", encoding="utf-8")
    code, data = run_json(*mini, str(f))
    assert code == 1
    (money,) = [x for x in findings(data) if x["rule"] == "TT101"]
    assert (money["line"], money["column"]) == (1, 16)
    assert span(f, money) == "\\u0414енежные средства"
    (blame,) = [x for x in findings(data) if x["rule"] == "TT102"]
    assert span(f, blame) == "вы сами"
    assert at_line_col(f, blame["line"], blame["column"], 7) == "вы сами"


def test_yaml_only_reply_keys_are_linted_and_skip_keys_are_not(tmp_path, mini):
    f = tmp_path / "t.yaml"
    f.write_text("subject: Денежные средства\nnotes: Денежные средства\n"
                 "body: Простите. Денежные средства вернём.\nurl: x\n"
                 "count: 3\nflag: yes\nen: Money back soon\n", encoding="utf-8")
    code, data = run_json(*mini, str(f))
    assert code == 1
    assert [x["line"] for x in findings(data)] == [3]


def test_broken_yaml_is_an_error_with_line_and_column_and_others_are_checked(tmp_path, mini):
    bad = tmp_path / "broken.yaml"
    bad.write_text("body: |\n  Простите.\n%{ticket.dept.name} department.\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Денежные средства вернём.", encoding="utf-8")
    code, data = run_json(*mini, str(bad), str(good))
    assert code == 2
    err = next(x for x in data["files"] if x["path"] == str(bad))["error"]
    assert err["code"] == "parse" and "invalid YAML" in err["message"]
    assert (err["line"], err["column"]) == (3, 2)
    assert findings(data, "good.txt")


_TEXT = st.text(alphabet=st.sampled_from(list("абвгдеёжЖ  Ё\n\n\t'\"\\#:-{}%xy,.\u2028")),
                min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(value=_TEXT, style=st.sampled_from([None, "'", '"', "|", ">"]),
       width=st.sampled_from([12, 80]))
def test_yaml_every_scalar_style_maps_each_character_exactly(value, style, width):
    doc = yaml.dump({"outer": {"body": value}, "list": [value]}, default_style=style,
                    allow_unicode=True, width=width)
    root = yaml.compose(doc, Loader=yaml.SafeLoader)
    nodes = []

    def walk(n, indent=-1):
        if isinstance(n, yaml.ScalarNode):
            nodes.append((n, indent))
        elif isinstance(n, yaml.MappingNode):
            for _, v in n.value:
                walk(v, n.start_mark.column)
        elif isinstance(n, yaml.SequenceNode):
            for v in n.value:
                walk(v, n.start_mark.column)

    walk(root)
    for node, indent in nodes:
        if node.value != value:
            continue
        sb = scalar_builder(doc, node, indent)
        assert "".join(sb.parts) == value
        seg = sb.build(0)
        assert len(set(seg.starts)) > 1 or len(value) <= 1  # not the whole-scalar fallback
        _check_map(doc, seg)


# --- JSON -----------------------------------------------------------------------------


def test_json_escapes_map_back_exactly(tmp_path, mini):
    f = tmp_path / "messages.json"
    # \n, \u0416 (Ж), a surrogate pair (😀) and \" before the finding: columns must count
    # them as they are written in the file.
    f.write_text('{\n  "a": {"b": "\\ud83d\\ude00 \\"Ж\\"\\nПростите. \\u0414енежные средства"},\n'
                 '  "list": ["Всё хорошо.", 3, null, "Простите."]\n}\n', encoding="utf-8")
    code, data = run_json(*mini, str(f))
    assert code == 1
    money = next(x for x in findings(data) if x["rule"] == "TT101")
    assert span(f, money) == "\\u0414енежные средства"
    assert (money["line"], money["column"]) == (2, 45)
    missing = [x for x in findings(data) if x["rule"] == "TT201"]
    assert [span(f, x) for x in missing] == ["Всё хорошо."]  # per reply


def test_broken_json_is_an_error_with_line_and_column(tmp_path, mini):
    f = tmp_path / "m.json"
    f.write_text('{\n  "a": "Простите."\n  "b": 1\n}\n', encoding="utf-8")
    code, data = run_json(*mini, str(f))
    assert code == 2
    err = data["files"][0]["error"]
    assert err["code"] == "parse" and (err["line"], err["column"]) == (3, 3)
    assert "delimiter" in err["message"]


def test_json_deep_nesting_is_an_error_not_a_crash():
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(FormatError):
        extract("json", text)


def test_json_reply_keys_select_by_dotted_path():
    text = json.dumps([{"fields": {"plain_text": "Привет", "html": "<p>Привет</p>",
                                   "subject": "Тема"}}], ensure_ascii=False)
    opts = FormatOptions(reply_keys=("fields.plain_text",))
    assert [s.label for s in extract("json", text, opts).segments] == ["0.fields.plain_text"]
    opts = FormatOptions(reply_keys=("*",), skip_keys=("html", "subject"))
    assert [s.label for s in extract("json", text, opts).segments] == ["0.fields.plain_text"]


# --- Markdown -------------------------------------------------------------------------


def test_markdown_sections_are_replies_code_and_front_matter_are_not(tmp_path, mini):
    f = tmp_path / "replies.md"
    f.write_text(
        "---\ntitle: Денежные средства\n---\n"
        "# Возврат\n\n"
        "Простите. Вернём **денежные средства** завтра.\n\n"
        "```\nДенежные средства в коде\n```\n\n"
        "Всё.\n\n"
        "## Доставка\n\n"
        "Курьер приедет [в ближайшее время](https://example.com).\n", encoding="utf-8")
    code, data = run_json(*mini, str(f))
    assert code == 1
    got = sorted((x["rule"], x["line"], x["column"]) for x in findings(data))
    assert got == [("TT101", 6, 20), ("TT201", 16, 1), ("TT301", 16, 17)]
    t301 = next(x for x in findings(data) if x["rule"] == "TT301")
    assert span(f, t301) == "в ближайшее время"


def test_markdown_paragraph_mode_and_tables():
    text = ("Первый абзац.\n\nВторой абзац.\n\n| ID | Текст |\n|---|---|\n"
            "| welcome | Здравствуйте! |\n| bye | До свидания. |\n")
    sections = extract("md", text)
    assert [s.text.strip() for s in sections.segments] == [
        "Первый абзац.\n\nВторой абзац.", "Здравствуйте!", "До свидания."]
    paras = extract("md", text, FormatOptions(markdown_split="paragraph"))
    assert [s.text.strip() for s in paras.segments][:2] == ["Первый абзац.", "Второй абзац."]


# --- placeholders and markup ----------------------------------------------------------


@pytest.mark.parametrize("placeholder", [
    "{{ customer.name }}", "{name}", "%NAME%", "%%NAME%%", "%{ticket.number}", "[Имя]",
    "{% if vip %}", "{# комментарий #}", '{{ ticket.created|date:"DATETIME_FORMAT" }}',
    "${name}", '<a href="x">', "&nbsp;", "<!-- служебное -->",
])
def test_placeholders_and_markup_are_never_flagged(tmp_path, placeholder):
    # A forbid rule whose pattern is a word inside every placeholder above.
    pack = tmp_path / "p.yml"
    pack.write_text("""\
pack: p
rules:
  - id: PP101
    name: no-name
    kind: forbid
    category: cliche
    severity: error
    message: m
    doc: {what: a, why: b, fix: c}
    patterns: ["name|имя|ticket|if|комментарий|nbsp|служебный|href|created|date"]
    examples:
      bad: ["[[Имя]] тут.", "Вот [[имя]]."]
      good: ["Никак.", "Ничего."]
""", encoding="utf-8")
    f = tmp_path / "t.txt"
    f.write_text(f"Здравствуйте, {placeholder} и {placeholder}!", encoding="utf-8")
    code, data = run_json("--no-builtin", "--rules", str(pack), str(f))
    assert code == 0, findings(data)


_ANY = st.text(alphabet=st.sampled_from(list("аб вЖ\n\r\t|#-*_`~>[](){}<>!\"'\\:,.%0")),
               max_size=80)


@settings(max_examples=300, deadline=None)
@given(text=_ANY, fmt=st.sampled_from(["md", "yaml", "json", "txt"]))
def test_any_input_gives_replies_mapped_into_the_file_or_a_format_error(text, fmt):
    try:
        extraction = extract(fmt, text, FormatOptions(cyrillic_only=False))
    except FormatError as e:
        assert fmt in ("yaml", "json") and e.line >= 1 and e.col >= 1
        return
    for seg in extraction.segments:
        for i in range(len(seg.text)):
            a, b = seg.orig_start(i), seg.orig_end(i + 1)
            assert 0 <= a <= b <= len(text)
        _check_map(text, seg)


def test_a_multi_line_html_tag_does_not_start_a_customer_quote(tmp_path, mini):
    # osTicket bodies close a tag at the start of the next line: `>` there is markup,
    # not a `>` quote of the customer (whose words rules skip).
    f = tmp_path / "t.yaml"
    f.write_text('body: |\n  <div style="color: red;"\n'
                 '  >Простите. Денежные средства вернём.</div>\n', encoding="utf-8")
    code, data = run_json(*mini, str(f))
    assert code == 1
    assert [(x["rule"], x["line"], x["column"]) for x in findings(data)] == [("TT101", 3, 14)]
