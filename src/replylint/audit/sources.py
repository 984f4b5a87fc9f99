"""Readers of ticket exports (JSONL, CSV, Parquet): rows one at a time, in constant memory.

Every reader yields one `Row` per record of the export, numbered from 1 in file
order, so a rerun reads the same rows with the same numbers (what resuming an
audit relies on). A record that cannot be read — invalid JSON, a broken CSV line,
undecodable bytes, an unreadable Parquet row group — is still a `Row`, with an
`error`, never dropped. Problems with the export as a whole (missing, unknown
format, no reply column) raise `ExportError`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet")
HEAD_BYTES = 1 << 20  # the export's identity hashes its first MB (cheap on any size)
MAX_LINE_BYTES = 4 << 20  # a longer JSONL line is a bad row, not a memory spike
CSV_FIELD_LIMIT = 1 << 20  # bounds what one unbalanced quote can swallow
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}


class ExportError(Exception):
    """The export cannot be audited at all (a user error: exit 2)."""


@dataclass(frozen=True)
class Fields:
    """Which column holds what. Each role has candidates; the first one present wins."""

    reply: tuple[str, ...] = ("reply",)
    complaint: tuple[str, ...] = ("complaint",)
    agent: tuple[str, ...] = ("agent",)
    team: tuple[str, ...] = ("team",)
    date: tuple[str, ...] = ("date", "created_at")
    id: tuple[str, ...] = ("id",)

    ROLES = ("reply", "complaint", "agent", "team", "date", "id")

    @classmethod
    def from_options(cls, **options: str | Iterable[str] | None) -> Fields:
        values = {}
        for role, value in options.items():
            if value is None:
                continue
            names = [value] if isinstance(value, str) else list(value)
            parsed = tuple(n.strip() for v in names for n in v.split(",") if n.strip())
            if parsed:
                values[role] = parsed
        return cls(**values)

    def columns(self) -> list[str]:
        """Every column any role may read, each once, in a stable order."""
        seen: dict[str, None] = {}
        for role in self.ROLES:
            for name in getattr(self, role):
                seen.setdefault(name, None)
        return list(seen)

    def pick(self, role: str, values: dict[str, Any]) -> Any:
        for name in getattr(self, role):
            if name in values and values[name] is not None:
                return values[name]
        return None

    def to_json(self) -> dict[str, list[str]]:
        return {role: list(getattr(self, role)) for role in self.ROLES}


@dataclass(slots=True)
class Row:
    row: int  # 1-based record number in the export
    values: dict[str, Any] | None  # the columns in Fields.columns() that the record has
    line: int | None = None  # where the record starts, for text formats
    error: tuple[str, str] | None = None  # (code, message): the record could not be read
    end_line: int | None = field(default=None)


# -- the export as a whole ------------------------------------------------------------

def detect_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    if path.is_dir():
        return "parquet"
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise ExportError(f"{path}: cannot tell the format from the name: "
                          f"use --input-format ({', '.join(FORMATS)})")
    return fmt


def parquet_files(path: Path) -> list[Path]:
    """A Parquet file, or a partitioned dataset's files in Dask's (natural) order."""
    if not path.is_dir():
        return [path]
    files = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".parquet", ".pq")
             and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)]
    if not files:
        raise ExportError(f"{path}: a folder export must hold .parquet files, and has none")
    return sorted(files, key=lambda p: _natural(str(p.relative_to(path))))


def _natural(s: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def identify(path: Path, fmt: str) -> dict[str, Any]:
    """What names an export in an audit's header: path, size, a hash of its first MB."""
    try:
        if path.is_dir():
            files = parquet_files(path)
            h = hashlib.sha256()
            size = 0
            for f in files:
                n = f.stat().st_size
                size += n
                h.update(f"{f.relative_to(path)}\0{n}\0".encode("utf-8", "surrogateescape"))
            with files[0].open("rb") as fh:
                h.update(fh.read(HEAD_BYTES))
        else:
            size = path.stat().st_size
            with path.open("rb") as fh:
                h = hashlib.sha256(fh.read(HEAD_BYTES))
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file or directory") from None
    except IsADirectoryError:
        raise ExportError(f"{path}: is a directory") from None
    except PermissionError:
        raise ExportError(f"{path}: permission denied") from None
    except OSError as e:
        raise ExportError(f"{path}: cannot read: {e.strerror or e}") from None
    return {"path": str(path.resolve()), "format": fmt, "size": size,
            "head_sha256": h.hexdigest()}


def estimate_rows(path: Path, fmt: str) -> int | None:
    """Total rows for the progress bar: Parquet metadata, else a quick newline count."""
    try:
        if fmt == "parquet":
            pq = _pyarrow_parquet()
            return sum(pq.ParquetFile(f).metadata.num_rows for f in parquet_files(path))
        if path.suffix.lower() == ".gz":
            return None  # counting would mean decompressing it all twice
        lines, last = 0, b"\n"
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 22):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        lines += last != b"\n"
        return max(0, lines - 1) if fmt == "csv" else lines
    except Exception:  # only a progress estimate: never a reason to fail
        return None


def open_rows(path: Path, fmt: str, fields: Fields, *, skip: int = 0,
              encoding: str = "utf-8", delimiter: str | None = None) -> Iterator[Row]:
    """The export's rows after the first `skip`, read lazily."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ExportError(f"unknown encoding: {encoding}") from None
    wanted = fields.columns()
    if fmt == "jsonl":
        return _jsonl_rows(path, wanted, skip, encoding)
    if fmt == "csv":
        return _csv_rows(path, fields, skip, encoding, delimiter)
    if fmt == "parquet":
        return _parquet_rows(path, fields, skip)
    raise ExportError(f"unknown input format: {fmt}")


def _open_binary(path: Path) -> IO[bytes]:
    try:
        if path.suffix.lower() == ".gz":
            return gzip.open(path, "rb")
        return path.open("rb")
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file or directory") from None
    except OSError as e:
        raise ExportError(f"{path}: cannot read: {e.strerror or e}") from None


def _text_bom(encoding: str) -> str:
    # A UTF-8 byte-order mark (Excel writes one) is not part of the first field name.
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


# -- JSONL ------------------------------------------------------------------------------

def _jsonl_rows(path: Path, wanted: list[str], skip: int, encoding: str) -> Iterator[Row]:
    fh = _open_binary(path)
    decoding = _text_bom(encoding)
    with fh:
        rowno = lineno = 0
        while True:
            try:
                raw = fh.readline(MAX_LINE_BYTES + 1)
            except (OSError, EOFError) as e:  # a truncated .gz: the rest is unreadable
                yield Row(rowno + 1, None, lineno + 1,
                          ("unreadable", f"the rest of the file cannot be read: {e}"))
                return
            if not raw:
                return
            lineno += 1
            too_long = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
            if too_long:  # drain the rest of the line without holding it
                while (more := fh.readline(MAX_LINE_BYTES)) and not more.endswith(b"\n"):
                    pass
            elif not raw.strip():
                continue  # a blank line is not a record
            rowno += 1
            if rowno <= skip:
                continue
            if too_long:
                yield Row(rowno, None, lineno,
                          ("too-long", f"line {lineno} is longer than {MAX_LINE_BYTES >> 20} MB"))
                continue
            try:
                text = raw.decode(decoding)
            except UnicodeDecodeError as e:
                yield Row(rowno, None, lineno, ("undecodable",
                          f"line {lineno} is not valid {encoding} (byte {e.start + 1}; "
                          f"try --encoding)"))
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                yield Row(rowno, None, lineno, ("invalid-json",
                          f"line {lineno}: invalid JSON: {e.msg} (column {e.colno})"))
                continue
            if not isinstance(obj, dict):
                yield Row(rowno, None, lineno, ("invalid-json",
                          f"line {lineno}: a record must be a JSON object, "
                          f"not {type(obj).__name__}"))
                continue
            yield Row(rowno, {k: obj[k] for k in wanted if k in obj}, lineno)


# -- CSV --------------------------------------------------------------------------------

_SURROGATE = re.compile("[\udc80-\udcff]")


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path, fields: Fields, skip: int, encoding: str,
              delimiter: str | None) -> Iterator[Row]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    # surrogateescape keeps undecodable bytes visible, so the row can be reported
    # instead of failing the whole file.
    text = io.TextIOWrapper(_open_binary(path), encoding=_text_bom(encoding),
                            errors="surrogateescape", newline="")
    try:  # the header is checked now, before anything is written
        first = text.readline()
        if not first.strip():
            text.close()
            return iter(())
        if delimiter is None:
            tsv = path.name.lower().removesuffix(".gz").endswith(".tsv")
            delimiter = "\t" if tsv else _sniff_delimiter(first)
        try:
            header = next(csv.reader([first], delimiter=delimiter, strict=True))
        except csv.Error as e:
            raise ExportError(f"{path}:1: the header line is not valid CSV: {e}") from None
        header = [h.strip() for h in header]
        if not any(name in header for name in fields.reply):
            raise ExportError(f"{path}: no reply column ({', '.join(fields.reply)}) in the "
                              f"header: {', '.join(header) or '(empty)'}; "
                              f"name it with --reply-field")
    except BaseException:
        text.close()
        raise
    index = {name: header.index(name) for name in fields.columns() if name in header}
    return _csv_iter(text, csv.reader(text, delimiter=delimiter, strict=True), len(header),
                     index, skip, encoding)


def _csv_iter(text: IO[str], reader, width: int, index: dict[str, int], skip: int,
              encoding: str) -> Iterator[Row]:
    with text:
        rowno = 0
        while True:
            start = reader.line_num + 2  # +1 for the header read above, +1 for the next line
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                rowno += 1
                if rowno > skip:
                    end = reader.line_num + 1
                    where = f"line {start}" if end == start else f"lines {start}-{end}"
                    yield Row(rowno, None, start, ("bad-csv", f"{where}: {e}"), end)
                continue
            except (OSError, EOFError) as e:
                yield Row(rowno + 1, None, start,
                          ("unreadable", f"the rest of the file cannot be read: {e}"))
                return
            if not cells:
                continue  # a blank line is not a record
            rowno += 1
            if rowno <= skip:
                continue
            if len(cells) != width:
                yield Row(rowno, None, start, ("bad-csv", f"line {start}: {len(cells)} fields, "
                                               f"the header has {width}"))
                continue
            values = {name: cells[i] for name, i in index.items()}
            bad = [name for name, v in values.items() if _SURROGATE.search(v)]
            if bad:
                yield Row(rowno, None, start, ("undecodable", f"line {start}: {bad[0]!r} is not "
                                               f"valid {encoding} (try --encoding)"))
                continue
            yield Row(rowno, values, start)


# -- Parquet ----------------------------------------------------------------------------

AUDIT_EXTRA_HINT = "pip install 'replylint[audit]'"


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(f"Parquet exports need pyarrow: {AUDIT_EXTRA_HINT}") from None
    return pq


def _parquet_rows(path: Path, fields: Fields, skip: int) -> Iterator[Row]:
    pq = _pyarrow_parquet()
    import pyarrow as pa

    files = parquet_files(path)
    opened = []
    for f in files:  # check every file's columns before the first row is audited
        try:
            pf = pq.ParquetFile(f)
        except (OSError, pa.ArrowException) as e:
            raise ExportError(f"{f}: not a readable Parquet file: {e}") from None
        names = pf.schema_arrow.names
        if not any(n in names for n in fields.reply):
            raise ExportError(f"{f}: no reply column ({', '.join(fields.reply)}); columns: "
                              f"{', '.join(names)}; name it with --reply-field")
        opened.append((f, pf, [c for c in fields.columns() if c in names]))
    return _parquet_iter(opened, skip, pa)


def _parquet_iter(opened, skip: int, pa) -> Iterator[Row]:
    rowno = 0
    for f, pf, columns in opened:
        meta = pf.metadata
        for group in range(meta.num_row_groups):
            n = meta.row_group(group).num_rows
            if rowno + n <= skip:  # whole row groups are skipped without reading them
                rowno += n
                continue
            first = rowno
            try:
                for batch in pf.iter_batches(batch_size=2048, row_groups=[group],
                                             columns=columns):
                    for values in batch.to_pylist():
                        rowno += 1
                        if rowno > skip:
                            yield Row(rowno, _decode_bytes_values(values))
            except (OSError, pa.ArrowException) as e:
                # The rest of the group cannot be read: each of its rows is reported.
                for r in range(rowno + 1, first + n + 1):
                    if r > skip:
                        yield Row(r, None, None, ("unreadable",
                                  f"{f.name}: row group {group}: {e}"))
                rowno = first + n


def _decode_bytes_values(values: dict[str, Any]) -> dict[str, Any]:
    for k, v in values.items():
        if isinstance(v, bytes):  # a binary column: text if it is UTF-8
            try:
                values[k] = v.decode("utf-8")
            except UnicodeDecodeError:
                values[k] = v
    return values
