"""`replylint audit`: readers, bad rows, records, streaming, resume, summary, CLI errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.api import Linter
from replylint.audit import run as audit_run
from replylint.audit.records import RecordMaker, month_of, score_value
from replylint.audit.run import AuditOptions, lint_batches, run_audit
from replylint.audit.sources import Fields, Row, open_rows
from replylint.audit.summary import Summary, summarize_output
from replylint.cli import main

PACK = """\
pack: test-audit
rules:
  - id: TA101
    name: test-audit-jargon
    kind: substitute
    category: jargon
    severity: warning
    message: "«{match}» — канцелярит."
    doc: {what: a, why: b, fix: c}
    patterns: ["денежный средство"]
    replace: деньги
    examples:
      bad: ["Вернём [[денежные средства]].", "Без [[денежных средств]]."]
      good: ["Вернём деньги.", "Без денег."]
  - id: TA201
    name: test-audit-sorry
    kind: require
    category: apology
    severity: error
    message: "Нет извинения."
    doc: {what: a, why: b, fix: c}
    patterns: ["простить@impr"]
    examples:
      bad: ["Заказ приедет.", "Всё хорошо."]
      good: ["Простите нас.", "Простите, пожалуйста."]
"""

GOOD = "Простите, что списали деньги дважды. Вернём их завтра."
JARGON = "Простите нас. Денежные средства вернём завтра."
BAD = "Денежные средства вернём завтра."  # jargon and no apology
REPLIES = (GOOD, JARGON, BAD)
AGENTS = ("anna", "boris", "vera")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    p = tmp_path / "pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return p


@pytest.fixture
def linter(pack: Path) -> Linter:
    return Linter.from_options(rule_paths=[pack], include_shipped=False)


def ticket(i: int) -> dict:
    return {"id": f"T-{i}", "reply": REPLIES[i % 3], "complaint": "Списали дважды.",
            "agent": AGENTS[i % len(AGENTS)], "team": "billing" if i % 2 else "support",
            "date": f"2024-{1 + i % 4:02d}-15T10:00:00Z"}


def write_jsonl(path: Path, n: int, extra_lines: tuple[bytes, ...] = ()) -> Path:
    with path.open("wb") as fh:
        for i in range(n):
            fh.write(json.dumps(ticket(i), ensure_ascii=False).encode() + b"\n")
        for line in extra_lines:
            fh.write(line)
    return path


def audit(*args: str):
    return CliRunner().invoke(main, ["audit", *args], catch_exceptions=False)


def records(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "replylint_audit" in json.loads(lines[0])
    return [json.loads(line) for line in lines[1:]]


# -- reading exports -----------------------------------------------------------------

def test_jsonl_bad_lines_are_rows_with_their_line(tmp_path: Path, pack: Path):
    export = write_jsonl(tmp_path / "t.jsonl", 3, (
        b"\n",  # blank: not a row
        b"{not json\n",
        b'{"id": "x", "reply": "\xff\xfe broken"}\n',
        b"[1, 2]\n",
        b'{"id": "no-reply"}\n',
        b'{"id": "num", "reply": 42}\n',
        b'{"id": "empty", "reply": "   "}\n',
        json.dumps(ticket(8)).encode() + b"\n",
    ))
    out = tmp_path / "out.jsonl"
    r = audit(str(export), "-o", str(out), "--rules", str(pack), "--no-builtin", "-j", "1")
    assert r.exit_code == 0, r.output
    recs = records(out)
    assert [x["row"] for x in recs] == list(range(1, 11))
    errors = {x["row"]: (x["error"]["code"], x.get("line")) for x in recs if "error" in x}
    assert errors == {4: ("invalid-json", 5), 5: ("undecodable", 6), 6: ("invalid-json", 7),
                      7: ("missing-field", 8), 8: ("not-text", 9), 9: ("empty-reply", 10)}
    assert recs[-1]["id"] == "T-8" and recs[-1]["findings"]
    _, summary = summarize_output(out)
    assert summary["rows"] == 10 and summary["audited"] == 4 and summary["bad_rows"] == 6
    assert summary["bad"]["by_code"] == {"invalid-json": 2, "empty-reply": 1,
                                         "missing-field": 1, "not-text": 1, "undecodable": 1}
    assert [b["row"] for b in summary["bad"]["rows"]] == [4, 5, 6, 7, 8, 9]
    assert "6 bad rows" in r.stderr and "row 4" in r.stderr


def test_csv_broken_lines_fields_and_encoding(tmp_path: Path, linter: Linter):
    text = ("id;reply;agent;date\n"
            "1;Простите нас.;anna;05.03.2024\n"
            '2;"Простите,\nмногострочно";boris;2024-03-06\n'
            "3;лишнее;поле;тут;ещё\n"
            '4;"сломанная "кавычка;vera;2024-04-01\n'
            "5;Денежные средства вернём.;anna;2024-04-02\n")
    export = tmp_path / "t.csv"
    export.write_bytes(text.encode("cp1251"))
    rows = list(open_rows(export, "csv", Fields(), encoding="cp1251"))
    assert [r.row for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].values == {"reply": "Простите нас.", "agent": "anna", "date": "05.03.2024",
                              "id": "1"}
    assert rows[1].values["reply"] == "Простите,\nмногострочно" and rows[1].line == 3
    assert rows[2].error[0] == "bad-csv" and "line 5" in rows[2].error[1]
    assert rows[3].error[0] == "bad-csv" and rows[3].line == 6
    assert rows[4].values["reply"].startswith("Денежные")
    # Read as UTF-8, the same bytes are undecodable rows, reported, not a crash.
    utf = list(open_rows(export, "csv", Fields()))
    assert [r.error[0] for r in utf if r.error][:2] == ["undecodable", "undecodable"]
    maker = RecordMaker(linter, Fields())
    assert maker(rows[0])["month"] == "2024-03"


def test_csv_without_reply_column_is_a_usage_error(tmp_path: Path):
    export = tmp_path / "t.csv"
    export.write_text("id,answer\n1,hi\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = audit(str(export), "-o", str(out))
    assert r.exit_code == 2
    assert "no reply column" in r.stderr and "--reply-field" in r.stderr
    assert not out.exists()  # nothing written for an export that cannot be audited
    r = audit(str(export), "-o", str(out), "--reply-field", "answer", "--no-builtin",
              "--rules", str(_pack(tmp_path)), "-j", "1")
    assert r.exit_code == 0, r.output
    assert records(out)[0]["findings"][0]["rule"] == "TA201"


def _pack(tmp_path: Path) -> Path:
    p = tmp_path / "p.yml"
    p.write_text(PACK, encoding="utf-8")
    return p


def test_field_options_take_alternatives(tmp_path: Path, pack: Path):
    export = tmp_path / "t.jsonl"
    export.write_text(
        json.dumps({"ticket": 7, "answer": BAD, "operator": "olga", "created_at": 1709251200})
        + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = audit(str(export), "-o", str(out), "--no-builtin", "--rules", str(pack), "-j", "1",
              "--reply-field", "text,answer", "--agent-field", "operator", "--id-field",
              "ticket")
    assert r.exit_code == 0, r.output
    rec = records(out)[0]
    assert (rec["id"], rec["agent"], rec["month"]) == (7, "olga", "2024-03")
    assert {f["rule"] for f in rec["findings"]} == {"TA101", "TA201"}
    f = next(f for f in rec["findings"] if f["rule"] == "TA101")
    assert (f["category"], f["severity"], f["line"], f["column"]) == ("jargon", "warning", 1, 1)


def test_parquet_file_and_folder(tmp_path: Path, pack: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "ds"
    folder.mkdir()
    for part in range(11):  # part.10 comes after part.9, as Dask orders them
        rows = [ticket(part * 3 + i) for i in range(3)]
        pq.write_table(pa.Table.from_pylist(rows), folder / f"part.{part}.parquet")
    out = tmp_path / "o.jsonl"
    r = audit(str(folder), "-o", str(out), "--no-builtin", "--rules", str(pack), "-j", "1")
    assert r.exit_code == 0, r.output
    assert [x["id"] for x in records(out)] == [f"T-{i}" for i in range(33)]
    bad = tmp_path / "nocol.parquet"
    pq.write_table(pa.Table.from_pylist([{"text": "x"}]), bad)
    r = audit(str(bad), "-o", str(tmp_path / "o2.jsonl"))
    assert r.exit_code == 2 and "no reply column" in r.stderr


@pytest.mark.parametrize("value,month", [
    ("2024-03-05", "2024-03"), ("2024-03-05T23:59:59+03:00", "2024-03"),
    ("05.03.2024", "2024-03"), ("2024/11/02", "2024-11"), (1709251200, "2024-03"),
    (1709251200000, "2024-03"), ("вчера", None), ("2024-13-01", None), (None, None),
])
def test_month_of(value, month):
    assert month_of(value) == month


def test_score_value_reads_numbers_objects_and_dicts():
    class Score:
        score = 71.0
    assert score_value(42) == 42 and score_value(Score()) == 71
    assert score_value({"score": 55.5}) == 55.5 and score_value(None) is None


# -- streaming -----------------------------------------------------------------------

def test_batches_are_pulled_only_as_workers_free_up(linter: Linter):
    """Pool.imap would read the whole export ahead; the audit keeps 2 batches per worker."""
    pulled = []

    def batches():
        for b in range(40):
            pulled.append(b)
            yield [Row(b * 4 + i + 1, {"reply": GOOD}) for i in range(4)]

    maker = RecordMaker(linter, Fields())
    ahead = []
    out = []
    for _n, text in lint_batches(maker, batches(), jobs=2):
        ahead.append(len(pulled) - len(out))
        out.append(text)
    assert len(out) == 40 and max(ahead) <= 2 * 2 + 1
    rows = [json.loads(line)["row"] for t in out for line in t.splitlines()]
    assert rows == list(range(1, 161))  # in order, each once


# -- resume --------------------------------------------------------------------------

def _opts(export: Path, out: Path, **kw) -> AuditOptions:
    return AuditOptions(export, out, batch_size=kw.pop("batch_size", 10), **kw)


def test_interrupted_audit_resumes_without_counting_twice(tmp_path: Path, linter: Linter):
    export = write_jsonl(tmp_path / "t.jsonl", 230, (b"{bad\n",))
    full = tmp_path / "full.jsonl"
    run_audit(_opts(export, full, jobs=1), linter, progress=False)
    out = tmp_path / "out.jsonl"

    def stop_after_3(rows_written: int) -> None:
        if rows_written >= 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_audit(_opts(export, out, jobs=2), linter, progress=False, on_batch=stop_after_3)
    assert len(records(out)) == 30
    with out.open("ab") as fh:  # a write cut off by a kill: half a record, no newline
        fh.write(b'{"row":31,"id":"T-3')
    result = run_audit(_opts(export, out, jobs=2), linter, progress=False)
    assert (result.resumed_from, result.rows) == (30, 231)
    recs = records(out)
    assert [r["row"] for r in recs] == list(range(1, 232))
    assert recs == records(full)
    assert summarize_output(out)[1] == summarize_output(full)[1]
    again = run_audit(_opts(export, out, jobs=1), linter, progress=False)  # complete: no-op
    assert again.new_rows == 0 and records(out) == recs


def test_killed_subprocess_audit_resumes(tmp_path: Path, pack: Path):
    export = write_jsonl(tmp_path / "t.jsonl", 3000)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "replylint.cli", "audit", str(export), "-o", str(out),
           "--no-builtin", "--rules", str(pack), "--jobs", "2", "--batch-size", "5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 20_000:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = len(out.read_bytes().splitlines()) - 1
    assert 0 < written < 3000, "the audit must have been stopped mid-way"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "resumed after row" in done.stderr
    recs = records(out)
    assert [r["row"] for r in recs] == list(range(1, 3001))
    assert [r["id"] for r in recs] == [f"T-{i}" for i in range(3000)]
    fresh = tmp_path / "fresh.jsonl"
    subprocess.run([*cmd[:6], str(fresh), *cmd[7:]], check=True, capture_output=True)
    assert summarize_output(out)[1] == summarize_output(fresh)[1]


def test_sigint_says_how_to_resume(tmp_path: Path, pack: Path):
    export = write_jsonl(tmp_path / "t.jsonl", 3000)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "replylint.cli", "audit", str(export), "-o",
                             str(out), "--no-builtin", "--rules", str(pack), "-j", "2",
                             "--batch-size", "5"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    while proc.poll() is None and not (out.exists() and out.stat().st_size > 5_000):
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the audit finished before the signal arrived")
    assert proc.returncode == 130
    assert "rerun the same command to resume" in err and "Traceback" not in err
    rows = [r["row"] for r in records(out)]
    assert rows == list(range(1, len(rows) + 1))


def test_resume_refuses_another_export_or_other_options(tmp_path: Path, pack: Path):
    export = write_jsonl(tmp_path / "t.jsonl", 20)
    out = tmp_path / "out.jsonl"
    base = ["-o", str(out), "--no-builtin", "--rules", str(pack), "-j", "1"]
    assert audit(str(export), *base).exit_code == 0
    other = write_jsonl(tmp_path / "other.jsonl", 21)
    r = audit(str(other), *base)
    assert r.exit_code == 2 and "different export" in r.stderr and "--restart" in r.stderr
    r = audit(str(export), *base, "--agent-field", "operator")
    assert r.exit_code == 2 and "other options (fields)" in r.stderr
    r = audit(str(other), *base, "--restart")
    assert r.exit_code == 0 and len(records(out)) == 21


def test_output_that_is_not_an_audit_is_never_overwritten(tmp_path: Path, pack: Path):
    export = write_jsonl(tmp_path / "t.jsonl", 5)
    precious = tmp_path / "notes.jsonl"
    precious.write_text('{"mine": true}\n', encoding="utf-8")
    for extra in ((), ("--restart",)):
        r = audit(str(export), "-o", str(precious), *extra)
        assert r.exit_code == 2 and "not a replylint audit output" in r.stderr
    assert precious.read_text(encoding="utf-8") == '{"mine": true}\n'


def test_edited_output_is_reported_not_mixed(tmp_path: Path, linter: Linter):
    export = write_jsonl(tmp_path / "t.jsonl", 30)
    out = tmp_path / "out.jsonl"
    run_audit(_opts(export, out, jobs=1), linter, progress=False)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")  # a record lost
    with pytest.raises(audit_run.OutputError, match=r"out.jsonl:6: not the record of row 5"):
        run_audit(_opts(export, out, jobs=1), linter, progress=False)


def test_usage_errors_exit_2(tmp_path: Path):
    r = audit(str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert r.exit_code == 2 and "missing.jsonl: no such file" in r.stderr
    odd = tmp_path / "export.xlsx"
    odd.write_bytes(b"PK")
    r = audit(str(odd), "-o", str(tmp_path / "o.jsonl"))
    assert r.exit_code == 2 and "--input-format" in r.stderr
    assert "Traceback" not in r.output


# -- summary -------------------------------------------------------------------------

def test_summary_counts_rates_groups_and_worst(tmp_path: Path, pack: Path):
    export = write_jsonl(tmp_path / "t.jsonl", 12, (b"{bad\n",))
    out = tmp_path / "out.jsonl"
    js = tmp_path / "summary.json"
    r = audit(str(export), "-o", str(out), "--no-builtin", "--rules", str(pack), "-j", "1",
              "--summary-json", str(js), "--top", "3")
    assert r.exit_code == 0, r.output
    s = json.loads(js.read_text(encoding="utf-8"))["summary"]
    # 12 replies: GOOD, JARGON, BAD in turn → 4 clean, 8 with findings.
    assert (s["rows"], s["audited"], s["bad_rows"], s["with_findings"]) == (13, 12, 1, 8)
    assert s["by_category"]["jargon"] == {"findings": 8, "replies": 8, "rate": round(8 / 12, 6)}
    assert s["by_category"]["apology"]["replies"] == 4
    assert s["by_rule"]["TA201"]["name"] == "test-audit-sorry"
    assert s["by_severity"] == {"error": 4, "warning": 8, "info": 0}
    assert set(s["by_agent"]) == set(AGENTS) and list(s["by_month"]) == sorted(s["by_month"])
    assert s["by_agent"]["vera"]["rate"] == 1.0  # vera got every BAD reply (i % 3 == 2)
    assert next(iter(s["by_agent"])) == "vera"  # who needs coaching comes first
    assert [w["row"] for w in s["worst"]] == [3, 6, 9]  # BAD: an error and a warning
    assert s["scores"]["count"] == 12  # every linted reply is scored
    # BAD replies (an error and a warning) score below GOOD ones (nothing found)
    assert s["scores"]["min"] < s["scores"]["max"] == 100
    assert "Categories" in r.stdout and "jargon" in r.stdout and "vera" in r.stdout


def test_summary_merge_equals_one_pass():
    recs = []
    for i in range(50):
        f = [{"rule": "X1", "category": "jargon", "severity": "warning", "line": 1,
              "column": 1, "message": "m"}] * (i % 3)
        rec = {"row": i + 1, "id": i, "agent": AGENTS[i % 3], "team": None,
               "month": f"2024-0{1 + i % 3}", "findings": f, "score": 100 - 7 * (i % 3)}
        if i % 11 == 0:
            rec = {"row": i + 1, "id": i, "agent": None, "team": None, "month": None,
                   "error": {"code": "bad-csv", "message": "x"}}
        recs.append(rec)
    whole = Summary(top=5)
    for r in recs:
        whole.add(r)
    parts = []
    for chunk in (recs[:17], recs[17:30], recs[30:]):
        s = Summary(top=5)
        for r in chunk:
            s.add(dict(r, row=r["row"] - chunk[0]["row"] + 1))
        parts.append(s)
    from replylint.audit.dask import merge_in_order

    assert merge_in_order(parts).to_dict() == whole.to_dict()
    scores = whole.to_dict()["scores"]
    assert scores["min"] == 86 and scores["max"] == 100 and sum(scores["histogram"]) == 45


class _Score:  # what a scorer may return: an object with a value
    def __init__(self, value: int) -> None:
        self.value = value


def _score_one_arg(findings):
    return max(0, 100 - 30 * len(findings))


def _score_with_checked(findings, checked, config=None):
    assert checked == {"jargon", "apology"}  # the categories the test pack checks
    return _Score(max(0, 100 - 30 * len(findings)))


@pytest.mark.parametrize("score_findings", [_score_one_arg, _score_with_checked])
def test_scores_when_replylint_score_exists(tmp_path: Path, pack: Path, monkeypatch,
                                            score_findings):
    import types

    fake = types.ModuleType("replylint.score")
    fake.score_findings = score_findings
    monkeypatch.setitem(sys.modules, "replylint.score", fake)
    export = write_jsonl(tmp_path / "t.jsonl", 9)
    out = tmp_path / "out.jsonl"
    html = tmp_path / "r.html"
    r = audit(str(export), "-o", str(out), "--no-builtin", "--rules", str(pack), "-j", "1",
              "--html", str(html))
    assert r.exit_code == 0, r.output
    recs = records(out)
    assert [x["score"] for x in recs[:3]] == [100, 70, 40]
    _, s = summarize_output(out)
    assert s["scores"]["median"] == 70 and s["scores"]["histogram"][4] == 3
    assert s["worst"][0]["score"] == 40
    assert 'id="chart-scores"' in html.read_text(encoding="utf-8")


def test_readme_test_command_is_what_ci_runs(root: Path):
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    install = next(line for line in ci.splitlines() if "pip install '." in line)
    command = install.strip().removeprefix("python -m ") + " && python -m pytest"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert command in readme, f"README's quick start must show: {command}"
    assert "audit" in install


def test_progress_bar_on_request(tmp_path: Path, pack: Path):
    export = write_jsonl(tmp_path / "t.jsonl", 40)
    r = subprocess.run([sys.executable, "-m", "replylint.cli", "audit", str(export), "-o",
                        str(tmp_path / "o.jsonl"), "--no-builtin", "--rules", str(pack),
                        "--progress", "-j", "1"], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "COLUMNS": "120"})
    assert r.returncode == 0, r.stderr
    assert "40/40" in r.stderr and "rows/s" in r.stderr and "ETA" in r.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_skipping_rows_reads_the_same_rows_as_reading_on(tmp_path: Path, fmt: str):
    """Resuming relies on it: skip=k yields exactly the rows after the first k."""
    tickets = [ticket(i) for i in range(57)]
    if fmt == "jsonl":
        export = write_jsonl(tmp_path / "t.jsonl", 57, (b"\n", b"{bad\n"))
    elif fmt == "csv":
        import csv

        export = tmp_path / "t.csv"
        with export.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(tickets[0]))
            w.writeheader()
            for t in tickets:
                w.writerow({**t, "reply": t["reply"].replace(". ", ".\n")})  # multi-line
            fh.write('x,"broken\n')
    else:
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        export = tmp_path / "ds"
        export.mkdir()
        for part in range(3):  # files of 19 rows in row groups of 5: skips cross both
            pq.write_table(pa.Table.from_pylist(tickets[part * 19:(part + 1) * 19]),
                           export / f"part.{part}.parquet", row_group_size=5)
    every = list(open_rows(export, fmt, Fields()))
    assert [r.row for r in every] == list(range(1, len(every) + 1))
    assert len(every) == (57 if fmt == "parquet" else 58)
    for k in (0, 1, 4, 5, 6, 19, 20, 33, 56, len(every)):
        tail = list(open_rows(export, fmt, Fields(), skip=k))
        assert [(r.row, r.values, r.error) for r in tail] == \
            [(r.row, r.values, r.error) for r in every[k:]], k


def test_record_maker_survives_pickling_for_spawned_workers(linter: Linter, monkeypatch):
    import pickle
    import types

    fake = types.ModuleType("replylint.score")
    fake.score_findings = _score_with_checked
    monkeypatch.setitem(sys.modules, "replylint.score", fake)
    maker = RecordMaker(linter, Fields(), _score_with_checked)
    clone = pickle.loads(pickle.dumps(maker))
    row = Row(1, {"reply": BAD})
    assert clone(row) == maker(row) and maker(row)["score"] == 40
