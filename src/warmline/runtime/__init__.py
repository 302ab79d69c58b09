"""Running the parts together: composition, the event hub, scale-out, metrics and background tasks.

``services`` builds and starts one process's parts from the settings and stops them in reverse;
``channel_setup`` picks the channels the settings enable; ``hub`` and ``locks`` share events and
per-customer ordering across workers through Redis (``socket_hub`` and ``locks.FileOrdering`` through the
data dir, for the workers of one machine); ``workers`` prepares ``serve --workers N``; ``memory`` caps the
malloc arenas of a server process; ``metrics`` is Prometheus; ``background`` runs the engine's timed loops;
``redaction`` keeps personal data and secrets out of the logs. Used by ``warmline.web`` and ``warmline.cli``.

Nothing is imported here: ``serve --workers N``'s supervisor imports ``workers``, ``memory`` and
``redaction`` alone, and must stay small (it never loads the model, the index or the web app).
"""
