#!/usr/bin/env python3
"""Audit throughput: `replylint audit` with 1 and 2 processes, and Dask with 1 and 2 workers.

    python benchmarks/bench_audit.py [--rows 20000] [--partitions 8] [--runs 3] [--json out.json]

Replies are the dev corpus (../shared/eval/corpus_dev.jsonl) when it is beside the
clone, else the shipped example drafts, cycled to --rows tickets. The same tickets
are written as one JSONL export (for `replylint audit --jobs 1/2`, a subprocess
each, start-up included) and as a partitioned Parquet dataset (for
`replylint.audit.dask.audit_summary` on a LocalCluster of 1 and 2 worker processes;
cluster start-up and the workers' first rule compilation are left out: a warm-up
audit runs first). Each is the best of --runs, the runs interleaved. Needs the `audit` extra. Prints
rows/s, the speed-up of 2 over 1, and for the CLI its CPU seconds (all processes):
when other work shares the cores, wall time stops scaling but CPU time shows the
pool's own overhead. Writes benchmarks/results/audit-latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "eval" / "corpus_dev.jsonl"


def replies() -> list[str]:
    if CORPUS.exists():
        return [json.loads(line)["reply"] for line in CORPUS.read_text("utf-8").splitlines()
                if line.strip()]
    return [p.read_text("utf-8") for p in sorted((ROOT / "examples").rglob("*.txt"))]


def make_exports(folder: Path, rows: int, partitions: int) -> tuple[Path, Path]:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    base = replies()
    tickets = [{"id": f"T-{i}", "agent": f"agent-{i % 25}", "team": f"team-{i % 4}",
                "date": f"2024-{1 + i % 12:02d}-01", "reply": base[i % len(base)]}
               for i in range(rows)]
    export = folder / "tickets.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        for t in tickets:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    dataset = folder / "tickets"
    dataset.mkdir()
    frame = pd.DataFrame(tickets)
    per = -(-rows // partitions)
    for p in range(partitions):
        part = frame.iloc[p * per:(p + 1) * per]
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False),
                       dataset / f"part.{p}.parquet")
    return export, dataset


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cli_audit(export: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the CLI and its workers)."""
    cpu, t = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "replylint.cli", "audit", str(export), "-o", str(out),
                    "--restart", "--no-progress", "--jobs", str(jobs)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, _children_cpu() - cpu


def dask_audits(dataset: Path, warmup: Path, runs: int) -> dict[int, float]:
    """Best seconds of audit_summary on a LocalCluster of 1 and of 2 workers."""
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    from replylint.audit.dask import audit_summary

    clusters = {n: LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                dashboard_address=None) for n in (1, 2)}
    clients = {n: Client(c, set_as_default=False) for n, c in clusters.items()}
    best = {n: float("inf") for n in clusters}

    def audit(n: int, path: Path) -> dict:
        with dask.config.set(scheduler=clients[n].get):
            return audit_summary(dd.read_parquet(str(path)))
    try:
        for n in clients:
            audit(n, warmup)  # each worker compiles the rules once
        for _ in range(runs):  # interleaved, so both see the same background load
            for n in clients:
                t = time.perf_counter()
                assert audit(n, dataset)["rows"] > 0
                best[n] = min(best[n], time.perf_counter() - t)
    finally:
        for n in clusters:
            clients[n].close()
            clusters[n].close()
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description="replylint audit throughput")
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs each")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" /
                    "audit-latest.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="replylint-bench-") as tmp:
        folder = Path(tmp)
        export, dataset = make_exports(folder, args.rows, args.partitions)
        warm = folder / "warm"
        warm.mkdir()
        _, warmup = make_exports(warm, 200, 8)
        results = []
        best: dict[int, tuple[float, float]] = {}
        for _ in range(args.runs):  # interleaved, so both see the same background load
            for jobs in (1, 2):
                run = cli_audit(export, folder / "out.jsonl", jobs)
                best[jobs] = min(best.get(jobs, run), run)
        for jobs, (s, cpu) in best.items():
            results.append({"what": f"replylint audit --jobs {jobs}", "workers": jobs,
                            "seconds": s, "cpu_seconds": cpu, "rows_per_s": args.rows / s})
        for workers, s in dask_audits(dataset, warmup, args.runs).items():
            results.append({"what": f"dask LocalCluster, {workers} worker(s)",
                            "workers": workers, "seconds": s, "rows_per_s": args.rows / s})
    print(f"{args.rows:,} replies, {os.cpu_count()} cores")
    print(f"{'':38} {'seconds':>8} {'rows/s':>9} {'speed-up':>9} {'CPU s':>7}")
    for r in results:
        base = next(b for b in results if b["workers"] == 1 and
                    b["what"].split()[0] == r["what"].split()[0])
        r["speedup"] = base["seconds"] / r["seconds"]
        cpu = f"{r['cpu_seconds']:7.2f}" if "cpu_seconds" in r else ""
        print(f"{r['what']:38} {r['seconds']:8.2f} {r['rows_per_s']:9,.0f} "
              f"{r['speedup']:8.2f}x {cpu}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"rows": args.rows, "cores": os.cpu_count(),
                                     "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
