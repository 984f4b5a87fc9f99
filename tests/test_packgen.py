"""The generated packs are exactly what their generators in tools/packgen/ write.

rules/ru/jargon.yml, compensation.yml and prevention.yml are built from word lists and
tables; an edit by hand would be lost at the next regeneration, and an edit of a
generator that was not run would never reach the pack. Either shows here as a diff.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "packgen"
PACKS = ("jargon", "compensation", "prevention")


@pytest.mark.parametrize("pack", PACKS)
def test_pack_is_what_its_generator_writes(pack: str, tmp_path: Path) -> None:
    if not TOOLS.is_dir():
        pytest.skip("tools/packgen is absent (an sdist ships the packs, not their generators)")
    out = tmp_path / f"{pack}.yml"
    run = subprocess.run([sys.executable, str(TOOLS / f"{pack}.py"), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"tools/packgen/{pack}.py failed:\n{run.stderr}"
    generated = out.read_bytes()
    committed = (ROOT / "rules" / "ru" / f"{pack}.yml").read_bytes()
    if generated == committed:
        return
    diff = difflib.unified_diff(
        committed.decode("utf-8").splitlines(), generated.decode("utf-8").splitlines(),
        f"rules/ru/{pack}.yml", f"tools/packgen/{pack}.py", lineterm="", n=1)
    shown = "\n".join(line[:200] for line in list(diff)[:40])
    pytest.fail(f"rules/ru/{pack}.yml is not what tools/packgen/{pack}.py generates. Edit the "
                f"generator and run `python tools/packgen/{pack}.py`; never edit the YAML.\n"
                f"{shown}")
