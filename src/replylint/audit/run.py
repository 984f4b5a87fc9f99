"""Run an audit: export rows → lint in a process pool → a resumable JSONL output.

The output's first line is a header naming the export (path, size, a hash of its
first MB) and every option that shapes the records. Records follow in row order,
one per export row, written a batch at a time. On a rerun with the same output the
header is checked, a partial last line (an interrupted write) is cut off, the rows
already written are skipped, and new records are appended: no row is written twice.

Memory stays constant: rows are read lazily, and at most 2 batches per worker are
in flight (Pool.imap would read the whole export ahead of the workers).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .. import __version__
from ..api import Linter
from .records import RecordMaker, find_scorer, lint_rows
from .sources import Fields, Row, detect_format, estimate_rows, identify, open_rows

HEADER_VERSION = 1
_ROW = re.compile(rb'^\{"row":(\d+)[,}]')


class OutputError(Exception):
    """The output file cannot be used for this audit (a user error: exit 2)."""


@dataclass
class AuditOptions:
    export: Path
    output: Path
    fields: Fields = field(default_factory=Fields)
    input_format: str | None = None
    encoding: str = "utf-8"
    delimiter: str | None = None
    jobs: int = 0  # 0: one per core
    batch_size: int = 256  # ~0.1 s of work: hand-offs between processes stay rare
    restart: bool = False


@dataclass
class AuditResult:
    output: Path
    rows: int  # records in the output now
    resumed_from: int  # records that were already there
    seconds: float

    @property
    def new_rows(self) -> int:
        return self.rows - self.resumed_from


def rules_table(linter: Linter) -> dict[str, dict[str, str]]:
    return {r.id: {"name": r.name, "category": r.category,
                   "severity": linter.severity_overrides.get(r.id) or r.severity}
            for r in linter.ruleset}


def rules_fingerprint(linter: Linter) -> str:
    """Changes when the rules do (edited packs, another selection, an upgrade)."""
    h = hashlib.sha256(__version__.encode())
    sources = sorted({r.source.rsplit(":", 1)[0] for r in linter.ruleset})
    for src in sources:  # contents, not paths: a reinstall elsewhere is the same rules
        p = Path(src)
        h.update(p.name.encode("utf-8", "surrogateescape"))
        with suppress(OSError):
            h.update(p.read_bytes())
    for rule_id, meta in sorted(rules_table(linter).items()):
        h.update(f"\0{rule_id}:{meta['name']}:{meta['severity']}".encode())
    return h.hexdigest()[:32]


def make_header(opts: AuditOptions, fmt: str, export_id: dict[str, Any], linter: Linter,
                scored: bool) -> dict[str, Any]:
    return {
        "replylint_audit": HEADER_VERSION,
        "replylint": __version__,
        "export": export_id,
        "options": {"format": fmt, "fields": opts.fields.to_json(),
                    "encoding": opts.encoding, "delimiter": opts.delimiter,
                    "rules": rules_fingerprint(linter), "scored": scored},
        "rules": rules_table(linter),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


# -- the output file -------------------------------------------------------------------

def _read_header(path: Path) -> dict[str, Any] | None:
    """The header of an audit output, or None when the file is not one."""
    try:
        with path.open("rb") as fh:
            first = fh.readline(1 << 20)
    except OSError as e:
        raise OutputError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        header = json.loads(first)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(header, dict) and header.get("replylint_audit") is not None:
        return header
    return None


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file so that readers see the old one or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private: give it the mode a plain open() would.
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_new(path: Path, header: dict[str, Any]) -> None:
    """A fresh output holding only the header."""
    try:
        write_atomic(path, json.dumps(header, ensure_ascii=False) + "\n")
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror or e}") from None


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    diffs = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            diffs.append(key if key != "rules" else "rules (packs, selection or version)")
    return diffs


def prepare_output(path: Path, header: dict[str, Any], restart: bool) -> int:
    """Make `path` ready to append to; returns the rows already in it."""
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file for --output")
    if not path.exists() or path.stat().st_size == 0:
        _write_new(path, header)
        return 0
    old = _read_header(path)
    if old is None:
        raise OutputError(f"{path}: exists and is not a replylint audit output; "
                          "not overwriting it (choose another --output)")
    if restart:
        _write_new(path, header)
        return 0
    if old.get("replylint_audit") != HEADER_VERSION:
        raise OutputError(f"{path}: written by another version of the audit format; "
                          "use --restart to start over")
    was, now = old.get("export", {}), header["export"]
    if (was.get("size"), was.get("head_sha256")) != (now["size"], now["head_sha256"]):
        raise OutputError(
            f"{path}: is the audit of a different export ({was.get('path')}, "
            f"{was.get('size')} bytes), not of {now['path']} ({now['size']} bytes); "
            "use --restart to start over, or another --output")
    diffs = _differences(old.get("options", {}), header["options"])
    if diffs:
        raise OutputError(f"{path}: was written with other options ({', '.join(diffs)}); "
                          "rerun with the same options to resume, or --restart")
    return _scan_records(path)


def _scan_records(path: Path) -> int:
    """Rows already written; cuts off a partial last line. Corruption is an error."""
    done = 0
    keep = 0  # bytes of the file that hold complete lines
    with path.open("rb") as fh:
        fh.readline()
        keep = fh.tell()
        lineno = 1
        for line in fh:
            lineno += 1
            if not line.endswith(b"\n"):
                break  # an interrupted write: dropped, that row is redone
            m = _ROW.match(line)
            if m is None or int(m.group(1)) != done + 1:
                raise OutputError(f"{path}:{lineno}: not the record of row {done + 1}: "
                                  "the output was edited or mixed; use --restart")
            done += 1
            keep += len(line)
    if keep < path.stat().st_size:
        os.truncate(path, keep)
    return done


# -- linting in batches ----------------------------------------------------------------

_maker: RecordMaker | None = None


def _init_worker(maker: RecordMaker) -> None:
    global _maker
    _maker = maker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _lint_batch(rows: list[Row]) -> str:
    assert _maker is not None
    return lint_rows(_maker, rows)


def _ready() -> None:
    """A no-op task: waiting for it means every worker has started."""


def batched(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def effective_jobs(jobs: int) -> int:
    if jobs <= 0:
        try:
            return len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            return os.cpu_count() or 1
    return jobs


def lint_batches(maker: RecordMaker, batches: Iterable[list[Row]], jobs: int,
                 started: Callable[[], None] = lambda: None) -> Iterator[tuple[int, str]]:
    """(rows, output text) for each batch, in order, linted in `jobs` processes."""
    if jobs <= 1:
        started()
        for batch in batches:
            yield len(batch), lint_rows(maker, batch)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the compiled rules and loaded dictionaries with the workers for free.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context(method),
                               initializer=_init_worker, initargs=(maker,))
    try:
        pool.submit(_ready).result()  # all workers forked before any other thread starts
        started()
        pending: deque = deque()
        for batch in batches:
            pending.append((len(batch), pool.submit(_lint_batch, batch)))
            if len(pending) >= 2 * jobs:  # bounded: never read far ahead of the workers
                n, fut = pending.popleft()
                yield n, fut.result()
        while pending:
            n, fut = pending.popleft()
            yield n, fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- the whole run ---------------------------------------------------------------------

class _Progress:
    """A rich progress bar (rows, rate, ETA) on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool | None, total: Callable[[], int | None], done: int):
        from rich.console import Console

        self.console = Console(stderr=True)
        self.enabled = self.console.is_terminal if enabled is None else enabled
        self._total, self.done = total, done
        self.progress = None

    def start(self) -> None:
        if not self.enabled:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.0f} rows/s" if speed else "… rows/s", style="cyan")

        self.progress = Progress(TextColumn("[bold]auditing"), BarColumn(),
                                 MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
                                 TextColumn("ETA"), TimeRemainingColumn(),
                                 console=self.console, transient=False)
        self.task = self.progress.add_task("audit", total=None, completed=self.done)
        self.progress.start()
        # Counting a big export's lines takes a moment: the bar runs meanwhile.
        threading.Thread(target=self._set_total, daemon=True).start()

    def _set_total(self) -> None:
        total = self._total()
        if total is not None and self.progress is not None:
            self.progress.update(self.task, total=max(total, self.done))

    def advance(self, n: int) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, n)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def run_audit(opts: AuditOptions, linter: Linter, *, progress: bool | None = None,
              on_batch: Callable[[int], None] | None = None) -> AuditResult:
    """Audit opts.export into opts.output, resuming it when it is a partial audit of it.

    `on_batch(rows_written)` is called after each batch is on disk.
    """
    t0 = time.perf_counter()
    fmt = detect_format(opts.export, opts.input_format)
    export_id = identify(opts.export, fmt)
    scorer = find_scorer()
    header = make_header(opts, fmt, export_id, linter, scorer is not None)
    rows = open_rows(opts.export, fmt, opts.fields, skip=0, encoding=opts.encoding,
                     delimiter=opts.delimiter)  # checks the export (columns) before writing
    done = prepare_output(opts.output, header, opts.restart)
    if done:
        rows.close()
        rows = open_rows(opts.export, fmt, opts.fields, skip=done, encoding=opts.encoding,
                         delimiter=opts.delimiter)
    linter.lint("Здравствуйте.")  # load dictionaries once, before the workers fork
    maker = RecordMaker(linter, opts.fields, scorer)
    bar = _Progress(progress, lambda: estimate_rows(opts.export, fmt), done)
    written = done
    try:
        # errors="backslashreplace": a stray lone surrogate still becomes valid JSON (\udXXX).
        with opts.output.open("a", encoding="utf-8", errors="backslashreplace") as out, \
                closing(lint_batches(maker, batched(rows, opts.batch_size),
                                     effective_jobs(opts.jobs), bar.start)) as results:
            for n, text in results:
                out.write(text)
                out.flush()  # a batch is on disk before the next: the resume point
                written += n
                bar.advance(n)
                if on_batch is not None:
                    on_batch(written)
    finally:
        bar.stop()
        rows.close()
    return AuditResult(opts.output, written, done, time.perf_counter() - t0)


def default_output(export: Path) -> Path:
    """`<export name>.audit.jsonl` in the current folder (exports may sit read-only)."""
    name = export.name if export.name else "export"
    return Path.cwd() / f"{name}.audit.jsonl"

