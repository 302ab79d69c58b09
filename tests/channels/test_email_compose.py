"""Writing a reply: in the thread, plain and HTML, signed, and marked so robots don't answer it."""

from __future__ import annotations

from email.headerregistry import Address

from warmline.channels._email_compose import EmailThread, compose_reply, reply_subject

SHOP = Address(display_name="Mossa Studio", username="shop", domain="mossa.test")
THREAD = EmailThread(message_id="<a2@gmail.com>", references=("<a1@gmail.com>", "<r1@mossa.test>"),
                     subject="Re: AW: Shipping to Belgium?")


def test_a_reply_joins_the_thread_with_one_re_prefix() -> None:
    mail = compose_reply(sender=SHOP, recipient="ana@example.com", text="2-3 days.", signature="Mossa",
                         thread=THREAD, new_subject="Your message to Mossa Studio", automated=True)

    assert mail["In-Reply-To"] == "<a2@gmail.com>"
    assert mail["References"] == "<a1@gmail.com> <r1@mossa.test> <a2@gmail.com>"
    assert mail["Subject"] == "Re: Shipping to Belgium?"
    assert mail["To"] == "ana@example.com"
    assert mail["Message-ID"].endswith("@mossa.test>")


def test_it_has_plain_and_html_parts_both_signed() -> None:
    mail = compose_reply(sender=SHOP, recipient="ana@example.com", text="It ships <today> & arrives Monday.",
                         signature="Maya & the Mossa team", thread=THREAD, new_subject="x", automated=True)

    assert mail.get_content_type() == "multipart/alternative"
    plain = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert plain.get_content() == "It ships <today> & arrives Monday.\n\n-- \nMaya & the Mossa team\n"
    assert "It ships &lt;today&gt; &amp; arrives Monday." in html.get_content()
    assert "<p>Maya &amp; the Mossa team</p>" in html.get_content()


def test_the_bots_reply_is_auto_submitted_but_a_persons_is_not() -> None:
    bot = compose_reply(sender=SHOP, recipient="a@example.com", text="hi", signature="", thread=None,
                        new_subject="x", automated=True)
    person = compose_reply(sender=SHOP, recipient="a@example.com", text="hi", signature="", thread=None,
                           new_subject="x", automated=False)

    assert bot["Auto-Submitted"] == "auto-replied"
    assert person["Auto-Submitted"] is None


def test_without_a_thread_it_starts_one_with_the_fallback_subject() -> None:
    mail = compose_reply(sender=SHOP, recipient="a@example.com", text="hi", signature="", thread=None,
                         new_subject="Your message to Mossa Studio", automated=True)

    assert mail["Subject"] == "Your message to Mossa Studio"
    assert mail["In-Reply-To"] is None
    assert mail["References"] is None


def test_a_long_chain_keeps_the_first_and_the_latest_references() -> None:
    many = tuple(f"<m{n}@x>" for n in range(40))
    mail = compose_reply(sender=SHOP, recipient="a@example.com", text="hi", signature="",
                         thread=EmailThread(message_id="<last@x>", references=many, subject="s"),
                         new_subject="x", automated=True)

    references = mail["References"].split()
    assert len(references) == 20
    assert references[0] == "<m0@x>"
    assert references[-1] == "<last@x>"
    assert references[-2] == "<m39@x>"


def test_reply_subject_collapses_prefixes_and_falls_back_when_empty() -> None:
    assert reply_subject("RE: Re[2]: sv: Mugs", fallback="f") == "Re: Mugs"
    assert reply_subject("  ", fallback="Your message") == "Your message"
