"""The app side of Slack: cards for handoffs, the conversation mirrored into each card's thread, and
staff actions from Slack run through the same ``StaffDesk`` as the built-in inbox.

It listens to the ``EventHub``'s staff stream (like the inbox page does), so every front door — the
pipeline, the inbox, Slack itself — updates the card the same way. Which Slack thread belongs to which
conversation is kept in the store (``set_staff_thread`` / ``conversation_for_staff_thread``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

from warmline.channels.staff import SLACK_SOURCE_PREFIX, HandoffCard, SlackThread
from warmline.domain import (
    Author,
    Bot,
    ConversationState,
    DeliveryError,
    PromiseStatus,
)
from warmline.engine.customer.outbound import Outbound
from warmline.engine.events import ConversationEvent, EventHub
from warmline.engine.staff.alerts import StaffAlert
from warmline.engine.staff.desk import ConversationDetail, StaffDesk
from warmline.engine.staff.slack_cards import author_name, build_card
from warmline.knowledge import LearnedEntry
from warmline.store import Store

__all__ = ["PLATFORM", "SlackBridge"]

logger = logging.getLogger(__name__)

PLATFORM = "slack"
VIA = "slack"  # how the audit log names this door
_TEACH_WAIT_S = 2.0  # Slack retries a click it has no answer to after 3 s
_PROMISES_SHOWN = 4


class SlackBridge:
    """Implements the Slack channel's ``StaffActions`` and keeps each card in step with its conversation."""

    def __init__(self, *, channel: Any, bot: Bot, store: Store, events: EventHub, desk: StaffDesk,
                 outbound: Outbound) -> None:
        self.channel = channel  # a SlackStaffChannel (typed loosely so tests can pass a stand-in)
        self._bot = bot
        self._store = store
        self._events = events
        self._desk = desk
        self._outbound = outbound
        self._stack = contextlib.AsyncExitStack()
        self._task: asyncio.Task[None] | None = None
        self._queue: asyncio.Queue[ConversationEvent] | None = None
        self._card_handoff: dict[str, str | None] = {}  # conversation → handoff its card was posted for
        self._card_assignee: dict[str, str | None] = {}
        self._on_card: dict[str, set[str]] = {}  # message ids already shown in the card's transcript
        self._teaching: set[asyncio.Task[LearnedEntry]] = set()  # "Add to knowledge" clicks still indexing
        channel.connect(self)

    # --- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Subscribe to conversation events now (nothing published after this is missed), then run."""
        # Local only: each event is published by one worker, so each card is posted once, not once per worker.
        self._queue = await self._stack.enter_async_context(self._events.staff(local_only=True))
        self._task = asyncio.create_task(self._run(), name="slack-bridge")
        await self.channel.start()

    async def close(self) -> None:
        """Stop following events and close the Slack connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._stack.aclose()
        await self.channel.close()

    async def drain(self) -> None:
        """Wait until every event published so far has been shown in Slack (for tests and shutdown)."""
        if self._queue is not None:
            await self._queue.join()

    async def _run(self) -> None:
        assert self._queue is not None
        while True:
            event = await self._queue.get()
            try:
                await self.on_event(event)
            except DeliveryError as exc:
                logger.warning("Slack: could not show %s: %s", event.conversation_id, exc)
            except Exception:  # one bad event must not stop the bridge
                logger.exception("Slack bridge failed on an event of %s", event.conversation_id)
            finally:
                self._queue.task_done()

    # --- StaffActions (called by the Slack channel) -----------------------------------------------

    async def claim(self, conversation_id: str, *, staff_id: str) -> object:
        """Claim from the card's button."""
        return await self._desk.claim(conversation_id, staff_id=staff_id, via=VIA)

    async def reply(self, conversation_id: str, *, staff_id: str, text: str,
                    source_id: str | None = None) -> object:
        """A thread reply goes to the customer on their own channel (not echoed back into the thread)."""
        return await self._desk.reply(conversation_id, staff_id=staff_id, text=text, source_id=source_id,
                                     via=VIA)

    async def resolve(self, conversation_id: str, *, staff_id: str, done: Sequence[str] = ()) -> object:
        """Resolve from the card (after "which promises were kept?" when there were any): the customer is
        thanked, the card turns green, and only the ``done`` commitments count as kept."""
        return await self._desk.resolve(conversation_id, staff_id=staff_id, done=done, via=VIA)

    async def open_commitments(self, conversation_id: str) -> Sequence[tuple[str, str]]:
        """What staff promised in the conversation and nobody confirmed yet, as (id, "Maya: what")."""
        out = []
        for promise in await self._desk.open_commitments(conversation_id):
            owner = self._bot.staff_member(promise.owner_id)
            out.append((promise.id, f"{owner.first_name}: {promise.text}" if owner else promise.text))
        return out

    async def hand_back(self, conversation_id: str, *, staff_id: str) -> object:
        """Hand the conversation back to the bot."""
        return await self._desk.hand_back(conversation_id, staff_id=staff_id, via=VIA)

    async def reassign(self, conversation_id: str, *, staff_id: str, to_staff_id: str) -> object:
        """A lead or owner gives the handoff to someone else on the roster; they, and the customer, are told."""
        return await self._desk.reassign(conversation_id, staff_id=staff_id, to_staff_id=to_staff_id, via=VIA)

    async def teach(self, conversation_id: str, *, staff_id: str) -> object:
        """"Add to knowledge" from the card. Slack wants its answer within 3 s: a refusal (nothing to teach,
        not on the roster) comes back at once; indexing that takes longer finishes in the background.
        Either way the card's thread says what was learned."""
        task = asyncio.create_task(self._teach(conversation_id, staff_id=staff_id), name="slack-teach")
        self._teaching.add(task)
        task.add_done_callback(self._taught)
        done, _ = await asyncio.wait({task}, timeout=_TEACH_WAIT_S)
        return task.result() if done else None

    async def _teach(self, conversation_id: str, *, staff_id: str) -> LearnedEntry:
        entry = await self._desk.teach(conversation_id, staff_id=staff_id, via=VIA)
        thread = await self._thread(conversation_id)
        if thread is not None:
            await self.channel.post_in_thread(
                thread, f"added to knowledge: “{entry.question}” ({entry.source}). The assistant answers it "
                        "from now on; edit or delete the file to change that.", author=self._desk.member(staff_id).name)
        return entry

    def _taught(self, task: asyncio.Task[LearnedEntry]) -> None:
        self._teaching.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.warning("Slack: teaching from %s failed: %s", task.get_name(), task.exception())

    async def conversation_for_thread(self, channel: str, thread_ts: str) -> str | None:
        """The conversation whose card started this thread, if any."""
        ref = SlackThread(channel=channel, ts=thread_ts).ref
        return await self._store.conversation_for_staff_thread(platform=PLATFORM, ref=ref)

    async def staff_id_for(self, slack_user_id: str, *, email: str | None = None) -> str | None:
        """The roster id of a Slack user: only by the ``slack_user_id`` on the roster. ``email`` is ignored —
        an e-mail address in a Slack profile is set by its user, so it proves nothing about who they are."""
        member = self._bot.slack_member(slack_user_id)
        return member.id if member is not None else None

    # --- events → Slack --------------------------------------------------------------------------------

    async def _thread(self, conversation_id: str) -> SlackThread | None:
        ref = await self._store.staff_thread(conversation_id, platform=PLATFORM)
        return SlackThread.parse(ref) if ref else None

    async def on_event(self, event: ConversationEvent) -> None:
        """Show one conversation event in Slack: a new card, a redrawn card, or a line in the thread."""
        if event.message is not None:
            await self._mirror(event)
            return
        thread = await self._thread(event.conversation_id)
        if event.state is ConversationState.QUEUED and event.assignee is not None:
            handoff = await self._store.active_handoff(event.conversation_id)
            handoff_id = handoff.id if handoff is not None else None
            posted_for = self._card_handoff.get(event.conversation_id, handoff_id)
            if thread is None or posted_for != handoff_id:
                await self._post_card(event.conversation_id, handoff_id)
                return
        if thread is not None:
            await self._redraw(event.conversation_id, thread)

    async def _card(self, conversation_id: str) -> tuple[HandoffCard, ConversationDetail]:
        detail = await self._desk.detail(conversation_id)
        promises = await self._store.promises(conversation_id=conversation_id)
        # Every open promise (the bot's ETA and staff commitments), else the latest settled one.
        shown = [p for p in promises if p.status is PromiseStatus.OPEN] or promises[-1:]
        status = {"open": "", "kept": " (kept)", "broken": " (broken: the customer was told a new time)",
                  "revised": " (updated early: the customer was told a new time)"}
        lines = []
        for item in shown[-_PROMISES_SHOWN:]:
            within = (f" within {(item.due_at - item.created_at).total_seconds() / 60:.0f} min"
                      if item.created_at is not None and item.source is Author.BOT else "")
            nudged = " (reminder sent)" if item.nudged_at is not None and item.status is PromiseStatus.OPEN else ""
            lines.append(f"Promised to the customer: {item.text}{within}, by {item.due_at:%H:%M} UTC"
                         f"{status.get(item.status.value, '')}{nudged}")
        promise = "\n".join(lines) or None
        return build_card(detail, bot=self._bot, promise=promise), detail

    async def alert(self, alert: StaffAlert) -> None:
        """A nudge, a broken promise or a parked reply: a DM to each person with a Slack id, and a line in
        the card's thread (mentioning the first of them) when the conversation has a card."""
        members = [m for m in (self._bot.staff_member(i) for i in alert.staff_ids) if m is not None]
        for member in members:
            if member.slack_user_id:
                try:
                    await self.channel.dm(member.slack_user_id, alert.text)
                except DeliveryError as exc:
                    logger.warning("Slack: could not DM %s: %s", member.id, exc)
        thread = await self._thread(alert.conversation_id)
        if thread is not None:
            first = next((m.slack_user_id for m in members if m.slack_user_id), None)
            await self.channel.post_in_thread(thread, alert.text, author="Warmline", mention=first)

    async def _post_card(self, conversation_id: str, handoff_id: str | None) -> None:
        card, detail = await self._card(conversation_id)
        thread = await self.channel.post_card(card)
        await self._store.set_staff_thread(conversation_id, platform=PLATFORM, ref=thread.ref)
        self._card_handoff[conversation_id] = handoff_id
        self._card_assignee[conversation_id] = detail.conversation.assignee_id
        self._on_card[conversation_id] = {m.id for m in detail.history}
        logger.info("Slack card for %s posted to %s", conversation_id, thread.channel)

    async def _redraw(self, conversation_id: str, thread: SlackThread) -> None:
        card, detail = await self._card(conversation_id)
        await self.channel.update_card(thread, card)
        if not detail.conversation.state.human_owns:
            self._on_card.pop(conversation_id, None)  # closed: later messages are not duplicates of the card
        assignee = detail.conversation.assignee_id
        previous = self._card_assignee.get(conversation_id)
        self._card_assignee[conversation_id] = assignee
        if detail.conversation.state is ConversationState.QUEUED and assignee != previous and card.assignee_name:
            await self.channel.post_in_thread(thread, "this handoff is yours now; everything is on the card above.",
                                              author=card.assignee_name, mention=card.assignee_slack_id)

    async def _mirror(self, event: ConversationEvent) -> None:
        """While a person owns the conversation, its messages also land in the card's thread (staff replies
        from the inbox always do); a reply typed in the thread is not echoed back into it."""
        conversation_id, message = event.conversation_id, event.message
        assert message is not None
        if message.author is Author.STAFF and (message.external_id or "").startswith(SLACK_SOURCE_PREFIX):
            return  # typed in this thread: stored with its Slack id, on whichever worker took it
        if message.id in self._on_card.get(conversation_id, ()):
            return
        if message.author is not Author.STAFF and not event.state.human_owns:
            return
        thread = await self._thread(conversation_id)
        if thread is None:
            handoff = await self._store.active_handoff(conversation_id) if event.state.human_owns else None
            if handoff is not None:  # posting the card failed before: post it now, it carries everything
                await self._post_card(conversation_id, handoff.id)
            return
        conversation = await self._store.get_conversation(conversation_id)
        customer = await self._store.get_customer(conversation.customer_id)
        author = author_name(message, customer=customer, bot=self._bot)
        if message.author is Author.CUSTOMER:
            author = f"{author} ({message.channel})"
        elif message.author is Author.STAFF:
            author = f"{author} (from the inbox)"
        await self.channel.post_in_thread(thread, message.text, author=author)
