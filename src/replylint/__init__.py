"""replylint: lint replies to customer complaints before they are sent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Finding", "Linter", "__version__", "lint"]

if TYPE_CHECKING:
    from .api import Linter, lint
    from .finding import Finding


def __getattr__(name: str) -> Any:
    # Lazy, so that `replylint --help` does not pay for pymorphy3 and razdel.
    if name in ("lint", "Linter"):
        from . import api

        return getattr(api, name)
    if name == "Finding":
        from .finding import Finding

        return Finding
    raise AttributeError(name)
