"""`replylint check`: lint files, folders or stdin and report."""

from __future__ import annotations

import sys

import click

from ..cli_help import EXIT_CODES_HELP
from ..reporters import FORMATS
from ..results import FAIL_LEVELS
from .common import builtin_option, fail, ignore_option, rules_option, select_option


@click.command("check", epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; json: the versioned contract; line: one finding per "
                   "line; sarif: SARIF 2.1.0; github: workflow annotations.")
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
def command(paths, fmt, select, ignore, rule_paths, no_builtin, fail_on, include, exclude,
            stdin_filename, config_path, jobs, color):
    """Check reply drafts: files, folders, or stdin (`-` or piped input).

    \b
    Examples:
      replylint check draft.txt
      replylint check templates/ --exclude 'drafts/*'
      echo "Денежные средства вернём." | replylint check --format json -
    """
    from ..errors import YamlError
    from ..project import CliOptions, Project
    from ..reporters import get_reporter
    from ..runner import check_paths, check_stdin
    from ..selection import SelectionError

    use_stdin = list(paths) == ["-"] or (not paths and not sys.stdin.isatty())
    if not paths and not use_stdin:
        fail("nothing to check: give files or folders, or pipe text to stdin "
             "(see `replylint check --help`)")
    if "-" in paths and not use_stdin:
        fail("`-` (stdin) cannot be mixed with paths")
    try:
        project = Project(CliOptions(tuple(select), tuple(ignore), tuple(rule_paths), no_builtin,
                                     tuple(exclude), config_path))
        if use_stdin:
            result = check_stdin(project, sys.stdin.buffer.read(), stdin_filename or "<stdin>")
        else:
            result = check_paths(project, paths, list(include), list(exclude), jobs)
    except (YamlError, SelectionError) as e:  # the command line, --config or a rule pack
        fail(str(e))
    get_reporter(fmt, color)(result, sys.stdout)
    sys.stdout.flush()
    sys.exit(result.exit_code(fail_on))
