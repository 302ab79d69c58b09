"""The e-mail channel against a real IMAP server (Dovecot) and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from tests._dovecot import ImapAccount, imap_server

from warmline.channels import WebhookRequest
from warmline.channels.email import EmailChannel
from warmline.domain import (
    ConfigError,
    ContentKind,
    DeliveryError,
    InboundMessage,
    OutboundMessage,
    PermissionDeniedError,
)

from .mail_servers import (
    SmtpServer,
    bounce,
    deliver,
    empty_mailbox,
    first_mail,
    flags_of,
    out_of_office,
    quoted_reply,
    running_smtp,
)

__all__ = ["imap_server"]  # the session fixture, imported so pytest finds it


@pytest.fixture
async def smtp() -> AsyncIterator[SmtpServer]:
    async with running_smtp() as server:
        yield server


@pytest.fixture
async def mailbox(imap_server: ImapAccount) -> ImapAccount:
    await empty_mailbox(imap_server)
    return imap_server


def make_channel(mailbox: ImapAccount, smtp: SmtpServer, **options: object) -> EmailChannel:
    return EmailChannel(imap_url=mailbox.url, smtp_url=smtp.url, mail_from="Mossa Studio <shop@mossa.test>",
                        shop_name="Mossa Studio", signature="Maya & the Mossa team", timeout=10,
                        **options)  # type: ignore[arg-type]


async def collect(channel: EmailChannel) -> list[InboundMessage]:
    received: list[InboundMessage] = []

    async def on_message(message: InboundMessage) -> None:
        received.append(message)

    await channel.fetch_new(on_message)
    return received


async def test_a_customers_mail_becomes_one_inbound_message(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, first_mail())

    [message] = await collect(make_channel(mailbox, smtp))

    assert message.channel == "email"
    assert message.sender_id == "ana@example.com"
    assert message.sender_email == "ana@example.com"
    assert message.sender_name == "Ana Silva"
    assert message.text == "Shipping to Belgium?\n\nHi! How long does shipping to Belgium take?\n\nThanks, Ana"
    assert message.platform_message_id == "<CAF1ana001@mail.gmail.com>"


async def test_handled_mail_is_flagged_and_not_handed_on_twice(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, first_mail())
    channel = make_channel(mailbox, smtp)

    assert len(await collect(channel)) == 1
    assert await collect(channel) == []
    flags = await flags_of(mailbox, "<CAF1ana001@mail.gmail.com>")
    assert "$WarmlineHandled" in flags
    assert "\\Seen" not in flags  # people reading the mailbox still see it as new


async def test_a_failed_handling_leaves_the_mail_for_the_next_round(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, first_mail())
    channel = make_channel(mailbox, smtp)

    async def fail(message: InboundMessage) -> None:
        raise RuntimeError("the store is down")

    with pytest.raises(RuntimeError):
        await channel.fetch_new(fail)

    assert [m.platform_message_id for m in await collect(channel)] == ["<CAF1ana001@mail.gmail.com>"]


async def test_auto_replies_and_bounces_are_never_handed_on(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, out_of_office(to_message_id="<r1@mossa.test>"))
    await deliver(mailbox, bounce(original=first_mail()))
    await deliver(mailbox, first_mail(sender="Mossa Studio <shop@mossa.test>", message_id="<own@mossa.test>"))
    await deliver(mailbox, first_mail())

    received = await collect(make_channel(mailbox, smtp))

    assert [m.sender_id for m in received] == ["ana@example.com"]
    assert "$WarmlineHandled" in await flags_of(mailbox, "<20261204101000.ABC123@mail.mossa.test>")


async def test_a_reply_is_its_new_words_with_the_attachment_listed(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, quoted_reply(in_reply_to="<r1@mossa.test>", references="<CAF1ana001@mail.gmail.com>"))

    [message] = await collect(make_channel(mailbox, smtp))

    assert message.text == ("Great, and can I pay with PayPal?\n\n"
                            "[attachments: order-1042.pdf (application/pdf, 27 B)]")
    assert message.kind is ContentKind.TEXT


async def test_a_mail_with_only_an_attachment_is_not_text(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    raw = quoted_reply(in_reply_to="<r1@mossa.test>", references="<r1@mossa.test>", body="")

    await deliver(mailbox, raw)
    [message] = await collect(make_channel(mailbox, smtp))

    assert message.kind is ContentKind.OTHER
    assert message.text == "[attachments: order-1042.pdf (application/pdf, 27 B)]"


async def test_the_answer_goes_out_in_the_customers_thread(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, first_mail())
    channel = make_channel(mailbox, smtp)
    await collect(channel)

    await channel.send(OutboundMessage(channel="email", recipient_id="ana@example.com", conversation_id="c-1",
                                       text="Orders to Belgium arrive in 2-3 working days."))

    [mail] = smtp.received
    assert smtp.envelopes == [("shop@mossa.test", ("ana@example.com",))]
    assert mail["In-Reply-To"] == "<CAF1ana001@mail.gmail.com>"
    assert mail["References"] == "<CAF1ana001@mail.gmail.com>"
    assert mail["Subject"] == "Re: Shipping to Belgium?"
    assert mail["From"] == "Mossa Studio <shop@mossa.test>"
    assert mail["Auto-Submitted"] == "auto-replied"
    plain = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert plain.get_content() == ("Orders to Belgium arrive in 2-3 working days.\n\n-- \n"
                                   "Maya & the Mossa team\n")
    assert "<p>Orders to Belgium arrive in 2-3 working days.</p>" in html.get_content()


async def test_after_a_restart_the_thread_is_found_in_the_mailbox(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, first_mail())
    await collect(make_channel(mailbox, smtp))
    restarted = make_channel(mailbox, smtp)  # knows nothing of the mail read before

    await restarted.send(OutboundMessage(channel="email", recipient_id="Ana@Example.com", conversation_id="c-1",
                                         text="Here you go."))

    assert smtp.received[0]["In-Reply-To"] == "<CAF1ana001@mail.gmail.com>"
    assert smtp.received[0]["Subject"] == "Re: Shipping to Belgium?"


async def test_a_second_reply_references_the_first(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    await deliver(mailbox, first_mail())
    channel = make_channel(mailbox, smtp)
    await collect(channel)

    for text in ("First answer.", "And one more thing."):
        await channel.send(OutboundMessage(channel="email", recipient_id="ana@example.com", conversation_id="c",
                                           text=text))

    first, second = smtp.received
    assert second["References"].split() == ["<CAF1ana001@mail.gmail.com>", first["Message-ID"]]
    assert second["In-Reply-To"] == "<CAF1ana001@mail.gmail.com>"


async def test_a_staff_reply_carries_their_name_and_is_a_persons_mail(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    channel = make_channel(mailbox, smtp)

    await channel.send(OutboundMessage(channel="email", recipient_id="new@example.com", conversation_id="c",
                                       text="Hi, Maya here.", author_name="Maya"))

    [mail] = smtp.received
    assert mail["From"] == "\"Maya (Mossa Studio)\" <shop@mossa.test>"
    assert mail["Auto-Submitted"] is None
    assert mail["Subject"] == "Your message to Mossa Studio"  # no earlier mail from them: a new thread


async def test_choices_are_numbered_text(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    channel = make_channel(mailbox, smtp)

    await channel.send(OutboundMessage(channel="email", recipient_id="a@example.com", conversation_id="c",
                                       text="What would you like?", choices=("Wait for Maya", "Email me")))

    plain = smtp.received[0].get_body(preferencelist=("plain",))
    assert plain is not None
    assert "1. Wait for Maya\n2. Email me" in plain.get_content()


async def test_a_refused_recipient_is_a_permanent_delivery_error(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    smtp.refuse_with = "550 5.1.1 No such user"

    with pytest.raises(DeliveryError, match="550") as raised:
        await make_channel(mailbox, smtp).send(OutboundMessage(channel="email", recipient_id="gone@example.com",
                                                               conversation_id="c", text="hi"))
    assert raised.value.permanent


async def test_a_busy_server_is_a_retryable_delivery_error(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    smtp.refuse_with = "451 4.3.0 Try again later"

    with pytest.raises(DeliveryError) as raised:
        await make_channel(mailbox, smtp).send(OutboundMessage(channel="email", recipient_id="a@example.com",
                                                               conversation_id="c", text="hi"))
    assert not raised.value.permanent


async def test_an_unreachable_server_is_a_retryable_delivery_error(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    channel = EmailChannel(imap_url=mailbox.url, smtp_url="smtp://127.0.0.1:9", mail_from="shop@mossa.test",
                           shop_name="Mossa", timeout=5)

    with pytest.raises(DeliveryError, match="could not reach") as raised:
        await channel.send(OutboundMessage(channel="email", recipient_id="a@example.com", conversation_id="c",
                                           text="hi"))
    assert not raised.value.permanent


async def test_a_wrong_mailbox_password_is_a_config_error_naming_the_setting(mailbox: ImapAccount,
                                                                             smtp: SmtpServer) -> None:
    channel = EmailChannel(imap_url=mailbox.url.replace(mailbox.password, "wrong"), smtp_url=smtp.url,
                           mail_from="shop@mossa.test", shop_name="Mossa", timeout=10)

    with pytest.raises(ConfigError, match="WARMLINE_IMAP_URL"):
        await collect(channel)


async def test_polling_hands_on_mail_that_arrives_while_it_waits(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    channel = make_channel(mailbox, smtp, poll_seconds=30)
    received: asyncio.Queue[InboundMessage] = asyncio.Queue()
    stop = asyncio.Event()

    async def on_message(message: InboundMessage) -> None:
        await received.put(message)

    polling = asyncio.create_task(channel.poll(on_message, stop=stop))
    await asyncio.sleep(0.5)  # it is now waiting in IDLE
    await deliver(mailbox, first_mail())
    message = await asyncio.wait_for(received.get(), timeout=15)  # long before the 30 s re-check
    stop.set()
    await asyncio.wait_for(polling, timeout=15)

    assert message.platform_message_id == "<CAF1ana001@mail.gmail.com>"


async def test_mail_posted_over_http_is_refused(mailbox: ImapAccount, smtp: SmtpServer) -> None:
    with pytest.raises(PermissionDeniedError, match="IMAP"):
        await make_channel(mailbox, smtp).handle_webhook(WebhookRequest(method="POST", path="/", headers={}))


@pytest.mark.parametrize(("options", "setting"), [
    ({"imap_url": "https://mail.example.com"}, "WARMLINE_IMAP_URL"),
    ({"smtp_url": "smtp:///nohost"}, "WARMLINE_SMTP_URL"),
    ({"smtp_url": "smtp://h:port"}, "WARMLINE_SMTP_URL"),
    ({"mail_from": "Mossa Studio"}, "WARMLINE_MAIL_FROM"),
])
def test_bad_settings_are_config_errors_naming_the_setting(options: dict[str, str], setting: str) -> None:
    settings = {"imap_url": "imaps://u:p@mail.example.com", "smtp_url": "smtps://u:p@mail.example.com",
                "mail_from": "shop@mossa.test"} | options

    with pytest.raises(ConfigError, match=setting):
        EmailChannel(shop_name="Mossa", **settings)
