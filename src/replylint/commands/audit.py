"""`replylint audit`: lint an export of past replies; findings as JSONL, a summary, a report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import build_linter, builtin_option, fail, ignore_option, rules_option, select_option

FORMATS = ("jsonl", "csv", "parquet")


def _field(role: str, default: str, what: str):
    return click.option(f"--{role}-field", f"{role}_field", default=default, show_default=True,
                        metavar="NAME[,NAME]",
                        help=f"Column with {what} (comma-separated: the first one present).")


EXIT_HELP = """\b
Exit codes:
  0    the audit is complete (bad rows are counted in the summary)
  2    the export, the output or an option cannot be used
  130  interrupted: rerun the same command to resume
"""


@click.command("audit", epilog=EXIT_HELP)
@click.argument("export", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Findings per reply, as JSONL (default: ./<export name>.audit.jsonl). "
                   "Rerunning with the same output resumes an interrupted audit.")
@click.option("--restart", is_flag=True, help="Start the output over instead of resuming.")
@click.option("--input-format", type=click.Choice(FORMATS), default=None,
              help="Format of the export (default: from its extension; a folder is Parquet).")
@_field("reply", "reply", "the reply text")
@_field("complaint", "complaint", "the customer's complaint")
@_field("agent", "agent", "the agent who replied")
@_field("team", "team", "the agent's team")
@_field("date", "date,created_at", "the reply's date")
@_field("id", "id", "the ticket id")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Text encoding of a JSONL or CSV export (e.g. cp1251).")
@click.option("--delimiter", default=None, metavar="CHAR",
              help="CSV delimiter (default: guessed from the header: , ; tab or |).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes to lint in (0: one per core).")
@click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True,
              help="Rows handed to a worker at a time.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), default=None,
              help="Also write the summary as a self-contained HTML report.")
@click.option("--summary-json", type=click.Path(path_type=Path), default=None,
              help="Also write the summary as JSON.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Rows of each ranked table (worst replies, rules, agents).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@select_option
@ignore_option
@rules_option
@builtin_option
def command(export, output, restart, input_format, reply_field, complaint_field, agent_field,
            team_field, date_field, id_field, encoding, delimiter, jobs, batch_size, html_path,
            summary_json, top, progress, select, ignore, rule_paths, no_builtin):
    """Audit an export of past replies (JSONL, CSV or Parquet): which rules fire, how
    often, for which agents and teams, month by month.

    Writes one JSON record per row to --output, then prints a summary computed from
    that file. An interrupted audit resumes where it stopped when rerun with the same
    output; rows that cannot be linted are counted and reported, never dropped.

    \b
    Examples:
      replylint audit tickets.jsonl --html report.html
      replylint audit export.csv --reply-field answer --agent-field operator -o audit.jsonl
      replylint audit dataset/ --jobs 8          # a folder of Parquet files
    """
    from rich.console import Console

    from ..audit.run import AuditOptions, OutputError, default_output, run_audit
    from ..audit.sources import ExportError, Fields
    from ..audit.summary import print_summary, summarize_output

    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            fail(f"--delimiter must be one character (or `tab`), not {delimiter!r}")
    linter = build_linter(select, ignore, rule_paths, no_builtin)
    output = output or default_output(export)
    fields = Fields.from_options(reply=reply_field, complaint=complaint_field,
                                 agent=agent_field, team=team_field, date=date_field,
                                 id=id_field)
    if export.exists() and output.exists() and output.resolve() == export.resolve():
        fail(f"{output}: the output cannot be the export itself")
    opts = AuditOptions(export, output, fields, input_format, encoding, delimiter, jobs,
                        batch_size, restart)
    written = [0]
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        result = run_audit(opts, linter, progress=progress,
                           on_batch=lambda n: written.__setitem__(0, n))
    except (ExportError, OutputError) as e:
        fail(str(e))
    except KeyboardInterrupt:
        click.echo(f"replylint: interrupted; {output} holds the first {written[0]:,} rows: "
                   "rerun the same command to resume", err=True)
        sys.exit(130)
    except Exception as e:
        from concurrent.futures.process import BrokenProcessPool

        if not isinstance(e, BrokenProcessPool):
            raise
        fail(f"a worker process died (out of memory?); {output} holds the first "
             f"{written[0]:,} rows: rerun the same command to resume")
    header, summary = summarize_output(output, top)
    rate = result.new_rows / result.seconds if result.seconds > 0 else 0.0
    resumed = f", resumed after row {result.resumed_from:,}" if result.resumed_from else ""
    err.print(f"replylint: audited {result.new_rows:,} rows in {result.seconds:.1f}s "
              f"({rate:,.0f} rows/s){resumed}; {summary['rows']:,} records in {output}",
              markup=False)
    print_summary(summary, header, Console(highlight=False), top, str(output))
    if summary_json is not None:
        import json

        from ..audit.run import write_atomic

        _write(summary_json, json.dumps({"export": header.get("export"), "summary": summary},
                                        ensure_ascii=False, indent=2) + "\n", write_atomic)
    if html_path is not None:
        from ..audit.html import render_html
        from ..audit.run import write_atomic

        _write(html_path, render_html(summary, header), write_atomic)
    if summary["bad_rows"]:
        first = summary["bad"]["rows"][:3]
        shown = "; ".join(f"row {b['row']}: {b['message']}" for b in first)
        click.echo(f"replylint: {summary['bad_rows']:,} bad rows were not linted "
                   f"(counted in the summary): {shown}"
                   + (" …" if summary["bad_rows"] > len(first) else ""), err=True)


def _write(path: Path, text: str, write_atomic) -> None:
    try:
        write_atomic(path, text)
    except OSError as e:
        fail(f"{path}: cannot write: {e.strerror or e}")
