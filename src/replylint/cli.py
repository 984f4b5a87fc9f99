"""Command line: `replylint check | rules | explain | test-rules`. Only wiring here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .results import EXIT_ERROR, FAIL_LEVELS

EXIT_CODES_HELP = """\b
Exit codes:
  0  no findings at or above --fail-on
  1  findings at or above --fail-on (default: warning)
  2  usage, rule-pack, config or input error (other files are still checked)"""

FORMATS = ("text", "json", "line")


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("replylint: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(EXIT_ERROR)
        except Exception as e:  # an internal error: short message, no traceback
            click.echo(f"replylint: internal error: {type(e).__name__}: {e}\n"
                       "This is a bug in replylint; please report it with the input that "
                       "caused it (set REPLYLINT_DEBUG=1 for a traceback).", err=True)
            import os

            if os.environ.get("REPLYLINT_DEBUG"):
                raise
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="replylint")
def main() -> None:
    """Lint replies to customer complaints before they are sent.

    Flags non-apologies, bureaucratese, blame, vague promises, review pressure,
    empty cliches, and replies with no thanks, remedy or prevention.
    """


def _fail(message: str) -> None:
    click.echo(f"replylint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _build_linter(select, ignore, rules, no_builtin=False):
    from .api import Linter
    from .engine.loader import PackSchemaError
    from .selection import SelectionError, split_csv
    from .yamlmarks import YamlError

    try:
        return Linter.from_options(split_csv(select), split_csv(ignore), list(rules),
                                   include_shipped=not no_builtin)
    except (PackSchemaError, YamlError, SelectionError) as e:
        _fail(str(e))


_select_opt = click.option("--select", multiple=True, metavar="RULES",
                           help="Only these rules: ids or id prefixes (RL2), names or "
                                "categories, comma-separated or repeated.")
_ignore_opt = click.option("--ignore", multiple=True, metavar="RULES",
                           help="Skip these rules (same forms as --select).")
_rules_opt = click.option("--rules", "rule_paths", multiple=True, metavar="PATH",
                          type=click.Path(), help="Add a rule pack file or a folder of packs.")
_builtin_opt = click.option("--no-builtin", is_flag=True,
                            help="Do not load the shipped packs (only --rules).")


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format: text for people, json (versioned contract), line (one "
                   "finding per line).")
@_select_opt
@_ignore_opt
@_rules_opt
@_builtin_opt
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="warning",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Files to check inside folders (default: *.txt, *.md).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Files or folders to skip.")
@click.option("--stdin-filename", metavar="NAME", default=None,
              help="Path to show for text read from stdin.")
@click.option("--color/--no-color", default=None,
              help="Force colour on or off (default: on a terminal, unless NO_COLOR is set).")
def check(paths, fmt, select, ignore, rule_paths, no_builtin, fail_on, include, exclude,
          stdin_filename, color):
    """Check reply drafts: files, folders, or stdin (`-` or piped input).

    \b
    Examples:
      replylint check draft.txt
      replylint check templates/ --exclude 'drafts/*'
      echo "Денежные средства вернём." | replylint check --format json -
    """
    from .files import DEFAULT_INCLUDE
    from .reporters import get_reporter
    from .results import RunResult
    from .runner import check_paths, lint_text

    linter = _build_linter(select, ignore, rule_paths, no_builtin)
    use_stdin = list(paths) == ["-"] or (not paths and not sys.stdin.isatty())
    if not paths and not use_stdin:
        _fail("nothing to check: give files or folders, or pipe text to stdin "
              "(see `replylint check --help`)")
    if use_stdin:
        data = sys.stdin.buffer.read()
        from .decode import DecodeProblem, decode_bytes

        name = stdin_filename or "<stdin>"
        try:
            text = decode_bytes(data)
        except DecodeProblem as e:
            from .results import FileResult

            result = RunResult([FileResult(name, error=(e.code, str(e)))])
        else:
            result = RunResult([lint_text(linter, text, name)])
    else:
        if "-" in paths:
            _fail("`-` (stdin) cannot be mixed with paths")
        result = check_paths(linter, paths, list(include) or list(DEFAULT_INCLUDE),
                             list(exclude))
    get_reporter(fmt, color)(result, sys.stdout)
    sys.stdout.flush()
    sys.exit(result.exit_code(fail_on))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--category", default=None, help="Only rules of this category.")
@_rules_opt
@_builtin_opt
def rules_cmd(fmt, category, rule_paths, no_builtin):
    """List every rule: id, category, severity, summary."""
    linter = _build_linter((), (), rule_paths, no_builtin)
    rules = [r for r in linter.ruleset if category in (None, r.category)]
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "kind": r.kind,
                                "category": r.category, "severity": r.severity,
                                "status": r.status, "pack": r.pack, "summary": r.summary}
                               for r in rules], ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.id}  {r.name:34} {r.category:16} {r.severity:8} {r.summary}")


@main.command()
@click.argument("rule")
@_rules_opt
def explain(rule, rule_paths):
    """Print a rule's documentation and examples (by id or name)."""
    from .docs import render_rule

    linter = _build_linter((), (), rule_paths)
    found = linter.ruleset.by_id().get(rule) or linter.ruleset.by_id().get(rule.upper())
    if found is None:
        _fail(f"unknown rule `{rule}` (see `replylint rules`)")
    click.echo(render_rule(found))


@main.command("test-rules")
@click.argument("packs", nargs=-1, type=click.Path())
@click.option("--no-builtin", is_flag=True, help="Only test the packs given.")
def test_rules(packs, no_builtin):
    """Run every rule's good/bad examples; exit 1 if any misbehaves."""
    from .testrules import check_rules

    linter = _build_linter((), (), packs, no_builtin=no_builtin or bool(packs))
    failures = check_rules(list(linter.ruleset))
    for f in failures:
        click.echo(f.describe(), err=True)
    n = len(linter.ruleset)
    if failures:
        click.echo(f"{len(failures)} example(s) failed in {n} rules", err=True)
        sys.exit(1)
    click.echo(f"all examples of {n} rules behave")


if __name__ == "__main__":  # pragma: no cover
    main()
