"""Shared fixtures. Tests that need ../shared (beside the clone in CI) skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying why."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: ../shared sits beside the clone only in CI")
    return p


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
