"""`replylint check`: lint files, folders or stdin and report."""

from __future__ import annotations

import sys

import click

from ..cli_help import EXIT_CODES_HELP
from ..results import FAIL_LEVELS
from .common import (
    build_linter,
    builtin_option,
    fail,
    ignore_option,
    read_complaint,
    rules_option,
    score_config,
    select_option,
)

FORMATS = ("text", "json", "line", "jsonl")


@click.command("check", epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; json: the versioned contract; line: one finding per line; "
                   "jsonl: one object per input line or file.")
@select_option
@ignore_option
@rules_option
@builtin_option
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="warning",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Files to check inside folders (default: *.txt, *.md, *.markdown).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Files or folders to skip.")
@click.option("--stdin-filename", metavar="NAME", default=None,
              help="Path to show for text read from stdin.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes to lint files in (0: one per core).")
@click.option("--color/--no-color", default=None,
              help="Colour on or off (default: on a terminal, unless NO_COLOR is set).")
@click.option("--complaint", "complaint_path", metavar="FILE", type=click.Path(),
              help="The customer's complaint: also check that the reply answers it (RL4xx).")
@click.option("--input-format", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True,
              help='jsonl: each line of FILE (or -) is {"id", "complaint", "reply"}.')
@click.option("--score", "with_score", is_flag=True,
              help="Add a 0-100 reply score with a per-category breakdown (docs/score.md).")
@click.option("--score-weights", metavar="FILE", type=click.Path(),
              help="YAML/TOML file with a `score:` section (weights, rates, caps); "
                   "implies --score.")
@click.option("--fix", is_flag=True,
              help="Apply the fixes of substitute findings to the files (atomically); "
                   "with stdin, print the fixed text.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
def command(paths, fmt, select, ignore, rule_paths, no_builtin, fail_on, include, exclude,
            stdin_filename, jobs, color, complaint_path, input_format, with_score,
            score_weights, fix, diff):
    """Check reply drafts: files, folders, or stdin (`-` or piped input).

    \b
    Examples:
      replylint check draft.txt
      replylint check templates/ --exclude 'drafts/*'
      echo "Денежные средства вернём." | replylint check --format json -
      replylint check --complaint complaint.txt --score draft.txt
      replylint check --input-format jsonl --format jsonl cases.jsonl
      replylint check --diff templates/
    """
    from ..files import DEFAULT_INCLUDE
    from ..reporters import get_reporter
    from ..runner import check_paths, check_stdin

    linter = build_linter(select, ignore, rule_paths, no_builtin)
    if complaint_path:
        linter = linter.with_complaint(read_complaint(complaint_path))
    scoring = score_config(score_weights) if with_score or score_weights else None
    if fix and diff:
        fail("--fix and --diff cannot be combined: --diff shows what --fix would write")
    use_stdin = list(paths) == ["-"] or (not paths and not sys.stdin.isatty())
    if not paths and not use_stdin:
        fail("nothing to check: give files or folders, or pipe text to stdin "
             "(see `replylint check --help`)")
    if input_format == "jsonl":
        if fix or diff:
            fail("--fix and --diff work on files and stdin text, not on JSONL input")
        from ..jsonl import check_jsonl

        stdin = sys.stdin.buffer.read() if use_stdin or "-" in paths else None
        result = check_jsonl(linter, ["-"] if use_stdin else list(paths), stdin)
    elif use_stdin:
        result = check_stdin(linter, sys.stdin.buffer.read(), stdin_filename or "<stdin>")
    else:
        if "-" in paths:
            fail("`-` (stdin) cannot be mixed with paths")
        result = check_paths(linter, paths, list(include) or list(DEFAULT_INCLUDE),
                             list(exclude), jobs)
    if fix or diff:
        from .. import fix as fixing

        if diff:
            sys.exit(fixing.print_diffs(result, sys.stdout, sys.stderr))
        if use_stdin:
            sys.exit(fixing.fix_stdin(result, linter, fail_on, sys.stdout, sys.stderr))
        result = fixing.fix_files(result, linter, sys.stderr)
    if scoring is not None:
        from ..score import attach_scores

        attach_scores(result, linter, scoring, linter.complaint is not None)
    get_reporter(fmt, color)(result, sys.stdout)
    sys.stdout.flush()
    sys.exit(result.exit_code(fail_on))
