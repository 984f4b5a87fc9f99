#!/usr/bin/env python3
"""Audit a partitioned Parquet dataset of tickets on a Dask cluster.

    pip install 'replylint[audit]'
    python examples/dask_audit.py                         # make a sample dataset, audit it
    python examples/dask_audit.py --dataset tickets/      # audit your own Parquet folder
    python examples/dask_audit.py --scheduler tcp://host:8786 --dataset s3://…/tickets/

Without --scheduler it starts a dask.distributed.LocalCluster (--workers worker
processes, one thread each: linting is CPU-bound Python). With --rows and no
existing --dataset it first writes a sample dataset of --rows tickets in
--partitions Parquet files. It prints the audit summary and, with --json, writes
it: the same summary `replylint audit DATASET --summary-json` computes on one machine.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPLIES = [
    "Здравствуйте! Простите, что списали деньги дважды. Мы вернули 500 ₽ на карту, "
    "а сбой в оплате исправили. Спасибо, что написали!",
    "Здравствуйте! Ваше обращение зарегистрировано. Денежные средства будут возвращены "
    "в ближайшее время.",
    "Добрый день. Согласно правилам сервиса, вы должны были отменить заказ заранее.",
    "Здравствуйте! Извините за задержку доставки. Курьер привезёт заказ сегодня до 18:00, "
    "а доставку мы вернули вам баллами.",
    "Здравствуйте! Просим удалить отзыв, вопрос решён.",
]
AGENTS = ["anna", "boris", "vera", "gleb", "dina", "egor"]
TEAMS = {"anna": "billing", "boris": "billing", "vera": "delivery", "gleb": "delivery",
         "dina": "support", "egor": "support"}


def make_dataset(path: Path, rows: int, partitions: int, seed: int = 7) -> Path:
    """A sample export: `rows` tickets over a year, in `partitions` Parquet files."""
    import dask.dataframe as dd
    import pandas as pd

    rnd = random.Random(seed)
    data = []
    for i in range(rows):
        agent = rnd.choice(AGENTS)
        data.append({"id": f"T-{i:06d}", "agent": agent, "team": TEAMS[agent],
                     "created_at": f"2024-{1 + i * 12 // max(rows, 1):02d}-"
                                   f"{rnd.randint(1, 28):02d}T12:00:00Z",
                     "complaint": "Списали деньги дважды, верните.",
                     "reply": rnd.choice(REPLIES)})
    frame = pd.DataFrame(data)
    dd.from_pandas(frame, npartitions=partitions).to_parquet(path, write_index=False)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=None,
                    help="Parquet folder to audit (made when missing)")
    ap.add_argument("--rows", type=int, default=2000, help="rows of the sample dataset")
    ap.add_argument("--partitions", type=int, default=8, help="files of the sample dataset")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler")
    ap.add_argument("--json", type=Path, default=None, help="write the summary here")
    ap.add_argument("--quiet", action="store_true", help="no tables, only the timing line")
    args = ap.parse_args(argv)

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    from replylint.audit.dask import audit_summary

    tmp = None
    dataset = args.dataset
    if dataset is None:
        tmp = tempfile.TemporaryDirectory(prefix="replylint-dask-")
        dataset = Path(tmp.name) / "tickets"
    if not dataset.exists():
        make_dataset(dataset, args.rows, args.partitions)

    if args.scheduler:
        cluster, client = None, Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        ddf = dd.read_parquet(str(dataset))
        t0 = time.perf_counter()
        summary = audit_summary(ddf)
        seconds = time.perf_counter() - t0
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    workers = args.workers if cluster is not None else "remote"
    print(f"audited {summary['rows']:,} rows in {seconds:.2f}s on {workers} workers "
          f"({summary['rows'] / seconds:,.0f} rows/s)", file=sys.stderr)
    if not args.quiet:
        from rich.console import Console

        from replylint.audit.summary import print_summary

        print_summary(summary, {"export": {"path": str(dataset)}}, Console())
    if args.json:
        args.json.write_text(json.dumps({"seconds": seconds, "workers": workers,
                                         "summary": summary}, ensure_ascii=False, indent=2),
                             encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
