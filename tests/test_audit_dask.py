"""The audit on Dask: the partition function, the summary, the example on a LocalCluster."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# dask's own Parquet writer calls a pandas API that pandas 3.1 deprecates: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("pyarrow")

from replylint.audit.dask import COUNT_COLUMNS, audit_partition, audit_summary  # noqa: E402

from .test_audit import BAD, GOOD, JARGON, PACK, audit, ticket  # noqa: E402


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    p = tmp_path / "pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return p


def test_audit_partition_one_row_per_reply(pack: Path):
    df = pd.DataFrame({"id": [1, 2, 3, 4], "reply": [GOOD, JARGON, BAD, None],
                       "agent": ["a", "b", "a", "b"],
                       "date": pd.to_datetime(["2024-01-02", "2024-02-03", None,
                                               "2024-02-04"])}, index=[10, 11, 12, 13])
    out = audit_partition(df, rules=[str(pack)], no_builtin=True, row_start=101)
    assert list(out.index) == [10, 11, 12, 13]
    assert list(out["row"]) == [101, 102, 103, 104]
    assert list(out["id"]) == ["1", "2", "3", "4"]
    assert list(out["month"]) == ["2024-01", "2024-02", None, "2024-02"]
    assert list(out["n_findings"]) == [0, 1, 2, 0]
    assert list(out["n_jargon"]) == [0, 1, 1, 0] and list(out["n_apology"]) == [0, 0, 1, 0]
    assert json.loads(out["findings"][12])[0]["rule"] in {"TA101", "TA201"}
    assert json.loads(out["error"][13])["code"] == "missing-field"
    assert out["findings"][13] is None and out["score"].isna()[13]  # a bad row: no score
    assert out["score"][10] == 100 > out["score"][11] > out["score"][12]  # GOOD > JARGON > BAD
    assert set(COUNT_COLUMNS) <= set(out.columns)


def test_dask_summary_equals_the_cli_summary(tmp_path: Path, pack: Path):
    rows = [ticket(i) for i in range(90)]
    rows[40]["reply"] = None  # a bad row, counted in both
    dataset = tmp_path / "ds"
    dd.from_pandas(pd.DataFrame(rows), npartitions=4).to_parquet(dataset, write_index=False)
    js = tmp_path / "s.json"
    r = audit(str(dataset), "-o", str(tmp_path / "o.jsonl"), "--no-builtin", "--rules",
              str(pack), "-j", "1", "--summary-json", str(js))
    assert r.exit_code == 0, r.output
    cli = json.loads(js.read_text(encoding="utf-8"))["summary"]
    import dask

    with dask.config.set(scheduler="synchronous"):
        summary = audit_summary(dd.read_parquet(dataset), rules=[str(pack)], no_builtin=True)
    assert summary == cli
    assert summary["bad"]["rows"][0]["row"] == 41  # numbered like the whole export


def test_example_runs_on_a_local_cluster(tmp_path: Path, root: Path):
    """examples/dask_audit.py on a LocalCluster of 2 worker processes, vs `replylint audit`."""
    pytest.importorskip("distributed")
    dataset, js = tmp_path / "tickets", tmp_path / "summary.json"
    done = subprocess.run([sys.executable, str(root / "examples" / "dask_audit.py"),
                           "--dataset", str(dataset), "--rows", "240", "--partitions", "4",
                           "--workers", "2", "--json", str(js), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "on 2 workers" in done.stderr
    assert len(list(dataset.glob("*.parquet"))) == 4
    result = json.loads(js.read_text(encoding="utf-8"))
    summary = result["summary"]
    assert summary["rows"] == 240 and summary["audited"] == 240
    cli_json = tmp_path / "cli.json"
    r = audit(str(dataset), "-o", str(tmp_path / "o.jsonl"), "-j", "1",
              "--summary-json", str(cli_json))
    assert r.exit_code == 0, r.output
    assert json.loads(cli_json.read_text(encoding="utf-8"))["summary"] == summary
