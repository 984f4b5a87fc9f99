"""Inline suppression in every format, and RL901 for suppressions that match nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .minipack import findings, run, run_json, write_pack

SORRY = "Простите нас."
MONEY = "Денежные средства вернём."  # TT101 (and TT201 when the reply has no apology)


@pytest.fixture
def lint(tmp_path: Path):
    pack = write_pack(tmp_path)

    def go(name: str, text: str, *extra: str) -> list[tuple[str, int]]:
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        _, data = run_json("--rules", str(pack), "--select", "TT,RL901", *extra, str(f))
        return sorted((x["rule"], x["line"]) for x in findings(data))

    return go


def test_markdown_next_line_line_block_and_file(lint):
    text = (f"# Один\n\n{SORRY}\n<!-- replylint-disable-next-line TT101 -->\n{MONEY}\n{MONEY}\n\n"
            f"# Два\n\n{SORRY} {MONEY} <!-- replylint-disable-line mini-money-jargon -->\n\n"
            f"# Три\n\n<!-- replylint-disable jargon -->\n{SORRY}\n{MONEY}\n"
            f"<!-- replylint-enable jargon -->\n{MONEY}\n")
    assert lint("a.md", text) == [("TT101", 6), ("TT101", 18)]


def test_markdown_next_line_before_a_heading_covers_the_whole_section(lint):
    text = (f"<!-- replylint-disable-next-line TT201 -- a notice, not a reply -->\n"
            f"# Раздел\n\n{MONEY}\n")
    assert lint("a.md", text) == [("TT101", 4)]


def test_disable_file_in_markdown_and_txt(lint):
    assert lint("a.md", f"<!-- replylint-disable-file TT201 -->\n{MONEY}\n") == [("TT101", 2)]
    assert lint("a.txt", f"{MONEY}\n<!-- replylint-disable-file -->\n") == []


def test_txt_line_directives(lint):
    text = f"{SORRY}\nreplylint-disable-next-line TT101\n{MONEY}\n# replylint-disable-line TT101\n"
    assert lint("a.txt", text) == [("RL901", 4)]  # disable-line on its own line has nothing
    text = f"// replylint-disable TT101\n{SORRY}\n{MONEY}\nreplylint-enable\n{MONEY}\n"
    assert lint("a.txt", text) == [("TT101", 5)]


def test_txt_directive_lines_are_not_read_as_the_reply(lint):
    # The directive is the first line: the "no apology" anchor must not point at it.
    got = lint("a.txt", "replylint-disable-next-line TT101\nЗаказ приедет завтра.\n")
    assert got == [("RL901", 1), ("TT201", 2)]


def test_yaml_comments_line_and_next_line(lint):
    text = ("# replylint: disable=TT201\n"
            f"first: {MONEY}\n"
            f"second: {MONEY}  # replylint: disable=TT101,TT201\n"
            "third: |  # replylint: disable=mini-require-sorry -- the whole block\n"
            f"  {MONEY}\n  {MONEY}\n"
            f"fourth: {MONEY}\n"
            "# replylint: disable-file=TT301\n")
    assert lint("a.yaml", text) == [("RL901", 8), ("TT101", 2), ("TT101", 5), ("TT101", 6),
                                    ("TT101", 7), ("TT201", 7)]


def test_yaml_html_comment_inside_a_block_scalar(lint):
    text = (f"body: |\n  <p>{SORRY}</p>\n  <!-- replylint-disable-next-line TT101 -->\n"
            f"  <p>{MONEY}</p>\n")
    assert lint("a.yaml", text) == []


def test_json_directive_values_and_comments_in_strings(lint):
    data = {"_comment": "replylint-disable-next-line TT201",
            "welcome": MONEY,
            "other": f"<!-- replylint-disable TT101 -->{MONEY}"}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    assert lint("a.json", text) == [("TT101", 3), ("TT201", 4)]


def test_unused_unknown_and_stray_suppressions_are_rl901(lint, tmp_path):
    text = (f"{SORRY}\n<!-- replylint-disable-next-line TT102 -->\n{MONEY}\n"
            "<!-- replylint-disable-next-line RL1O1 -->\nНичего.\n"
            "<!-- replylint-enable -->\n")
    got = lint("a.md", text)
    assert got == [("RL901", 2), ("RL901", 4), ("RL901", 6), ("TT101", 3)]
    _, data = run_json("--rules", str(tmp_path / "mini-pack.yml"), "--select", "TT,RL901",
                       str(tmp_path / "a.md"))
    messages = [x["message"] for x in findings(data) if x["rule"] == "RL901"]
    assert "`TT102` здесь ничего не находит" in messages[0]
    assert "неизвестное правило `RL1O1`" in messages[1]
    assert "нечего включать" in messages[2]
    rl901 = next(x for x in findings(data) if x["rule"] == "RL901")
    assert (rl901["column"], rl901["category"], rl901["severity"]) == (1, "meta", "warning")


def test_rules_that_did_not_run_are_not_reported_unused(lint):
    text = f"{SORRY}\n<!-- replylint-disable-next-line TT102 -->\nВсё хорошо.\n"
    assert lint("a.md", text, "--ignore", "TT102") == []


def test_rl901_can_be_ignored_silenced_and_overridden(lint, tmp_path):
    text = f"{SORRY}\n<!-- replylint-disable-next-line TT102 -->\nВсё хорошо.\n"
    assert lint("a.md", text, "--ignore", "RL901") == []
    assert lint("a.md", "<!-- replylint-disable-file RL901 -->\n" + text) == []
    (tmp_path / ".replylint.yaml").write_text("severity: {unused-suppression: error}\n",
                                              encoding="utf-8")
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    _, data = run_json("--rules", str(tmp_path / "mini-pack.yml"), "--select", "TT,RL901",
                       str(tmp_path / "a.md"))
    assert [x["severity"] for x in findings(data)] == ["error"]


def test_rl901_is_a_listed_rule_with_docs():
    r = run("rules", "--format", "json")
    rl901 = next(x for x in json.loads(r.stdout) if x["id"] == "RL901")
    assert rl901["name"] == "unused-suppression" and rl901["category"] == "meta"
    doc = run("explain", "unused-suppression")
    assert doc.exit_code == 0 and doc.output.startswith("# RL901 unused-suppression")
