"""Agents: stdin in, JSON or one line per finding out, the exit code; the README's loop."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema

from .minipack import findings, run, run_json, write_pack

BAD = "Здравствуйте! Денежные средства вернём в ближайшее время.\n"
GOOD = "Здравствуйте! Простите нас: деньги вернём до пятницы.\n"


def test_stdin_json_validates_and_the_exit_code_tells_whether_to_revise(tmp_path):
    schema = json.loads(resources.files("replylint").joinpath("schema/report.schema.json")
                        .read_text(encoding="utf-8"))
    own = ["--no-builtin", "--rules", str(write_pack(tmp_path))]
    code, data = run_json(*own, "--stdin-filename", "drafts/reply-17.txt", "-", input=BAD)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert code == 1 and data["files"][0]["path"] == "drafts/reply-17.txt"
    assert [x["rule"] for x in findings(data)] == ["TT101", "TT201", "TT301"]
    code, data = run_json(*own, "-", input=GOOD)
    assert code == 0 and findings(data) == [] and data["files"][0]["path"] == "<stdin>"


def test_stdin_filename_picks_the_format(tmp_path):
    own = ["--no-builtin", "--rules", str(write_pack(tmp_path)), "--select", "TT101"]
    yaml_text = "subject: Денежные средства\nbody: |\n  Простите. Денежные средства вернём.\n"
    code, data = run_json(*own, "--stdin-filename", "t.yaml", "-", input=yaml_text)
    assert [(x["line"], x["column"]) for x in findings(data)] == [(3, 13)]
    code, data = run_json(*own, "--stdin-filename", "t.yaml", "-", input="a: [1\n")
    assert code == 2 and data["files"][0]["error"]["code"] == "parse"


def test_line_format_fits_a_tool_loop(tmp_path):
    own = ["--no-builtin", "--rules", str(write_pack(tmp_path))]
    r = run("check", *own, "--format", "line", "--stdin-filename", "d.txt", "-", input=BAD)
    assert r.stdout.splitlines() == [
        "d.txt:1:15: warning TT101 «Денежные средства» — канцелярит, пишите «Деньги». [Деньги]",
        "d.txt:1:15: error TT201 Нет извинения. (касается всего ответа; отмечена первая "
        "фраза после приветствия)",
        "d.txt:1:40: info TT301 Назовите дату.",
    ]


def _readme_agent_loop(root: Path) -> str:
    readme = (root / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    return next(b for b in blocks if "def write_reply" in b)


def test_the_readme_agent_loop_revises_until_clean(root, tmp_path, monkeypatch):
    # The loop calls the real `replylint` command; a config keeps it to the stable RL201.
    (tmp_path / ".replylint.yaml").write_text("select: [RL201]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep
                       + os.environ.get("PATH", ""))
    namespace: dict = {}
    exec(compile(_readme_agent_loop(root), "README.md", "exec"), namespace)
    prompts: list[str] = []

    def llm(prompt: str) -> str:
        prompts.append(prompt)
        if len(prompts) == 1:
            return "Здравствуйте! Заказ приедет завтра."
        return "Здравствуйте! Простите, что заказ задержался: он приедет завтра."

    reply = namespace["write_reply"]("Где мой заказ?!", llm)
    assert reply.startswith("Здравствуйте! Простите")
    assert len(prompts) == 2
    assert "строка 1: В ответе нет извинения" in prompts[1]


def test_real_subprocess_yaml_from_stdin_and_exit_codes(tmp_path):
    own = ["--no-builtin", "--rules", str(write_pack(tmp_path))]
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "replylint.cli", "check", *own, "--format",
                           "line", "--stdin-filename", "x.json", "-"],
                          input='{"a": "Простите.", "b": "Вы сами"}'.encode(),
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().splitlines() == [
        "x.json:1:26: error TT102 «Вы сами» — обвинение клиента.",
        "x.json:1:26: error TT201 Нет извинения. (касается всего ответа; отмечена первая "
        "фраза после приветствия)"]
    assert proc.stderr == b""
