"""docs/rules.md is generated from the packs and must stay in sync."""

from replylint.api import all_rules as load_rules
from replylint.docs import render_reference


def test_rules_reference_is_in_sync(root):
    expected = render_reference(load_rules())
    actual = (root / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "regenerate: python -m replylint.docs > docs/rules.md"


def test_every_rule_is_in_the_reference(root):
    text = (root / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in load_rules():
        assert f"## {rule.id} {rule.name}" in text
