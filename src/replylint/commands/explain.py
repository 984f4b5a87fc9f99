"""`replylint explain RULE`: a rule's doc and examples."""

from __future__ import annotations

import click

from .common import build_linter, fail, rules_option


@click.command("explain")
@click.argument("rule")
@rules_option
def command(rule, rule_paths):
    """Print a rule's documentation and examples (by id or name)."""
    from ..docs import render_rule

    known = build_linter((), (), rule_paths).ruleset.by_id()
    found = known.get(rule) or known.get(rule.upper())
    if found is None:
        fail(f"unknown rule `{rule}` (see `replylint rules`)")
    click.echo(render_rule(found), nl=False)
