"""Login by default (STYLE §8): public views opt out explicitly with @public."""

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])


def public(view: F) -> F:
    """Mark a view as reachable without signing in. Every use is reviewed in the URL auth sweep."""
    view.fawang_public = True  # type: ignore[attr-defined]  # a marker attribute read by the middleware
    return view


def is_public(view: Callable[..., object]) -> bool:
    return bool(
        getattr(view, "fawang_public", False) or getattr(getattr(view, "cls", None), "fawang_public", False)
    )
