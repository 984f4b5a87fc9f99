"""The same input gives the same report in every process, whatever the hash seed.

A token's lemmas are a set that iterates in a per-process order; when two patterns
of a rule match the same words, the one listed first must win in every process.
"""

import json
import os
import subprocess
import sys

PACK = """\
pack: tie-pack
rules:
  - id: TIE1
    name: tie-break
    kind: substitute
    category: jargon
    severity: warning
    message: "«{match}» → «{suggestion}»"
    doc: {what: a, why: b, fix: c}
    patterns:
      - {match: "дать", replace: "=первый"}
      - {match: "данный", replace: "=второй"}
    examples:
      bad: ["[[данная]] ситуация", "[[данный]] вопрос"]
      good: ["эта ситуация", "этот вопрос"]
"""


def suggestions(seed: str, tmp_path) -> list[str]:
    pack = tmp_path / "tie.yml"
    pack.write_text(PACK, encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": seed, "REPLYLINT_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-m", "replylint.cli", "check", "--no-builtin",
                           "--rules", str(pack), "--format", "json", "-"],
                          input="Данная ситуация и данный вопрос.", capture_output=True,
                          text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    return [f["suggestion"] for f in json.loads(proc.stdout)["files"][0]["findings"]]


def test_ties_between_patterns_do_not_depend_on_the_hash_seed(tmp_path):
    for seed in map(str, range(12)):
        assert suggestions(seed, tmp_path) == ["Первый", "первый"], f"PYTHONHASHSEED={seed}"
