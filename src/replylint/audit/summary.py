"""The audit summary, reduced from output records (so a resumed audit counts each row once).

`Summary` is a mergeable aggregate: `add` one record at a time, `merge` two partial
summaries (Dask reduces partitions this way), `to_dict` for the finished numbers.
Rates are shares of the audited replies (bad rows excluded): `rate` of a category is
the share of replies with at least one finding in it.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..categories import SEVERITY_RANK

TOP_WORST = 10
BAD_ROWS_KEPT = 100  # the first ones by row; every bad row stays in the output file
_WEIGHT = {"error": 3, "warning": 2, "info": 1}
_seq = itertools.count()


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


@dataclass
class Group:
    """Counts for one agent, team or month."""

    replies: int = 0  # audited (linted) replies
    with_findings: int = 0
    findings: int = 0
    bad_rows: int = 0
    by_category: Counter = field(default_factory=Counter)  # replies with a finding in it
    score_sum: float = 0.0
    score_n: int = 0

    def merge(self, other: Group) -> None:
        self.replies += other.replies
        self.with_findings += other.with_findings
        self.findings += other.findings
        self.bad_rows += other.bad_rows
        self.by_category.update(other.by_category)
        self.score_sum += other.score_sum
        self.score_n += other.score_n

    def to_dict(self) -> dict[str, Any]:
        top = sorted(self.by_category.items(), key=lambda kv: (-kv[1], kv[0]))
        return {
            "replies": self.replies, "with_findings": self.with_findings,
            "rate": _rate(self.with_findings, self.replies), "findings": self.findings,
            "findings_per_reply": _rate(self.findings, self.replies),
            "bad_rows": self.bad_rows,
            "by_category": {c: {"replies": n, "rate": _rate(n, self.replies)} for c, n in top},
            "mean_score": round(self.score_sum / self.score_n, 2) if self.score_n else None,
        }


def _worst_key(record: dict[str, Any], weight: int) -> tuple:
    # Lowest score first when scores exist, then the heaviest findings, then file order.
    score = record.get("score")
    return (score if isinstance(score, (int, float)) else math.inf, -weight,
            record["row"], str(record.get("id")))


@dataclass
class Summary:
    top: int = TOP_WORST
    rows: int = 0
    audited: int = 0
    bad_rows: int = 0
    with_findings: int = 0
    findings: int = 0
    by_severity: Counter = field(default_factory=Counter)
    cat_findings: Counter = field(default_factory=Counter)
    cat_replies: Counter = field(default_factory=Counter)
    rule_findings: Counter = field(default_factory=Counter)
    rule_replies: Counter = field(default_factory=Counter)
    rule_meta: dict[str, tuple[str, str]] = field(default_factory=dict)
    bad_by_code: Counter = field(default_factory=Counter)
    bad_examples: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    agents: dict[str, Group] = field(default_factory=dict)
    teams: dict[str, Group] = field(default_factory=dict)
    months: dict[str, Group] = field(default_factory=dict)
    worst: list[tuple[tuple, dict[str, Any]]] = field(default_factory=list)
    score_hist: Counter = field(default_factory=Counter)  # rounded score → replies
    score_n: int = 0
    score_sum: float = 0.0

    # -- adding ----------------------------------------------------------------------

    def add(self, record: dict[str, Any]) -> None:
        self.rows += 1
        groups = [(table, record.get(key)) for table, key in
                  ((self.agents, "agent"), (self.teams, "team"), (self.months, "month"))]
        groups = [table.setdefault(str(key), Group()) for table, key in groups
                  if key is not None]
        error = record.get("error")
        if error is not None:
            self.bad_rows += 1
            code = error.get("code", "error") if isinstance(error, dict) else "error"
            self.bad_by_code[code] += 1
            for g in groups:
                g.bad_rows += 1
            self._keep_bad(record, code, error)
            return
        self.audited += 1
        findings = record.get("findings") or []
        cats = {f["category"] for f in findings}
        rules = {f["rule"] for f in findings}
        self.findings += len(findings)
        for f in findings:
            self.by_severity[f["severity"]] += 1
            self.cat_findings[f["category"]] += 1
            self.rule_findings[f["rule"]] += 1
            self.rule_meta.setdefault(f["rule"], (f["category"], f["severity"]))
        self.cat_replies.update(cats)
        self.rule_replies.update(rules)
        if findings:
            self.with_findings += 1
        score = record.get("score")
        scored = isinstance(score, (int, float)) and not isinstance(score, bool)
        if scored:
            self.score_n += 1
            self.score_sum += score
            self.score_hist[max(0, min(100, round(score)))] += 1
        for g in groups:
            g.replies += 1
            g.findings += len(findings)
            g.with_findings += bool(findings)
            g.by_category.update(cats)
            if scored:
                g.score_n += 1
                g.score_sum += score
        if findings:  # a reply with no findings is never among the worst
            weight = sum(_WEIGHT.get(f["severity"], 1) for f in findings)
            entry = {"row": record["row"], "id": record.get("id"),
                     "agent": record.get("agent"), "team": record.get("team"),
                     "month": record.get("month"), "score": score if scored else None,
                     "findings": len(findings),
                     "rules": sorted(rules),
                     "worst": max((f["severity"] for f in findings),
                                  key=lambda s: SEVERITY_RANK.get(s, 0), default=None)}
            self._keep_worst(_worst_key(record, weight), entry)

    def _keep_worst(self, key: tuple, entry: dict[str, Any]) -> None:
        # A bounded max-heap on the key (negated), so memory stays at `top` entries.
        if len(self.worst) < self.top:
            heapq.heappush(self.worst, _Neg(key, entry))
        elif key < self.worst[0].key:
            heapq.heapreplace(self.worst, _Neg(key, entry))

    def _keep_bad(self, record: dict[str, Any], code: str, error: Any) -> None:
        message = error.get("message", "") if isinstance(error, dict) else str(error)
        entry = {"row": record["row"], "line": record.get("line"), "id": record.get("id"),
                 "code": code, "message": message}
        item = (-record["row"], next(_seq), entry)  # the counter breaks ties, never the dict
        if len(self.bad_examples) < BAD_ROWS_KEPT:
            heapq.heappush(self.bad_examples, item)
        elif item[0] > self.bad_examples[0][0]:
            heapq.heapreplace(self.bad_examples, item)

    # -- merging ---------------------------------------------------------------------

    def shift_rows(self, offset: int) -> None:
        """Renumber rows by `offset`: a partition's rows 1…n become offset+1…offset+n."""
        if not offset:
            return
        for item in self.worst:  # a uniform shift keeps the heap order
            score, weight, row, ident = item.key
            item.key = (score, weight, row + offset, ident)
            item.entry["row"] = row + offset
        shifted = []
        for neg_row, seq, entry in self.bad_examples:
            entry["row"] = -neg_row + offset
            shifted.append((neg_row - offset, seq, entry))
        self.bad_examples = shifted

    def merge(self, other: Summary) -> Summary:
        for name in ("rows", "audited", "bad_rows", "with_findings", "findings",
                     "score_n", "score_sum"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_severity", "cat_findings", "cat_replies", "rule_findings",
                     "rule_replies", "bad_by_code", "score_hist"):
            getattr(self, name).update(getattr(other, name))
        for rule, meta in other.rule_meta.items():
            self.rule_meta.setdefault(rule, meta)
        for name in ("agents", "teams", "months"):
            mine = getattr(self, name)
            for key, group in getattr(other, name).items():
                mine.setdefault(key, Group()).merge(group)
        for item in other.worst:
            self._keep_worst(item.key, item.entry)
        for neg_row, _, entry in other.bad_examples:
            self._keep_bad({"row": -neg_row, "line": entry["line"], "id": entry["id"]},
                           entry["code"], {"message": entry["message"]})
        return self

    # -- the numbers -----------------------------------------------------------------

    def to_dict(self, rules: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
        rules = rules or {}
        n = self.audited
        cats = sorted(self.cat_findings, key=lambda c: (-self.cat_replies[c], c))
        by_rule = {}
        for rule in sorted(self.rule_findings, key=lambda r: (-self.rule_replies[r], r)):
            category, severity = self.rule_meta[rule]
            by_rule[rule] = {"name": rules.get(rule, {}).get("name"), "category": category,
                             "severity": severity, "findings": self.rule_findings[rule],
                             "replies": self.rule_replies[rule],
                             "rate": _rate(self.rule_replies[rule], n)}

        def groups(table: dict[str, Group], order: str) -> dict[str, Any]:
            if order == "key":
                keys = sorted(table)
            else:  # who needs coaching first: the highest share of flagged replies
                keys = sorted(table, key=lambda k: (
                    -_rate(table[k].with_findings, table[k].replies),
                    -_rate(table[k].findings, table[k].replies), -table[k].replies, k))
            return {k: table[k].to_dict() for k in keys}

        return {
            "rows": self.rows, "audited": n, "bad_rows": self.bad_rows,
            "with_findings": self.with_findings, "with_findings_rate": _rate(self.with_findings, n),
            "findings": self.findings, "findings_per_reply": _rate(self.findings, n),
            "by_severity": {s: self.by_severity.get(s, 0) for s in ("error", "warning", "info")},
            "by_category": {c: {"findings": self.cat_findings[c], "replies": self.cat_replies[c],
                                "rate": _rate(self.cat_replies[c], n)} for c in cats},
            "by_rule": by_rule,
            "by_agent": groups(self.agents, "rate"),
            "by_team": groups(self.teams, "rate"),
            "by_month": groups(self.months, "key"),
            "worst": [item.entry for item in sorted(self.worst, key=lambda i: i.key)],
            "bad": {"by_code": dict(sorted(self.bad_by_code.items(), key=lambda kv: (-kv[1],
                                                                                    kv[0]))),
                    "rows": [e for _, _, e in sorted(self.bad_examples,
                                                     key=lambda t: (-t[0], t[1]))]},
            "scores": self._scores(),
        }

    def _scores(self) -> dict[str, Any] | None:
        if not self.score_n:
            return None
        def quantile(q: float) -> int:
            target = q * (self.score_n - 1)
            seen = 0
            for value in range(101):
                seen += self.score_hist.get(value, 0)
                if seen > target:
                    return value
            return 100
        buckets = [0] * 10  # 0-9, 10-19, …, 90-100
        for value, count in self.score_hist.items():
            buckets[min(9, value // 10)] += count
        present = [v for v in range(101) if self.score_hist.get(v)]
        return {"count": self.score_n, "mean": round(self.score_sum / self.score_n, 2),
                "min": present[0], "max": present[-1], "p10": quantile(0.1),
                "median": quantile(0.5), "p90": quantile(0.9), "histogram": buckets}


class _Neg:
    """A heap item ordered by the reverse of its key: the heap top is the least bad kept."""

    __slots__ = ("entry", "key")

    def __init__(self, key: tuple, entry: dict[str, Any]) -> None:
        self.key, self.entry = key, entry

    def __lt__(self, other: _Neg) -> bool:
        return self.key > other.key


# -- reading an audit output -----------------------------------------------------------

def read_output(path: Path) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The header and the records of an audit output (a partial last line is left out)."""
    fh = path.open("r", encoding="utf-8", errors="replace")
    header_line = fh.readline()
    try:
        header = json.loads(header_line)
    except json.JSONDecodeError:
        fh.close()
        raise ValueError(f"{path}:1: not a replylint audit output") from None
    if not isinstance(header, dict) or "replylint_audit" not in header:
        fh.close()
        raise ValueError(f"{path}:1: not a replylint audit output")

    def records() -> Iterator[dict[str, Any]]:
        with fh:
            for line in fh:
                if not line.endswith("\n"):
                    return  # an interrupted write: the next run redoes that row
                yield json.loads(line)
    return header, records()


def summarize_records(records: Iterable[dict[str, Any]], top: int = TOP_WORST) -> Summary:
    s = Summary(top=top)
    for r in records:
        s.add(r)
    return s


def summarize_output(path: Path, top: int = TOP_WORST) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, summary dict) of an audit output file."""
    header, records = read_output(path)
    summary = summarize_records(records, top).to_dict(header.get("rules"))
    return header, summary


# -- the terminal tables ---------------------------------------------------------------

def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def print_summary(summary: dict[str, Any], header: dict[str, Any], console, limit: int = 10,
                  output: str | None = None) -> None:
    """The summary as rich tables (plain text when the console is not a terminal)."""
    from rich.table import Table

    s = summary
    export = header.get("export", {})
    overview = Table(title=f"Audit of {export.get('path', '?')}", show_header=False,
                     title_justify="left")
    overview.add_column(style="bold")
    overview.add_column(justify="right")
    overview.add_row("rows", f"{s['rows']:,}")
    overview.add_row("replies audited", f"{s['audited']:,}")
    overview.add_row("with findings", f"{s['with_findings']:,} ({_pct(s['with_findings_rate'])})")
    overview.add_row("findings", f"{s['findings']:,} ({s['findings_per_reply']:.2f} per reply)")
    sev = s["by_severity"]
    overview.add_row("by severity", f"{sev['error']:,} error, {sev['warning']:,} warning, "
                                    f"{sev['info']:,} info")
    overview.add_row("bad rows", f"{s['bad_rows']:,}")
    if s["scores"]:
        sc = s["scores"]
        overview.add_row("score", f"mean {sc['mean']}, median {sc['median']} "
                                  f"(p10 {sc['p10']}, p90 {sc['p90']})")
    console.print(overview)

    def table(title: str, columns: list[tuple[str, str]], rows: list[list[str]],
              more: int = 0) -> None:
        if not rows:
            return
        t = Table(title=title + (f" (top {len(rows)} of {len(rows) + more})" if more else ""),
                  title_justify="left")
        for name, justify in columns:
            t.add_column(name, justify=justify)  # type: ignore[arg-type]
        for r in rows:
            t.add_row(*r)
        console.print(t)

    table("Categories", [("category", "left"), ("replies", "right"), ("rate", "right"),
                         ("findings", "right")],
          [[c, f"{v['replies']:,}", _pct(v["rate"]), f"{v['findings']:,}"]
           for c, v in s["by_category"].items()])
    rules = list(s["by_rule"].items())
    table("Rules", [("rule", "left"), ("name", "left"), ("category", "left"),
                    ("replies", "right"), ("rate", "right")],
          [[r, v["name"] or "", v["category"], f"{v['replies']:,}", _pct(v["rate"])]
           for r, v in rules[:limit]], max(0, len(rules) - limit))
    for key, title in (("by_agent", "Agents (highest share of flagged replies first)"),
                       ("by_team", "Teams"), ("by_month", "Months")):
        groups = list(s[key].items())
        if key == "by_month":
            groups = groups[-max(limit, 12):]
        cols = [(key[3:], "left"), ("replies", "right"), ("flagged", "right"),
                ("findings/reply", "right"), ("top category", "left")]
        if s["scores"]:
            cols.append(("mean score", "right"))
        rows = []
        for name, g in groups[:limit] if key != "by_month" else groups:
            top = next(iter(g["by_category"]), "")
            row = [name, f"{g['replies']:,}", _pct(g["rate"]), f"{g['findings_per_reply']:.2f}",
                   top]
            if s["scores"]:
                row.append("" if g["mean_score"] is None else f"{g['mean_score']}")
            rows.append(row)
        table(title, cols, rows, max(0, len(s[key]) - len(rows)))
    table("Worst replies", [("row", "right"), ("id", "left"), ("agent", "left"),
                            ("score", "right"), ("findings", "right"), ("rules", "left")],
          [[str(w["row"]), str(w["id"] if w["id"] is not None else ""), w["agent"] or "",
            "" if w["score"] is None else str(w["score"]), str(w["findings"]),
            ", ".join(w["rules"])] for w in s["worst"][:limit]])
    bad = s["bad"]
    if s["bad_rows"]:
        shown = bad["rows"][:limit]
        table("Bad rows (not linted): " + ", ".join(f"{c} {n:,}" for c, n in
                                                     bad["by_code"].items()),
              [("row", "right"), ("code", "left"), ("message", "left")],
              [[str(b["row"]), b["code"], b["message"]] for b in shown])
        if s["bad_rows"] > len(shown):
            where = f" in {output}" if output else ""
            console.print(f"all {s['bad_rows']:,} bad rows are in the output{where}: "
                          "the records with an \"error\" key")
