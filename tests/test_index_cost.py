"""Adding rules adds no pass over the text: the index only tries patterns whose
anchor word occurs (counted, not timed)."""

from replylint.engine import matcher
from replylint.engine.pattern import compile_pattern
from replylint.engine.rule import PatternSlot, Rule
from replylint.engine.ruleset import RuleSet
from replylint.text.document import analyze_text

TEXT = ("Здравствуйте! Денежные средства вернём до пятницы, а данная ситуация больше не "
        "повторится: мы исправили ошибку в приложении. Спасибо, что написали.") * 20

RARE = ["аэростат", "бронепоезд", "гидрант", "дирижабль", "ехидна", "жираф", "зубр", "ирис",
        "йогурт", "кенгуру"]


def rule(i: int, source: str) -> Rule:
    return Rule(f"ZZ{i}", f"zz-{i}", "forbid", "jargon", "warning", "m",
                {"what": "a", "why": "b", "fix": "c"},
                (PatternSlot(compile_pattern(source)),))


def attempts(rules: list[Rule], monkeypatch) -> tuple[int, int]:
    calls = []
    real = matcher.match_around

    def counting(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(matcher, "match_around", counting)
    found = RuleSet(rules).run(analyze_text(TEXT))
    return len(calls), len(found)


def test_rules_whose_words_are_absent_cost_nothing(monkeypatch):
    base = [rule(0, "денежный средство")]
    few, found_few = attempts(base, monkeypatch)
    extra = [rule(i + 1, f"{RARE[i % 10]} *2 {RARE[(i + 3) % 10]}") for i in range(2000)]
    many, found_many = attempts(base + extra, monkeypatch)
    assert found_few == found_many == 20
    assert few == many == 20  # one attempt per occurrence of «денежные», however many rules


def test_a_common_word_is_not_the_anchor(monkeypatch):
    # «в ближайшее время» is looked up by «ближайший», not tried at every «в».
    n, found = attempts([rule(0, "в ближайший время")], monkeypatch)
    assert found == 0 and n == 0
