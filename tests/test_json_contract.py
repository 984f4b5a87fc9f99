"""--format json matches the shipped JSON Schema and the documented shape."""

import json
from importlib import resources

import jsonschema
from click.testing import CliRunner

from replylint.cli import main


def schema() -> dict:
    return json.loads(resources.files("replylint").joinpath("schema/report.schema.json")
                      .read_text(encoding="utf-8"))


def report(tmp_path, text: str, *extra: str) -> dict:
    f = tmp_path / "draft.txt"
    f.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--format", "json", *extra, str(f),
                                  str(tmp_path / "missing.txt")])
    return json.loads(r.output)


def test_report_validates_against_the_schema(tmp_path):
    data = report(tmp_path, "Здравствуйте!\nВаш заказ доставят завтра.")
    jsonschema.Draft202012Validator(schema()).validate(data)
    assert data["version"] == 1
    assert set(data) == {"version", "files", "summary"}


def test_finding_positions_are_one_based_character_columns(tmp_path):
    text = "Здравствуйте!\nВаш заказ доставят завтра."
    data = report(tmp_path, text, "--select", "RL201")
    (f,) = next(x for x in data["files"] if x["findings"])["findings"]
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (2, 1, 2, 27)
    assert text[f["offset"]:f["end_offset"]] == "Ваш заказ доставят завтра."
    assert f["missing"] is True
    assert "первая фраза после приветствия" in f["message"]
    for key in ("rule", "category", "severity", "message", "suggestion"):
        assert key in f


def test_unreadable_file_carries_an_error_and_no_findings(tmp_path):
    data = report(tmp_path, "Простите нас.")
    missing = next(x for x in data["files"] if x["path"].endswith("missing.txt"))
    assert missing["error"]["code"] == "not-found"
    assert missing["findings"] == []
    assert data["summary"]["errors"] == 1


def test_missing_findings_skip_greetings_and_quoted_sentences(tmp_path):
    text = ("Виктор, здравствуйте!\nВы пишете: «Курьер не приехал, заказ испорчен, деньги не "
            "вернули» — да.\nЗаказ приедет завтра.")
    data = report(tmp_path, text, "--select", "RL201")
    (f,) = next(x for x in data["files"] if x["findings"])["findings"]
    assert text[f["offset"]:f["end_offset"]] == "Заказ приедет завтра."
