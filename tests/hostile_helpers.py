"""Helpers shared by the hostile-input tests: a small pack, independent line/col."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

PACK = """\
pack: test-hostile
rules:
  - id: TH101
    name: test-no-money-jargon
    kind: forbid
    category: jargon
    severity: warning
    message: "«{match}» — канцелярит."
    doc: {what: a, why: b, fix: c}
    patterns: ["денежный средство"]
    examples:
      bad: ["Вернём [[денежные средства]].", "Без [[денежных средств]]."]
      good: ["Вернём деньги.", "Без денег."]
  - id: TH201
    name: test-require-sorry
    kind: require
    category: apology
    severity: error
    message: "Нет извинения."
    doc: {what: a, why: b, fix: c}
    patterns: ["простить@impr", "извинить@impr"]
    exceptions: ["извинить *3 , если"]
    examples:
      bad: ["Заказ приедет.", "Всё хорошо."]
      good: ["Простите нас.", "Извините, пожалуйста."]
"""

_BREAK = re.compile(r"\r\n|\r|\n")


def write_pack(folder: Path, text: str = PACK, name: str = "pack.yml") -> Path:
    p = folder / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`, computed without replylint's code."""
    line, start = 1, 0
    for m in _BREAK.finditer(text):
        if m.end() > offset:
            break
        line, start = line + 1, m.end()
    return line, offset - start + 1


def run_python(code: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter; a generous timeout turns a hang into a failure."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, **kw)
