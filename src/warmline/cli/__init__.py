"""The ``warmline`` command: serve, ingest, chat, import, export, eval and demo traffic.

``main`` holds the commands; ``chat`` the terminal chat, ``demo`` the demo-traffic generator,
``customers`` the customer import, ``export`` the period export and ``eval/`` the offline evaluations.
The only layer that imports typer.
"""

from .main import app, main

__all__ = ["app", "main"]
