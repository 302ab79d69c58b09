"""The e-mail channel through the whole service: mail in the shop's mailbox is answered in its thread."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import pytest
from tests._dovecot import ImapAccount, imap_server
from tests.channels import mail_servers

from warmline.config import Settings
from warmline.runtime.services import Services
from warmline.web import create_app

__all__ = ["imap_server"]  # the session fixture, imported so pytest finds it


@dataclass
class Running:
    services: Services
    api: httpx.AsyncClient
    smtp: mail_servers.SmtpServer
    mailbox: ImapAccount


@pytest.fixture
async def running(settings: Settings, imap_server: ImapAccount) -> AsyncIterator[Running]:
    await mail_servers.empty_mailbox(imap_server)
    async with mail_servers.running_smtp() as smtp:
        services = await Services.start(settings.model_copy(update={
            "imap_url": imap_server.url, "smtp_url": smtp.url, "mail_from": "Test Shop <shop@mossa.test>"}))
        api = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(services=services)),
                                base_url="http://warmline.test")
        try:
            yield Running(services=services, api=api, smtp=smtp, mailbox=imap_server)
        finally:
            await api.aclose()
            await services.stop()


async def eventually(condition: Callable[[], bool], *, seconds: float = 60.0) -> None:
    # A bound on waiting, not a speed claim: the first mail of a fresh process loads the model and builds the
    # example classifiers, which took over 15 s once with the whole suite on two busy cores.
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def test_a_question_by_mail_is_answered_in_its_thread(running: Running) -> None:
    await mail_servers.deliver(running.mailbox, mail_servers.first_mail(
        subject="Payment", body="Hello, can I pay with PayPal?\n\nAna\n"))

    await eventually(lambda: bool(running.smtp.received))

    [reply] = running.smtp.received
    assert reply["To"] == "ana@example.com"
    assert reply["In-Reply-To"] == "<CAF1ana001@mail.gmail.com>"
    assert reply["Subject"] == "Re: Payment"
    plain = reply.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "PayPal" in plain.get_content()
    assert plain.get_content().endswith("-- \nTest Shop\n")  # no signature in the bot file: the shop's name


async def test_a_bounce_and_an_out_of_office_are_never_answered(running: Running) -> None:
    await mail_servers.deliver(running.mailbox, mail_servers.bounce(original=mail_servers.first_mail()))
    await mail_servers.deliver(running.mailbox, mail_servers.out_of_office(to_message_id="<r@mossa.test>"))
    await mail_servers.deliver(running.mailbox, mail_servers.first_mail(
        sender="Bo <bo@example.com>", message_id="<bo1@example.com>", subject="Hours",
        body="When are you open?"))

    await eventually(lambda: bool(running.smtp.received))
    await asyncio.sleep(0.5)  # the robots' mail came first: had it been answered, it would be here by now

    assert [mail["To"] for mail in running.smtp.received] == ["bo@example.com"]
    assert "$WarmlineHandled" in await mail_servers.flags_of(running.mailbox,
                                                             "<20261204101000.ABC123@mail.mossa.test>")


async def test_a_known_customer_is_linked_by_their_address(running: Running) -> None:
    profile = await running.api.put("/api/v1/customers/shop-42", json={"name": "Ana Silva",
                                                                       "email": "Ana@Example.com"})
    assert profile.status_code == 200, profile.text

    await mail_servers.deliver(running.mailbox, mail_servers.first_mail())
    await eventually(lambda: bool(running.smtp.received))

    customer = (await running.api.get("/api/v1/customers/shop-42")).json()
    assert {"channel": "email", "external_id": "ana@example.com"} in [
        {"channel": i["channel"], "external_id": i["external_id"]} for i in customer["identities"]]
