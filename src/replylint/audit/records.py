"""One export row → one output record: its findings, or why it could not be linted.

A record (one JSON object per line of the audit output):

    {"row": 17, "id": "T-17", "agent": "anna", "team": "billing", "month": "2024-03",
     "findings": [{"rule": "RL201", "category": "apology", "severity": "error",
                   "line": 1, "column": 1, "message": "…"}],
     "score": 42}

`score` is there when `replylint.score` is installed. A row that cannot be linted
gets `"error": {"code", "message"}` instead of findings (and `line` for text
formats), and keeps whatever id, agent and month it had.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..api import Linter
from ..finding import Finding
from .sources import Fields, Row

MAX_REPLY_CHARS = 100_000  # the MCP server's limit too: longer is not a reply
_SURROGATES = re.compile("[\ud800-\udfff]")
_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:\D|$)")
_DMY = re.compile(r"^\s*\d{1,2}[./-](\d{1,2})[./-](\d{4})(?:\D|$)")

Scorer = Callable[[list[Finding]], Any]


def find_scorer() -> Scorer | None:
    """replylint.score.score_findings when that module exists (it is optional)."""
    try:
        from ..score import score_findings  # type: ignore[import-not-found,attr-defined]
    except ImportError as e:
        if e.name != "replylint.score":
            raise  # the score module exists but is broken: say so, do not hide it
        return None
    return score_findings


def _score_call(scorer: Scorer, linter: Linter) -> Callable[[list[Finding], bool], Any]:
    """score_findings(findings), or (findings, checked) when it asks which categories
    the rules check (replylint.score.checked_categories says, else the rules' categories)."""
    try:
        params = inspect.signature(scorer).parameters
    except (TypeError, ValueError):
        params = {}
    if "checked" not in params:
        return lambda findings, with_complaint: scorer(findings)
    try:
        from ..score import checked_categories  # type: ignore[import-not-found,attr-defined]
    except ImportError:
        def checked_categories(linter: Linter, with_complaint: bool) -> set[str]:
            return {r.category for r in linter.ruleset}
    checked = {wc: set(checked_categories(linter, wc)) for wc in (False, True)}
    return lambda findings, with_complaint: scorer(findings, checked[with_complaint])


def score_value(result: Any) -> float | None:
    """A number from whatever score_findings returns: a number, an object or a dict."""
    if result is None:
        return None
    if isinstance(result, bool):
        return None
    if isinstance(result, (int, float)):
        value = float(result)
    elif isinstance(result, dict):
        value = score_value(result.get("score", result.get("total")))
        return value
    else:
        for attr in ("score", "total", "value"):
            if hasattr(result, attr):
                return score_value(getattr(result, attr))
        return None
    if math.isnan(value):
        return None
    return int(value) if value.is_integer() else round(value, 2)


def month_of(value: Any) -> str | None:
    """'YYYY-MM' from an ISO or dd.mm.yyyy date, a datetime, or epoch seconds/ms."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if hasattr(value, "year") and hasattr(value, "month"):  # pandas / numpy timestamps
        try:
            return f"{int(value.year):04d}-{int(value.month):02d}"
        except (TypeError, ValueError):
            return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value <= 0:
            return None
        seconds = value / 1000 if value > 1e11 else value
        try:
            d = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return f"{d.year:04d}-{d.month:02d}"
    if isinstance(value, str):
        m = _ISO.match(value)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
        else:
            m = _DMY.match(value)
            if not m:
                return None
            year, month = int(m.group(2)), int(m.group(1))
        if 1 <= month <= 12 and 1900 <= year <= 2999:
            return f"{year:04d}-{month:02d}"
    return None


def _label(value: Any) -> str | None:
    """An agent, team or id as short text; None when absent or empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _id(value: Any) -> str | int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return _label(value)


def finding_json(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "category": f.category, "severity": f.severity,
            "line": f.line, "column": f.column, "message": f.message}


class RecordMaker:
    """Lints rows with one compiled Linter (shared by every row of a worker)."""

    def __init__(self, linter: Linter, fields: Fields, scorer: Scorer | None = None) -> None:
        self.linter = linter
        self.fields = fields
        self.scorer = scorer
        self._score = _score_call(scorer, linter) if scorer is not None else None
        # Complaint-aware linting, when the Linter offers it: pass the complaint along.
        try:
            params = inspect.signature(linter.lint).parameters
        except (TypeError, ValueError):
            params = {}
        self._takes_complaint = "complaint" in params

    def __getstate__(self) -> dict[str, Any]:  # for spawned workers: no lambdas
        return {"linter": self.linter, "fields": self.fields, "scorer": self.scorer}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["linter"], state["fields"], state["scorer"])

    def __call__(self, row: Row) -> dict[str, Any]:
        values = row.values or {}
        pick = self.fields.pick
        record: dict[str, Any] = {
            "row": row.row, "id": _id(pick("id", values)),
            "agent": _label(pick("agent", values)), "team": _label(pick("team", values)),
            "month": month_of(pick("date", values))}
        if row.error is not None:
            return self._error(record, row, *row.error)
        bad = [k for k in ("id", "agent", "team") if isinstance(record[k], str)
               and _SURROGATES.search(record[k])]
        if bad:
            for k in bad:
                record[k] = None
            return self._error(record, row, "undecodable",
                               f"the {bad[0]} field is not valid text")
        reply = pick("reply", values)
        if reply is None:
            names = " or ".join(repr(n) for n in self.fields.reply)
            return self._error(record, row, "missing-field", f"no {names} field")
        if isinstance(reply, bytes):
            return self._error(record, row, "undecodable", "the reply is not valid UTF-8")
        if not isinstance(reply, str):
            return self._error(record, row, "not-text",
                               f"the reply is {type(reply).__name__}, not text")
        if _SURROGATES.search(reply):
            return self._error(record, row, "undecodable", "the reply is not valid text")
        if not reply.strip():
            return self._error(record, row, "empty-reply", "the reply is empty")
        if len(reply) > MAX_REPLY_CHARS:
            return self._error(record, row, "too-long",
                               f"the reply is {len(reply):,} characters, over "
                               f"{MAX_REPLY_CHARS:,}")
        try:
            complaint = pick("complaint", values)
            findings = self._lint(reply, complaint)
            record["findings"] = [finding_json(f) for f in findings]
            if self._score is not None:
                record["score"] = score_value(self._score(findings, self._used(complaint)))
        except Exception as e:  # one reply must not stop an audit of millions
            record.pop("findings", None)
            return self._error(record, row, "internal",
                               f"replylint failed on this reply: {type(e).__name__}: {e}")
        return record

    def _used(self, complaint: Any) -> bool:
        """Whether the complaint is passed to the linter (and so checked against)."""
        return self._takes_complaint and isinstance(complaint, str) and bool(complaint.strip())

    def _lint(self, reply: str, complaint: Any) -> list[Finding]:
        if self._used(complaint):
            return self.linter.lint(reply, complaint=complaint)  # type: ignore[call-arg]
        return self.linter.lint(reply)

    @staticmethod
    def _error(record: dict[str, Any], row: Row, code: str, message: str) -> dict[str, Any]:
        if row.line is not None:
            record["line"] = row.line
        record["error"] = {"code": code, "message": message}
        return record


def dumps(record: dict[str, Any]) -> str:
    """One output line. Compact, so the resume scan can read `{"row":N` from its start."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def lint_rows(maker: RecordMaker, rows: Sequence[Row]) -> str:
    return "".join(dumps(maker(r)) for r in rows)
