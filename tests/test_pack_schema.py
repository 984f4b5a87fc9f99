"""Rule packs are validated strictly, with file:line:col errors."""

import textwrap

import pytest

from replylint.engine.loader import PackSchemaError, load_pack_file, load_rules
from replylint.yamlmarks import YamlError

GOOD_RULE = """\
pack: my-pack
rules:
  - id: XX101
    name: no-foo
    kind: forbid
    category: jargon
    severity: warning
    message: "Не пишите «{match}»."
    doc: {what: a, why: b, fix: c}
    patterns: ["денежный средство"]
    examples:
      bad: ["Вернём [[денежные средства]].", "Без [[денежных средств]]."]
      good: ["Вернём деньги.", "Без денег."]
"""


def write(tmp_path, text, name="pack.yml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def error_of(tmp_path, text) -> YamlError:
    with pytest.raises(YamlError) as e:
        load_pack_file(write(tmp_path, text))
    return e.value


def test_a_valid_pack_loads(tmp_path):
    (rule,) = load_pack_file(write(tmp_path, GOOD_RULE))
    assert (rule.id, rule.name, rule.kind, rule.pack) == ("XX101", "no-foo", "forbid", "my-pack")
    assert rule.bad[0].text == "Вернём денежные средства."
    assert rule.bad[0].spans == ((7, 24),)


@pytest.mark.parametrize("old, new, line, col, words", [
    ("    severity: warning\n", "    severity: warning\n    colour: red\n", 8, 5,
     "unknown key `colour`"),
    ("category: jargon", "category: jargn", 6, 15, "unknown category `jargn`"),
    ("severity: warning", "severity: fatal", 7, 15, "unknown severity"),
    ("kind: forbid", "kind: maybe", 5, 11, "unknown kind"),
    ('patterns: ["денежный средство"]', 'patterns: ["денежный *40 средство"]', 10, 16,
     "bad pattern"),
    ('patterns: ["денежный средство"]', 'patterns: [""]', 10, 16, "empty pattern"),
    ('patterns: ["денежный средство"]', "patterns: 5", 10, 15, "must be a list"),
    ("id: XX101", "id: R-101", 3, 9, "rule id"),
    ("id: XX101", "id: 101", 3, 9, "must be a string"),
    ("name: no-foo", "name: No Foo", 4, 11, "kebab-case"),
    ('      good: ["Вернём деньги.", "Без денег."]', '      good: ["Вернём деньги."]', 13, 13,
     "at least two `good`"),
])
def test_schema_errors_name_file_line_and_column(tmp_path, old, new, line, col, words):
    assert old in GOOD_RULE
    err = error_of(tmp_path, GOOD_RULE.replace(old, new))
    assert str(err).startswith(f"{tmp_path / 'pack.yml'}:{line}:{col}: ")
    assert words in str(err)


def test_malformed_yaml_names_the_line(tmp_path):
    err = error_of(tmp_path, GOOD_RULE.replace("kind: forbid", "kind: [forbid"))
    assert "invalid YAML" in str(err)
    assert err.line >= 5


def test_yaml_cannot_run_code(tmp_path):
    err = error_of(tmp_path, "pack: !!python/object/apply:os.system ['echo hi']\nrules: []\n")
    assert "invalid YAML" in str(err)


def test_missing_doc_section_is_rejected(tmp_path):
    err = error_of(tmp_path, GOOD_RULE.replace("doc: {what: a, why: b, fix: c}",
                                               "doc: {what: a, why: b}"))
    assert "non-empty `fix`" in str(err)


def test_duplicate_ids_across_packs_are_rejected(tmp_path):
    a = write(tmp_path, GOOD_RULE, "a.yml")
    b = write(tmp_path, GOOD_RULE.replace("my-pack", "other").replace("no-foo", "no-bar"),
              "b.yml")
    with pytest.raises(PackSchemaError, match="XX101` is already defined"):
        load_rules([a, b], include_shipped=False)


def test_missing_pack_file(tmp_path):
    with pytest.raises(PackSchemaError, match="not found"):
        load_rules([tmp_path / "nope.yml"], include_shipped=False)
