"""Every hostile input, through the real CLI in a subprocess: exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from replylint.decode import decode
from replylint.runner import MAX_BYTES

from .fixtures.hostile import make
from .hostile_helpers import line_col, write_pack

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE.parent / "src" / "replylint" / "schema" / "report.schema.json")
                    .read_text(encoding="utf-8"))

ROOT_READS_ALL = hasattr(os, "geteuid") and os.geteuid() == 0


def cli(*args: str, stdin: bytes | None = None, env: dict | None = None,
        code: str | None = None) -> subprocess.CompletedProcess:
    """`replylint ARGS` in a fresh interpreter (or `code` that ends by calling main())."""
    head = [sys.executable, "-c", code] if code else [sys.executable, "-m", "replylint.cli"]
    return subprocess.run([*head, *args], input=stdin if stdin is not None else b"",
                          capture_output=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    root = base / "inputs"
    cases = make.build(root)
    pack = write_pack(base)
    yield root, cases, pack
    make.restore(root)


@pytest.fixture(scope="module")
def report(hostile):
    root, _, pack = hostile
    proc = cli("check", "--no-builtin", "--rules", str(pack), "--format", "json", str(root),
               str(root / "missing.txt"))
    return proc


def _by_name(root: Path, data: dict) -> dict[str, dict]:
    prefix = str(root) + os.sep
    return {f["path"].removeprefix(prefix): f for f in data["files"]}


def test_the_run_ends_with_exit_2_a_valid_report_and_nothing_on_stderr(report):
    assert report.returncode == 2, report.stderr
    assert report.stderr == b""
    jsonschema.validate(json.loads(report.stdout), SCHEMA)


def test_every_hostile_input_gets_what_it_should(hostile, report):
    root, cases, _ = hostile
    files = _by_name(root, json.loads(report.stdout))
    assert files["missing.txt"]["error"]["code"] == "not-found"
    for case in cases:
        if case.name == "unreadable.txt" and ROOT_READS_ALL:
            continue  # checked by test_an_unreadable_file
        got = files.get(case.name)
        assert got is not None, f"{case.name} is missing from the report"
        if case.expect == "finding":
            assert "error" not in got, (case.name, got)
            spans = [f for f in got["findings"] if f["rule"] == "TH101"]
            assert spans, (case.name, got)
            raw = (root / case.name).read_bytes() if "\\x" not in case.name else None
            if raw is not None:
                text = decode(raw).text
                f = spans[-1]
                assert text[f["offset"]:f["end_offset"]] == case.words, case.name
                assert (f["line"], f["column"]) == line_col(text, f["offset"]), case.name
                assert (f["end_line"], f["end_column"]) == line_col(text, f["end_offset"])
        elif case.expect == "notice":
            assert case.message in got.get("notice", ""), (case.name, got)
            assert "error" not in got and got["findings"] == []
        else:
            assert got.get("error", {}).get("code") == case.code, (case.name, got)
            assert case.message in got["error"]["message"], (case.name, got)
            assert got["findings"] == []


def test_legacy_encodings_are_named_not_guessed_silently(hostile, report):
    root, _, _ = hostile
    files = _by_name(root, json.loads(report.stdout))
    assert "read as cp1251" in files["cp1251-short.txt"]["notice"]
    assert "read as koi8-r" in files["koi8r-short.txt"]["notice"]
    assert "notice" not in files["utf8-bom.txt"]


def test_columns_after_a_bom_do_not_count_it(hostile, report):
    root, _, _ = hostile
    files = _by_name(root, json.loads(report.stdout))
    plain = next(f for f in files["utf8.txt"]["findings"] if f["rule"] == "TH101")
    for name in ("utf8-bom.txt", "utf16-le-bom.txt", "utf16-be-bom.txt", "utf32-bom.txt"):
        f = next(f for f in files[name]["findings"] if f["rule"] == "TH101")
        assert (f["line"], f["column"], f["offset"]) == (plain["line"], plain["column"],
                                                         plain["offset"]), name


def test_the_text_report_says_the_same_on_stdout(hostile):
    root, cases, pack = hostile
    proc = cli("check", "--no-builtin", "--rules", str(pack), str(root))
    assert proc.returncode == 2
    assert proc.stderr == b""
    out = proc.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out  # the draft's escape codes are defused
    assert "Traceback" not in out
    for case in cases:
        if case.name == "unreadable.txt" and ROOT_READS_ALL:
            continue
        shown = f"{root}{os.sep}{case.name}"
        if case.expect == "error":
            assert f"{shown}: error: " in out and f"[{case.code}]" in out, case.name
        elif case.expect == "notice":
            assert f"{shown}: note: {case.message}" in out, case.name
        else:
            assert f"{shown}:" in out, case.name
    lines = out.rstrip("\n").split("\n")
    assert "file(s) could not be checked" in lines[-1] and "skipped" in lines[-1]
    assert not any("\n" in line for line in lines)  # the file name with a newline is escaped


def test_an_unreadable_file(hostile, tmp_path):
    if ROOT_READS_ALL:
        pytest.skip("running as root: chmod 000 does not stop root from reading the file")
    root, _, pack = hostile
    proc = cli("check", "--no-builtin", "--rules", str(pack), "--format", "json",
               str(root / "unreadable.txt"))
    assert proc.returncode == 2
    (f,) = json.loads(proc.stdout)["files"]
    assert f["error"] == {"code": "unreadable", "message": "permission denied"}


@pytest.mark.parametrize("names, code", [
    (["empty.txt", "whitespace.txt", "image.txt", "controls.txt"], 0),  # notices only
    (["utf8.txt", "empty.txt"], 1),  # findings
    (["utf8.txt", "latin1.txt"], 2),  # the user must act
    (["big-50mb.txt"], 2),
    (["loop-a.txt"], 2),
    (["fifo.txt"], 2),
])
def test_exit_codes(hostile, names, code):
    root, _, pack = hostile
    if "fifo.txt" in names and not (root / "fifo.txt").exists():
        pytest.skip("no FIFOs on this platform")
    proc = cli("check", "--no-builtin", "--rules", str(pack), *(str(root / n) for n in names))
    assert proc.returncode == code, proc.stdout.decode()


def test_a_folder_with_nothing_to_check_is_a_notice(tmp_path, hostile):
    _, _, pack = hostile
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.csv").write_text("x", encoding="utf-8")
    proc = cli("check", "--no-builtin", "--rules", str(pack), "--format", "json",
               str(tmp_path / "empty"))
    assert proc.returncode == 0
    (f,) = json.loads(proc.stdout)["files"]
    assert "no files to check" in f["notice"] and "--include" in f["notice"]


@pytest.mark.parametrize("data, code, words", [
    (b"", 2, "nothing to check on standard input"),
    (b"  \n\t\n", 2, "nothing to check on standard input"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", 0, "binary file"),
    (("Вернём денежные средства.".encode("cp1251")), 1, "read as cp1251"),
    (b"x" * (MAX_BYTES + 10), 2, "over the 2 MB limit"),
    ("Café crème".encode("latin-1"), 2, "save the file as UTF-8"),
], ids=["empty", "whitespace", "binary", "cp1251", "too-large", "latin-1"])
# (ids: a 2 MB parameter would become a 2 MB test id, and pytest puts the id in the
# environment of every subprocess: too long for exec.)
def test_stdin(hostile, data, code, words):
    _, _, pack = hostile
    proc = cli("check", "--no-builtin", "--rules", str(pack), "-", stdin=data)
    assert proc.returncode == code, proc.stdout.decode()
    assert words in proc.stdout.decode()
    assert proc.stderr == b""


BOOM = """
import sys
import replylint.{module} as m
def boom(*a, **k):
    raise RuntimeError("kaput")
setattr(m, "{name}", boom)
from replylint.cli import main
sys.argv = ["replylint", *sys.argv[1:]]
main()
"""


def test_an_internal_error_is_short_with_a_hint_and_exit_2(hostile):
    root, _, pack = hostile
    args = ("check", "--no-builtin", "--rules", str(pack), str(root / "utf8.txt"))
    proc = cli(*args, code=BOOM.format(module="runner", name="check_paths"))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "internal error: RuntimeError: kaput" in err and "please report it" in err
    assert "Traceback" not in err
    debug = cli(*args, code=BOOM.format(module="runner", name="check_paths"),
                env={"REPLYLINT_DEBUG": "1"})
    assert "Traceback" in debug.stderr.decode()


def test_a_bug_on_one_file_does_not_stop_the_others(hostile):
    root, _, pack = hostile
    code = """
import sys
from replylint import filecheck
real = filecheck.lint_file_text
def lint(settings, text, path, *a, **k):
    if "KAPUT" in text:
        raise ZeroDivisionError("kaput")
    return real(settings, text, path, *a, **k)
filecheck.lint_file_text = lint
from replylint.cli import main
sys.argv = ["replylint", *sys.argv[1:]]
main()
"""
    boom = root.parent / "kaput.txt"
    boom.write_text("KAPUT", encoding="utf-8")
    proc = cli("check", "--no-builtin", "--rules", str(pack), "--format", "json", str(boom),
               str(root / "utf8.txt"), code=code)
    assert proc.returncode == 2
    first, second = json.loads(proc.stdout)["files"]
    assert first["error"]["code"] == "internal" and "please report it" in first["error"][
        "message"]
    assert second["findings"]
    assert b"Traceback" not in proc.stderr


def test_a_closed_pipe_is_quiet(hostile, tmp_path):
    _, _, pack = hostile
    many = tmp_path / "many.txt"  # thousands of findings: far more than a pipe buffers
    many.write_text("Вернём денежные средства.\n" * 3000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "replylint.cli", "check", "--no-builtin",
                             "--rules", str(pack), str(many)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 2
    assert b"Traceback" not in err and b"Exception ignored" not in err
