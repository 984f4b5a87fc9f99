"""`replylint mcp`: a real server subprocess driven by the MCP SDK's own stdio client.

Skips (saying why) without the `mcp` extra; .ci/run installs it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main

ROOT = Path(__file__).resolve().parent.parent
NO_EXTRA = "the mcp extra is not installed: pip install '.[test,mcp]'"

# A jargon rule of our own (the shipped jargon pack is being rewritten) next to the
# shipped RL201 require-apology, plus an info rule: info findings leave a draft clean.
PACK = """\
pack: test-mcp
rules:
  - id: TM101
    name: test-money-jargon
    kind: substitute
    category: jargon
    severity: warning
    message: "«{match}» — канцелярит, пишите «{suggestion}»."
    doc: {what: Plain words for money., why: Jargon reads as a brush-off., fix: Say деньги.}
    patterns: ["денежный средство"]
    replace: деньги
    examples:
      bad: ["Вернём [[денежные средства]].", "Без [[денежных средств]]."]
      good: ["Вернём деньги.", "Без денег."]
  - id: TM301
    name: test-vague-soon
    kind: forbid
    category: timeline
    severity: info
    message: "Назовите дату."
    doc: {what: a, why: b, fix: c}
    patterns: ["в ближайший время"]
    examples:
      bad: ["Вернём [[в ближайшее время]].", "Позвоним [[в ближайшее время]]."]
      good: ["Вернём до пятницы.", "Позвоним завтра."]
"""

BAD = "Здравствуйте! Денежные средства вернём на карту."
GOOD = "Здравствуйте! Простите, что списали деньги дважды. Вернём 500 ₽ в ближайшее время."
# The README's agent loop: BAD, then this revision.
REVISED = "Здравствуйте! Простите, что списали деньги дважды. Деньги вернём на карту до пятницы."


def _have_sdk() -> bool:
    try:
        return importlib.util.find_spec("mcp.server.mcpserver") is not None
    except ImportError:
        return False


needs_sdk = pytest.mark.skipif(not _have_sdk(), reason=NO_EXTRA)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    p = tmp_path / "pack.yml"
    p.write_text(PACK, encoding="utf-8")
    return p


def _server_command() -> list[str]:
    """`replylint mcp` as installed: the console script beside this Python, if any."""
    script = Path(sys.executable).with_name("replylint")
    if script.exists():
        return [str(script), "mcp"]
    return [sys.executable, "-m", "replylint.cli", "mcp"]


def _text(result) -> str:
    return " ".join(c.text for c in result.content if getattr(c, "type", "") == "text")


def _check_json(pack: Path, text: str) -> list[dict]:
    """The findings of `replylint check --format json` for the same text and packs."""
    res = CliRunner().invoke(main, ["check", "--format", "json", "--rules", str(pack),
                                    "--select", "RL201,TM", "-"], input=text)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)["files"][0]["findings"]


@needs_sdk
def test_stdio_session_lint_explain_errors(pack: Path) -> None:
    import anyio
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    cmd = _server_command()
    params = StdioServerParameters(command=cmd[0], args=[
        *cmd[1:], "--rules", str(pack), "--select", "RL201,RL401", "--select", "TM"])

    async def session_flow() -> None:
        with anyio.fail_after(120):
            async with stdio_client(params) as (read, write), \
                    ClientSession(read, write) as session:
                await session.initialize()

                tools = {t.name: t for t in (await session.list_tools()).tools}
                expected = {"lint_reply", "explain_rule", "list_rules"}
                if importlib.util.find_spec("replylint.fix") is None:
                    assert set(tools) == expected
                else:
                    assert expected <= set(tools)
                lint_tool = tools["lint_reply"]
                assert lint_tool.input_schema["required"] == ["text"]
                assert {"text", "complaint", "select", "ignore"} <= set(
                    lint_tool.input_schema["properties"])
                assert {"clean", "summary", "findings"} <= set(
                    lint_tool.output_schema["properties"])

                # A bad draft: bureaucratese and no apology.
                bad = await session.call_tool("lint_reply", {"text": BAD})
                assert not bad.is_error, _text(bad)
                out = bad.structured_content
                assert out["clean"] is False
                by_rule = {f["rule"]: f for f in out["findings"]}
                assert by_rule["TM101"]["category"] == "jargon"
                assert by_rule["TM101"]["suggestion"] == "Деньги"  # sentence-initial
                assert by_rule["RL201"]["missing"] is True
                assert out["summary"] == ("2 findings (1 error, 1 warning): no apology; "
                                          "jargon: «Денежные средства» → «Деньги»")
                assert out["by_severity"] == {"error": 1, "warning": 1, "info": 0}
                # Exactly the findings `check --format json` reports, same keys and values.
                assert out["findings"] == _check_json(pack, BAD)

                # A good draft: an info finding only, so clean.
                good = await session.call_tool("lint_reply", {"text": GOOD})
                assert not good.is_error, _text(good)
                out = good.structured_content
                assert out["clean"] is True
                assert [f["rule"] for f in out["findings"]] == ["TM301"]
                assert not [f for f in out["findings"] if f["severity"] != "info"]
                assert out["summary"].startswith("clean at warning level")

                revised = await session.call_tool("lint_reply", {"text": REVISED})
                assert revised.structured_content["clean"] is True
                assert revised.structured_content["findings"] == []

                # Narrowing per call; the complaint adds the complaint-aware checks.
                only = await session.call_tool("lint_reply", {
                    "text": BAD, "select": ["jargon"], "complaint": "Списали деньги дважды!"})
                assert [f["rule"] for f in only.structured_content["findings"]] == ["TM101"]
                timer = await session.call_tool("lint_reply", {
                    "text": REVISED, "complaint": "В приложении нет таймера аренды, "
                                                  "из-за этого я опоздал и заплатил штраф."})
                assert "RL401" in [f["rule"] for f in timer.structured_content["findings"]]
                skip = await session.call_tool("lint_reply", {"text": BAD,
                                                              "ignore": "RL201,timeline"})
                assert [f["rule"] for f in skip.structured_content["findings"]] == ["TM101"]

                doc = await session.call_tool("explain_rule", {"rule": "require-apology"})
                assert not doc.is_error, _text(doc)
                assert doc.structured_content["id"] == "RL201"
                assert doc.structured_content["bad"] and doc.structured_content["good"]
                assert doc.structured_content["markdown"].startswith("# RL201 require-apology")
                by_id = await session.call_tool("explain_rule", {"rule": "tm101"})
                assert not by_id.is_error, _text(by_id)
                assert by_id.structured_content["name"] == "test-money-jargon"

                listed = await session.call_tool("list_rules", {})
                assert {r["id"] for r in listed.structured_content["rules"]} == {
                    "RL201", "RL401", "TM101", "TM301"}
                jargon = await session.call_tool("list_rules", {"category": "jargon"})
                assert [r["id"] for r in jargon.structured_content["rules"]] == ["TM101"]

                # Bad calls: a tool error with a clear message; the server lives on.
                bad_calls = [
                    ("lint_reply", {"text": "   "}, "empty"),
                    ("lint_reply", {"text": "а" * 100_001}, "100 000"),
                    ("lint_reply", {}, "text"),
                    ("lint_reply", {"text": BAD, "select": ["RL999"]}, "RL999"),
                    ("explain_rule", {"rule": "RL2O1"}, "unknown rule `RL2O1`"),
                    ("list_rules", {"category": "rudeness"}, "unknown category"),
                ]
                for name, args, words in bad_calls:
                    res = await session.call_tool(name, args)
                    assert res.is_error, (name, args)
                    assert words in _text(res), _text(res)
                    again = await session.call_tool("lint_reply", {"text": BAD})
                    assert not again.is_error
                    assert {f["rule"] for f in again.structured_content["findings"]} == {
                        "RL201", "TM101"}

    anyio.run(session_flow)


@needs_sdk
def test_broken_pack_stops_the_server_before_it_starts(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("pack: x\nrules:\n  - id: TM1\n    nme: oops\n", encoding="utf-8")
    proc = subprocess.run([*_server_command(), "--rules", str(broken)], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 2
    assert "broken.yml" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""  # stdout belongs to the protocol


@needs_sdk
def test_unknown_selector_at_start_is_exit_2() -> None:
    res = CliRunner().invoke(main, ["mcp", "--select", "nosuch"])
    assert res.exit_code == 2
    assert "nosuch" in res.output


def test_missing_extra_says_how_to_install() -> None:
    # None in sys.modules makes `import mcp` fail as if the extra were absent; a
    # subprocess, so that this process keeps its own modules.
    code = ("import sys; sys.modules['mcp'] = None\n"
            "from replylint.cli import main; main(['mcp'])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert proc.returncode == 2
    assert "pip install 'replylint[mcp]'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_core_does_not_import_the_sdk() -> None:
    code = textwrap.dedent("""
        import sys
        import replylint, replylint.cli, replylint.api
        replylint.lint("Здравствуйте.")
        print(sorted(m for m in sys.modules if m == "mcp" or m.startswith("mcp.")))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_sdk_is_an_optional_extra_only(root: Path) -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in Python 3.11+")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.lower().startswith("mcp")]
    assert any(d.startswith("mcp") for d in project["optional-dependencies"]["mcp"])
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    extras = re.search(r"pip install '\.\[([^\]]*)\]'", ci)
    assert extras and "mcp" in extras.group(1).split(","), "CI must install the mcp extra"


# --- in process: the logic behind the tools, and the optional score and fix hooks ---


@needs_sdk
def test_finding_model_has_the_json_keys() -> None:
    from replylint.finding import Finding
    from replylint.mcp_server import FindingOut

    f = Finding("RL201", "require-apology", "apology", "error", "m", 1, 1, 1, 2, 0, 1)
    assert list(FindingOut.model_fields) == list(f.to_json())


@needs_sdk
def test_summary_names_what_to_change() -> None:
    from replylint.finding import Finding
    from replylint.mcp_server import summarize

    text = "Здравствуйте! Ваши денежные средства\nбудут возвращены."
    start = text.index("денежные")
    end = start + len("денежные средства")
    findings = [
        Finding("RL201", "require-apology", "apology", "error", "m", 1, 15, 1, 20, 14, 20,
                None, True),
        Finding("TM101", "no-money-jargon", "jargon", "warning", "m", 1, 20, 2, 9, start, end,
                "деньги"),
    ]
    assert summarize(findings, text) == ("2 findings (1 error, 1 warning): no apology; "
                                         "jargon: «денежные средства» → «деньги»")
    assert summarize([], text) == "clean: no findings"


def _tools(pack: Path):
    from replylint.api import Linter
    from replylint.engine.loader import load_rules
    from replylint.mcp_server import ReplyTools

    known = load_rules([pack])
    return ReplyTools(Linter([r for r in known if r.id in ("RL201", "TM101")]), known)


@needs_sdk
def test_explain_answers_for_a_loaded_rule_the_server_does_not_apply(pack: Path) -> None:
    tools = _tools(pack)
    assert tools.explain_rule("TM301").name == "test-vague-soon"
    assert "TM301" not in {r.id for r in tools.list_rules().rules}


@needs_sdk
def test_score_and_fix_reply(pack: Path) -> None:
    import anyio
    from mcp import Client

    from replylint.mcp_server import build_server

    server = build_server(_tools(pack))

    async def flow() -> None:
        async with Client(server) as client:
            assert "fix_reply" in {t.name for t in (await client.list_tools()).tools}
            bad = (await client.call_tool("lint_reply", {"text": BAD})).structured_content
            good = (await client.call_tool("lint_reply", {"text": GOOD})).structured_content
            assert 0 <= bad["score"]["value"] < good["score"]["value"] <= 100
            assert bad["score"]["capped_by"] == ["apology"]  # no apology caps the score
            fixed = (await client.call_tool("fix_reply", {"text": BAD})).structured_content
            assert fixed["changed"] is True
            assert "Денежные средства" not in fixed["text"]
            assert fixed["text"].startswith("Здравствуйте! Деньги")
            assert fixed["edits"]

    anyio.run(flow)
