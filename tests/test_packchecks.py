"""Hand-written checks of the generated packs, the require packs and the blame, timeline,
cliche and review-pressure packs (tests/packchecks/).

Each entry of tests/packchecks/*.yml gives one text (`text`) or several (`texts`) and
what the packs must say about it: `flagged` maps a category or rule id to whether some
finding of it is reported, `suggestion` maps a rule id to a suggestion one of its findings
must make. The format and the checks left out are in tests/packchecks/README.md.

Only the packs these checks are about are compiled, so work in progress on other packs
cannot break them; each category belongs to one pack, so the answers are the same as
with every shipped pack.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from replylint.api import Linter
from replylint.engine.loader import load_rules
from replylint.finding import Finding
from replylint.selection import select_rules

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "tests" / "packchecks"
PACKS = ("apology", "thanks", "compensation", "prevention", "jargon", "blame", "timeline",
         "cliche", "review-pressure")
KEYS = {"text", "texts", "flagged", "suggestion", "note"}


def _load_checks() -> list:
    params = []
    for path in sorted(CHECKS.glob("*.yml")):
        entries = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader",
                                                                    yaml.SafeLoader))
        for i, entry in enumerate(entries, 1):
            where = f"{path.name}, entry {i}"
            if not isinstance(entry, dict) or set(entry) - KEYS:
                raise ValueError(f"{where}: unknown keys {sorted(set(entry) - KEYS)}")
            texts = [entry["text"]] if "text" in entry else entry.get("texts")
            flagged, suggestion = entry.get("flagged", {}), entry.get("suggestion", {})
            if not texts or not (flagged or suggestion):
                raise ValueError(f"{where}: needs `text` or `texts`, and `flagged` or "
                                 "`suggestion`")
            for j, text in enumerate(texts, 1):
                params.append(pytest.param(text, flagged, suggestion,
                                           id=f"{path.stem}-{i}" + (f"-{j}" if len(texts) > 1
                                                                    else "")))
    return params


@pytest.fixture(scope="module")
def linter() -> Linter:
    rules = load_rules([ROOT / "rules" / "ru" / f"{p}.yml" for p in PACKS],
                       include_shipped=False)
    return Linter(select_rules(rules))


def _show(text: str, findings: list[Finding]) -> str:
    return "; ".join(f"{f.rule} «{text[f.start:f.end]}» → {f.suggestion}" for f in findings) \
        or "nothing"


@pytest.mark.parametrize(("text", "flagged", "suggestion"), _load_checks())
def test_packcheck(linter: Linter, text: str, flagged: dict[str, bool],
                   suggestion: dict[str, str]) -> None:
    known = {r.category for r in linter.ruleset} | {r.id for r in linter.ruleset}
    assert set(flagged) | set(suggestion) <= known, "a key is no category or rule id of " \
        f"the packs {PACKS}: {sorted(set(flagged) | set(suggestion) - known)}"
    findings = linter.lint(text)
    wrong = []
    for key, want in flagged.items():
        got = [f for f in findings if key in (f.category, f.rule)]
        if bool(got) != want:
            wrong.append(f"{key}: expected {'a finding' if want else 'no finding'}, "
                         f"got {_show(text, got)}")
    for rule, want in suggestion.items():
        got = [f for f in findings if f.rule == rule]
        if want not in [f.suggestion for f in got]:
            wrong.append(f"{rule}: expected the suggestion «{want}», got {_show(text, got)}")
    if wrong:
        pytest.fail("\n".join([text, *wrong]), pytrace=False)
