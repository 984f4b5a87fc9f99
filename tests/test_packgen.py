"""The generated packs are exactly what their generators in tools/packgen/ write.

rules/ru/jargon.yml, compensation.yml, prevention.yml, blame.yml and review-pressure.yml
are built from word lists and tables; an edit by hand would be lost at the next
regeneration, and an edit of a generator that was not run would never reach the pack.
Either shows here as a diff.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "packgen"
# pack (rules/ru/PACK.yml): its generator (tools/packgen/GENERATOR.py)
PACKS = {"jargon": "jargon", "compensation": "compensation", "prevention": "prevention",
         "blame": "blame", "review-pressure": "review_pressure"}


@pytest.mark.parametrize("pack", PACKS)
def test_pack_is_what_its_generator_writes(pack: str, tmp_path: Path) -> None:
    if not TOOLS.is_dir():
        pytest.skip("tools/packgen is absent (an sdist ships the packs, not their generators)")
    gen = PACKS[pack]
    out = tmp_path / f"{pack}.yml"
    run = subprocess.run([sys.executable, str(TOOLS / f"{gen}.py"), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"tools/packgen/{gen}.py failed:\n{run.stderr}"
    generated = out.read_bytes()
    committed = (ROOT / "rules" / "ru" / f"{pack}.yml").read_bytes()
    if generated == committed:
        return
    diff = difflib.unified_diff(
        committed.decode("utf-8").splitlines(), generated.decode("utf-8").splitlines(),
        f"rules/ru/{pack}.yml", f"tools/packgen/{gen}.py", lineterm="", n=1)
    shown = "\n".join(line[:200] for line in list(diff)[:40])
    pytest.fail(f"rules/ru/{pack}.yml is not what tools/packgen/{gen}.py generates. Edit the "
                f"generator and run `python tools/packgen/{gen}.py`; never edit the YAML.\n"
                f"{shown}")
