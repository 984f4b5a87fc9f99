"""The Python API for agents: thread safe, and each rule set is compiled once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import replylint
import replylint.api as api

from .minipack import write_pack

TEXTS = [
    "Здравствуйте! Денежные средства вернём в ближайшее время.",
    "Простите нас: мы ошиблись. Вернём деньги до пятницы.",
    "Вы сами виноваты, денежные средства не вернём.",
    "Спасибо, что написали! Простите за задержку.",
]


def _key(findings) -> list[tuple]:
    return [(f.rule, f.start, f.end, f.message, f.suggestion) for f in findings]


def test_lint_from_many_threads_gives_the_same_results_and_compiles_once(monkeypatch,
                                                                         tmp_path):
    pack = write_pack(tmp_path)
    calls: list[tuple] = []
    real = api.load_rules

    def counting(*a, **k):
        calls.append(a)
        return real(*a, **k)

    monkeypatch.setattr(api, "load_rules", counting)
    monkeypatch.setattr(api, "_default", None)
    monkeypatch.setattr(api, "_linters", {})
    expected = {t: _key(api.Linter.from_options(rule_paths=[pack]).lint(t)) for t in TEXTS}
    assert any(expected.values())  # the mini pack finds something to compare
    calls.clear()

    n = 16
    barrier = threading.Barrier(n)

    def work(i: int) -> list:
        barrier.wait()  # all threads hit the first (compiling) call at once
        out = []
        for k in range(25):
            text = TEXTS[(i + k) % len(TEXTS)]
            out.append((text, _key(replylint.lint(text, rules=[pack]))))
            replylint.lint(text)  # the default rule set, shared too
        return out

    with ThreadPoolExecutor(n) as pool:
        results = [r for chunk in pool.map(work, range(n)) for r in chunk]
    assert len(results) == n * 25
    for text, got in results:
        assert got == expected[text]
    assert len(calls) == 2  # one compile for the default set, one for the mini-pack set
    assert api.linter_for(rules=[pack]) is api.linter_for(rules=[pack])
