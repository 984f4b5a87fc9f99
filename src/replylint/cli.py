"""Command line entry point: the `replylint` group. Each command lives in commands/."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .cli_help import EXIT_CODES_HELP
from .results import EXIT_ERROR


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
            if os.environ.get("REPLYLINT_DEBUG"):
                raise
            click.echo(f"replylint: internal error: {type(e).__name__}: {e}\n"
                       "This is a bug in replylint; please report it with the input that "
                       "caused it (set REPLYLINT_DEBUG=1 for a traceback).", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="replylint")
def main() -> None:
    """Lint replies to customer complaints before they are sent.

    Flags non-apologies, bureaucratese, blame, vague promises, review pressure,
    empty cliches, and replies with no thanks, remedy or prevention.
    """


def _register() -> None:
    from .commands import audit, check, explain, mcp, rules, test_rules

    for module in (check, rules, explain, test_rules, mcp, audit):
        main.add_command(module.command)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
