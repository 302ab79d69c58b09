"""``warmline chat``: the same engine in a terminal, with numbered choices and citations."""

from __future__ import annotations

import asyncio

from rich.console import Console

from warmline.config.settings import Settings
from warmline.domain import Author, InboundMessage, Message
from warmline.engine.customer.intake import choice_number
from warmline.runtime.services import Services

__all__ = ["run_terminal_chat"]

_CHANNEL = "terminal"


def _show(console: Console, message: Message, services: Services) -> None:
    if message.author is Author.STAFF:
        member = services.bot.staff_member(message.staff_id or "")
        speaker = member.name if member else "Staff"
    elif message.author is Author.SYSTEM:
        console.print(f"[dim]— {message.text}[/]")
        return
    else:
        speaker = services.bot.display_name
    console.print(f"[bold cyan]{speaker}:[/] {message.text}")
    for citation in message.citations:
        console.print(f"  [dim]source: {citation}{f' ({citation.url})' if citation.url else ''}[/]")
    for number, choice in enumerate(message.choices, start=1):
        console.print(f"  [yellow]{number}[/]) {choice}")


async def run_terminal_chat(settings: Settings, *, customer_id: str, name: str | None,
                            console: Console) -> None:
    """Read lines until EOF or `/quit`; a number picks one of the last message's choices."""
    services = await Services.start(settings)
    try:
        console.print(f"[bold]{services.bot.display_name}[/] — type a message, a choice number, or /quit.")
        seen: set[str] = set()
        choices: tuple[str, ...] = ()
        while True:
            try:
                line = (await asyncio.to_thread(input, "you> ")).strip()
            except EOFError:
                break
            if line in ("/quit", "/exit"):
                break
            if not line:
                continue
            number = choice_number(line)
            if number is not None and 1 <= number <= len(choices):
                line = choices[number - 1]
            result = await services.pipeline.handle(InboundMessage(
                channel=_CHANNEL, sender_id=customer_id, text=line, sender_name=name))
            messages = await services.store.messages(result.conversation.id)
            if not seen:  # carrying on an earlier conversation: what was said before is not an answer now
                seen.update(m.id for m in messages[:next((i for i, m in enumerate(messages)
                                                          if m.id == result.inbound.id), 0)])
            seen.add(result.inbound.id)
            # Staff may have replied from the inbox since the last line: show everything new, in order.
            for message in messages:
                if message.id in seen or message.author is Author.CUSTOMER:
                    seen.add(message.id)
                    continue
                seen.add(message.id)
                _show(console, message, services)
                choices = message.choices or choices
            if result.decision.action.value == "relay":
                console.print(f"[dim]({result.decision.reasons[0]}; your message was passed on)[/]")
    finally:
        await services.stop()
