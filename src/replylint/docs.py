"""Rule documentation rendered as Markdown: `replylint explain` and docs/rules.md."""

from __future__ import annotations

from collections.abc import Sequence

from .engine.rule import Example, Rule


def _example(ex: Example) -> str:
    text = ex.text
    for s, e in sorted(ex.spans, reverse=True):
        text = text[:s] + "**" + text[s:e] + "**" + text[e:]
    return text.replace("\n", " / ")


def render_rule(rule: Rule, level: int = 1) -> str:
    h = "#" * level
    lines = [
        f"{h} {rule.id} {rule.name}",
        "",
        f"Category: `{rule.category}` · severity: `{rule.severity}` · kind: `{rule.kind}` · "
        f"status: `{rule.status}` · pack: `{rule.pack}`",
        "",
        f"{h}# What it does", "", rule.doc["what"], "",
        f"{h}# Why it matters", "", rule.doc["why"], "",
        f"{h}# How to fix", "", rule.doc["fix"], "",
        f"{h}# Bad", "",
        *(f"- {_example(e)}" for e in rule.bad), "",
        f"{h}# Good", "",
        *(f"- {_example(e)}" for e in rule.good), "",
    ]
    if rule.specs:
        lines += [f"{h}# Suggestions", "", *(f"- {s.source} → {s.expected}" for s in rule.specs),
                  ""]
    return "\n".join(lines).rstrip() + "\n"


def render_reference(rules: Sequence[Rule]) -> str:
    head = [
        "# Rules reference",
        "",
        "Generated from the rule packs by `python -m replylint.docs > docs/rules.md`;",
        "a test keeps it in sync. Do not edit by hand.",
        "",
        "| id | name | category | severity | summary |",
        "|---|---|---|---|---|",
        *(f"| {r.id} | {r.name} | {r.category} | {r.severity} | {r.summary} |" for r in rules),
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(render_rule(r, level=2) for r in rules)


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .api import all_rules  # the packs' rules and the built-in complaint rules

    sys.stdout.write(render_reference(all_rules()))
