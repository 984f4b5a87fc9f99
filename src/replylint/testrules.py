"""`replylint test-rules`: every rule's examples must behave as documented.

A bad example must trigger its rule (on exactly the [[marked]] spans when it
marks any); a good example must not; a substitute rule's specs must produce
the expected suggestion. Failures show the tokens with their lemmas and tags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .api import Linter
from .engine.rule import Example, Rule
from .text.document import analyze_text


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    kind: str  # false-negative | false-positive | wrong-span | wrong-suggestion
    text: str
    detail: str

    def describe(self) -> str:
        return (f"{self.rule.id} {self.rule.name} ({self.rule.source}): {self.kind}\n"
                f"  example: {self.text}\n  {self.detail}")


def _tokens(text: str) -> str:
    doc = analyze_text(text)
    parts = []
    for t in doc.tokens:
        if t.is_word:
            parses = "; ".join(f"{p.lemma} {p.tag}" for p in t.info.parses[:3])
            parts.append(f"    {t.text}: {parses}")
    return "\n".join(parts)


def check_rule(rule: Rule) -> list[ExampleFailure]:
    if rule.kind == "complaint":  # examples are (complaint, reply) pairs
        from .complaint import check_examples

        return [ExampleFailure(rule, kind, f"Жалоба: {c}\nОтвет: {r}", detail)
                for kind, c, r, detail in check_examples(rule)]
    linter = Linter([rule])
    failures: list[ExampleFailure] = []
    for ex in rule.bad:
        failures.extend(_check_bad(rule, linter, ex))
    for ex in rule.good:
        found = linter.lint(ex.text)
        if found:
            spans = [ex.text[f.start:f.end] for f in found]
            failures.append(ExampleFailure(rule, "false-positive", ex.text,
                                           f"flagged {spans}\n{_tokens(ex.text)}"))
    for spec in rule.specs:
        found = linter.lint(spec.source)
        got = [f.suggestion for f in found]
        if spec.expected not in got:
            failures.append(ExampleFailure(rule, "wrong-suggestion", spec.source,
                                           f"expected suggestion «{spec.expected}», got {got}"
                                           f"\n{_tokens(spec.source)}"))
    return failures


def _check_bad(rule: Rule, linter: Linter, ex: Example) -> list[ExampleFailure]:
    found = linter.lint(ex.text)
    if not found:
        return [ExampleFailure(rule, "false-negative", ex.text,
                               f"not flagged\n{_tokens(ex.text)}")]
    if ex.spans and rule.kind != "require":
        got = sorted((f.start, f.end) for f in found)
        if got != sorted(ex.spans):
            want = [ex.text[s:e] for s, e in ex.spans]
            have = [ex.text[s:e] for s, e in got]
            return [ExampleFailure(rule, "wrong-span", ex.text,
                                   f"expected {want}, flagged {have}\n{_tokens(ex.text)}")]
    return []


def check_rules(rules: Sequence[Rule]) -> list[ExampleFailure]:
    out: list[ExampleFailure] = []
    for r in rules:
        out.extend(check_rule(r))
    return out
