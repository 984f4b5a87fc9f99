"""JSONL mode for agents: {"id", "complaint", "reply"} per line in, one object per line out."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from replylint.cli import main

TIMER = ("Завершила аренду на пару минут позже суток, и с меня списали 2800 ₽ за вторые "
         "сутки. В приложении нет ни таймера, ни уведомления. Верните деньги.")
RECALC = "Здравствуйте! По аренде произведён перерасчёт, 2800 руб. вернутся на карту."


def run(*args: str, input: str | None = None):
    # the stable RL201 and the complaint rules only: the packs being written do not move it
    return CliRunner().invoke(main, ["check", "--select", "RL201,RL4", "--input-format",
                                     "jsonl", *args], input=input)


def lines(output: str) -> list[dict]:
    return [json.loads(x) for x in output.splitlines()]


def test_one_object_per_line_with_findings_and_score(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "a", "complaint": TIMER, "reply": RECALC},
        {"id": 7, "complaint": TIMER, "reply": "Простите: таймера и уведомления не было, "
                                              "аренду пересчитали, 2800 ₽ вернули."},
        {"id": "c", "reply": RECALC, "expect": {"apology": True}},  # extra keys are ignored
    ]) + "\n\n", encoding="utf-8")
    r = run("--format", "jsonl", "--score", str(src))
    out = lines(r.output)
    assert [(o["id"], o["line"]) for o in out] == [("a", 1), (7, 2), ("c", 3)]
    rules = [[f["rule"] for f in o["findings"]] for o in out]
    assert "RL401" in rules[0] and "RL401" not in rules[1]
    assert "RL401" not in rules[2]  # no complaint on that line
    assert set(out[0]["findings"][0]) >= {"rule", "category", "severity", "message", "line",
                                          "column", "end_line", "end_column", "suggestion"}
    assert out[0]["score"]["value"] < out[1]["score"]["value"]
    assert "relevance" in out[0]["score"]["categories"]
    assert "relevance" in out[2]["score"]["not_checked"]  # it had no complaint
    assert r.exit_code == 1


def test_bad_lines_are_errors_with_their_line_and_the_rest_is_checked(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "ok", "reply": "Простите нас."}\n'
                   "not json\n"
                   "[1, 2]\n"
                   '{"id": "no-reply"}\n'
                   '{"id": "n", "reply": 5}\n'
                   '{"id": "c", "reply": "Простите.", "complaint": ["x"]}\n'
                   '{"id": "last", "reply": "Ваш заказ доставят завтра."}\n', encoding="utf-8")
    r = run("--format", "jsonl", str(src))
    assert r.exit_code == 2
    out = lines(r.output)
    assert [o.get("line") for o in out] == [1, 2, 3, 4, 5, 6, 7]
    assert "findings" in out[0] and "findings" in out[6]
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert sorted(errors) == [2, 3, 4, 5, 6]
    assert errors[2]["code"] == "bad-json" and errors[2]["message"].startswith(f"{src}:2: ")
    assert errors[4]["message"].endswith("`reply` is missing")
    assert errors[5]["message"].endswith("`reply` is a number, not a string")
    assert out[3]["id"] == "no-reply"  # the id is kept when the line has one


def test_stdin_the_default_complaint_and_other_formats(tmp_path: Path):
    complaint = tmp_path / "complaint.txt"
    complaint.write_text(TIMER, encoding="utf-8")
    data = json.dumps({"id": "s", "reply": RECALC}, ensure_ascii=False) + "\n"
    out = lines(run("--format", "jsonl", "--complaint", str(complaint), "-", input=data).output)
    assert "RL401" in [f["rule"] for f in out[0]["findings"]]  # --complaint fills the gap
    report = json.loads(run("--format", "json", "-", input=data).output)
    schema = json.loads(resources.files("replylint").joinpath("schema/report.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["files"][0]["path"] == "s"
    text = run("--no-color", "-", input=data + "oops\n").output
    assert "<stdin>:2: error: invalid JSON" in text


def test_missing_jsonl_file_and_jsonl_output_for_plain_files(tmp_path: Path):
    r = run("--format", "jsonl", str(tmp_path / "nope.jsonl"))
    assert r.exit_code == 2
    (obj,) = lines(r.output)
    assert obj["id"] is None and obj["error"]["code"] == "not-found"
    assert "nope.jsonl" in obj["error"]["message"]
    draft = tmp_path / "draft.txt"
    draft.write_text("Простите нас.", encoding="utf-8")
    plain = CliRunner().invoke(main, ["check", "--select", "RL201", "--format", "jsonl",
                                      str(draft)])
    (obj,) = lines(plain.output)
    assert obj == {"id": str(draft), "findings": []}
