"""Every shipped rule's examples run as tests (the same check as `replylint test-rules`)."""

import pytest

from replylint.engine.loader import load_rules
from replylint.testrules import check_rule

RULES = load_rules()


def test_shipped_packs_have_rules():
    assert len(RULES) >= 9
    assert {r.category for r in RULES} >= {"apology", "jargon", "blame", "compensation",
                                           "thanks", "timeline", "review-pressure", "cliche",
                                           "prevention"}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_behave(rule):
    failures = check_rule(rule)
    assert not failures, "\n".join(f.describe() for f in failures)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_docs_and_examples(rule):
    assert all(rule.doc[k] for k in ("what", "why", "fix"))
    assert len(rule.bad) >= 2 and len(rule.good) >= 2


def test_ids_and_names_are_unique():
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))


def test_the_checker_catches_a_misbehaving_example(tmp_path):
    """test-rules must fail loudly: a rule whose good example is flagged."""
    pack = tmp_path / "p.yml"
    pack.write_text("""\
pack: broken
rules:
  - id: ZZ1
    name: broken-rule
    kind: forbid
    category: jargon
    severity: warning
    message: m
    doc: {what: a, why: b, fix: c}
    patterns: ["долг"]
    examples:
      bad: ["[[Долг]] есть.", "Нет [[долга]]."]
      good: ["Долг вернули.", "Всё хорошо."]
""", encoding="utf-8")
    (rule,) = load_rules([pack], include_shipped=False)
    failures = check_rule(rule)
    assert [f.kind for f in failures] == ["false-positive"]
    assert "долг" in failures[0].detail  # tokens with lemmas are printed
