"""The audit's HTML report, rendered in a real headless browser (Debian's chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from replylint.audit.html import render_html
from replylint.audit.summary import Summary

from .test_audit import PACK, audit, write_jsonl


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    p = tmp_path / "pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return p


PROBE = """
<script>
// Appended by the test, not part of the report: measure what the browser laid out.
const bars = [...document.querySelectorAll('svg.chart rect.bar')];
const charts = [...document.querySelectorAll('svg.chart')];
const probe = {
  charts: Object.fromEntries(charts.map(s => [s.id, {
    width: s.getBoundingClientRect().width,
    drawn: [...s.querySelectorAll('rect.bar')].filter(r => r.getBBox().width > 0 &&
                                                          r.getBBox().height > 0).length,
    positive: [...s.querySelectorAll('rect.bar')].filter(r => +r.dataset.value > 0).length,
    bars: s.querySelectorAll('rect.bar').length}])),
  kpis: Object.fromEntries([...document.querySelectorAll('.kpi')].map(
    k => [k.dataset.kpi, k.querySelector('b').textContent])),
  bars: bars.length,
};
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(probe);
document.body.appendChild(pre);
</script>
"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage"]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (`apt-get install chromium`; .ci/run does it)")
    return exe


def browse(exe: str, page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=120)


def test_report_renders_charts_and_numbers_in_a_browser(tmp_path: Path, pack: Path):
    exe = chromium()
    export = write_jsonl(tmp_path / "t.jsonl", 300, (b"{broken\n",))
    out, report = tmp_path / "out.jsonl", tmp_path / "report.html"
    r = audit(str(export), "-o", str(out), "--no-builtin", "--rules", str(pack), "-j", "1",
              "--html", str(report))
    assert r.exit_code == 0, r.output
    html = report.read_text(encoding="utf-8")
    # Self-contained: nothing is fetched from anywhere.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<link" not in html and "@import" not in html and "<script" not in html

    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = browse(exe, probed, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert m, "the browser did not run the page: " + dom[:500]
    probe = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    charts = probe["charts"]
    assert {"chart-categories", "chart-rules", "chart-months", "chart-agents",
            "chart-teams"} <= set(charts)
    for name, chart in charts.items():
        assert chart["width"] > 300, name
        # every bar with a value has a laid-out box
        assert chart["drawn"] == chart["positive"] > 0, name
    assert charts["chart-categories"]["bars"] == 2  # jargon, apology
    assert charts["chart-months"]["bars"] == 4 and charts["chart-agents"]["bars"] == 3
    assert charts["chart-agents"]["positive"] == 2  # anna's replies are all GOOD: 0%
    # 300 replies: GOOD, JARGON, BAD in turn; one broken line.
    assert probe["kpis"] == {"rows": "301", "replies audited": "300",
                             "with findings": "66.7%", "findings": "300", "bad rows": "1",
                             "median score": "86"}
    assert "test-audit-sorry" in dom and "invalid-json" in dom and "T-2" in dom

    shot = tmp_path / "shot.png"
    done = browse(exe, report, tmp_path / "profile2", f"--screenshot={shot}",
                  "--window-size=1000,1400")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_report_escapes_what_comes_from_the_export():
    s = Summary()
    s.add({"row": 1, "id": "<script>x</script>", "agent": "<b>eve</b>", "team": None,
           "month": "2024-01", "findings": [{"rule": "R1", "category": "jargon",
                                             "severity": "warning", "line": 1, "column": 1,
                                             "message": "m"}]})
    html = render_html(s.to_dict(), {"export": {"path": "/x/<i>.jsonl", "size": 1}})
    assert "<script>" not in html and "<b>eve</b>" not in html and "<i>" not in html
    assert "&lt;b&gt;eve&lt;/b&gt;" in html
