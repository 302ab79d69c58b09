"""Wiring: the pipeline, the FastAPI app factory, routes, settings and the command line."""

from .factory import create_app
from .settings import Settings, load_settings

__all__ = ["Settings", "create_app", "load_settings"]
