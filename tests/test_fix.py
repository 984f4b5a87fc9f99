"""--fix and --diff: which edits are made, how files are written, what is never touched."""

from __future__ import annotations

import inspect
import io
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import replylint.fix as fixing
import replylint.runner as runner
from replylint.api import Linter
from replylint.atomic import atomic_write_text
from replylint.cli import main
from replylint.finding import Finding, Fix
from replylint.fix import fix_text, plan_fixes, unified_diff

PACK = """\
pack: fix-pack
rules:
  - id: TT301
    name: plain-money
    kind: substitute
    category: jargon
    severity: warning
    message: "«{match}» → «{suggestion}»"
    doc: {what: a, why: b, fix: c}
    patterns: ["денежный средство"]
    replace: деньги
    examples:
      bad: ["Вернём [[денежные средства]].", "Без [[денежных средств]]."]
      good: ["Вернём деньги.", "Без денег."]
  - id: TT302
    name: plain-debt
    kind: substitute
    category: jargon
    severity: warning
    message: "«{match}» → «{suggestion}»"
    doc: {what: a, why: b, fix: c}
    patterns: ["долг *2 аннулировать"]
    replace: долг списать
    examples:
      bad: ["[[Долг аннулирован]].", "[[Долг ваш аннулировали]]."]
      good: ["Долг списан.", "Всё хорошо."]
"""


@pytest.fixture
def linter(tmp_path: Path) -> Linter:
    p = tmp_path / "pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return Linter.from_options(rule_paths=[p], include_shipped=False)


@pytest.fixture
def pack(tmp_path: Path) -> list[str]:
    p = tmp_path / "pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return ["--no-builtin", "--rules", str(p)]


def cli() -> CliRunner:
    """A runner with stdout and stderr apart (click < 8.2 needs mix_stderr=False)."""
    if "mix_stderr" in inspect.signature(CliRunner).parameters:
        return CliRunner(mix_stderr=False)
    return CliRunner()


def fixed(linter: Linter, text: str) -> str:
    return fix_text(text, linter.lint(text))[0]


def test_replacements_keep_case_number_and_capitalisation(linter):
    text = "Денежные средства вернём, ДЕНЕЖНЫХ СРЕДСТВ хватит, без денежных средств никак."
    assert fixed(linter, text) == "Деньги вернём, ДЕНЕГ хватит, без денег никак."
    new, edits = fix_text(text, linter.lint(text))
    assert new == fixed(linter, text)
    assert [(e.original, e.replacement, e.rule) for e in edits] == [
        ("Денежные средства", "Деньги", "TT301"), ("ДЕНЕЖНЫХ СРЕДСТВ", "ДЕНЕГ", "TT301"),
        ("денежных средств", "денег", "TT301")]


def test_findings_carry_the_fix_in_json(linter):
    (f,) = linter.lint("Вернём денежные средства.")
    assert f.fix == Fix(7, 24, "деньги")
    assert f.to_json()["fix"] == {"start": 7, "end": 24, "replacement": "деньги"}


def test_a_span_with_words_skipped_by_a_gap_is_not_fixable(linter):
    text = "Долг ваш аннулирован. Долг аннулирован."
    gap, plain = linter.lint(text)
    assert gap.suggestion and gap.fix is None  # «ваш» would be lost
    assert plain.fix is not None
    assert fixed(linter, text) == "Долг ваш аннулирован. Долг списан."


def test_never_inside_quoted_customer_text_or_placeholders(linter):
    text = ("Вы пишете: «денежные средства не пришли».\n"
            "> денежные средства где?\n"
            "Ваши {{денежные средства}} и [Денежные средства] тут, денежные средства вернём.")
    findings = linter.lint(text)
    assert len(findings) == 1  # the engine never matches there...
    assert fixed(linter, text) == text.replace("тут, денежные средства", "тут, деньги")
    # ...and fixes are not applied there even when a finding claims so
    start = text.index("денежные средства не")
    forged = Finding("TT301", "plain-money", "jargon", "warning", "m", 1, 1, 1, 1, start,
                     start + 17, "деньги", fix=Fix(start, start + 17, "деньги"))
    ph = text.index("{{")
    forged_ph = Finding("TT301", "plain-money", "jargon", "warning", "m", 1, 1, 1, 1, ph + 2,
                        ph + 19, "деньги", fix=Fix(ph + 2, ph + 19, "деньги"))
    edits, skipped = plan_fixes(text, [forged, forged_ph])
    assert edits == [] and {s.reason for s in skipped} == {
        "inside quoted customer text or a placeholder"}


def _f(rule: str, start: int, end: int, repl: str) -> Finding:
    return Finding(rule, "r", "jargon", "warning", "m", 1, 1, 1, 1, start, end, repl,
                   fix=Fix(start, end, repl))


def test_overlapping_fixes_leftmost_then_longest_then_lowest_rule_id():
    text = "abcdefghij"
    edits, skipped = plan_fixes(text, [
        _f("RL100", 2, 6, "X"),   # starts later than RL300: loses to it
        _f("RL300", 1, 4, "Y"),   # leftmost
        _f("RL200", 1, 3, "Z"),   # same start, shorter: loses
        _f("RL100", 7, 9, "P"),   # same span as the next: RL99 < RL100 by number
        _f("RL99", 7, 9, "Q"),
        _f("RL5", 4, 6, "T"),     # touches RL300's end (4): no overlap, applied
    ])
    assert [(e.rule, e.start) for e in edits] == [("RL300", 1), ("RL5", 4), ("RL99", 7)]
    assert fix_text(text, [_f("RL300", 1, 4, "Y"), _f("RL5", 4, 6, "T"),
                           _f("RL99", 7, 9, "Q")])[0] == "aYTgQj"
    assert len(skipped) == 3 and all("overlaps" in s.reason for s in skipped)
    # the order of the input does not matter
    again, _ = plan_fixes(text, list(reversed([_f("RL99", 7, 9, "Q"), _f("RL100", 7, 9, "P")])))
    assert [e.rule for e in again] == ["RL99"]


def test_unified_diff_marks_a_missing_final_newline():
    d = unified_diff("a\nb", "a\nc", "x.txt")
    assert d.startswith("--- a/x.txt\n+++ b/x.txt\n")
    assert "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n" in d


def test_cli_diff_shows_and_changes_nothing(pack, tmp_path):
    f = tmp_path / "draft.txt"
    f.write_text("Денежные средства вернём.\n", encoding="utf-8")
    r = cli().invoke(main, ["check", *pack, "--diff", str(f)])
    assert r.exit_code == 1
    assert "-Денежные средства вернём.\n+Деньги вернём.\n" in r.output
    assert f.read_text(encoding="utf-8") == "Денежные средства вернём.\n"
    f.write_text("Деньги вернём.\n", encoding="utf-8")
    clean = cli().invoke(main, ["check", *pack, "--diff", str(f)])
    assert clean.exit_code == 0 and clean.output == ""


def test_cli_fix_writes_keeps_mode_line_endings_and_bom(pack, tmp_path):
    f = tmp_path / "draft.txt"
    f.write_bytes("\ufeffЗдравствуйте!\r\nДенежные средства вернём.\r\nДолг ваш аннулирован."
                  .encode("utf-8"))
    os.chmod(f, 0o640)
    r = cli().invoke(main, ["check", *pack, "--fix", "--format", "json", str(f)])
    assert f.read_bytes() == ("\ufeffЗдравствуйте!\r\nДеньги вернём.\r\nДолг ваш аннулирован."
                              .encode("utf-8"))
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    report = json.loads(r.stdout)
    assert [x["rule"] for x in report["files"][0]["findings"]] == ["TT302"]  # what is left
    assert r.exit_code == 1
    assert "fixed 1 finding(s)" in r.stderr


def test_cli_fix_does_not_overwrite_a_file_changed_meanwhile(pack, tmp_path, monkeypatch):
    f = tmp_path / "draft.txt"
    f.write_text("Денежные средства вернём.", encoding="utf-8")
    real = runner.lint_path

    def lint_then_edit(target, path, *settings):
        result = real(target, path, *settings)
        path.write_text("Денежные средства вернём. Ещё строка от коллеги.", encoding="utf-8")
        return result

    monkeypatch.setattr(runner, "lint_path", lint_then_edit)
    r = cli().invoke(main, ["check", *pack, "--fix", "--format", "json", str(f)])
    assert r.exit_code == 2
    assert f.read_text(encoding="utf-8") == "Денежные средства вернём. Ещё строка от коллеги."
    err = json.loads(r.stdout)["files"][0]["error"]
    assert err["code"] == "changed-on-disk" and "not written" in err["message"]


def test_fix_refuses_files_that_are_not_utf8(linter, tmp_path):
    f = tmp_path / "legacy.txt"
    data = "Денежные средства вернём.".encode("cp1251")
    f.write_bytes(data)
    err = io.StringIO()
    result = fixing.fix_files(runner.check_paths(linter, [str(f)], ["*"], []), linter, err)
    assert f.read_bytes() == data
    assert result.files[0].error[0] == "not-utf8"
    assert result.exit_code() == 2


def test_cli_fix_with_stdin_prints_the_fixed_text(pack):
    r = cli().invoke(main, ["check", *pack, "--fix", "-"],
                           input="Денежные средства вернём.\n")
    assert r.stdout == "Деньги вернём.\n"
    assert r.exit_code == 0 and "1 fix(es) applied, 0 finding(s) left" in r.stderr


def test_fix_and_diff_misuse_is_a_usage_error(pack, tmp_path):
    f = tmp_path / "d.txt"
    f.write_text("x", encoding="utf-8")
    both = cli().invoke(main, ["check", *pack, "--fix", "--diff", str(f)])
    assert both.exit_code == 2 and "cannot be combined" in both.output
    jl = cli().invoke(main, ["check", *pack, "--input-format", "jsonl", "--fix", str(f)])
    assert jl.exit_code == 2 and "not on JSONL input" in jl.output


def test_atomic_write_keeps_mode_and_symlink_and_cleans_up_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o604)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write_text(link, "new\r\n")
    assert link.is_symlink() and target.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        atomic_write_text(target, "lost")
    assert target.read_bytes() == b"new\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]
