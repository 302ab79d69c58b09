"""Two real server processes (``warmline serve``) sharing one deployment: PostgreSQL and Redis, or the
embedded default (SQLite, no Redis) on one machine.

A customer's web-chat socket is held by process A; the staff reply is taken by process B; the customer
sees it live. One customer's messages sent alternately (and all at once) to A and B are handled one at
a time, in order, each answered exactly once. Every test runs on both deployments. PostgreSQL and Redis
are throwaway servers started here (Debian packages installed by ``.ci/install-system-deps``); on SQLite
the two processes share events and ordering through the data dir, as ``serve --workers 2`` starts them.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from tests._postgres import PostgresUnavailable, throwaway_postgres
from tests._processes import stop_process
from tests._redis import redis_server  # noqa: F401  (the session fixture, for the Redis deployment)
from tests._shop import FAST_PASSWORDS, STAFF_PASSWORD, STAFF_ROLES, with_index, write_test_bot

from warmline.config import Settings

WAIT = 60.0  # hang guards, not speed requirements
START_TIMEOUT_S = 180.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Worker:
    """One ``warmline serve`` process on its own port, with its log kept for a failing test."""

    def __init__(self, name: str, *, env: dict[str, str], log_dir: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"{name}.log"
        program = Path(sys.executable).with_name("warmline")
        with self.log.open("wb") as out:
            self.process = subprocess.Popen([str(program), "serve", "--port", str(self.port)], env=env,
                                            stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while self.process.poll() is None and time.monotonic() < deadline:
            if _healthy(self.base):
                return
            time.sleep(0.2)
        pytest.fail(f"server {self.log.stem} did not start:\n{self.tail()}", pytrace=False)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        stop_process(self.process, timeout=30)


@pytest.fixture(scope="module", params=["postgres+redis", "sqlite"])
def workers(request: pytest.FixtureRequest, shop_dir: Path, test_shop_index: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Worker, Worker]]:
    """Processes A and B sharing one database, their live events and ordering, and one knowledge index."""

    settings: Settings = _test_shop_settings(shop_dir)
    log_dir = tmp_path_factory.mktemp("workers")
    with ExitStack() as stack:
        data_dir = with_index(log_dir / "data", test_shop_index)
        env = {key: value for key, value in os.environ.items()
               if key not in ("WARMLINE_DATABASE_URL", "WARMLINE_REDIS_URL", "WARMLINE_WORKERS")}
        env |= {"WARMLINE_BOT": str(settings.bot), "WARMLINE_DATA_DIR": str(data_dir),
                **{f"WARMLINE_{name.upper()}": str(value) for name, value in FAST_PASSWORDS.items()}}
        if request.param == "postgres+redis":
            try:
                database = stack.enter_context(throwaway_postgres())
            except PostgresUnavailable as error:
                pytest.fail(f"the multi-worker test needs PostgreSQL: {error}", pytrace=False)
            env |= {"WARMLINE_DATABASE_URL": database, "WARMLINE_REDIS_URL": request.getfixturevalue("redis_server")}
        else:
            env["WARMLINE_WORKERS"] = "2"  # what `warmline serve --workers 2` tells its workers
        a = Worker("a", env=env, log_dir=log_dir)
        stack.callback(a.stop)
        a.wait_ready()  # A migrates the database; B then finds it migrated
        for staff_id in STAFF_ROLES:  # each person's own sign-in, made the way a shop makes it
            subprocess.run([str(Path(sys.executable).with_name("warmline")), "staff", "add", staff_id,
                            "--password-stdin"], input=STAFF_PASSWORD + "\n", env=env, check=True, text=True,
                           capture_output=True)
        b = Worker("b", env=env, log_dir=log_dir)
        stack.callback(b.stop)
        b.wait_ready()
        yield a, b


def _test_shop_settings(shop_dir: Path) -> Settings:
    return Settings(bot=write_test_bot(shop_dir))


async def _frame(ws: Any, wanted: Any) -> dict[str, Any]:
    async def until() -> dict[str, Any]:
        while True:
            frame: dict[str, Any] = json.loads(await ws.recv())
            if wanted(frame):
                return frame

    return await asyncio.wait_for(until(), timeout=WAIT)


async def test_a_socket_on_one_worker_gets_the_staff_reply_taken_by_the_other(workers: tuple[Worker, Worker]) -> None:
    a, b = workers
    async with websockets.connect(f"ws://127.0.0.1:{a.port}/ws/chat?session_id=mw-1&name=Ana") as ws:
        conversation_id = (await _frame(ws, lambda f: f["type"] == "history"))["conversation_id"]
        await ws.send(json.dumps({"type": "message", "text": "Can I talk to a person?", "client_id": "h"}))
        handoff = await _frame(ws, lambda f: f["type"] == "state" and f["state"] == "queued")
        staff_id = handoff["assignee"]["id"]
        async with httpx.AsyncClient(base_url=b.base, timeout=WAIT) as on_b:
            signed_in = await on_b.post("/staff/signin", data={"staff_id": staff_id, "password": STAFF_PASSWORD})
            assert signed_in.status_code == 303, signed_in.text
            on_b.headers["X-CSRF-Token"] = (await on_b.get("/api/v1/staff/me")).json()["csrf_token"]
            claimed = await on_b.post(f"/api/v1/staff/conversations/{conversation_id}/claim",
                                      json={"staff_id": staff_id})
            assert claimed.status_code == 200, claimed.text
            replied = await on_b.post(f"/api/v1/staff/conversations/{conversation_id}/reply",
                                      json={"staff_id": staff_id, "text": "Hi Ana, it's Maya from B"})
            assert replied.status_code == 200, replied.text
        claim = await _frame(ws, lambda f: f["type"] == "state" and f["state"] == "with_human")
        staff = await _frame(ws, lambda f: f["type"] == "message" and f["message"]["author"] == "staff")
    assert claim["assignee"]["id"] == staff_id
    assert staff["message"]["text"] == "Hi Ana, it's Maya from B"
    assert staff["message"]["staff_name"] == handoff["assignee"]["name"]


QUESTIONS = ["how long does shipping take?", "can I return an item?", "what payment methods do you accept?",
             "what are your opening hours?", "do you ship to the united states?"]


async def _send(client: httpx.AsyncClient, base: str, customer: str, text: str) -> dict[str, Any]:
    response = await client.post(f"{base}/api/v1/messages", json={"customer_id": customer, "text": text})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _turns(conversation: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(customer text, texts of the replies that follow it before the next customer message)."""
    turns: list[tuple[str, list[str]]] = []
    for message in conversation["messages"]:
        if message["author"] == "customer":
            turns.append((message["text"], []))
        else:
            assert turns, "a reply before any customer message"
            turns[-1][1].append(message["text"])
    return turns


async def test_one_conversation_across_both_workers_in_order_each_answered_once(
        workers: tuple[Worker, Worker]) -> None:
    a, b = workers
    sent = [f"{QUESTIONS[n % len(QUESTIONS)]} ({n})" for n in range(6)]
    async with httpx.AsyncClient(timeout=WAIT) as client:
        results = [await _send(client, (a if n % 2 == 0 else b).base, "mw-seq", text)
                   for n, text in enumerate(sent)]
        conversation = (await client.get(f"{a.base}/api/v1/conversations/{results[0]['conversation_id']}")).json()
    assert {r["conversation_id"] for r in results} == {conversation["id"]}
    turns = _turns(conversation)
    assert [text for text, _ in turns] == sent  # in the order sent, though every other one went to B
    for (_, replies), result in zip(turns, results, strict=True):
        assert replies == [r["text"] for r in result["replies"]]  # answered once, right after its question
        assert len(replies) >= 1
    assert len(conversation["decisions"]) == len(sent)


async def test_messages_arriving_at_once_on_both_workers_are_handled_one_at_a_time(
        workers: tuple[Worker, Worker]) -> None:
    a, b = workers
    sent = [f"{QUESTIONS[n % len(QUESTIONS)]} [{n}]" for n in range(10)]
    async with httpx.AsyncClient(timeout=WAIT) as client:
        results = await asyncio.gather(*(_send(client, (a if n % 2 == 0 else b).base, "mw-burst", text)
                                         for n, text in enumerate(sent)))
        conversation = (await client.get(f"{b.base}/api/v1/conversations/{results[0]['conversation_id']}")).json()
    assert {r["conversation_id"] for r in results} == {conversation["id"]}  # one conversation, not one per worker
    turns = dict(_turns(conversation))
    assert sorted(turns) == sorted(sent)  # every message stored once
    for text, result in zip(sent, results, strict=True):
        # Its replies follow it directly: no other message of this customer was handled in between.
        assert turns[text] == [r["text"] for r in result["replies"]]
        assert len(turns[text]) >= 1
    decided = [d["message_id"] for d in conversation["decisions"]]
    assert len(decided) == len(set(decided)) == len(sent)
