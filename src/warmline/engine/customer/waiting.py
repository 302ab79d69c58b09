"""A case waiting for a person is still a conversation (DESIGN principle 10).

Until someone has joined, every customer message gets an honest reply in the same turn: who has the case,
where it stands, the live promise in human words, what the customer can do, all in the customer's language.
Simple side questions are still answered (staff see them in the thread), read as any turn reads them (the
customer's language, the question before, spelling); new anger, distress or asking again whether anyone is
there marks the case urgent and alerts the assignee — and a lead when the assignee is off or over capacity.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from warmline.domain import (
    Action,
    Assignee,
    Author,
    Bot,
    Conversation,
    ConversationState,
    Customer,
    CustomerProfile,
    Decision,
    Handoff,
    Message,
    PromiseStatus,
    Reply,
    Retrieval,
    SignalKind,
    Signals,
    StaffMember,
    TeamSnapshot,
)
from warmline.engine.customer.case_pages import CaseAnswer, CasePages
from warmline.engine.customer.intake import reply_language
from warmline.engine.customer.live_promise import promise_reply
from warmline.knowledge import KnowledgeBase, Reader, load_glossary
from warmline.policy import (
    EMAIL_CHOICE,
    EMAIL_WANTED,
    FIRST_LOOK_MINUTES,
    WaitingCase,
    WaitingIntent,
    asked_for_email,
    canonical_choice,
    customer_timezone,
    decide,
    email_reply,
    escalation_reply,
    find_emails,
    gives_a_detail,
    minutes_until,
    person_wait_minutes,
    read_waiting_message,
    round_eta,
    status_line,
    thanks_reply,
    waiting_reply,
)
from warmline.signals import compute_signals, only_tells, questions_asked
from warmline.store import Store

__all__ = ["StaffNotifier", "WaitingRoom", "is_urgent"]

logger = logging.getLogger(__name__)

# (staff ids, conversation id, text): how the waiting room reaches staff (Slack and the inbox, via alerts).
StaffNotifier = Callable[[tuple[str, ...], str, str], Awaitable[None]]
_URGENT = "urgent: "
# A question the case type's "what happens" speaks to is answered from it unless the knowledge is this sure:
# "do i have to post the broken one back?" found "Can I return an item?" (.15) while a damaged-item case waited.
_CASE_OR_ANSWER = 0.5
# Any other question is answered while the case waits only this surely: "would it be ready by mid march if i ask
# now?" while a custom order waited got the express delivery entry (.20); "it's with your case" is no guess.
_SIDE_ANSWER = 0.25


def is_urgent(handoff: Handoff | None) -> bool:
    """Whether the waiting room marked this handoff urgent (the customer got upset or kept asking)."""
    return handoff is not None and any(reason.startswith(_URGENT) for reason in handoff.reasons)


def _side_bar(about: CaseAnswer | None) -> float:
    """How sure the knowledge must be to answer a question asked while the case waits, rather than what happens to
    the case (``about``): never, when that says all the question asks ("moet ik hem terugsturen?" while a broken mug
    waits is no question about returns in general, .96)."""
    if about is None:
        return _SIDE_ANSWER
    return math.inf if about.whole else _CASE_OR_ANSWER


class WaitingRoom:
    """Answers a customer whose case is queued for a person; one per process."""

    def __init__(self, *, bot: Bot, store: Store, knowledge: KnowledgeBase, clock: Callable[[], datetime],
                 mail: bool = False, notify_staff: StaffNotifier | None = None) -> None:
        self._bot = bot
        self._store = store
        self._knowledge = knowledge
        self._reader = Reader(knowledge, glossary=load_glossary(bot.phrasebook.glossary()),
                              knowledge_language=bot.knowledge_language)
        self._pages = CasePages(bot=bot, knowledge=knowledge, reader=self._reader)
        self._clock = clock
        self._mail = mail
        self.notify_staff = notify_staff  # set by the runtime once alerts exist

    async def turn(self, *, customer: Customer, conversation: Conversation, inbound: Message,
                   history: Sequence[Message]) -> Decision:
        """The decision (with its one reply) for ``inbound``; ``history`` is the conversation before it."""
        now = self._clock()
        handoff = await self._store.active_handoff(conversation.id)
        case = await self._case(conversation, now=now)
        said = [m.text for m in history if m.author in (Author.BOT, Author.SYSTEM)]
        earlier = [m.text for m in history if m.author is Author.CUSTOMER]
        language = reply_language(inbound.text, earlier=earlier, bot=self._bot).code
        inbound = replace(inbound, text=canonical_choice(inbound.text))  # "Wachten op Maya" is "Wait for Maya"
        signals = compute_signals(text=inbound.text, history=history, customer=customer, bot=self._bot, now=now)
        since = handoff.created_at if handoff is not None and handoff.created_at is not None else None
        # Pings since the handoff, not counting the message that asked for it ("Talk to a person").
        pings = sum(1 for m in history if m.author is Author.CUSTOMER and (since is None or m.created_at > since)
                    and read_waiting_message(m.text, emotion=None, earlier_pings=0) is WaitingIntent.PING)
        intent = read_waiting_message(inbound.text, emotion=signals.get(SignalKind.EMOTION), earlier_pings=pings)
        timezone = customer_timezone(customer, default=self._bot.business_hours.timezone)
        chosen = self._chosen_person(inbound.text)
        if chosen is not None and chosen.id != conversation.assignee_id and handoff is not None:
            case = await self._reassign(conversation, handoff, chosen, now=now)
            reply = waiting_reply(WaitingIntent.WAIT, case=case, customer=customer, now=now, timezone=timezone,
                                  said=said, language=language, bot=self._bot)
            return self._decision(case, reply, now=now, reason=f"the customer chose {chosen.name}")
        if intent is WaitingIntent.UPSET:
            lead, already = await self._escalate(conversation, handoff, case=case, customer=customer,
                                                 text=inbound.text, now=now)
            emotion = signals.get(SignalKind.EMOTION)
            reply = escalation_reply(case=case, customer=customer, lead=lead, now=now, timezone=timezone,
                                     said=said, already_urgent=already, feeling=emotion.label or "" if emotion else "",
                                     language=language, bot=self._bot)
            return self._decision(case, reply, now=now, reason="upset while waiting: marked urgent, staff alerted")
        if intent is WaitingIntent.WITHDRAWN:  # the person closes the case: handing back is theirs to do
            who = customer.display_name or "A customer"
            await self._notify(case.assignee, conversation, f"{who} no longer needs help: \u201c{inbound.text[:120]}"
                                                            "\u201d. Please check and close the case.")
            reply = waiting_reply(intent, case=case, customer=customer, now=now, timezone=timezone, said=said,
                                  language=language, bot=self._bot)
            return self._decision(case, reply, now=now, reason="no longer needs a person: staff told, to close it")
        if intent is WaitingIntent.EMAIL or (said and asked_for_email(said[-1], bot=self._bot)
                                             and find_emails(inbound.text)):
            return await self._email(customer, case, text=inbound.text, now=now, language=language)
        # "i paid with klarna" or "la devolución os llegó el día 3" while a refund waits tells the case something;
        # it asks nothing the knowledge answers.
        # Nor does "can someone actually call me": a wish for the person who has the case goes with it.
        wants = signals.get(SignalKind.WANTS_HUMAN)
        detail = ((wants is not None and wants.score >= self._bot.thresholds.wants_human)
                  or gives_a_detail(inbound.text, order_pattern=self._bot.orders.number_pattern)
                  or only_tells(inbound.text))
        if intent is WaitingIntent.OTHER and not detail:
            retrieval = self._reader.read(inbound.text, language=language, previous=questions_asked(earlier))
            about = self._pages.about(inbound.text, handoff, language=language, given=(*earlier, inbound.text),
                                      customer=customer, retrieval=retrieval)
            answer = self._side_answer(customer, conversation, inbound, history=history, signals=signals, now=now,
                                       language=language, retrieval=self._pages.on_the_page(
                                           retrieval, handoff, text=inbound.text, language=language),
                                       surer_than=_side_bar(about))
            line = status_line(case, now=now, timezone=timezone, said=said, language=language, bot=self._bot)
            then = f"\n\n{line}" if line else ""
            if answer is None and about is not None:
                return self._decision(case, Reply(text=about.text + then, citations=self._pages.citations(handoff)),
                                      now=now,
                                      reason="asked about the case: told what happens to it")
            if answer is not None:
                first, *rest = answer.replies
                return replace(answer, replies=(replace(first, text=first.text + then), *rest),
                               assignee=self._assignee(case),
                               reasons=(*answer.reasons, "answered a side question while the case waits"))
        if intent in (WaitingIntent.PING, WaitingIntent.THANKS) and case.due_at is not None and case.due_at <= now:
            who = customer.display_name or "A customer"
            await self._notify(case.assignee, conversation, f"{who} is still waiting and the promised time has passed.")
        if intent is WaitingIntent.THANKS:
            reply = thanks_reply(case=case, customer=customer, now=now, timezone=timezone, said=said, bot=self._bot,
                                 text=inbound.text, language=language)
            return self._decision(case, reply, now=now, reason="thanked while waiting: a short, warm reply")
        asked = intent is WaitingIntent.OTHER and not detail and bool(questions_asked([inbound.text]))
        reply = waiting_reply(intent, case=case, customer=customer, now=now, timezone=timezone, said=said,
                              language=language, bot=self._bot, asked=asked)
        return self._decision(case, reply, now=now, reason=f"waiting for a person ({intent.value}): told where it is")

    async def _email(self, customer: Customer, case: WaitingCase, *, text: str, now: datetime,
                     language: str) -> Decision:
        """ "Email me when it's done": the address given now, the one we know, or ask for it (once)."""
        typed = find_emails(text)
        address = typed[0] if typed else customer.email
        if typed and self._mail:
            await self._store.upsert_profile(customer.id, CustomerProfile(email=typed[0]))
        reply = email_reply(case=case, address=address, language=language, bot=self._bot)
        reason = f"{EMAIL_WANTED} {address}" if address and self._mail else "asked how to reach them by e-mail"
        return self._decision(case, reply, now=now, reason=reason)

    def _chosen_person(self, text: str) -> StaffMember | None:
        """ "Wait for Amara" or "Maya now": the person the customer picked from the choices, if any."""
        said = " ".join(text.lower().split()).rstrip(".!")
        name = said.removeprefix("wait for ") if said.startswith("wait for ") else (
            said.removesuffix(" now") if said.endswith(" now") and said.count(" ") == 1 else None)
        return next((m for m in self._bot.staff if name and m.first_name.lower() == name), None)

    async def _reassign(self, conversation: Conversation, handoff: Handoff, member: StaffMember, *,
                        now: datetime) -> WaitingCase:
        """The case moves to the person the customer chose; the one live promise moves with it."""
        await self._store.set_state(conversation.id, state=ConversationState.QUEUED, assignee_id=member.id,
                                    expected={ConversationState.QUEUED})
        await self._store.update_handoff(replace(handoff, assignee_id=member.id))
        case_type = self._bot.case_type(handoff.case_type)
        if self._bot.on_shift(member, now):
            team = await self._store.team_snapshot()
            due = now + timedelta(minutes=round_eta(person_wait_minutes(member, team=team, case=case_type)))
        else:
            due = (self._bot.next_on_shift(member, now) or now) + timedelta(minutes=FIRST_LOOK_MINUTES)
        await promise_reply(self._store, conversation_id=conversation.id, owner=member, due_at=due, at=now)
        logger.info("waiting case %s moved to %s, as the customer chose", conversation.id, member.id)
        return await self._case(replace(conversation, assignee_id=member.id), now=now)

    async def _case(self, conversation: Conversation, *, now: datetime) -> WaitingCase:
        member = self._bot.staff_member(conversation.assignee_id or "")
        promises = [p for p in await self._store.promises(conversation_id=conversation.id, open_only=True)
                    if p.status is PromiseStatus.OPEN]
        due = max((p.due_at for p in promises), default=None)
        on_shift = member is not None and self._bot.on_shift(member, now)
        back = self._bot.next_on_shift(member, now) if member is not None and not on_shift else None
        return WaitingCase(assignee=member, due_at=due, on_shift=on_shift, back_at=back, mail=self._mail)

    def _side_answer(self, customer: Customer, conversation: Conversation, inbound: Message, *,
                     history: Sequence[Message], signals: Signals, now: datetime, language: str,
                     retrieval: Retrieval, surer_than: float = 0.0) -> Decision | None:
        """A simple question the knowledge base answers (``retrieval``: read in the customer's language and against
        the question before it, "and to Belgium?") is answered now; anything else waits for the person.
        ``surer_than``: how sure the knowledge must be (what happens to the case may answer it instead)."""
        if not retrieval.in_scope or retrieval.ambiguous or retrieval.confidence < surer_than:
            return None
        decision = decide(text=inbound.text, customer=customer, conversation=conversation, history=history,
                          retrieval=retrieval, signals=signals, bot=self._bot,
                          team=TeamSnapshot(), now=now, language=language, case_waiting=True)
        return decision if decision.action is Action.ANSWER and decision.replies else None

    async def _escalate(self, conversation: Conversation, handoff: Handoff | None, *, case: WaitingCase,
                        customer: Customer, text: str, now: datetime) -> tuple[StaffMember | None, bool]:
        """Mark the case urgent (once) and alert the assignee, plus a lead when the assignee can't act soon."""
        if is_urgent(handoff):
            return None, True
        if handoff is not None:
            await self._store.update_handoff(replace(handoff, reasons=(*handoff.reasons, f"{_URGENT}{text[:80]}")))
        lead = await self._lead_needed(case)
        who = customer.display_name or "A customer"
        alert = f"Urgent: {who} is upset while waiting: \u201c{text[:120]}\u201d. Please reply as soon as you can."
        await self._notify(case.assignee, conversation, alert, also=lead)
        logger.info("waiting case %s marked urgent", conversation.id)
        return lead, False

    async def _lead_needed(self, case: WaitingCase) -> StaffMember | None:
        """A lead joins the alert when the assignee is off shift or over capacity."""
        assignee = case.assignee
        if assignee is not None and case.on_shift:
            team = await self._store.team_snapshot()
            if team.load(assignee.id) <= assignee.capacity:
                return None
        return next((m for m in self._bot.staff if m.lead and (assignee is None or m.id != assignee.id)), None)

    async def _notify(self, assignee: StaffMember | None, conversation: Conversation, text: str, *,
                      also: StaffMember | None = None) -> None:
        ids = tuple(m.id for m in (assignee, also) if m is not None)
        if self.notify_staff is not None and ids:
            await self.notify_staff(ids, conversation.id, text)

    @staticmethod
    def _assignee(case: WaitingCase) -> Assignee | None:
        return Assignee(id=case.assignee.id, name=case.assignee.name) if case.assignee else None

    def offerable(self, replies: Sequence[Reply]) -> tuple[Reply, ...]:
        """``replies`` without "Email me when it's done" when this shop cannot send e-mail (no SMTP)."""
        if self._mail:
            return tuple(replies)
        return tuple(replace(r, choices=tuple(c for c in r.choices if canonical_choice(c) != EMAIL_CHOICE))
                     for r in replies)

    def _decision(self, case: WaitingCase, reply: Reply, *, now: datetime, reason: str) -> Decision:
        eta = minutes_until(case.due_at, now=now) if case.due_at is not None else None
        return Decision(action=Action.RELAY, reasons=(reason,), confidence=1.0, replies=(reply,),
                        citations=reply.citations, assignee=self._assignee(case), eta_minutes=eta)
