"""Every CLI option and exit code, through click's runner and a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main

BAD = "Здравствуйте! Денежные средства вернём в ближайшее время.\n"
GOOD = ("Здравствуйте! Простите, что списали деньги дважды. Мы вернули 500 ₽, "
        "и теперь такое списание невозможно. Спасибо, что написали!\n")

PACK = """\
pack: test-pack
rules:
  - id: TT101
    name: test-money-jargon
    kind: substitute
    category: jargon
    severity: warning
    message: "«{match}» — канцелярит, пишите «{suggestion}»."
    doc: {what: a, why: b, fix: c}
    patterns: ["денежный средство"]
    replace: деньги
    examples:
      bad: ["Вернём [[денежные средства]].", "Без [[денежных средств]]."]
      good: ["Вернём деньги.", "Без денег."]
  - id: TT201
    name: test-require-sorry
    kind: require
    category: apology
    severity: error
    message: "Нет извинения."
    doc: {what: a, why: b, fix: c}
    patterns: ["простить@impr"]
    examples:
      bad: ["Заказ приедет.", "Всё хорошо."]
      good: ["Простите нас.", "Простите, пожалуйста."]
  - id: TT301
    name: test-vague-soon
    kind: forbid
    category: timeline
    severity: info
    message: "Назовите дату."
    doc: {what: a, why: b, fix: c}
    patterns: ["в ближайший время"]
    examples:
      bad: ["Вернём [[в ближайшее время]].", "Позвоним [[в ближайшее время]]."]
      good: ["Вернём до пятницы.", "Позвоним завтра."]
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    p = tmp_path / "pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return p


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    bad = tmp_path / "drafts" / "bad.txt"
    good = tmp_path / "drafts" / "good.txt"
    bad.parent.mkdir()
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    return bad, good


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def as_json(result) -> dict:
    return json.loads(result.output)


def own(pack: Path) -> list[str]:
    return ["--no-builtin", "--rules", str(pack)]


def test_findings_exit_1_and_clean_exit_0(pack, files):
    bad, good = files
    r = run("check", *own(pack), "--format", "json", str(bad))
    assert r.exit_code == 1
    rules = [f["rule"] for f in as_json(r)["files"][0]["findings"]]
    assert rules == ["TT101", "TT201", "TT301"]  # sorted by position
    assert run("check", *own(pack), str(good)).exit_code == 0


@pytest.mark.parametrize("level, code", [("error", 1), ("warning", 1), ("info", 1),
                                         ("never", 0)])
def test_fail_on_levels(pack, files, level, code):
    assert run("check", *own(pack), "--fail-on", level, str(files[0])).exit_code == code


def test_fail_on_counts_only_findings_at_or_above(pack, tmp_path):
    f = tmp_path / "info.txt"
    f.write_text("Простите. Позвоним в ближайшее время.", encoding="utf-8")
    assert run("check", *own(pack), str(f)).exit_code == 0  # info < warning
    assert run("check", *own(pack), "--fail-on", "info", str(f)).exit_code == 1


def test_select_and_ignore_by_id_prefix_name_and_category(pack, files):
    bad = str(files[0])

    def rules(*opts):
        r = run("check", *own(pack), "--format", "json", *opts, bad)
        return [f["rule"] for f in as_json(r)["files"][0]["findings"]]

    assert rules("--select", "TT1") == ["TT101"]
    assert rules("--select", "test-require-sorry") == ["TT201"]
    assert rules("--select", "timeline,jargon") == ["TT101", "TT301"]
    assert rules("--ignore", "apology", "--ignore", "TT301") == ["TT101"]


def test_unknown_selector_is_a_usage_error(pack, files):
    r = run("check", *own(pack), "--select", "NOPE9", str(files[0]))
    assert r.exit_code == 2
    assert "unknown rule, prefix or category `NOPE9`" in r.output


def test_text_format_shows_location_span_suggestion_and_summary(pack, files):
    r = run("check", *own(pack), "--no-color", str(files[0]))
    out = r.output
    assert f"{files[0]}:1:15  TT101  «Денежные средства» — канцелярит, пишите «Деньги»." in out
    assert "    |               ^^^^^^^^^^^^^^^^^" in out
    assert "= предложение: Деньги" in out
    assert out.rstrip().endswith("3 findings in 1 of 1 file(s) (1 error, 1 warning, 1 info)")
    assert "\x1b[" not in out


def test_color_is_forced_on_and_no_color_is_honoured(pack, files):
    colored = run("check", *own(pack), "--color", str(files[0])).output
    assert "\x1b[" in colored
    r = CliRunner(env={"NO_COLOR": "1"}).invoke(main, ["check", *own(pack), str(files[0])])
    assert "\x1b[" not in r.output


def test_line_format(pack, files):
    r = run("check", *own(pack), "--format", "line", str(files[0]))
    lines = r.output.splitlines()
    assert lines[0] == (f"{files[0]}:1:15: warning TT101 «Денежные средства» — канцелярит, "
                        "пишите «Деньги». [Деньги]")


def test_stdin_dash_and_stdin_filename(pack):
    r = run("check", *own(pack), "--format", "json", "--stdin-filename", "draft.txt", "-",
            input=BAD)
    data = as_json(r)
    assert data["files"][0]["path"] == "draft.txt"
    assert r.exit_code == 1
    assert run("check", *own(pack), "-", input=GOOD).exit_code == 0


def test_folders_recurse_with_include_and_exclude(pack, files, tmp_path):
    (tmp_path / "drafts" / "notes.csv").write_text(BAD, encoding="utf-8")
    r = run("check", *own(pack), "--format", "json", str(tmp_path))
    paths = sorted(Path(f["path"]).name for f in as_json(r)["files"])
    assert paths == ["bad.txt", "good.txt"]
    r = run("check", *own(pack), "--format", "json", "--exclude", "bad.txt", str(tmp_path))
    assert [Path(f["path"]).name for f in as_json(r)["files"]] == ["good.txt"]
    r = run("check", *own(pack), "--format", "json", "--include", "*.csv", str(tmp_path))
    assert [Path(f["path"]).name for f in as_json(r)["files"]] == ["notes.csv"]


def test_missing_path_is_exit_2_and_the_others_are_still_checked(pack, files, tmp_path):
    r = run("check", *own(pack), "--format", "json", str(tmp_path / "nope.txt"), str(files[0]))
    assert r.exit_code == 2
    data = as_json(r)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert by_name["nope.txt"]["error"]["code"] == "not-found"
    assert by_name["bad.txt"]["findings"]


def test_broken_pack_is_exit_2_with_file_and_line(tmp_path, files):
    p = tmp_path / "broken.yml"
    p.write_text(PACK.replace("category: timeline", "category: time"), encoding="utf-8")
    r = run("check", "--no-builtin", "--rules", str(p), str(files[0]))
    assert r.exit_code == 2
    assert f"{p}:29:15: unknown category `time`" in r.output


def test_no_input_is_a_usage_error(pack):
    r = CliRunner().invoke(main, ["check", *own(pack)], input=None)
    # CliRunner's stdin is not a TTY, so an empty pipe is read: no findings but require rules
    assert r.exit_code in (1, 2)


def test_rules_lists_every_rule(pack):
    r = run("rules", *own(pack))
    assert r.exit_code == 0
    assert [line.split()[0] for line in r.output.splitlines()] == ["TT101", "TT201", "TT301"]
    data = json.loads(run("rules", *own(pack), "--format", "json").output)
    assert data[0]["category"] == "jargon" and data[0]["severity"] == "warning"
    assert [d["id"] for d in json.loads(run("rules", *own(pack), "--format", "json",
                                            "--category", "apology").output)] == ["TT201"]


def test_explain_prints_doc_and_examples():
    r = run("explain", "RL201")
    assert r.exit_code == 0
    assert r.output.startswith("# RL201 require-apology")
    assert "## Why it matters" in r.output and "## Bad" in r.output
    assert run("explain", "require-apology").output == r.output


def test_explain_unknown_rule_is_exit_2():
    r = run("explain", "RL999")
    assert r.exit_code == 2 and "unknown rule `RL999`" in r.output


def test_test_rules_passes_and_fails_loudly(pack, tmp_path):
    ok = run("test-rules", str(pack))
    assert ok.exit_code == 0 and "all examples of 3 rules behave" in ok.output
    broken = tmp_path / "broken.yml"
    broken.write_text(PACK.replace('good: ["Вернём до пятницы."',
                                   'good: ["Вернём в ближайшее время."'), encoding="utf-8")
    r = run("test-rules", str(broken))
    assert r.exit_code == 1
    assert "TT301 test-vague-soon" in r.output and "false-positive" in r.output


def test_help_documents_exit_codes():
    out = run("check", "--help").output
    for text in ("Exit codes:", "--fail-on", "--select", "--stdin-filename", "--format"):
        assert text in out
    assert run("--version").output.startswith("replylint, version ")


def test_real_subprocess_json_and_exit_code(pack, files):
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "replylint.cli", "check", *own(pack),
                           "--format", "json", "-"], input=BAD.encode(), capture_output=True,
                          env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"]["findings"] == 3
    proc = subprocess.run([sys.executable, "-m", "replylint.cli", "check", *own(pack),
                           str(files[1])], capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0
    assert proc.stderr == b""


def test_internal_error_prints_no_traceback(monkeypatch, pack, files):
    import replylint.runner as runner

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(runner, "check_paths", boom)
    r = CliRunner().invoke(main, ["check", *own(pack), str(files[0])])
    assert r.exit_code == 2
    assert "internal error: RuntimeError: kaput" in r.output
    assert "Traceback" not in r.output


def test_jobs_give_the_same_report_as_one_process(pack, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"r{i:02d}.txt").write_text(BAD if i % 3 else GOOD, encoding="utf-8")
    one = run("check", *own(pack), "--format", "json", str(folder))
    two = run("check", *own(pack), "--format", "json", "--jobs", "2", str(folder))
    assert one.exit_code == two.exit_code == 1
    assert as_json(one) == as_json(two)
    assert as_json(one)["summary"]["files_with_findings"] == 26


def test_effective_jobs_never_exceeds_useful_work():
    from replylint.runner import effective_jobs

    assert effective_jobs(8, 10) == 1
    assert effective_jobs(2, 1000) == 2
    assert effective_jobs(0, 10_000) >= 1
