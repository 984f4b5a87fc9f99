"""Broken and hostile rule packs: rejected with file:line:col, never slow, never code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.engine import matcher
from replylint.engine.kinds import _overlaps, live_matches
from replylint.engine.loader import load_pack_file, load_rules
from replylint.engine.matcher import Match, PatternIndex
from replylint.engine.pattern import MAX_ELEMENTS, MAX_GAP, compile_pattern
from replylint.errors import YamlError
from replylint.text.document import Sentence, analyze_text

from .hostile_helpers import PACK, write_pack

PATTERN_LINE = 10  # line of `patterns:` of the first rule in PACK
PATTERN_COL = 16  # column of its first item


def with_pattern(pattern: str) -> str:
    return PACK.replace('patterns: ["денежный средство"]', f"patterns: [{json.dumps(pattern)}]",
                        1)


def error_of(tmp_path: Path, text: str) -> YamlError:
    with pytest.raises(YamlError) as e:
        load_pack_file(write_pack(tmp_path, text))
    return e.value


# ---- patterns that can never match ---------------------------------------------------

@pytest.mark.parametrize("pattern, words", [
    ("долг@VERB", "no form of «долг» has a parse with VERB"),
    ("простить@NOUN,impr", "no form of «простить»"),
    ("@NOUN,past", "no word has a parse with NOUN, past"),
    ("=т.е.", "split into the tokens «т» «.» «е» «.»"),
    ("вернуть =we've", "split into the tokens «we» «'» «ve»"),
    ("»,", "split into the tokens «»» «,»"),
    ("abcабв", "«abc» «абв»"),
    ("деньги-", "«деньги» «-»"),
    ("нет долг@INFN|=a.b", "can never match"),  # every alternative is dead
])
def test_patterns_that_can_never_match_are_rejected(tmp_path, pattern, words):
    err = error_of(tmp_path, with_pattern(pattern))
    assert (err.line, err.col) == (PATTERN_LINE, PATTERN_COL)
    assert "can never match" in str(err) and words in str(err)


def test_a_dead_alternative_beside_live_ones_is_left_out():
    p = compile_pattern("вернуть@PRTS|возвратить@PRTS деньги")
    assert len(p.elements[0].alts) == 1  # «вернуть» has no passive participle
    index = PatternIndex()
    index.add("x", p)
    assert index.scan(analyze_text("Деньги возвращены, деньги.")) == []
    assert len(index.scan(analyze_text("возвращены деньги"))) == 1


def test_valid_grammemes_still_compile():
    for ok in ("простить@impr", "долг аннулировать@PRTS", "@NOUN,!nomn", "ждать@!impr",
               "деньги@plur", "пол-литра", "?!", "=данная", "промокодище@NOUN"):
        compile_pattern(ok)


def test_patterns_are_cleaned_like_the_text():
    # a stress mark, a soft hyphen and a Latin «o» copied into a pattern
    index = PatternIndex()
    index.add("a", compile_pattern("изви\u0301нить@impr"))
    index.add("b", compile_pattern("де\u00adнежный срeдствo"))
    doc = analyze_text("Извините: денежные средства вернём.")
    assert [(m.owner, m.first, m.last) for m in index.scan(doc)] == [("a", 0, 1), ("b", 2, 4)]


def test_too_many_elements_are_rejected_with_the_place(tmp_path):
    longest = " ".join(["нет"] * MAX_ELEMENTS)
    compile_pattern(longest)
    err = error_of(tmp_path, with_pattern(longest + " нет"))
    assert (err.line, err.col) == (PATTERN_LINE, PATTERN_COL)
    assert f"at most {MAX_ELEMENTS}" in str(err) and "split it" in str(err)


# ---- broken packs ---------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, col, words", [
    ('patterns: ["денежный средство"]', "patterns: []", 10, 15, "`patterns` is empty"),
    ('patterns: ["денежный средство"]', 'patterns: ["   "]', 10, 16, "empty pattern"),
    ('patterns: ["денежный средство"]', "patterns: [5]", 10, 16, "must be a string"),
    ('patterns: ["денежный средство"]', "patterns: [{match: 5}]", 10, 16, "needs `match:"),
    ('patterns: ["денежный средство"]', "patterns: [{match: a, to: b}]", 10, 27,
     "unknown key `to`"),
    ("doc: {what: a, why: b, fix: c}", "doc: text", 9, 10, "must be a mapping, not a string"),
    ("severity: warning", "severity: [warning]", 7, 15, "must be a string, not a list"),
    ("id: TH101", "id:", 3, 8, "must be a string, not empty"),
    ("category: jargon", "category: spam", 6, 15, "unknown category `spam`; use one of"),
    ("    kind: forbid\n", "    kind: forbid\n    kind: require\n", 6, 5, "duplicate key `kind`"),
    ("    kind: forbid\n", "    kind: forbid\n    when: always\n", 6, 5, "unknown key `when`"),
    ("  - id: TH101", "\t- id: TH101", 3, 1, "invalid YAML"),
    ('message: "«{match}» — канцелярит."', "message: [unclosed", 9, 8, "invalid YAML"),
])
def test_broken_packs_name_file_line_col_and_what_to_do(tmp_path, old, new, line, col, words):
    assert old in PACK
    err = error_of(tmp_path, PACK.replace(old, new, 1))
    assert str(err).startswith(f"{tmp_path / 'pack.yml'}:{line}:{col}: "), str(err)
    assert words in str(err)


@pytest.mark.parametrize("text, words", [
    ("", "must be a mapping"),
    ("# only a comment\n", "must be a mapping"),
    ("- a\n- b\n", "must be a mapping"),
    ("pack: p\nrules: 5\n", "`rules` must be a list, not a number"),
    ("pack: p\nrules:\n", "`rules` must be a list, not empty"),
    ("pack: p\nrules: [5]\n", "each rule must be a mapping"),
    ("pack: !!python/object/apply:os.system ['touch pwned']\nrules: []\n", "invalid YAML"),
    ("pack: !!python/name:os.system\nrules: []\n", "invalid YAML"),
    ("pack: p\nrules: []\n? [a, b]\n: c\n", "a key must be a plain value"),
])
def test_packs_that_are_not_packs(tmp_path, text, words):
    err = error_of(tmp_path, text)
    assert str(err).startswith(f"{tmp_path / 'pack.yml'}:"), str(err)
    assert words in str(err)
    assert not (tmp_path / "pwned").exists()


def test_a_pack_that_is_not_utf8_names_the_byte(tmp_path):
    p = tmp_path / "pack.yml"
    p.write_bytes(PACK.replace("канцелярит", "caf\xe9").encode("latin-1", "replace"))
    with pytest.raises(YamlError) as e:
        load_pack_file(p)
    assert (e.value.line, e.value.col) == (8, 15)  # the «, 0xab in latin-1
    assert "not UTF-8 (byte 0xab): save the rule pack as UTF-8" in str(e.value)


def test_a_pack_with_a_bom_loads(tmp_path):
    p = tmp_path / "pack.yml"
    p.write_bytes(b"\xef\xbb\xbf" + PACK.encode())
    assert [r.id for r in load_pack_file(p)] == ["TH101", "TH201"]


def test_yaml_alias_bombs_are_cheap(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    err = error_of(tmp_path, "\n".join(lines) + "\npack: p\nrules: *a8\n")
    assert "unknown key `a0`" in str(err)
    err = error_of(tmp_path, "description: &d x\npack: p\nrules: [*d]\n")
    assert "each rule must be a mapping" in str(err)


def test_duplicate_ids_across_packs_name_both_places(tmp_path):
    a = write_pack(tmp_path, PACK, "a.yml")
    b = write_pack(tmp_path, PACK.replace("test-hostile", "other").replace(
        "test-no-money-jargon", "test-other-name").replace("test-require-sorry",
                                                          "test-other-sorry"), "b.yml")
    with pytest.raises(YamlError) as e:
        load_rules([a, b], include_shipped=False)
    assert str(e.value).startswith(f"{b}:3:")
    assert f"already defined at {a}:3" in str(e.value)


def test_an_empty_rules_folder_is_an_error(tmp_path):
    (tmp_path / "packs").mkdir()
    with pytest.raises(YamlError, match="no rule packs"):
        load_rules([tmp_path / "packs"], include_shipped=False)


def test_a_device_or_fifo_as_a_pack_is_refused_unread(tmp_path):
    if Path("/dev/zero").exists():
        with pytest.raises(YamlError, match="not a file or folder of rule packs"):
            load_rules([Path("/dev/zero")], include_shipped=False)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.yml")
        with pytest.raises(YamlError, match="not a file or folder"):
            load_rules([tmp_path / "fifo.yml"], include_shipped=False)


def test_broken_packs_through_the_real_cli(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Простите.", encoding="utf-8")
    bad = write_pack(tmp_path, with_pattern("долг@VERB"), "bad.yml")
    proc = subprocess.run([sys.executable, "-m", "replylint.cli", "check", "--no-builtin",
                           "--rules", str(bad), str(draft)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"replylint: error: {bad}:{PATTERN_LINE}:{PATTERN_COL}: ")
    assert "Traceback" not in proc.stderr


# ---- no pattern takes super-linear time ------------------------------------------------

@contextmanager
def counting_element_tests(limit: int):
    """Count element tests; stop at once past `limit` (an exponential matcher would hang)."""
    seen = [0]
    real = matcher.element_matches

    def counted(el, tok):
        seen[0] += 1
        if seen[0] > limit:
            raise AssertionError(f"more than {limit} element tests: not linear")
        return real(el, tok)

    with mock.patch.object(matcher, "element_matches", counted):
        yield seen


def one_sentence(text: str):
    """The text analysed as one sentence: analyze_text cuts text over 10 000 characters
    into blocks, but the matcher must be linear even without that."""
    doc = analyze_text(text)
    for t in doc.tokens:
        t.sentence = 0
    doc.sentences = [Sentence(0, len(doc.tokens), 0, len(doc.norm.text))]
    return doc


def pathological() -> str:
    """`да *12 да? *12 да? … нет`: as many optional elements and gaps as allowed, and a
    last element that never comes, so every way of skipping is tried."""
    pairs = (MAX_ELEMENTS - 2) // 2
    return "да " + " ".join([f"*{MAX_GAP} да?"] * pairs) + " нет"


def test_the_worst_pattern_the_schema_allows_is_linear_on_100k_tokens(tmp_path):
    source = pathological()
    assert len(compile_pattern(source).elements) <= MAX_ELEMENTS
    load_pack_file(write_pack(tmp_path, with_pattern(source)))  # the schema accepts it
    n = 100_000
    # «нет» first: the sentence has every word the pattern needs (so it is not skipped
    # outright), but never after a «да».
    doc = one_sentence("нет " + "да " * n)
    assert len(doc.tokens) == n + 1
    index = PatternIndex()
    index.add("x", compile_pattern(source))
    # Without memoised failures this is about 26**7 tries per token.
    with counting_element_tests(limit=(MAX_ELEMENTS + 1) * n) as seen:
        assert index.scan(doc) == []
    assert seen[0] >= n  # it did look at every token


def test_optional_chains_are_linear_too():
    source = " ".join(["да"] + ["да?"] * (MAX_ELEMENTS - 2) + ["нет"])  # anchored at «да»
    n = 20_000
    doc = one_sentence("нет " + "да " * n)
    index = PatternIndex()
    index.add("x", compile_pattern(source))
    with counting_element_tests(limit=(MAX_ELEMENTS + 1) * n) as seen:
        assert index.scan(doc) == []
    assert seen[0] >= n


class _NoMemo(set):
    """A set that remembers nothing: the matcher without its memo, as an oracle."""

    def add(self, item) -> None:
        pass


_WORDS = ["да", "нет", "долг", "долга", "вернуть", "вернули", ",", "мы", "»"]
_ELEMS = ["да", "нет", "долг", "вернуть", ",", "=мы", "да|нет", "@NOUN", "@VERB", "да?",
          "долг?", "нет?"]


@st.composite
def _patterns(draw) -> str:
    n = draw(st.integers(1, 6))
    out: list[str] = []
    for i in range(n):
        if out and i < n - 1 and draw(st.booleans()):
            out.append(f"*{draw(st.integers(1, 3))}")
        out.append(draw(st.sampled_from(_ELEMS)))
    if all(e.endswith("?") for e in out if not e.startswith("*")):
        out.append("да")
    if out[-1].startswith("*"):
        out.append("нет")
    return " ".join(out)


@settings(max_examples=int(os.environ.get("REPLYLINT_PROPERTY_EXAMPLES", "150")), deadline=None)
@given(st.lists(_patterns(), min_size=1, max_size=4),
       st.lists(st.sampled_from(_WORDS), max_size=25))
def test_memoised_matching_finds_exactly_what_backtracking_finds(patterns, words):
    doc = analyze_text(" ".join(words))
    index = PatternIndex()
    for i, p in enumerate(patterns):
        index.add(i, compile_pattern(p))

    def key(ms):
        return [(m.owner, m.first, m.last, m.pairs) for m in ms]

    fast = key(index.scan(doc))
    real_walk = matcher._walk

    def unmemoised_walk(*args):
        args = list(args)
        args[8] = _NoMemo()  # the `failed` set: remembers nothing
        return real_walk(*args)

    with mock.patch.object(matcher, "_walk", unmemoised_walk):
        slow = key(index.scan(doc))
    assert fast == slow


def _m(first: int, last: int) -> Match:
    return Match(None, None, first, last, ())  # type: ignore[arg-type]


_SPANS = st.tuples(st.integers(0, 30), st.integers(1, 6)).map(lambda t: _m(t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPANS, max_size=12), st.lists(_SPANS, max_size=12))
def test_exception_overlap_equals_the_pairwise_check(matches, exceptions):
    expected = [m for m in matches if not any(_overlaps(m, x) for x in exceptions)]
    assert live_matches(matches, exceptions) == expected


def test_many_matches_and_exceptions_are_not_quadratic():
    n = 200_000
    matches = [_m(i, i + 1) for i in range(n)]
    exceptions = [_m(i, i + 1) for i in range(0, n, 2)]
    assert len(live_matches(matches, exceptions)) == n // 2


def test_yaml_is_parsed_safely():
    src = Path(__file__).resolve().parent.parent / "src" / "replylint" / "yamlmarks.py"
    code = src.read_text(encoding="utf-8")
    assert "SafeLoader" in code and "yaml.load(" not in code and "FullLoader" not in code
    assert "UnsafeLoader" not in textwrap.dedent(code)


# ---- a config's own regular expressions run in linear time -----------------------------

CATASTROPHIC = ["(a+)+$", "(a|aa)*c", "(\\w+\\s?)*!x"]


def test_catastrophic_placeholder_regexes_in_a_config_run_in_linear_time(tmp_path):
    import re

    from replylint.text.regions import compile_placeholders, placeholder_spans

    text = "a" * 100_000 + "!"
    matcher = compile_placeholders(extra=CATASTROPHIC)
    assert placeholder_spans(text, matcher) == []  # Python's re would take forever here
    assert placeholder_spans("x {{ y }} aac z", compile_placeholders(extra=["(a|aa)*c"])) == [
        (2, 9), (10, 13)]
    with pytest.raises(ValueError, match="no backreferences or lookarounds"):
        compile_placeholders(extra=["(a)\\1"])
    assert re.compile("(a+)+$")  # (the same regex is fine for Python: only its run is slow)
    # and through the real CLI, with the config next to the draft
    (tmp_path / ".replylint.yaml").write_text(
        "extra_placeholders: " + json.dumps(CATASTROPHIC) + "\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Простите. " + text + " Денежные средства вернём.", encoding="utf-8")
    pack = write_pack(tmp_path, PACK, "pack.yml")
    proc = subprocess.run([sys.executable, "-m", "replylint.cli", "check", "--no-builtin",
                           "--rules", str(pack), "--format", "json", str(draft)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]] == ["TH101"]


def test_a_regex_re2_cannot_run_is_a_config_error_with_its_place(tmp_path):
    (tmp_path / ".replylint.yaml").write_text("select: [TH101]\nextra_placeholders: ['(?=x)y']\n",
                                              encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Денежные средства вернём.", encoding="utf-8")
    pack = write_pack(tmp_path, PACK, "pack.yml")
    proc = subprocess.run([sys.executable, "-m", "replylint.cli", "check", "--no-builtin",
                           "--rules", str(pack), str(draft)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.startswith(".replylint.yaml:2:1: error: bad regular expression "
                                  "`(?=x)y`: invalid perl operator"), proc.stdout
    assert "lookarounds" in proc.stdout
    assert "re2.cc" not in proc.stderr  # RE2's own logging is off
