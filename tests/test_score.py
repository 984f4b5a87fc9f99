"""The reply score: the formula, caps, the weights file, the CLI and the dev-corpus ordering."""

from __future__ import annotations

import json
import statistics
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from replylint.api import Linter
from replylint.categories import CATEGORIES
from replylint.cli import main
from replylint.finding import Finding
from replylint.score import (
    DEFAULT_WEIGHTS,
    ScoreConfig,
    ScoreConfigError,
    checked_categories,
    score_findings,
)

from .conftest import shared_path

ALL = set(CATEGORIES)


def finding(category: str, severity: str = "warning") -> Finding:
    return Finding("XX1", "x", category, severity, "m", 1, 1, 1, 2, 0, 1)


def test_a_clean_reply_scores_100():
    s = score_findings([], ALL)
    assert s.value == 100 and s.capped_by == () and s.not_checked == ()
    assert set(s.categories) == ALL


def test_each_finding_takes_its_category_weight_times_its_rate():
    checked = {"apology", "jargon"}
    one = score_findings([finding("jargon")], checked)
    assert one.categories["jargon"].lost == pytest.approx(4.0)  # 8 × 0.5
    assert one.value == round(100 * (28 - 4) / 28)
    two = score_findings([finding("jargon")] * 2, checked)
    assert two.categories["jargon"].lost == pytest.approx(6.0)  # 8 × (1 − 0.5²)
    info = score_findings([finding("jargon", "info")], checked)
    assert info.categories["jargon"].lost == pytest.approx(2.0)  # info counts half
    missing = score_findings([finding("thanks")], ALL)
    assert missing.categories["thanks"].earned == 0  # rate 1: one finding loses it all


def test_critical_categories_cap_the_score():
    blamed = score_findings([finding("blame")], ALL)
    assert blamed.value == 40 and blamed.capped_by == ("blame",)  # 85 without the cap
    both = score_findings([finding("blame"), finding("apology", "error")], ALL)
    assert both.capped_by == ("blame", "apology") and both.cap == 40
    assert score_findings([finding("blame", "info")], ALL).capped_by == ()  # info never caps
    assert score_findings([finding("apology")], ALL).value == 50


def test_unchecked_categories_are_left_out_not_passed():
    s = score_findings([finding("apology")], {"apology"})
    assert s.value == 0 and s.not_checked == tuple(c for c in CATEGORIES if c != "apology")
    linter = Linter.from_options()
    assert "relevance" not in checked_categories(linter, with_complaint=False)
    assert "relevance" in checked_categories(linter, with_complaint=True)
    # sharpening rules (RL402 apology, RL403 compensation) do not check a category alone
    only_complaint = Linter.from_options(select=["RL4"])
    assert checked_categories(only_complaint, with_complaint=True) == {"relevance"}


@given(st.lists(st.tuples(st.sampled_from(sorted(CATEGORIES)),
                          st.sampled_from(["error", "warning", "info"])), max_size=12),
       st.sampled_from(sorted(CATEGORIES)), st.sampled_from(["error", "warning", "info"]))
def test_another_finding_never_raises_the_score(found, category, severity):
    before = [finding(c, s) for c, s in found]
    a = score_findings(before, ALL).value
    b = score_findings([*before, finding(category, severity)], ALL).value
    assert 0 <= b <= a <= 100


def test_weights_file_yaml_and_toml(tmp_path: Path):
    y = tmp_path / "w.yml"
    y.write_text("score:\n  weights: {jargon: 30}\n  rates: {jargon: 1}\n  caps: {blame: 10}\n",
                 encoding="utf-8")
    cfg = ScoreConfig.load(y)
    assert cfg.weights["jargon"] == 30 and cfg.weights["apology"] == DEFAULT_WEIGHTS["apology"]
    assert score_findings([finding("blame")], ALL, cfg).value == 10
    assert score_findings([finding("jargon")], {"jargon", "apology"}, cfg).value == 40
    t = tmp_path / "w.toml"
    t.write_text("[score.weights]\napology = 50\n", encoding="utf-8")
    pytest.importorskip("tomllib")
    assert ScoreConfig.load(t).weights["apology"] == 50
    bare = tmp_path / "bare.yml"
    bare.write_text("caps: {blame: 20}\n", encoding="utf-8")
    assert ScoreConfig.load(bare).caps["blame"] == 20


@pytest.mark.parametrize("text, message", [
    ("score:\n  weights:\n    blam: 3\n", ":3:5: unknown category `blam` in `weights`"),
    ("score:\n  wieghts: {blame: 3}\n", ":2:3: unknown key `wieghts`"),
    ("score:\n  rates: {blame: 2}\n", "`rates.blame` must be between 0 and 1, not 2"),
    ("score:\n  caps: {blame: yes}\n", "`caps.blame` must be a number"),
    ("score:\n  weights: [1, 2]\n", "`weights` must map categories to numbers"),
    ("other: 1\n", "no `score:` section"),
    ("score: [\n", "invalid YAML"),
])
def test_a_bad_weights_file_names_the_file_and_line(tmp_path: Path, text, message):
    p = tmp_path / "w.yml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ScoreConfigError) as e:
        ScoreConfig.load(p)
    assert str(e.value).startswith(str(p)) and message in str(e.value)


def test_cli_score_in_text_json_and_line(tmp_path: Path):
    f = tmp_path / "draft.txt"
    f.write_text("Здравствуйте! Ваш заказ доставят завтра.\n", encoding="utf-8")

    def run(*args: str):  # only the stable RL201: the packs' other rules do not move it
        return CliRunner().invoke(main, ["check", "--select", "RL201", *args])

    text = run("--score", "--no-color", str(f)).output
    assert f"{f}: score 0/100 (capped at 50 by apology)" in text
    assert "    apology" in text and "not checked:" in text
    data = json.loads(run("--score", "--format", "json", str(f)).output)
    schema = json.loads(resources.files("replylint").joinpath("schema/report.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    score = data["files"][0]["score"]
    assert score["value"] == 0 and score["capped_by"] == ["apology"]
    assert score["categories"]["apology"] == {"weight": 20, "earned": 0, "lost": 20,
                                              "findings": 1}
    plain = json.loads(run("--format", "json", str(f)).output)
    assert "score" not in plain["files"][0]  # only with --score
    line = run("--score", "--format", "line", str(f)).output
    assert line.splitlines()[-1] == f"{f}: score 0/100"
    w = tmp_path / "w.yml"
    w.write_text("score:\n  caps: {apology: 100}\n", encoding="utf-8")
    uncapped = json.loads(run("--score-weights", str(w), "--format", "json", str(f)).output)
    assert uncapped["files"][0]["score"]["capped_by"] == []
    (tmp_path / "bad.yml").write_text("score:\n  caps: {blam: 1}\n", encoding="utf-8")
    bad = run("--score-weights", str(tmp_path / "bad.yml"), str(f))
    assert bad.exit_code == 2 and "bad.yml:2:10: unknown category `blam`" in bad.output


def _corpus() -> list[dict]:
    path = shared_path("eval", "corpus_dev.jsonl")
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _group(case: dict) -> str:
    flagged = sum(1 for v in case["expect"].values() if v)
    return "good" if flagged == 0 else "bad" if flagged >= 4 else "mediocre"


def _medians(scores: dict[str, list[int]]) -> dict[str, float]:
    return {k: statistics.median(v) for k, v in scores.items()}


def test_the_formula_orders_the_labelled_corpus():
    """Scoring the labels themselves (one finding per expected phrase or flag) orders the
    groups: the formula, whatever the rule packs catch, ranks good > mediocre > bad."""
    scores: dict[str, list[int]] = {"good": [], "mediocre": [], "bad": []}
    for case in _corpus():
        found = []
        for cat, want in case["expect"].items():
            found += [finding(cat)] * (len(want) if isinstance(want, list) else int(bool(want)))
        scores[_group(case)].append(score_findings(found, ALL - {"relevance"}).value)
    m = _medians(scores)
    assert m["good"] > m["mediocre"] > m["bad"], m


def test_the_linter_scores_good_above_mediocre_above_bad_on_the_dev_corpus():
    """The real thing: lint every reply against its complaint, compare the group medians."""
    linter = Linter.from_options()
    checked = checked_categories(linter, with_complaint=True)
    assert set(CATEGORIES) <= checked, "every category has shipped rules"
    scores: dict[str, list[int]] = {"good": [], "mediocre": [], "bad": []}
    for case in _corpus():
        found = linter.lint(case["reply"], complaint=case["complaint"])
        scores[_group(case)].append(score_findings(found, checked).value)
    m = _medians(scores)
    assert m["good"] > m["mediocre"] > m["bad"], m
