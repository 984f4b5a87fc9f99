"""--format sarif (valid SARIF 2.1.0) and --format github (workflow annotations)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from replylint.finding import Finding
from replylint.reporters.github import report as github_report
from replylint.reporters.sarif import artifact_uri, to_sarif
from replylint.results import FileResult, RunResult

from .conftest import shared_path
from .minipack import run, write_pack


@pytest.fixture
def checked(tmp_path: Path, monkeypatch) -> list[str]:
    """A run over a bad draft, a broken YAML file and a missing path (relative paths)."""
    pack = write_pack(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("черновик.txt").write_text("Здравствуйте!\nДенежные средства вернём в ближайшее время.\n",
                                    encoding="utf-8")
    Path("broken.yaml").write_text("a: [1\n", encoding="utf-8")
    return ["--no-builtin", "--rules", str(pack), "черновик.txt", "broken.yaml", "gone.txt"]


def test_sarif_output_is_valid_sarif_2_1_0(checked):
    schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text("utf-8"))
    r = run("check", "--format", "sarif", *checked)
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    jsonschema.Draft4Validator(schema).validate(data)
    (run_,) = data["runs"]
    assert run_["tool"]["driver"]["name"] == "replylint"
    assert [x["ruleId"] for x in run_["results"]] == ["TT101", "TT201", "TT301"]
    rules = run_["tool"]["driver"]["rules"]
    for res in run_["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    t101 = run_["results"][0]
    loc = t101["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "%D1%87%D0%B5%D1%80%D0%BD%D0%BE%D0%B2%D0%B8%D0%BA.txt"
    assert loc["region"] == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 18,
                             "charOffset": 14, "charLength": 17}
    assert [x["level"] for x in run_["results"]] == ["warning", "error", "note"]
    inv = run_["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = inv["toolExecutionNotifications"]
    assert {n["descriptor"]["id"] for n in notes} == {"parse", "not-found"}
    parse = next(n for n in notes if n["descriptor"]["id"] == "parse")
    assert parse["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_sarif_of_a_clean_run_is_valid_and_successful():
    schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text("utf-8"))
    data = to_sarif(RunResult([FileResult("a.txt")]))
    jsonschema.Draft4Validator(schema).validate(data)
    assert data["runs"][0]["results"] == []
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_artifact_uris(tmp_path):
    assert artifact_uri("templates/a b.txt") == "templates/a%20b.txt"
    assert artifact_uri(str(tmp_path / "x.txt")).startswith("file:///")


def test_github_annotations(checked):
    r = run("check", "--format", "github", *checked)
    assert r.exit_code == 2
    lines = r.stdout.splitlines()
    assert ("::error file=broken.yaml,line=2,col=1,title=replylint parse::"
            "invalid YAML: while parsing a flow sequence; expected ',' or ']', "
            "but got '<stream end>'") in lines
    assert ("::warning file=черновик.txt,line=2,col=1,endLine=2,endColumn=18,"
            "title=TT101 mini-money-jargon::«Денежные средства» — канцелярит, пишите «Деньги». "
            "(предложение: Деньги)") in lines
    assert any(x.startswith("::error file=черновик.txt,line=2,col=1,") and "TT201" in x
               for x in lines)
    assert any(x.startswith("::notice file=черновик.txt,line=2,col=26,") for x in lines)
    assert any(x.startswith("::error file=gone.txt,line=1,col=1,title=replylint not-found::")
               for x in lines)


def test_github_escapes_properties_and_data():
    f = Finding("TT1", "a,b", "jargon", "warning", "50%\nвторая строка", 1, 1, 1, 2, 0, 1)
    out = []

    class W:
        def write(self, s):
            out.append(s)

    github_report(RunResult([FileResult("dir:x,y.txt", [f])]), W())
    assert out == ["::warning file=dir%3Ax%2Cy.txt,line=1,col=1,endLine=1,endColumn=2,"
                   "title=TT1 a%2Cb::50%25%0Aвторая строка\n"]


def test_line_format_names_error_positions(checked):
    r = run("check", "--format", "line", *checked)
    assert "broken.yaml:2:1: error parse invalid YAML" in r.stdout
