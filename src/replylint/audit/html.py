"""The audit summary as one self-contained HTML file: inline CSS and SVG, no scripts,
no fonts or images from the network, so it opens anywhere, offline, and can be mailed.

Charts are plain SVG drawn here (bars and columns are all an audit needs): every
bar is a `<rect class="bar">` with its value in `data-value`, which is what the
browser test measures.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .. import __version__

WIDTH = 760
_BAR_H, _GAP = 22, 6
_LABEL_W = 210
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
color:#1d2733;background:#f5f7fa}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#5b6776;font-size:12px;word-break:break-all}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.kpi{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:10px 14px;min-width:130px}
.kpi b{display:block;font-size:22px}.kpi span{color:#5b6776;font-size:12px}
section{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:12px 16px;
margin:14px 0}
svg.chart{width:100%;height:auto;display:block}
svg text{font:12px system-ui,sans-serif;fill:#1d2733}
svg .bar{fill:#3b6fb6}svg .bar.error{fill:#c0392b}svg .axis{stroke:#c9d1db}
svg .value{fill:#5b6776}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #edf0f4;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:#5b6776}
"""


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _num(n: float) -> str:
    return f"{n:,}".replace(",", "\u202f")


def hbars(chart_id: str, items: list[tuple[str, float, str]], scale: float | None = None) -> str:
    """Horizontal bars: (label, value, text shown after the bar)."""
    if not items:
        return '<p class="empty">nothing to chart</p>'
    top = scale if scale else max((v for _, v, _ in items), default=0) or 1
    span = WIDTH - _LABEL_W - 150  # room for the value text after the longest bar
    height = len(items) * (_BAR_H + _GAP) + _GAP
    parts = [f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
             f'role="img">']
    for i, (label, value, text) in enumerate(items):
        y = _GAP + i * (_BAR_H + _GAP)
        w = max(1.0, span * value / top) if value > 0 else 0
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(shown)}'
            f'<title>{escape(label)}</title></text>'
            f'<rect class="bar" x="{_LABEL_W}" y="{y}" width="{w:.1f}" height="{_BAR_H}" '
            f'data-label="{escape(label)}" data-value="{value:g}"/>'
            f'<text class="value" x="{_LABEL_W + w + 6:.1f}" y="{y + 15}">{escape(text)}</text>')
    parts.append(f'<line class="axis" x1="{_LABEL_W}" y1="0" x2="{_LABEL_W}" y2="{height}"/>')
    parts.append("</svg>")
    return "".join(parts)


def columns(chart_id: str, items: list[tuple[str, float, str]], scale: float | None = None,
            height: int = 220) -> str:
    """Vertical columns (months, score buckets): (label, value, text above the column)."""
    if not items:
        return '<p class="empty">nothing to chart</p>'
    top = scale if scale else max((v for _, v, _ in items), default=0) or 1
    left, bottom, head = 10, 40, 22
    slot = (WIDTH - left * 2) / len(items)
    w = max(2.0, min(60.0, slot * 0.7))
    plot = height - bottom - head
    parts = [f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
             f'role="img">',
             f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{WIDTH - left}" '
             f'y2="{height - bottom}"/>']
    every = max(1, len(items) // 14)  # keep the labels legible on long ranges
    for i, (label, value, text) in enumerate(items):
        h = max(1.0, plot * value / top) if value > 0 else 0
        x = left + i * slot + (slot - w) / 2
        y = height - bottom - h
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                     f'height="{h:.1f}" data-label="{escape(label)}" data-value="{value:g}">'
                     f'<title>{escape(label)}: {escape(text)}</title></rect>')
        cx = x + w / 2
        if i % every == 0:
            parts.append(f'<text x="{cx:.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle">{escape(label)}</text>')
            parts.append(f'<text class="value" x="{cx:.1f}" y="{y - 5:.1f}" '
                         f'text-anchor="middle">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(cols: list[tuple[str, bool]], rows: list[list[Any]], table_id: str) -> str:
    if not rows:
        return '<p class="empty">none</p>'
    head = "".join(f'<th{" class=n" if n else ""}>{escape(c)}</th>' for c, n in cols)
    body = "".join("<tr>" + "".join(f'<td{" class=n" if n else ""}>{escape(str(v))}</td>'
                                    for v, (_, n) in zip(r, cols, strict=True)) + "</tr>"
                   for r in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _groups_section(key: str, title: str, s: dict[str, Any], limit: int) -> str:
    groups = s[key]
    if not groups:
        return ""
    what = key[3:]
    ranked = list(groups.items())
    if key == "by_month":
        chart = columns("chart-months", [(m, g["rate"], _pct(g["rate"])) for m, g in ranked])
    else:
        chart = hbars(f"chart-{what}s", [(name, g["rate"], f"{_pct(g['rate'])} of "
                                          f"{_num(g['replies'])}") for name, g in
                                         ranked[:limit]])
    scored = s["scores"] is not None
    cols = [(what, False), ("replies", True), ("flagged", True), ("findings/reply", True),
            ("top category", False), ("bad rows", True)] + ([("mean score", True)]
                                                             if scored else [])
    rows = []
    for name, g in ranked if key == "by_month" else ranked[:limit]:
        row = [name, _num(g["replies"]), _pct(g["rate"]), f"{g['findings_per_reply']:.2f}",
               next(iter(g["by_category"]), "—"), _num(g["bad_rows"])]
        if scored:
            row.append("—" if g["mean_score"] is None else g["mean_score"])
        rows.append(row)
    more = len(groups) - len(rows)
    note = f'<p class="meta">top {len(rows)} of {len(groups)}</p>' if more > 0 else ""
    return (f'<section id="{what}s"><h2>{escape(title)}</h2>{chart}'
            f'{_table(cols, rows, f"table-{what}s")}{note}</section>')


def render_html(s: dict[str, Any], header: dict[str, Any], limit: int = 20) -> str:
    export = header.get("export", {})
    kpis = [("rows", _num(s["rows"])), ("replies audited", _num(s["audited"])),
            ("with findings", _pct(s["with_findings_rate"])), ("findings", _num(s["findings"])),
            ("bad rows", _num(s["bad_rows"]))]
    if s["scores"]:
        kpis.append(("median score", str(s["scores"]["median"])))
    kpi_html = "".join(f'<div class="kpi" data-kpi="{escape(k)}"><b>{escape(v)}</b>'
                       f'<span>{escape(k)}</span></div>' for k, v in kpis)
    cats = s["by_category"]
    cat_chart = hbars("chart-categories", [(c, v["rate"], f"{_pct(v['rate'])} · "
                                            f"{_num(v['replies'])}")
                                           for c, v in cats.items()])
    cat_table = _table([("category", False), ("replies", True), ("rate", True),
                        ("findings", True)],
                       [[c, _num(v["replies"]), _pct(v["rate"]), _num(v["findings"])]
                        for c, v in cats.items()], "table-categories")
    rules = list(s["by_rule"].items())
    rule_chart = hbars("chart-rules", [(f"{r} {v['name'] or ''}".strip(), v["rate"],
                                        _pct(v["rate"])) for r, v in rules[:limit]])
    rule_table = _table([("rule", False), ("name", False), ("category", False),
                         ("severity", False), ("replies", True), ("rate", True),
                         ("findings", True)],
                        [[r, v["name"] or "", v["category"], v["severity"], _num(v["replies"]),
                          _pct(v["rate"]), _num(v["findings"])] for r, v in rules],
                        "table-rules")
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f'<meta name="generator" content="replylint {escape(__version__)}">',
        f"<title>replylint audit: {escape(str(export.get('path', '')))}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>replylint audit</h1>",
        f'<p class="meta">{escape(str(export.get("path", "")))} · '
        f'{_num(export.get("size", 0))} bytes · started {escape(str(header.get("started")))}'
        f' · replylint {escape(str(header.get("replylint")))}</p>',
        f'<div class="kpis">{kpi_html}</div>',
        f'<section id="categories"><h2>Replies flagged, by category</h2>{cat_chart}{cat_table}'
        "</section>",
        f'<section id="rules"><h2>Rules</h2>{rule_chart}{rule_table}</section>',
        _groups_section("by_month", "By month: share of replies with findings", s, limit),
        _groups_section("by_agent", "Agents: share of replies with findings", s, limit),
        _groups_section("by_team", "Teams: share of replies with findings", s, limit),
    ]
    if s["scores"]:
        sc = s["scores"]
        labels = [f"{10 * i}–{10 * i + 9}" for i in range(9)] + ["90–100"]
        parts.append(
            f'<section id="scores"><h2>Score distribution</h2>'
            f'<p>mean {sc["mean"]} · median {sc["median"]} · p10 {sc["p10"]} · '
            f'p90 {sc["p90"]} · {_num(sc["count"])} replies</p>'
            + columns("chart-scores", [(lab, n, _num(n)) for lab, n in
                                       zip(labels, sc["histogram"], strict=True)])
            + "</section>")
    scored = s["scores"] is not None
    worst_cols = [("row", True), ("id", False), ("agent", False), ("month", False)] + \
        ([("score", True)] if scored else []) + [("findings", True), ("rules", False)]
    worst_rows = [[w["row"], "" if w["id"] is None else w["id"], w["agent"] or "",
                   w["month"] or ""] + ([w["score"]] if scored else [])
                  + [w["findings"], ", ".join(w["rules"])] for w in s["worst"]]
    parts.append(f'<section id="worst"><h2>Worst replies</h2>'
                 f'{_table(worst_cols, worst_rows, "table-worst")}</section>')
    bad = s["bad"]
    codes = ", ".join(f"{c}: {_num(n)}" for c, n in bad["by_code"].items())
    more = (f'<p class="meta">the first {len(bad["rows"])} of {_num(s["bad_rows"])}; all are in '
            'the output, as records with an "error" key</p>'
            if s["bad_rows"] > len(bad["rows"]) else "")
    parts.append(f'<section id="bad"><h2>Bad rows (not linted): {_num(s["bad_rows"])}</h2>'
                 f'<p>{escape(codes)}</p>'
                 + _table([("row", True), ("line", True), ("id", False), ("code", False),
                           ("message", False)],
                          [[b["row"], b["line"] or "", "" if b["id"] is None else b["id"],
                            b["code"], b["message"]] for b in bad["rows"]], "table-bad")
                 + more + "</section>")
    parts.append("</main></body></html>\n")
    return "\n".join(p for p in parts if p)
