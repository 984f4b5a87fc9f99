"""`replylint rules`: list the rules."""

from __future__ import annotations

import json

import click

from .common import build_linter, builtin_option, rules_option


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--category", default=None, help="Only rules of this category.")
@rules_option
@builtin_option
def command(fmt, category, rule_paths, no_builtin):
    """List every rule: id, name, category, severity, summary."""
    linter = build_linter((), (), rule_paths, no_builtin)
    rules = [r for r in linter.ruleset if category in (None, r.category)]
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "kind": r.kind,
                                "category": r.category, "severity": r.severity,
                                "status": r.status, "pack": r.pack, "summary": r.summary}
                               for r in rules], ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.id}  {r.name:34} {r.category:16} {r.severity:8} {r.summary}")
