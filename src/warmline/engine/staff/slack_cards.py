"""The Slack handoff card of a conversation, drawn from what the staff desk knows about it.

Pure translation from the app's ``ConversationDetail`` to the Slack channel's ``HandoffCard``; the
bridge (``slack_bridge.py``) decides when to post or redraw it.
"""

from __future__ import annotations

from warmline.channels.staff import HandoffCard, RosterOption, TranscriptLine
from warmline.domain import Author, Bot, ConversationState, Customer, Message
from warmline.engine.staff.desk import ConversationDetail

__all__ = ["author_name", "build_card"]

_TRANSCRIPT_SHOWN = 12


def _facts(customer: Customer) -> tuple[tuple[str, str], ...]:
    symbol = str(customer.attributes.get("currency_symbol", "€"))
    facts = [("Customer since", str(customer.customer_since) if customer.customer_since else "new customer"),
             ("Orders", str(customer.orders_count)),
             ("Value", f"{symbol}{customer.lifetime_value:,.0f}"),
             ("Tier", customer.tier or "–")]
    if customer.payments_on_time or customer.payments_late:
        facts.append(("Payments", f"{customer.payments_on_time} on time, {customer.payments_late} late"))
    facts.extend((label, value) for label, value in (("Email", customer.email), ("Phone", customer.phone)) if value)
    return tuple(facts)


def author_name(message: Message, *, customer: Customer, bot: Bot) -> str:
    """Who wrote a message, as staff know them (the customer's name, the staff member's, the assistant)."""
    if message.author is Author.CUSTOMER:
        return customer.display_name or "Customer"
    if message.author is Author.STAFF:
        member = bot.staff_member(message.staff_id or "")
        return member.name if member else "Staff"
    return f"{bot.display_name} assistant" if message.author is Author.BOT else "Warmline"


def build_card(detail: ConversationDetail, *, bot: Bot, promise: str | None) -> HandoffCard:
    """The handoff card for a conversation, from what the staff desk knows about it."""
    conversation, customer, context = detail.conversation, detail.customer, detail.context
    member = bot.staff_member(conversation.assignee_id or "")
    reasons = detail.handoff.reasons if detail.handoff is not None else context.reasons
    transcript = tuple(TranscriptLine(author=m.author.value, name=author_name(m, customer=customer, bot=bot),
                                      text=m.text, channel=m.channel)
                       for m in detail.history[-_TRANSCRIPT_SHOWN:])
    return HandoffCard(
        conversation_id=conversation.id, state=conversation.state.value,
        customer_name=customer.display_name or "A customer", channel=conversation.channel,
        customer_facts=_facts(customer), reasons=reasons, summary=context.wants, transcript=transcript,
        identifiers=context.identifiers, knowledge=context.knowledge, suggested_reply=context.suggested_reply,
        orders=context.orders,
        promise=promise, assignee_slack_id=member.slack_user_id if member else None,
        assignee_name=member.name if member else None,
        roster=tuple(RosterOption(staff_id=m.id, name=m.name) for m in bot.staff),
        # Offered once a person has it (their answer may be on its way); on a closed card only if one was given.
        teachable=conversation.state is ConversationState.WITH_HUMAN or any(
            m.author is Author.STAFF and m.conversation_id == conversation.id for m in detail.history))
