"""Outbound e-mail over real SMTP, against a local aiosmtpd server: the notifier on its own, and
"Email me when it's done" from the waiting customer's choice to the staff reply arriving by mail."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from email import message_from_bytes
from email.message import Message as EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from warmline.channels.notify.mail import MailNotifier, SmtpTarget
from warmline.config import Settings
from warmline.domain import InboundMessage, ValidationError
from warmline.runtime.services import Services


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


async def test_the_notifier_hands_a_plain_text_mail_to_the_smtp_server(smtp: tuple[Inbox, str]) -> None:
    inbox, url = smtp
    await MailNotifier(smtp_url=url, sender="Mossa <hello@mossa.example>").send(
        to="anna@example.com", subject="Maya replied", text="Your parcel is on its way.")

    [mail] = inbox.messages
    assert (mail["From"], mail["To"], mail["Subject"]) == ("Mossa <hello@mossa.example>", "anna@example.com",
                                                           "Maya replied")
    assert "Your parcel is on its way." in mail.get_payload()


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "imap://user@host"])
def test_a_bad_smtp_url_names_the_setting(url: str) -> None:
    with pytest.raises(ValidationError, match="SMTP") as error:
        SmtpTarget.from_url(url)
    assert error.value.field == "WARMLINE_SMTP_URL"


def test_smtps_means_tls_from_the_start_and_credentials_are_read() -> None:
    target = SmtpTarget.from_url("smtps://shop%40mossa.example:s3cret@mail.example")
    assert (target.host, target.port, target.tls) == ("mail.example", 465, True)
    assert (target.username, target.password) == ("shop@mossa.example", "s3cret")


@pytest.fixture
async def services(settings: Settings, smtp: tuple[Inbox, str]) -> AsyncIterator[Services]:
    started = await Services.start(settings.model_copy(update={"smtp_url": smtp[1],
                                                               "mail_from": "hello@test-shop.example"}))
    yield started
    await started.stop()


async def say(services: Services, text: str) -> list[str]:
    turn = await services.pipeline.handle(InboundMessage(channel="api", sender_id="mailer", text=text,
                                                         sender_name="Anna de Vries"))
    return [reply.text for reply in turn.replies] + [c for reply in turn.replies for c in reply.choices]


async def test_email_me_when_its_done_asks_once_confirms_and_mails_the_persons_reply(
        services: Services, smtp: tuple[Inbox, str]) -> None:
    inbox, _ = smtp
    handoff = await say(services, "Can I talk to a person please?")
    assert "Email me when it's done" in handoff, "offered: SMTP is set up"

    asked = await say(services, "Email me when it's done")
    assert asked == ["Which e-mail address should I send it to?"]
    confirmed = await say(services, "anna@example.com")
    assert "I'll e-mail anna@example.com" in confirmed[0]

    conversation = await services.store.current_conversation(
        customer_id=(await services.store.find_customer(email="anna@example.com")).id, channel="api")
    assignee = conversation.assignee_id
    assert assignee is not None
    await services.desk.reply(conversation.id, staff_id=assignee, text="Found it: it ships today.")
    await services.desk.reply(conversation.id, staff_id=assignee, text="And here's the tracking link.")

    [mail] = inbox.messages
    assert mail["To"] == "anna@example.com"
    assert "Found it: it ships today." in mail.get_payload()
