"""``warmline serve --workers N``: refused without what workers must share; metrics summed over workers."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests._processes import stop_process

from warmline.config import Settings
from warmline.domain import ConfigError
from warmline.runtime.workers import prepare_workers

START_TIMEOUT_S = 180.0


def test_several_workers_on_postgresql_need_redis(settings: Settings) -> None:
    on_postgres = settings.model_copy(update={"database_url": "postgresql+asyncpg://warmline@127.0.0.1/warmline"})
    with pytest.raises(ConfigError) as caught:
        prepare_workers(on_postgres, bot=None, workers=2)
    assert caught.value.field == "WARMLINE_REDIS_URL"


def test_several_workers_cannot_all_long_poll_telegram(settings: Settings) -> None:
    polling = settings.model_copy(update={"redis_url": "redis://127.0.0.1:6379/0", "telegram_polling": True})
    with pytest.raises(ConfigError) as caught:
        prepare_workers(polling, bot=None, workers=2)
    assert caught.value.field == "WARMLINE_TELEGRAM_POLLING"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _counter(text: str, name: str) -> float:
    found = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_the_supervisor_does_not_import_what_the_workers_load() -> None:
    # The supervisor holds no copy of the model, the index or the store: the workers each load their own.
    script = ("import sys, warmline.cli.main, warmline.web.timeouts, warmline.runtime.redaction, "
              "warmline.runtime.workers\n"
              "print(sorted(m for m in ('warmline.web.factory', 'warmline.knowledge', 'warmline.store', "
              "'onnxruntime', 'chromadb', 'sqlalchemy', 'numpy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.strip() == "[]", loaded.stdout


def test_serve_with_two_workers_on_sqlite_answers_and_reports_all_of_them(settings: Settings,
                                                                          tmp_path: Path) -> None:
    # No Redis: the two workers of this machine share events and ordering through the data dir.
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items()
           if key not in ("PROMETHEUS_MULTIPROC_DIR", "WARMLINE_REDIS_URL", "WARMLINE_WORKERS")}
    env.update(WARMLINE_DATA_DIR=str(tmp_path / "data"), WARMLINE_DATABASE_URL=settings.resolved_database_url)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen([str(Path(sys.executable).with_name("warmline")), "serve", "--bot", str(settings.bot),
                                   "--port", str(port), "--workers", "2"], env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail(f"serve --workers 2 did not start:\n{log.read_text(errors='replace')[-3000:]}")
        with httpx.Client(base_url=base, timeout=60) as client:
            for n in range(12):
                answer = client.post("/api/v1/messages", json={"customer_id": f"sc-{n}", "text": "delivery time?"})
                assert answer.status_code == 200, answer.text
            scrapes = [client.get("/metrics").text for _ in range(6)]
    finally:
        stop_process(server, timeout=60)
    # Whichever worker answers the scrape, it reports all 12 messages (not just the ones it handled).
    assert {_counter(text, 'warmline_inbound_messages_total{channel="api"}') for text in scrapes} == {12.0}
    workers = set(re.findall(r"INFO (\d+) warmline\.runtime\.services: Test Shop ready", log.read_text()))
    assert len(workers) == 2
