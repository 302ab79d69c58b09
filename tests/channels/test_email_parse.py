"""Reading raw mail: who wrote, what is new, which thread, what is attached, and whether a robot wrote it."""

from __future__ import annotations

import pytest

from warmline.channels._email_parse import Attachment, attachment_note, parse_email, strip_quoted
from warmline.domain import ValidationError

from .mail_servers import bounce, first_mail, out_of_office, quoted_reply


def test_a_first_mail_gives_sender_subject_and_plain_text() -> None:
    mail = parse_email(first_mail())

    assert mail.sender == "ana@example.com"
    assert mail.sender_name == "Ana Silva"
    assert mail.subject == "Shipping to Belgium?"
    assert mail.text == "Hi! How long does shipping to Belgium take?\n\nThanks, Ana"
    assert mail.message_id == "<CAF1ana001@mail.gmail.com>"
    assert mail.in_reply_to is None
    assert mail.references == ()
    assert mail.automated is None


def test_a_reply_keeps_only_the_new_words_and_its_thread_and_lists_the_attachment() -> None:
    mail = parse_email(quoted_reply(in_reply_to="<r1@mossa.test>",
                                    references="<CAF1ana001@mail.gmail.com> <r1@mossa.test>"))

    assert mail.text == "Great, and can I pay with PayPal?"
    assert mail.in_reply_to == "<r1@mossa.test>"
    assert mail.references == ("<CAF1ana001@mail.gmail.com>", "<r1@mossa.test>")
    assert mail.attachments == (Attachment(filename="order-1042.pdf", content_type="application/pdf",
                                           size_bytes=len(b"%PDF-1.4 order confirmation")),)


def test_an_html_only_mail_is_read_as_text_without_its_quoted_blockquote() -> None:
    raw = (b"From: Bo <bo@example.com>\r\nTo: shop@mossa.test\r\nSubject: hello\r\nMessage-ID: <h1@x>\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           b"<html><body><p>Do you have the <b>blue mug</b> in stock?</p><p>Bo</p>"
           b"<blockquote>earlier mail</blockquote></body></html>\r\n")

    assert parse_email(raw).text == "Do you have the blue mug in stock?\n\nBo"


def test_reply_to_wins_over_from_for_who_to_answer() -> None:
    raw = first_mail(sender="Web form <forms@mossa.test>", extra={"Reply-To": "Cleo <CLEO@Example.com>"})

    mail = parse_email(raw)

    assert (mail.sender, mail.sender_name) == ("cleo@example.com", "Cleo")


def test_a_mail_without_a_sender_address_is_a_validation_error_naming_from() -> None:
    with pytest.raises(ValidationError, match="From"):
        parse_email(b"To: shop@mossa.test\r\nSubject: ?\r\n\r\nhello\r\n")


def test_a_mail_without_message_id_gets_a_stable_one() -> None:
    raw = b"From: a@example.com\r\nSubject: hi\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nhello\r\n"

    assert parse_email(raw).message_id == parse_email(raw).message_id
    assert parse_email(raw).message_id != parse_email(raw.replace(b"hello", b"hallo")).message_id


@pytest.mark.parametrize(("headers", "reason"), [
    ({"Auto-Submitted": "auto-replied"}, "Auto-Submitted: auto-replied"),
    ({"Auto-Submitted": "auto-generated"}, "Auto-Submitted: auto-generated"),
    ({"Precedence": "bulk"}, "Precedence: bulk"),
    ({"Precedence": "auto_reply"}, "Precedence: auto_reply"),
    ({"X-Autoreply": "yes"}, "X-Autoreply header"),
    ({"List-Id": "<news.example.com>"}, "mailing-list mail"),
    ({"Return-Path": "<>"}, "null return path (a bounce)"),
])
def test_robots_are_recognised_by_their_headers(headers: dict[str, str], reason: str) -> None:
    assert parse_email(first_mail(extra=headers)).automated == reason


def test_auto_submitted_no_is_a_person() -> None:
    assert parse_email(first_mail(extra={"Auto-Submitted": "no"})).automated is None


def test_an_out_of_office_reply_is_automated() -> None:
    assert parse_email(out_of_office(to_message_id="<r1@mossa.test>")).automated == "Auto-Submitted: auto-replied"


def test_a_bounce_is_recognised_by_its_delivery_report_even_without_robot_headers() -> None:
    raw = bounce(original=first_mail()).replace(b"Auto-Submitted: auto-replied\r\n", b"")
    raw = raw.replace(b"Return-Path: <>\r\n", b"").replace(b"MAILER-DAEMON@", b"postfix-notices@")

    assert parse_email(raw).automated == "delivery report (delivery-status)"


def test_a_bounce_from_mailer_daemon_is_recognised_by_its_sender() -> None:
    raw = (b"From: MAILER-DAEMON@mx.example.org\r\nSubject: failure notice\r\nMessage-ID: <b2@x>\r\n\r\n"
           b"Sorry, we were unable to deliver your message.\r\n")

    assert parse_email(raw).automated == "sent by mailer-daemon@mx.example.org"


@pytest.mark.parametrize("quote_header", [
    "On Fri, 4 Dec 2026 at 10:20, Mossa Studio <shop@mossa.test> wrote:",
    "On Fri, 4 Dec 2026 at 10:20, Mossa Studio <shop@mossa.test>\nwrote:",
    "Am Fr., 4. Dez. 2026 um 10:20 Uhr schrieb Mossa Studio <shop@mossa.test>:",
    "Op vr 4 dec 2026 om 10:20 schreef Mossa Studio <shop@mossa.test>:",
    "-----Original Message-----\nFrom: Mossa Studio",
    "________________________________\nFrom: Mossa Studio <shop@mossa.test>\nSent: Friday",
    "From: Mossa Studio <shop@mossa.test>\nSent: Friday, December 4, 2026 10:20\nTo: Ana",
])
def test_quoted_history_is_cut_at_the_quote_header_of_each_common_client(quote_header: str) -> None:
    text = f"Yes please, send it.\n\n{quote_header}\n\n> Shall we send the blue one?\n"

    assert strip_quoted(text) == "Yes please, send it."


def test_the_signature_and_trailing_quotes_go_but_inline_answers_stay() -> None:
    text = "> Which colour?\nBlue.\n> Which size?\nLarge.\n\n-- \nAna Silva\nSent from my phone\n> old"

    assert strip_quoted(text) == "Blue.\nLarge."


def test_attachments_are_listed_with_type_and_size() -> None:
    note = attachment_note((Attachment(filename="photo.jpg", content_type="image/jpeg", size_bytes=2_500_000),
                            Attachment(filename="a.txt", content_type="text/plain", size_bytes=12)))

    assert note == "[attachments: photo.jpg (image/jpeg, 2.4 MB), a.txt (text/plain, 12 B)]"
    assert attachment_note(()) == ""
