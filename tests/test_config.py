"""Config: found by walking up, every key works, unknown keys name file:line, CLI wins."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .minipack import findings, run, run_json, write_pack

BAD = "Здравствуйте! Денежные средства вернём в ближайшее время. Вы сами виноваты.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A template repo: mini pack beside the config, templates two folders down."""
    write_pack(tmp_path)
    (tmp_path / "templates" / "refunds").mkdir(parents=True)
    (tmp_path / "templates" / "refunds" / "a.txt").write_text(BAD, encoding="utf-8")
    return tmp_path


def cfg(repo: Path, text: str, name: str = ".replylint.yaml") -> Path:
    p = repo / name
    p.write_text(text, encoding="utf-8")
    return p


def rules_of(data: dict) -> list[str]:
    return sorted({x["rule"] for x in findings(data)})


def test_yaml_config_is_found_by_walking_up_and_packs_are_relative_to_it(repo, monkeypatch):
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT]\nignore: [TT301]\n")
    monkeypatch.chdir(repo / "templates")  # packs resolve against the config, not the cwd
    code, data = run_json("refunds/a.txt")
    assert code == 1
    assert rules_of(data) == ["TT101", "TT102", "TT201"]


def test_pyproject_tool_table_and_severity_overrides(repo):
    cfg(repo, '[project]\nname = "x"\n\n[tool.replylint]\npacks = ["mini-pack.yml"]\n'
              'select = ["TT"]\n\n[tool.replylint.severity]\nTT102 = "info"\n'
              'mini-require-sorry = "warning"\n', name="pyproject.toml")
    code, data = run_json(str(repo / "templates"))
    assert code == 1
    sev = {x["rule"]: x["severity"] for x in findings(data)}
    assert sev == {"TT101": "warning", "TT102": "info", "TT201": "warning", "TT301": "info"}


def test_a_pyproject_without_the_table_is_passed_over(repo):
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT1]\n")
    (repo / "templates" / "pyproject.toml").write_text('[project]\nname = "replylint-x"\n',
                                                       encoding="utf-8")
    _, data = run_json(str(repo / "templates"))
    assert rules_of(data) == ["TT101", "TT102"]


def test_cli_options_beat_the_config(repo):
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT1]\nignore: [TT102]\n")
    _, data = run_json(str(repo))
    assert rules_of(data) == ["TT101"]
    _, data = run_json("--select", "TT3", str(repo))  # replaces select; ignore still applies
    assert rules_of(data) == ["TT301"]
    _, data = run_json("--ignore", "TT101", str(repo))
    assert rules_of(data) == ["TT102"]


def test_explicit_config_path_is_used_for_every_file(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("cfg")
    write_pack(elsewhere)
    c = cfg(elsewhere, "packs: [mini-pack.yml]\nselect: [TT201]\n", name="custom.yaml")
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT101]\n")
    _, data = run_json("--config", str(c), str(repo / "templates"))
    assert rules_of(data) == ["TT201"]
    r = run("check", "--config", str(elsewhere / "missing.yaml"), str(repo))
    assert r.exit_code == 2 and "missing.yaml:1:1: config file not found" in r.output


@pytest.mark.parametrize("name, text, where", [
    (".replylint.yaml", "packs: [mini-pack.yml]\nselekt: [TT1]\n", ":2:1: unknown key `selekt`"),
    ("pyproject.toml", '[tool.replylint]\npacks = ["mini-pack.yml"]\n\nselekt = ["TT1"]\n',
     ":4:1: unknown key `selekt`"),
    (".replylint.yaml", "severity:\n  TT101: loud\n", ":2:3: severity of `TT101` must be one"),
    (".replylint.yaml", "packs: [mini-pack.yml]\nselect: [NOPE9]\n",
     ":2:1: unknown rule, prefix or category `NOPE9`"),
    (".replylint.yaml", "packs: [mini-pack.yml]\nseverity: {NOPE1: info}\n",
     ":2:12: severity for unknown rule `NOPE1`"),
    (".replylint.yaml", "packs: [nope.yml]\n", ":1:1: rule pack `nope.yml` not found"),
    (".replylint.yaml", "placeholders: [jinja, handlebars]\n",
     ":1:1: unknown placeholder syntax `handlebars`"),
    (".replylint.yaml", "extra_placeholders: ['(']\n", ":1:1: bad regular expression"),
    (".replylint.yaml", "markdown_split: chapter\n", ":1:1: `markdown_split` must be"),
    (".replylint.yaml", "select: 3\n", ":1:1: `select` must be a list of strings"),
    (".replylint.yaml", "select: [a\n", ":2:1: invalid YAML"),
    ("pyproject.toml", "[tool.replylint\n", ":1:16: invalid TOML"),
])
def test_bad_config_is_an_error_naming_file_and_line_other_files_checked(repo, tmp_path_factory,
                                                                         name, text, where):
    c = cfg(repo, text, name)
    other = tmp_path_factory.mktemp("other") / "b.txt"
    other.write_text("Заказ приедет.", encoding="utf-8")
    r = run("check", "--no-color", str(repo), str(other))
    assert r.exit_code == 2
    pos, _, message = where.rpartition(": ")
    assert f"{c.name}{pos}: error: {message}" in r.output, r.output
    assert "Traceback" not in r.output
    assert str(other) in r.output or "1 file(s) could not be checked" in r.output
    code, data = run_json(str(repo), str(other))
    assert code == 2
    errors = [f for f in data["files"] if f.get("error")]
    assert len(errors) == 1 and errors[0]["error"]["code"] == "config"  # reported once
    assert any(f["path"] == str(other) for f in data["files"])  # the other file was checked


def test_include_and_exclude_globs_are_relative_to_the_config(repo):
    (repo / "templates" / "drafts").mkdir()
    (repo / "templates" / "drafts" / "wip.txt").write_text(BAD, encoding="utf-8")
    (repo / "README.md").write_text(BAD, encoding="utf-8")
    (repo / "templates" / "x.csv").write_text(BAD, encoding="utf-8")
    cfg(repo, 'packs: [mini-pack.yml]\ninclude: ["templates/**"]\nexclude: [drafts]\n')
    _, data = run_json(str(repo))
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["a.txt", "x.csv"]
    # Named files (as pre-commit passes them) obey include and exclude too.
    _, data = run_json(str(repo / "README.md"), str(repo / "templates" / "drafts" / "wip.txt"),
                       str(repo / "templates" / "refunds" / "a.txt"))
    assert [Path(f["path"]).name for f in data["files"]] == ["a.txt"]


def test_placeholder_syntaxes_are_configurable(repo):
    f = repo / "templates" / "p.txt"
    f.write_text("Простите. Вернём @@денежные средства@@ и {{ денежные средства }}.",
                 encoding="utf-8")
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT101]\n")
    _, data = run_json(str(f))
    assert [x["column"] for x in findings(data)] == [20]  # {{ … }} is masked by default
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT101]\nplaceholders: [braces]\n"
              "extra_placeholders: ['@@[^@]+@@']\n")
    _, data = run_json(str(f))
    assert [x["column"] for x in findings(data)] == [45]  # now only the {{ … }} one is read


def test_allow_list_matches_any_inflection_and_allow_files(repo):
    f = repo / "templates" / "p.txt"
    f.write_text("Простите. Без денежных средств. Вы сами решите.", encoding="utf-8")
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT1]\n")
    _, data = run_json(str(f))
    assert rules_of(data) == ["TT101", "TT102"]
    (repo / "allow.txt").write_text("# house words\nвы сами\n", encoding="utf-8")
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT1]\nallow: [Денежные средства]\n"
              "allow_files: [allow.txt]\n")
    code, data = run_json(str(f))
    assert code == 0 and findings(data) == []


def test_reply_keys_and_cyrillic_only(repo):
    f = repo / "templates" / "m.yaml"
    f.write_text("title: Заказ\nbody: Заказ приедет.\nreply: Заказ уже едет.\n"
                 "en: The order is coming.\n", encoding="utf-8")
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT201]\nreply_keys: [body, en]\n")
    _, data = run_json(str(f))
    assert [x["line"] for x in findings(data)] == [2]
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT201]\nreply_keys: [body, en]\n"
              "cyrillic_only: false\n")
    _, data = run_json(str(f))
    assert [x["line"] for x in findings(data)] == [2, 4]


def test_stdin_uses_the_config_of_stdin_filename(repo, monkeypatch):
    cfg(repo, "packs: [mini-pack.yml]\nselect: [TT102]\n")
    monkeypatch.chdir(repo)
    _, data = run_json("--stdin-filename", os.path.join("templates", "x.txt"), "-",
                          input=BAD)
    assert rules_of(data) == ["TT102"]
