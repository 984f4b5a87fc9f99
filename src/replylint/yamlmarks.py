"""Safe YAML loading that remembers where every key and item came from.

Pack and config errors must name `file:line:col`; plain `yaml.safe_load`
forgets positions, so mappings and lists built here carry them.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import YamlError

__all__ = ["MarkedDict", "MarkedList", "YamlError", "load_yaml"]


class MarkedDict(dict):
    """A mapping with the 1-based (line, col) of itself, its keys and values."""

    pos: tuple[int, int] = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_pos: dict[Any, tuple[int, int]] = {}
        self.value_pos: dict[Any, tuple[int, int]] = {}


class MarkedList(list):
    pos: tuple[int, int] = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.item_pos: list[tuple[int, int]] = []


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


# libyaml's parser when present (much faster); the constructors below are ours either way.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    path = "<yaml>"


def _mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    out = MarkedDict()
    out.pos = _pos(node.start_mark)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise YamlError(loader.path, *_pos(key_node.start_mark), "a key must be a plain value")
        if key in out:
            raise YamlError(loader.path, *_pos(key_node.start_mark), f"duplicate key `{key}`")
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_pos[key] = _pos(key_node.start_mark)
        out.value_pos[key] = _pos(value_node.start_mark)
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList()
    out.pos = _pos(node.start_mark)
    for item in node.value:
        out.append(loader.construct_object(item, deep=True))
        out.item_pos.append(_pos(item.start_mark))
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML safely (no code, no custom tags); errors carry file:line:col."""
    loader = _Loader(text)
    loader.path = path
    try:
        return loader.get_single_data()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        raise YamlError(path, line, col, f"invalid YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise YamlError(path, 1, 1, f"invalid YAML: {e}") from None
    finally:
        loader.dispose()
