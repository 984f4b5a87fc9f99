#!/usr/bin/env python3
"""replylint's speed, measured against the floor of its own building blocks.

    python benchmarks/bench.py [--replies 10000] [--files 1000] [--runs 7] [--json out.json]

Replies are the dev corpus (../shared/eval/corpus_dev.jsonl) when it is beside
the clone, else the shipped examples, cycled to N. Measured in one run:

1. floor: bare razdel tokenization + a pymorphy3 parse of every token, in process;
2. replylint.lint in process: replies/s, words/s, ratio to the floor;
3. one CLI call over F files, with --jobs 1 and --jobs 2;
4. cold start: the CLI on one short draft (median of R runs) beside
   `python -c pass` and `python -c "import pymorphy3"`;
5. peak RSS of the CLI on one draft and on F files.

Machines here are noisy: compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "eval" / "corpus_dev.jsonl"


def replies(n: int) -> list[str]:
    if CORPUS.exists():
        base = [json.loads(line)["reply"] for line in CORPUS.read_text("utf-8").splitlines()
                if line.strip()]
    else:
        base = [p.read_text("utf-8") for p in sorted((ROOT / "examples").rglob("*.txt"))]
    return [base[i % len(base)] for i in range(n)]


def floor(texts: list[str]) -> float:
    import pymorphy3
    import razdel

    morph = pymorphy3.MorphAnalyzer()
    t = time.perf_counter()
    for text in texts:
        for tok in razdel.tokenize(text):
            morph.parse(tok.text)
    return time.perf_counter() - t


def in_process(texts: list[str]) -> float:
    from replylint.api import default_linter

    linter = default_linter()
    linter.lint("Разогрев.")  # compile the packs outside the timing
    t = time.perf_counter()
    for text in texts:
        linter.lint(text)
    return time.perf_counter() - t


def run_child(argv: list[str], stdin: bytes | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin is not None else None,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = 0
    rss = usage.ru_maxrss  # KB on Linux
    return wall, rss


def median_run(argv: list[str], runs: int) -> tuple[float, int]:
    results = [run_child(argv) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replies", type=int, default=10_000)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    args = ap.parse_args()

    texts = replies(args.replies)
    words = sum(len(t.split()) for t in texts)
    t_floor = floor(texts)
    t_lint = in_process(texts)
    from replylint.api import default_linter

    n_rules = len(default_linter().ruleset)

    cli = [sys.executable, "-m", "replylint.cli", "check", "--fail-on", "never"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "replies"
        folder.mkdir()
        for i, text in enumerate(texts[:args.files]):
            (folder / f"r{i:05d}.txt").write_text(text, encoding="utf-8")
        one = Path(tmp) / "one.txt"
        one.write_text("Здравствуйте! Простите за задержку, вернём 500 ₽ до пятницы.",
                       encoding="utf-8")
        run_child([*cli, str(one)])  # warm the compiled-pack cache, as a user's 2nd call
        t_files1, rss_files = median_run([*cli, "--format", "json", str(folder)], 3)
        t_files2, _ = median_run([*cli, "--format", "json", "--jobs", "2", str(folder)], 3)
        t_cold, rss_one = median_run([*cli, str(one)], args.runs)
        t_pass, _ = median_run([sys.executable, "-c", "pass"], args.runs)
        t_morph, _ = median_run([sys.executable, "-c", "import pymorphy3"], args.runs)
        t_dicts, _ = median_run([sys.executable, "-c",
                                 "import pymorphy3; pymorphy3.MorphAnalyzer()"], args.runs)

    res = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "replies": len(texts), "words": words, "rules": n_rules,
        "floor_replies_per_s": len(texts) / t_floor,
        "lint_replies_per_s": len(texts) / t_lint,
        "lint_words_per_s": words / t_lint,
        "lint_to_floor_ratio": t_lint / t_floor,
        "cli_files": args.files,
        "cli_files_s_jobs1": t_files1, "cli_files_s_jobs2": t_files2,
        "cold_start_s": t_cold, "python_pass_s": t_pass, "import_pymorphy3_s": t_morph,
        "pymorphy3_dicts_s": t_dicts,
        "cold_start_to_import_pymorphy3_ratio": t_cold / t_morph,
        "peak_rss_one_mb": rss_one / 1024, "peak_rss_files_mb": rss_files / 1024,
    }
    rows = [
        ("floor: razdel + pymorphy3", f"{res['floor_replies_per_s']:,.0f} replies/s", ""),
        ("replylint.lint in process", f"{res['lint_replies_per_s']:,.0f} replies/s",
         f"{res['lint_words_per_s']:,.0f} words/s; ratio to floor "
         f"{res['lint_to_floor_ratio']:.2f} ({n_rules} rules)"),
        (f"CLI, {args.files} files, --jobs 1", f"{t_files1:.2f} s", ""),
        (f"CLI, {args.files} files, --jobs 2", f"{t_files2:.2f} s",
         f"speed-up {t_files1 / t_files2:.2f}x"),
        ("cold start, one draft", f"{t_cold:.3f} s",
         f"python -c pass {t_pass:.3f} s; import pymorphy3 {t_morph:.3f} s; "
         f"+ dictionaries {t_dicts:.3f} s"),
        ("peak RSS, one draft", f"{res['peak_rss_one_mb']:.0f} MB", ""),
        (f"peak RSS, {args.files} files", f"{res['peak_rss_files_mb']:.0f} MB", ""),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>16}  {note}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
