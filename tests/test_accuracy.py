"""Accuracy of the shipped pack on labelled corpora (SPEC.md's format).

The held-back corpus (tests/corpus/holdout_ru.jsonl) was written independently
of the dev corpus, in other industries and wording; the floors below guard
against regressions, they are not the targets (see the issue notes for those).
The dev corpus sits in ../shared and is scored by its own evaluator.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

from replylint.api import default_linter

from .conftest import ROOT, shared_path

CATEGORIES = ("apology", "jargon", "blame", "compensation", "thanks", "timeline",
              "review-pressure", "cliche", "prevention")


def score(path) -> dict[str, dict[str, float]]:
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    linter = default_linter()
    counts = {c: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for c in CATEGORIES}
    for case in cases:
        found = {f.category for f in linter.lint(case["reply"])}
        for cat, want in case["expect"].items():
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn",
                   (False, False): "tn"}[(bool(want), cat in found)]
            counts[cat][key] += 1
    out = {}
    for cat, c in counts.items():
        tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
        out[cat] = {"f1": 2 * p * r / (p + r) if p + r else 0.0,
                    "mcc": (tp * tn - fp * fn) / den if den else 0.0}
    return out


def test_holdout_corpus_accuracy():
    result = score(ROOT / "tests" / "corpus" / "holdout_ru.jsonl")
    table = "\n".join(f"{c:16} f1 {r['f1']:.2f} mcc {r['mcc']:.2f}" for c, r in result.items())
    macro_f1 = sum(r["f1"] for r in result.values()) / len(result)
    macro_mcc = sum(r["mcc"] for r in result.values()) / len(result)
    assert macro_f1 >= HOLDOUT_MACRO_F1, table
    assert macro_mcc >= HOLDOUT_MACRO_MCC, table
    for cat, r in result.items():
        assert r["f1"] >= HOLDOUT_CATEGORY_F1, f"{cat}\n{table}"


def test_realstyle_corpus_floor():
    """Real-style wording (long boilerplate, officialese): a regression floor."""
    result = score(ROOT / "tests" / "corpus" / "realstyle_ru.jsonl")
    table = "\n".join(f"{c:16} f1 {r['f1']:.2f} mcc {r['mcc']:.2f}" for c, r in result.items())
    assert sum(r["f1"] for r in result.values()) / len(result) >= REALSTYLE_MACRO_F1, table
    assert sum(r["mcc"] for r in result.values()) / len(result) >= REALSTYLE_MACRO_MCC, table


def test_dev_corpus_with_its_evaluator():
    evaluate = shared_path("eval", "evaluate.py")
    corpus = shared_path("eval", "corpus_dev.jsonl")
    cmd = f"{sys.executable} -m replylint.cli check"
    proc = subprocess.run([sys.executable, str(evaluate), str(corpus), "--cmd", cmd, "--json"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    table = "\n".join(f"{r['category']:16} f1 {r['f1']:.2f} mcc {r['mcc']:.2f}"
                      for r in data["categories"])
    assert data["macro_f1"] >= DEV_MACRO_F1, table
    assert data["macro_mcc"] >= DEV_MACRO_MCC, table
    for r in data["categories"]:
        assert r["f1"] >= DEV_CATEGORY_F1, f"{r['category']}\n{table}"
        if r["category"] in ("jargon", "blame", "timeline", "cliche"):
            assert r["phrase_recall"] >= DEV_PHRASE_RECALL, f"{r['category']}\n{table}"


# Regression floors, set below the measured values (0.99–1.00 on both corpora when
# they were set): a pack change that loses accuracy fails here. The dev floors are
# the targets (macro-F1 ≥ 0.92, every category ≥ 0.85, phrases ≥ 0.90).
HOLDOUT_MACRO_F1 = 0.95
HOLDOUT_MACRO_MCC = 0.92
HOLDOUT_CATEGORY_F1 = 0.90
DEV_MACRO_F1 = 0.95
DEV_MACRO_MCC = 0.92
DEV_CATEGORY_F1 = 0.85
DEV_PHRASE_RECALL = 0.90
REALSTYLE_MACRO_F1 = 0.90  # measured 0.92 before its misses were studied, 0.99 after
REALSTYLE_MACRO_MCC = 0.85  # measured 0.87 before, 0.99 after

