"""The audit on Dask: when an archive outgrows one machine, Dask schedules it.

    import dask.dataframe as dd
    from replylint.audit.dask import audit_dataframe, audit_summary

    ddf = dd.read_parquet("s3://bucket/tickets/")           # any Dask DataFrame
    audit_dataframe(ddf).to_parquet("audit/")               # one row per reply, lazily
    summary = audit_summary(ddf)                            # the `replylint audit` summary

`audit_partition` is the per-partition function (a plain pandas DataFrame in and
out); it runs the same per-row code as `replylint audit` (records.RecordMaker), and
each worker process compiles the rules once. `audit_summary` reduces partial
summaries in partition order, so its numbers, rows included, equal those of
`replylint audit` over the same rows in the same order (e.g. the same Parquet folder).
Needs the `audit` extra (pandas, pyarrow, dask[distributed]).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..categories import CATEGORIES
from .records import RecordMaker, find_scorer
from .sources import Fields, Row
from .summary import TOP_WORST, Summary

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    import pandas as pd

TEXT_COLUMNS = ("id", "agent", "team", "month", "findings", "error")
COUNT_COLUMNS = tuple(f"n_{c.replace('-', '_')}" for c in CATEGORIES)
_CATEGORY_COLUMN = dict(zip(CATEGORIES, COUNT_COLUMNS, strict=True))


@lru_cache(maxsize=8)
def _maker(fields: Fields, select: tuple[str, ...], ignore: tuple[str, ...],
           rules: tuple[str, ...], no_builtin: bool) -> RecordMaker:
    """One compiled Linter per worker process and set of options."""
    from ..api import Linter

    linter = Linter.from_options(select, ignore, rules, include_shipped=not no_builtin)
    return RecordMaker(linter, fields, find_scorer())


def _options(reply_field: str = "reply", complaint_field: str = "complaint",
             agent_field: str = "agent", team_field: str = "team",
             date_field: str = "date,created_at", id_field: str = "id",
             select: Iterable[str] = (), ignore: Iterable[str] = (),
             rules: Iterable[str] = (), no_builtin: bool = False) -> tuple:
    fields = Fields.from_options(reply=reply_field, complaint=complaint_field,
                                 agent=agent_field, team=team_field, date=date_field,
                                 id=id_field)
    return (fields, tuple(select), tuple(ignore), tuple(str(r) for r in rules), no_builtin)


def _plain(value: Any) -> Any:
    """pandas/numpy scalars → Python values; NaN, NaT and NA → None."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    if hasattr(value, "item") and not isinstance(value, (str, bytes)) and \
            type(value).__module__ == "numpy":
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _records(df: pd.DataFrame, maker: RecordMaker, row_start: int) -> Iterator[dict[str, Any]]:
    cols = [c for c in maker.fields.columns() if c in df.columns]
    for i, values in enumerate(df[cols].itertuples(index=False, name=None)):
        yield maker(Row(row_start + i, {c: _plain(v) for c, v in zip(cols, values,
                                                                      strict=True)}))


def audit_partition(df: pd.DataFrame, *, row_start: int = 1, **options: Any) -> pd.DataFrame:
    """Lint every reply of a pandas DataFrame: one output row per input row.

    Columns: row (row_start, row_start+1, …), id, agent, team, month, findings (the
    record's findings as JSON text), n_findings, error (JSON text {code, message} for
    a row that could not be linted, else None), score (NaN without `replylint.score`),
    and n_<category> (findings per category). `options` are the field names
    (reply_field, agent_field, …, as on the command line) and select, ignore,
    rules, no_builtin.
    """
    import pandas as pd

    maker = _maker(*_options(**options))
    out: dict[str, list] = {name: [] for name in ("row", *TEXT_COLUMNS, "n_findings", "score",
                                                  *COUNT_COLUMNS)}
    for rec in _records(df, maker, row_start):
        findings = rec.get("findings")
        out["row"].append(rec["row"])
        for name in ("id", "agent", "team", "month"):
            value = rec.get(name)
            out[name].append(None if value is None else str(value))
        out["findings"].append(None if findings is None else
                               json.dumps(findings, ensure_ascii=False))
        out["error"].append(json.dumps(rec["error"], ensure_ascii=False) if "error" in rec
                            else None)
        out["n_findings"].append(len(findings or ()))
        score = rec.get("score")
        out["score"].append(math.nan if score is None else float(score))
        counts = dict.fromkeys(COUNT_COLUMNS, 0)
        for f in findings or ():
            column = _CATEGORY_COLUMN.get(f["category"])
            if column is not None:
                counts[column] += 1
        for column, n in counts.items():
            out[column].append(n)
    frame = pd.DataFrame({
        "row": pd.Series(out["row"], dtype="int64"),
        **{name: pd.Series(out[name], dtype=object) for name in TEXT_COLUMNS},
        "n_findings": pd.Series(out["n_findings"], dtype="int64"),
        "score": pd.Series(out["score"], dtype="float64"),
        **{name: pd.Series(out[name], dtype="int64") for name in COUNT_COLUMNS},
    })
    frame.index = df.index  # one output row per input row, aligned
    return frame


def frame_records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """audit_partition's rows back as output records (what Summary.add reads)."""
    for row in frame[["row", "id", "agent", "team", "month", "findings", "error",
                      "score"]].itertuples(index=False, name=None):
        rowno, id_, agent, team, month, findings, error, score = row
        rec: dict[str, Any] = {"row": int(rowno), "id": id_, "agent": agent, "team": team,
                               "month": month}
        if error is not None and not (isinstance(error, float) and math.isnan(error)):
            rec["error"] = json.loads(error)
        else:
            rec["findings"] = json.loads(findings) if findings else []
            if score is not None and not math.isnan(score):
                rec["score"] = int(score) if float(score).is_integer() else score
        yield rec


def _partition_summary(df: pd.DataFrame, options: dict[str, Any], top: int) -> Summary:
    summary = Summary(top=top)
    for rec in frame_records(audit_partition(df, row_start=1, **options)):
        summary.add(rec)
    return summary


def merge_in_order(partials: list[Summary]) -> Summary:
    """Partition summaries, numbered 1…n each, merged into one numbered like the whole."""
    total = Summary(top=partials[0].top if partials else TOP_WORST)
    for part in partials:
        part.shift_rows(total.rows)
        total.merge(part)
    return total


def _meta() -> pd.DataFrame:
    import pandas as pd

    return audit_partition(pd.DataFrame({"reply": pd.Series([], dtype=object)}))


def audit_dataframe(ddf: dd.DataFrame, **options: Any) -> dd.DataFrame:
    """audit_partition over every partition, lazily (rows are numbered per partition)."""
    return ddf.map_partitions(audit_partition, **options, meta=_meta())


def audit_summary(ddf: dd.DataFrame, *, top: int = TOP_WORST, **options: Any) -> dict[str, Any]:
    """Audit a Dask DataFrame and reduce it to the summary `replylint audit` prints."""
    import dask

    fields, select, ignore, rules, no_builtin = _options(**options)
    missing = [n for n in fields.reply if n not in ddf.columns]
    if len(missing) == len(fields.reply):
        raise ValueError(f"no reply column ({', '.join(fields.reply)}); columns: "
                         f"{', '.join(map(str, ddf.columns))}")
    wanted = [c for c in fields.columns() if c in ddf.columns]
    parts = ddf[wanted].to_delayed()
    partials = [dask.delayed(_partition_summary)(p, options, top) for p in parts]
    total = dask.delayed(merge_in_order)(partials).compute()
    rules_table = {r.id: {"name": r.name, "category": r.category, "severity": r.severity}
                   for r in _maker(fields, select, ignore, rules, no_builtin).linter.ruleset}
    return total.to_dict(rules_table)
