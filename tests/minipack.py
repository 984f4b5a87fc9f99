"""A small rule pack for behaviour tests, so they do not depend on the shipped rules."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from replylint.cli import main

PACK = """\
pack: mini
rules:
  - id: TT101
    name: mini-money-jargon
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
  - id: TT102
    name: mini-blame
    kind: forbid
    category: blame
    severity: error
    message: "«{match}» — обвинение клиента."
    doc: {what: a, why: b, fix: c}
    patterns: ["вы сам"]
    examples:
      bad: ["[[Вы сами]] ошиблись.", "Это [[вы сами]]."]
      good: ["Мы ошиблись.", "Это мы."]
  - id: TT201
    name: mini-require-sorry
    kind: require
    category: apology
    severity: error
    message: "Нет извинения."
    doc: {what: a, why: b, fix: c}
    patterns: ["простить@impr", "извинить@impr"]
    examples:
      bad: ["Заказ приедет.", "Всё хорошо."]
      good: ["Простите нас.", "Извините, пожалуйста."]
  - id: TT301
    name: mini-vague-soon
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


def write_pack(folder: Path) -> Path:
    p = folder / "mini-pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return p


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def run_json(*args: str, input: str | None = None) -> tuple[int, dict]:
    r = run("check", "--format", "json", *args, input=input)
    try:
        return r.exit_code, json.loads(r.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"not JSON (exit {r.exit_code}):\n{r.output}") from None


def findings(data: dict, name: str | None = None) -> list[dict]:
    out = []
    for f in data["files"]:
        if name is None or Path(f["path"]).name == name:
            out.extend(f["findings"])
    return out


def span(path: Path, finding: dict) -> str:
    """The text a finding points at, read from the original file."""
    text = path.read_text(encoding="utf-8")
    return text[finding["offset"]:finding["end_offset"]]


def at_line_col(path: Path, line: int, col: int, length: int) -> str:
    """`length` characters of the original file at 1-based line and column."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[line - 1][col - 1:col - 1 + length]
