"""End to end on real template repositories (../shared/realworld/templates, read-only:
copied into tmp_path). Formats, robustness and false positives, not accuracy."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import shared_path
from .minipack import run

# Markup and template syntax as it appears in these files (JSON keeps its \" escapes).
MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|%\{[\w.\-]+\}|\{[A-Za-z_][\w.\-]*\}"
                    r"|<!--.*?-->|</?[A-Za-z][^<>]*>|&[A-Za-z]+;", re.S)
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    src = shared_path("realworld", "templates")
    dst = tmp_path_factory.mktemp("realworld") / "templates"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("SOURCES.md"))
    for p in dst.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return dst


@pytest.fixture(scope="module")
def report(templates) -> tuple[int, dict, str]:
    # RL201 is the one stable shipped rule; the rest of the packs are being rewritten.
    r = run("check", "--format", "json", "--select", "RL201", str(templates))
    return r.exit_code, json.loads(r.stdout), r.output


def _by_name(data: dict) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in data["files"]}


def test_every_file_is_checked_without_a_traceback_and_premade_is_a_clear_error(report):
    code, data, output = report
    assert "Traceback" not in output and "internal error" not in output
    assert code == 2  # premade.yaml is broken YAML as shipped
    files = _by_name(data)
    assert len(files) == 39
    premade = files["include__i18n__ru__templates__premade.yaml"]
    assert premade["error"]["code"] == "parse"
    assert (premade["error"]["line"], premade["error"]["column"]) == (21, 2)
    assert "invalid YAML" in premade["error"]["message"]
    assert [n for n, f in files.items() if f.get("error")] == [
        "include__i18n__ru__templates__premade.yaml"]


def test_text_report_names_the_broken_file_with_line_and_column(templates):
    r = run("check", "--no-color", "--select", "RL201", str(templates))
    assert r.exit_code == 2
    assert re.search(r"premade\.yaml:21:2: error: invalid YAML: while scanning a directive",
                     r.output)


def test_positions_point_into_the_original_files_and_never_at_markup(report, templates):
    _, data, _ = report
    n = 0
    for f in data["files"]:
        if not f["findings"]:
            continue
        text = Path(f["path"]).read_text(encoding="utf-8")
        lines = text.split("\n")
        markup = [m.span() for m in MARKUP.finditer(text)]
        for x in f["findings"]:
            n += 1
            a, b = x["offset"], x["end_offset"]
            # line/column and offsets agree, in the original file
            assert sum(len(ln) + 1 for ln in lines[:x["line"] - 1]) + x["column"] - 1 == a
            span = text[a:b]
            if "Telegram" not in f["path"]:  # its operator alerts open in English
                assert CYRILLIC.search(span), (f["path"], span)  # a Russian reply, not en/de/…
            for s, e in markup:
                assert not s <= a < e and not s < b <= e, (f["path"], span, text[s:e])
    assert n >= 60


def test_only_reply_strings_are_linted(report, templates):
    _, data, _ = report
    files = _by_name(data)
    # osTicket: only `body` (not notes or subject), so exactly one finding per template.
    reply = files["include__i18n__ru__templates__email__ticket.reply.yaml"]
    (x,) = reply["findings"]
    text = (templates / "venenux__simpleticket" /
            "include__i18n__ru__templates__email__ticket.reply.yaml").read_text("utf-8")
    assert x["line"] > text.split("\n").index("body: |") + 1
    # django-helpdesk: 160 records in 10 languages; only the 16 Russian ones (plain + html).
    helpdesk = files["src__helpdesk__fixtures__emailtemplate.json"]
    assert len(helpdesk["findings"]) == 32


def test_real_apology_behind_zero_width_spaces_is_found(report):
    _, data, _ = report
    files = _by_name(data)
    assert files["mails__ru__outofstock.txt"]["findings"] == []  # «примите наши извинения»
    assert [x["rule"] for x in files["mails__ru__order_canceled.txt"]["findings"]] == ["RL201"]


@pytest.mark.parametrize("fmt", ["text", "line", "sarif", "github"])
def test_every_format_handles_the_real_files(templates, fmt):
    r = run("check", "--format", fmt, "--select", "RL201", str(templates))
    assert r.exit_code == 2
    assert "Traceback" not in r.output and r.stdout.strip()
