"""examples/: the drafts, the template repository with its config, its workflow and
pre-commit config; the repository's action.yml and .pre-commit-hooks.yaml."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .minipack import findings, run, run_json

# The stable shipped rule, RL901, and the example's own house rules.
STABLE = ["--select", "RL201,RL901,HS"]


@pytest.fixture
def repo(root, tmp_path) -> Path:
    dst = tmp_path / "template-repo"
    shutil.copytree(root / "examples" / "template-repo", dst)
    return dst


@pytest.mark.parametrize("name", ["good-refund.txt", "good-delivery.txt"])
def test_good_drafts_apologise(root, name):
    code, data = run_json("--select", "RL201", str(root / "examples" / "drafts" / name))
    assert code == 0 and findings(data) == []


def test_a_bad_draft_without_an_apology_is_flagged(root):
    f = root / "examples" / "drafts" / "bad-review.txt"
    code, data = run_json("--select", "RL201", str(f))
    assert code == 1 and [x["rule"] for x in findings(data)] == ["RL201"]
    assert findings(data)[0]["line"] == 3  # the first sentence after the greeting


@pytest.mark.parametrize("name", ["bad-refund.txt", "bad-review.txt"])
def test_bad_drafts_are_flagged_by_the_packs(root, name):
    from replylint.engine.loader import load_rules

    if len(load_rules()) < 9:  # like test_shipped_packs_have_rules
        pytest.skip("the drafts' other faults (jargon, cliches, blame) wait for the rule packs")
    code, data = run_json(str(root / "examples" / "drafts" / name))
    assert code == 1 and len({x["category"] for x in findings(data)}) >= 3


def test_template_repo_is_clean_and_checks_only_its_templates(repo):
    code, data = run_json(*STABLE, str(repo))
    assert code == 0, findings(data)
    checked = sorted(Path(f["path"]).relative_to(repo).as_posix() for f in data["files"])
    assert checked == ["templates/bot-messages.json", "templates/canned.yaml",
                       "templates/delivery/delays.md", "templates/refunds/double-charge.txt"]


def test_template_repo_config_does_its_job(repo):
    cfg = repo / ".replylint.yaml"
    # Without the allow list, the product name trips the house rule about «система».
    text = cfg.read_text("utf-8")
    assert "  - Система быстрых платежей" in text
    cfg.write_text(text.replace("  - Система быстрых платежей", "  - Другое"), encoding="utf-8")
    code, data = run_json(*STABLE, str(repo))
    assert code == 1
    (x,) = findings(data)
    assert (x["rule"], x["severity"], x["line"]) == ("HS102", "error", 5)  # severity override
    # A faceless greeting in a new template; the excluded draft stays unchecked.
    (repo / "templates" / "new.txt").write_text("Уважаемый клиент, простите нас.\n", "utf-8")
    code, data = run_json(*STABLE, str(repo))
    assert code == 1
    assert {(Path(f["path"]).name, x["rule"]) for f in data["files"] for x in f["findings"]} \
        == {("double-charge.txt", "HS102"), ("new.txt", "HS101")}


def test_template_repo_suppressions_are_needed(repo):
    canned = repo / "templates" / "canned.yaml"
    canned.write_text(canned.read_text("utf-8").replace("# replylint: disable", "# disabled"),
                      encoding="utf-8")
    bot = repo / "templates" / "bot-messages.json"
    bot.write_text(bot.read_text("utf-8").replace("replylint-disable", "no"), encoding="utf-8")
    code, data = run_json(*STABLE, str(repo))
    assert code == 1
    got = sorted((Path(f["path"]).name, x["rule"], x["line"]) for f in data["files"]
                 for x in f["findings"])
    assert got == [("bot-messages.json", "RL201", 5), ("canned.yaml", "RL201", 13)]


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.skip("check-jsonschema is not installed (it is in the test extra)")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args],
                          capture_output=True, text=True, timeout=120)


def test_example_workflow_is_a_valid_github_workflow(root):
    wf = root / "examples" / "template-repo" / ".github" / "workflows" / "replylint.yml"
    r = _check_jsonschema("--builtin-schema", "vendor.github-workflows", str(wf))
    assert r.returncode == 0, r.stdout + r.stderr
    steps = yaml.safe_load(wf.read_text("utf-8"))["jobs"]["templates"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("replylint check --format github" in x for x in runs)
    assert any("--format sarif" in x for x in runs)


def test_action_yml_is_a_valid_composite_action(root):
    r = _check_jsonschema("--builtin-schema", "vendor.github-actions", str(root / "action.yml"))
    assert r.returncode == 0, r.stdout + r.stderr
    action = yaml.safe_load((root / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "format", "fail-on", "config", "sarif-file"}


def test_pre_commit_hook_manifest_and_example_config_are_valid(root):
    pre_commit = [sys.executable, "-m", "pre_commit"]
    hooks = root / ".pre-commit-hooks.yaml"
    r = subprocess.run([*pre_commit, "validate-manifest", str(hooks)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    (hook,) = yaml.safe_load(hooks.read_text("utf-8"))
    assert hook["id"] == "replylint" and hook["entry"] == "replylint check"
    assert hook["types_or"] == ["text", "markdown", "yaml", "json"]
    assert hook["require_serial"] is False
    example = root / "examples" / "template-repo" / ".pre-commit-config.yaml"
    r = subprocess.run([*pre_commit, "validate-config", str(example)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    ids = [h["id"] for repo in yaml.safe_load(example.read_text("utf-8"))["repos"]
           for h in repo["hooks"]]
    assert ids == ["replylint"]


def test_house_pack_examples_behave(root):
    r = run("test-rules", str(root / "examples" / "template-repo" / "rules" / "house-style.yml"))
    assert r.exit_code == 0, r.output


def test_sarif_of_the_template_repo_lists_its_findings(repo):
    (repo / "templates" / "new.txt").write_text("Уважаемый клиент, простите нас.\n", "utf-8")
    r = run("check", "--format", "sarif", *STABLE, str(repo))
    data = json.loads(r.stdout)
    assert [x["ruleId"] for x in data["runs"][0]["results"]] == ["HS101"]
