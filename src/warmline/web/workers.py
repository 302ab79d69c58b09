"""The app of one worker process of ``warmline serve --workers N`` (uvicorn's factory)."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from warmline.config.settings import load_settings

__all__ = ["create_worker_app"]


def create_worker_app() -> FastAPI:
    """The app of one worker (uvicorn's factory), from the environment the supervisor prepared."""
    from warmline.web.factory import create_app  # which also installs log redaction, in this process
    from warmline.web.timeouts import SlowClientProtocol

    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s")
    settings = load_settings()
    # A spawned worker imports the protocol class afresh: its deadlines come from this process's settings
    # (uvicorn builds the app before it accepts a connection).
    SlowClientProtocol.configure(settings)
    return create_app(settings)
