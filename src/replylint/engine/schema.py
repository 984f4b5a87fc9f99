"""The strict schema of a rule pack file, checked with file:line:col errors.

Unknown keys, wrong types, unknown categories and patterns that cannot
compile are rejected at load time, never silently ignored.
"""

from __future__ import annotations

import re
from typing import Any

from ..categories import CATEGORIES, SEVERITIES
from ..errors import PackSchemaError
from ..yamlmarks import MarkedDict, MarkedList
from .pattern import PatternError, compile_pattern
from .rule import KINDS, Example, PatternSlot, Rule, Spec

PACK_KEYS = {"pack": str, "lang": str, "description": str, "rules": list}
RULE_KEYS = {
    "id": str, "name": str, "kind": str, "category": str, "severity": str, "status": str,
    "message": str, "near_miss_message": str, "doc": dict, "patterns": list,
    "exceptions": list, "suggestion": str, "replace": str, "specs": list, "examples": dict,
}
REQUIRED = ("id", "name", "kind", "category", "severity", "message", "doc", "patterns",
            "examples")
DOC_KEYS = ("what", "why", "fix")
STATUSES = ("stable", "preview", "deprecated")
ID_RE = re.compile(r"^[A-Z]{1,6}\d{1,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_MARK = re.compile(r"\[\[(.+?)\]\]", re.S)
_TYPE_NAMES = {str: "a string", list: "a list", dict: "a mapping"}


def _err(path: str, pos: tuple[int, int], msg: str) -> PackSchemaError:
    return PackSchemaError(path, pos[0], pos[1], msg)


def _check_keys(path: str, d: MarkedDict, allowed: dict[str, type], what: str) -> None:
    for key in d:
        if key not in allowed:
            close = [k for k in allowed if k.startswith(str(key)[:3])]
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise _err(path, d.key_pos.get(key, d.pos),
                       f"unknown key `{key}` in {what}{hint}; allowed: {', '.join(allowed)}")
        want = allowed[key]
        if not isinstance(d[key], want):
            raise _err(path, d.value_pos.get(key, d.pos),
                       f"`{key}` must be {_TYPE_NAMES[want]}, not {_kind_of(d[key])}")


def _kind_of(value: Any) -> str:
    """What the user wrote, in their terms (not MarkedList / NoneType)."""
    if value is None:
        return "empty"
    for t, name in _TYPE_NAMES.items():
        if isinstance(value, t):
            return name
    return {bool: "a boolean", int: "a number", float: "a number"}.get(type(value),
                                                                      type(value).__name__)


def parse_example(text: str) -> Example:
    spans, plain, last = [], [], 0
    for m in _MARK.finditer(text):
        plain.append(text[last:m.start()])
        start = sum(len(p) for p in plain)
        plain.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        last = m.end()
    plain.append(text[last:])
    return Example("".join(plain), tuple(spans))


def _pos_of(container: Any, key: Any, fallback: tuple[int, int]) -> tuple[int, int]:
    if isinstance(container, MarkedDict):
        return container.value_pos.get(key, container.pos)
    if isinstance(container, MarkedList) and isinstance(key, int) and key < len(
            container.item_pos):
        return container.item_pos[key]
    return fallback


def parse_pack(data: Any, path: str) -> tuple[str, str, list[Rule]]:
    """Validate a loaded pack file; returns (pack name, lang, rules)."""
    if not isinstance(data, MarkedDict):
        raise _err(path, (1, 1), "a rule pack must be a mapping with `pack` and `rules`")
    _check_keys(path, data, PACK_KEYS, "the pack")
    for key in ("pack", "rules"):
        if key not in data:
            raise _err(path, data.pos, f"missing `{key}`")
    name = data["pack"]
    if not NAME_RE.match(name):
        raise _err(path, data.value_pos["pack"], f"pack name `{name}` must be kebab-case")
    rules_list = data["rules"]
    if not rules_list:
        raise _err(path, data.value_pos["rules"], "`rules` is empty")
    rules = []
    seen: dict[str, tuple[int, int]] = {}
    for i, item in enumerate(rules_list):
        pos = _pos_of(rules_list, i, data.pos)
        if not isinstance(item, MarkedDict):
            raise _err(path, pos, "each rule must be a mapping")
        rule = parse_rule(item, path, name)
        for ident in (rule.id, rule.name):
            if ident in seen:
                raise _err(path, item.pos, f"duplicate rule `{ident}` (first at line "
                                           f"{seen[ident][0]})")
            seen[ident] = item.pos
        rules.append(rule)
    return name, data.get("lang", "ru"), rules


def parse_rule(d: MarkedDict, path: str, pack: str) -> Rule:
    _check_keys(path, d, RULE_KEYS, "a rule")
    for key in REQUIRED:
        if key not in d:
            raise _err(path, d.pos, f"rule {d.get('id', '?')}: missing `{key}`")
    rid, name, kind = d["id"], d["name"], d["kind"]
    vp = d.value_pos
    if not ID_RE.match(rid):
        raise _err(path, vp["id"], f"rule id `{rid}` must look like RL101 (letters, then digits)")
    if not NAME_RE.match(name):
        raise _err(path, vp["name"], f"rule name `{name}` must be kebab-case (no-blame-customer)")
    if kind not in KINDS:
        raise _err(path, vp["kind"], f"unknown kind `{kind}`; use one of {', '.join(KINDS)}")
    if d["category"] not in CATEGORIES:
        raise _err(path, vp["category"], f"unknown category `{d['category']}`; use one of "
                                         f"{', '.join(CATEGORIES)}")
    if d["severity"] not in SEVERITIES:
        raise _err(path, vp["severity"], f"unknown severity `{d['severity']}`; use one of "
                                         f"{', '.join(SEVERITIES)}")
    status = d.get("status", "stable")
    if status not in STATUSES:
        raise _err(path, vp["status"], f"unknown status `{status}`; use {', '.join(STATUSES)}")
    if not d["message"].strip():
        raise _err(path, vp["message"], "`message` is empty")
    doc = d["doc"]
    for key in doc:
        if key not in DOC_KEYS:
            raise _err(path, doc.key_pos.get(key, doc.pos),
                       f"unknown key `{key}` in doc; allowed: {', '.join(DOC_KEYS)}")
    for key in DOC_KEYS:
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            raise _err(path, vp["doc"], f"rule {rid}: doc needs a non-empty `{key}`")
    if kind == "substitute" and "replace" not in d and not any(
            isinstance(p, dict) and "replace" in p for p in d["patterns"]):
        raise _err(path, d.pos, f"rule {rid}: a substitute rule needs `replace`")
    if kind != "substitute" and ("replace" in d or "specs" in d):
        key = "replace" if "replace" in d else "specs"
        raise _err(path, d.key_pos[key], f"`{key}` is only for substitute rules")
    if kind != "require" and "near_miss_message" in d:
        raise _err(path, d.key_pos["near_miss_message"],
                   "`near_miss_message` is only for require rules")

    patterns = tuple(_slots(d, path))
    if not patterns:
        raise _err(path, vp["patterns"], f"rule {rid}: `patterns` is empty")
    exceptions = tuple(_compile(path, d["exceptions"], i, p)
                       for i, p in enumerate(d.get("exceptions", [])))
    bad, good = _examples(d, path)
    specs = tuple(_specs(d, path))
    line = d.pos[0]
    return Rule(
        id=rid, name=name, kind=kind, category=d["category"], severity=d["severity"],
        message=d["message"].strip(), doc={k: doc[k].strip() for k in DOC_KEYS},
        patterns=patterns, exceptions=exceptions, suggestion=d.get("suggestion"),
        near_miss_message=d.get("near_miss_message"), bad=bad, good=good, specs=specs,
        status=status, pack=pack, source=f"{path}:{line}",
    )


def _compile(path: str, container: Any, i: int, source: Any):
    pos = _pos_of(container, i, (1, 1))
    if not isinstance(source, str):
        raise _err(path, pos, "a pattern must be a string")
    try:
        return compile_pattern(source)
    except PatternError as e:
        raise _err(path, pos, f"bad pattern `{source}`: {e}") from None


def _slots(d: MarkedDict, path: str):
    default = d.get("replace")
    items = d["patterns"]
    for i, item in enumerate(items):
        if isinstance(item, MarkedDict):
            for key in item:
                if key not in ("match", "replace"):
                    raise _err(path, item.key_pos[key],
                               f"unknown key `{key}` in a pattern; allowed: match, replace")
            if not isinstance(item.get("match"), str):
                raise _err(path, item.pos, "a pattern mapping needs `match: <pattern>`")
            replace = item.get("replace", default)
            if replace is not None and not isinstance(replace, str):
                raise _err(path, item.value_pos["replace"], "`replace` must be a string")
            yield PatternSlot(_compile(path, item, "match", item["match"]), replace)
        else:
            yield PatternSlot(_compile(path, items, i, item), default)


def _examples(d: MarkedDict, path: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    ex = d["examples"]
    out = {}
    for key in ex:
        if key not in ("bad", "good"):
            raise _err(path, ex.key_pos[key], f"unknown key `{key}` in examples; use bad, good")
    for key in ("bad", "good"):
        items = ex.get(key)
        if not isinstance(items, list) or len(items) < 2:
            raise _err(path, ex.value_pos.get(key, ex.pos),
                       f"rule {d['id']}: examples need at least two `{key}` texts")
        parsed = []
        for i, text in enumerate(items):
            if not isinstance(text, str) or not text.strip():
                raise _err(path, _pos_of(items, i, ex.pos), "an example must be a non-empty "
                                                            "string")
            parsed.append(parse_example(text))
        out[key] = tuple(parsed)
    return out["bad"], out["good"]


def _specs(d: MarkedDict, path: str):
    for i, item in enumerate(d.get("specs", [])):
        pos = _pos_of(d["specs"], i, d.pos)
        if not isinstance(item, dict) or set(item) != {"from", "to"} or not all(
                isinstance(v, str) for v in item.values()):
            raise _err(path, pos, "a spec must be `{from: <text>, to: <suggestion>}`")
        yield Spec(item["from"], item["to"])
