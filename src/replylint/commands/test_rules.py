"""`replylint test-rules`: run every rule's examples."""

from __future__ import annotations

import sys

import click

from .common import build_linter


@click.command("test-rules")
@click.argument("packs", nargs=-1, type=click.Path())
def command(packs):
    """Run the good/bad examples of every rule (or of the PACKS given); exit 1 on a failure."""
    from ..testrules import check_rules

    linter = build_linter((), (), packs, no_builtin=bool(packs))
    failures = check_rules(list(linter.ruleset))
    for f in failures:
        click.echo(f.describe(), err=True)
    n = len(linter.ruleset)
    if failures:
        click.echo(f"{len(failures)} example(s) failed in {n} rules", err=True)
        sys.exit(1)
    click.echo(f"all examples of {n} rules behave")
