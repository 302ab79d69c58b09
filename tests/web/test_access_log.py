"""The access log is redacted like every other log: no admin token, Meta verify token, web chat session
id, staff session key or password appears in a line uvicorn writes (reproductions from the outside probe).
Through a real uvicorn server with uvicorn's own logging set-up and access-log formatter."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
import websockets
from tests._shop import STAFF_PASSWORD, STAFF_ROLES
from uvicorn.logging import AccessFormatter, DefaultFormatter

from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app

ADMIN_TOKEN = "admin-token-s3cr3t-4242"
VERIFY_TOKEN = "meta-verify-s3cr3t-77"
SESSION_ID = "chat-session-key-9f8e7d6c"


class Lines(logging.Handler):
    """Every line uvicorn's formatters make, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[tuple[str, Lines, Lines]]:
    services = await Services.start(settings.model_copy(update={
        "admin_token": ADMIN_TOKEN, "meta_app_secret": "app-secret-1234", "meta_verify_token": VERIFY_TOKEN}))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(services=services), lifespan="off", log_level="info")  # uvicorn's logging
    config.load()
    access, errors = Lines(), Lines()
    access.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    errors.setFormatter(DefaultFormatter("%(message)s"))
    logging.getLogger("uvicorn.access").addHandler(access)
    logging.getLogger("uvicorn.error").addHandler(errors)
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)
    await server.startup(sockets=[sock])
    try:
        for staff_id, role in STAFF_ROLES.items():
            await services.accounts.create(staff_id, role=role, password=STAFF_PASSWORD)
        yield f"127.0.0.1:{sock.getsockname()[1]}", access, errors
    finally:
        logging.getLogger("uvicorn.access").removeHandler(access)
        logging.getLogger("uvicorn.error").removeHandler(errors)
        await server.shutdown()
        await services.stop()


async def test_no_credential_or_session_key_reaches_the_access_log(server: tuple[str, Lines, Lines]) -> None:
    address, access, errors = server
    async with httpx.AsyncClient(base_url=f"http://{address}") as http:
        check = await http.get("/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                                         "hub.challenge": "1158201444"})
        signed_in = await http.post("/staff/signin", data={"staff_id": "maya", "password": STAFF_PASSWORD})
        session_key = signed_in.cookies["warmline_staff"]
    cookie = {"Cookie": f"warmline_staff={session_key}"}
    async with websockets.connect(f"ws://{address}/ws/staff", additional_headers=cookie) as staff:
        await staff.send(json.dumps({"type": "hello"}))
    async with websockets.connect(f"ws://{address}/ws/chat?session_id={SESSION_ID}&name=Ana") as chat:
        await chat.recv()

    assert check.text == "1158201444"
    logged = "\n".join(access.lines + errors.lines)
    assert "/webhooks/meta?" in logged
    assert "/ws/chat?" in logged
    for secret in (ADMIN_TOKEN, VERIFY_TOKEN, SESSION_ID, session_key, STAFF_PASSWORD):
        assert secret not in logged  # …without what must stay out of them
    assert "hub.verify_token=[redacted]" in logged
    assert "session_id=[redacted]" in logged


async def test_the_staff_socket_needs_a_session_not_the_token(server: tuple[str, Lines, Lines]) -> None:
    address, _access, _errors = server
    async with websockets.connect(f"ws://{address}/ws/staff?token={ADMIN_TOKEN}") as in_url:
        with pytest.raises(websockets.ConnectionClosed) as refused:  # closed at once: no session cookie
            await in_url.recv()

    assert refused.value.rcvd is not None
    assert refused.value.rcvd.code == 1008
