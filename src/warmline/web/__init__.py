"""HTTP: the FastAPI app factory, routers, request/response schemas, views, pages and static files.

Routers only translate a request into the engine's types and back; ``pages/`` holds the web chat,
staff inbox and dashboard pages; ``dashboard/`` draws the owner's figures. The only layer that
imports FastAPI or Starlette.
"""

from .factory import create_app

__all__ = ["create_app"]
