"""`replylint check`: lint files, folders or stdin and report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli_help import EXIT_CODES_HELP
from ..reporters import FORMATS
from ..results import FAIL_LEVELS
from .common import (
    builtin_option,
    fail,
    ignore_option,
    read_complaint,
    rules_option,
    score_config,
    select_option,
)


@click.command("check", epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; json: the versioned contract; line: one finding per "
                   "line; jsonl: one object per input line or file; sarif: SARIF 2.1.0; "
                   "github: workflow annotations.")
@select_option
@ignore_option
@rules_option
@builtin_option
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="warning",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Files to check inside folders (default: the config's include, else "
                   "*.txt, *.md, *.markdown, *.yaml, *.yml, *.json).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Files or folders to skip.")
@click.option("--stdin-filename", metavar="NAME", default=None,
              help="Path to show for text read from stdin; its extension picks the format "
                   "(.md, .yaml, .json) and its folder the config.")
@click.option("--config", "config_path", metavar="PATH", type=click.Path(dir_okay=False),
              help="Use this config file (.replylint.yaml or pyproject.toml) for every file "
                   "instead of the nearest one.")
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
            stdin_filename, config_path, jobs, color, complaint_path, input_format, with_score,
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
    from ..errors import YamlError
    from ..project import CliOptions, Project
    from ..reporters import get_reporter
    from ..runner import MAX_BYTES, check_paths, check_stdin
    from ..selection import SelectionError

    complaint = read_complaint(complaint_path) if complaint_path else None
    scoring = score_config(score_weights) if with_score or score_weights else None
    if fix and diff:
        fail("--fix and --diff cannot be combined: --diff shows what --fix would write")
    use_stdin = list(paths) == ["-"] or (not paths and not sys.stdin.isatty())
    if not paths and not use_stdin:
        fail("nothing to check: give files or folders, or pipe text to stdin "
             "(see `replylint check --help`)")
    if "-" in paths and not use_stdin:
        fail("`-` (stdin) cannot be mixed with paths")
    if input_format == "jsonl" and (fix or diff):
        fail("--fix and --diff work on files and stdin text, not on JSONL input")
    try:
        project = Project(CliOptions(tuple(select), tuple(ignore), tuple(rule_paths), no_builtin,
                                     tuple(exclude), config_path, complaint))
        if input_format == "jsonl":
            from ..jsonl import check_jsonl

            sources = ["-"] if use_stdin else list(paths)
            stdin = sys.stdin.buffer.read() if use_stdin else None
            linter = project.linter_for(Path(stdin_filename or sources[0]))
            result = check_jsonl(linter, sources, stdin)
        elif use_stdin:
            # Bounded: `yes | replylint check -` must not eat all memory.
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            result = check_stdin(project, data, stdin_filename or "<stdin>")
        else:
            result = check_paths(project, paths, list(include), list(exclude), jobs)
        if fix or diff:
            from .. import fix as fixing

            if diff:
                sys.exit(fixing.print_diffs(result, sys.stdout, sys.stderr))
            if use_stdin:
                sys.exit(fixing.fix_stdin(result, project, fail_on, sys.stdout, sys.stderr))
            result = fixing.fix_files(result, project, sys.stderr)
        if scoring is not None:
            from ..score import attach_scores

            anchor = Path(stdin_filename or (paths[0] if paths and paths[0] != "-" else "."))
            attach_scores(result, project.linter_for(anchor), scoring, complaint is not None)
    except (YamlError, SelectionError) as e:  # the command line, --config or a rule pack
        fail(str(e))
    get_reporter(fmt, color)(result, sys.stdout)
    sys.stdout.flush()
    sys.exit(result.exit_code(fail_on))
