"""HTTP: the FastAPI app factory, routers, request/response schemas, views, pages and static files.

Routers only translate a request into the engine's types and back; ``pages/`` holds the web chat,
staff inbox and dashboard pages; ``dashboard/`` draws the owner's figures. The only layer that
imports FastAPI or Starlette.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .factory import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # ``create_app`` is imported on first use: the ``--workers`` supervisor imports ``web.timeouts`` only, and
    # must not load what the app needs (the model runtime, Chroma, the store): 146 MB against 41 MB.
    if name == "create_app":
        from .factory import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
