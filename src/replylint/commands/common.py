"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from ..results import EXIT_ERROR


def fail(message: str) -> NoReturn:
    """A user error: one clear line on stderr, exit 2."""
    click.echo(f"replylint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def build_linter(select=(), ignore=(), rule_paths=(), no_builtin=False):
    from ..api import Linter
    from ..errors import YamlError
    from ..selection import SelectionError, split_csv

    try:
        return Linter.from_options(split_csv(select), split_csv(ignore), list(rule_paths),
                                   include_shipped=not no_builtin)
    except (YamlError, SelectionError) as e:
        fail(str(e))


def read_complaint(path: str) -> str:
    """--complaint FILE: its text, or exit 2 naming the file."""
    from pathlib import Path

    from ..decode import DecodeProblem
    from ..runner import read_file

    try:
        text = read_file(Path(path))
    except FileNotFoundError:
        fail(f"{path}: complaint file not found")
    except (DecodeProblem, OSError) as e:
        fail(f"{path}: cannot read the complaint: {getattr(e, 'strerror', None) or e}")
    if not text.strip():
        fail(f"{path}: the complaint file is empty")
    return text


def score_config(path: str | None):
    """--score-weights FILE: the score settings, or exit 2 naming the file and line."""
    from ..score import ScoreConfig, ScoreConfigError

    if path is None:
        return ScoreConfig()
    try:
        return ScoreConfig.load(path)
    except ScoreConfigError as e:
        fail(str(e))


select_option = click.option(
    "--select", multiple=True, metavar="RULES",
    help="Only these rules: ids or id prefixes (RL2), names or categories; "
         "comma-separated or repeated.")
ignore_option = click.option("--ignore", multiple=True, metavar="RULES",
                             help="Skip these rules (same forms as --select).")
rules_option = click.option("--rules", "rule_paths", multiple=True, metavar="PATH",
                            type=click.Path(), help="Add a rule pack file or a folder of packs.")
builtin_option = click.option("--no-builtin", is_flag=True,
                              help="Do not load the shipped packs (only --rules).")
