"""Errors that name a place in a user's file (rule packs, config)."""

from __future__ import annotations


class YamlError(ValueError):
    """`path:line:col: reason` — a problem in a YAML or TOML file of the user's."""

    def __init__(self, path: str, line: int, col: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{col}: {message}")
        self.path, self.line, self.col, self.reason = path, line, col, message


class PackSchemaError(YamlError):
    """A rule pack that does not follow the schema."""
