"""The owner's figures for a period, computed from the store's ``Activity`` (pure: no I/O, no clock).

What counts as what, in the words the dashboard uses:

- A conversation's **outcome** in the period is the furthest it went: *handed off* to a person, else
  *delay explained*, else *answered instantly*, else *not answered* (the assistant said it wasn't sure).
- **Time to first reply** runs from the customer's first message in the period to the shop's first
  reply (the assistant's or a person's); **first reply from a person** only counts conversations a person
  answered.
- **Waits vs promised**: each handoff that is not a re-route, from the moment the customer was told "Maya
  will be with you in 15 minutes" to a person's first reply, against those 15 minutes.
- **Comments** under posts count the decisions taken on comments: every reply to a comment goes out as
  its private reply; *left alone* are spam, abuse, or comments a person already had.
- **Handoff reasons** group the policy's plain-words reasons ("they asked for a person", "strong anger",
  "needs a person: …") into a few kinds; a handoff with two reasons counts under both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from warmline.domain import Action, Activity, Bot, Handoff, HandoffStatus, PromiseStatus
from warmline.engine.reports._model import (
    ChannelRow,
    Count,
    DaySeries,
    EtaAccuracy,
    Figures,
    Outcome,
    StaffLikes,
    Unanswered,
    WaitRow,
)
from warmline.engine.reports._stats import Durations, durations, question_key
from warmline.engine.reports.eta_accuracy import eta_accuracy

__all__ = [
    "ChannelRow",
    "Count",
    "DaySeries",
    "Durations",
    "EtaAccuracy",
    "Figures",
    "Outcome",
    "StaffLikes",
    "Unanswered",
    "WaitRow",
    "compute_figures",
    "conversation_outcomes",
]

_UNSURE_MARK = "no confident answer"  # policy's reason when the knowledge base has nothing in scope


def _outcome(actions: set[Action]) -> Outcome:
    if Action.HANDOFF in actions or Action.RELAY in actions:  # a relay: a person already had it
        return Outcome.HANDOFF
    if Action.DELAY in actions:
        return Outcome.DELAY
    if Action.ANSWER in actions:
        return Outcome.ANSWERED
    return Outcome.UNANSWERED


def _counts(counter: Counter[Outcome]) -> tuple[Count, ...]:
    return tuple(Count(key=o.value, label=o.label, value=counter[o]) for o in Outcome)


def _days(since: datetime, until: datetime, zone: ZoneInfo) -> list[date]:
    first, last = since.astimezone(zone).date(), (until - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _reroutes(handoffs: Sequence[Handoff]) -> set[str]:
    """Ids of handoffs made because the previous one was not claimed in time (same conversation, same moment)."""
    by_conversation: dict[str, list[Handoff]] = defaultdict(list)
    for handoff in handoffs:
        by_conversation[handoff.conversation_id].append(handoff)
    rerouted: set[str] = set()
    for chain in by_conversation.values():
        for previous, current in pairwise(chain):
            if previous.status is HandoffStatus.REASSIGNED and previous.resolved_at == current.created_at:
                rerouted.add(current.id)
    return rerouted


def _reason_kinds(handoff: Handoff, bot: Bot) -> list[str]:
    kinds = []
    for reason in handoff.reasons:
        if reason == "they asked for a person":
            kinds.append("Asked for a person")
        elif reason.startswith("strong "):
            kinds.append(f"Upset ({reason.removeprefix('strong ')})")
        elif "long-standing" in reason:
            kinds.append("Long-standing customer, unusual situation")
    if handoff.case_type:
        case = bot.case_type(handoff.case_type)
        kinds.append(f"Needs a person: {(case.name if case else handoff.case_type).replace('_', ' ')}")
    return kinds or ["Other"]


def _ranked(counter: Counter[str]) -> tuple[Count, ...]:
    return tuple(Count(key=k, label=k, value=v) for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _waits(activity: Activity, rerouted: set[str], now: datetime) -> tuple[WaitRow, ...]:
    rows = []
    for item in activity.handoffs:
        handoff = item.handoff
        if handoff.id in rerouted or handoff.created_at is None:
            continue
        end = item.first_staff_reply_at or min(now, activity.until)
        rows.append(WaitRow(conversation_id=handoff.conversation_id, channel=item.channel,
                            assignee_id=item.first_staff_id or handoff.assignee_id, created_at=handoff.created_at,
                            promised_minutes=handoff.eta_minutes,
                            waited_minutes=max(0.0, (end - handoff.created_at).total_seconds() / 60),
                            replied=item.first_staff_reply_at is not None, case_type=handoff.case_type))
    return tuple(rows)


def _wait_summary(waits: Iterable[WaitRow]) -> tuple[Count, ...]:
    counter: Counter[str] = Counter()
    for row in waits:
        if row.replied:
            counter["within" if not row.late else "late"] += 1
        else:
            counter["waiting_late" if row.late else "waiting"] += 1
    labels = (("within", "Replied within the promise"), ("late", "Replied later than promised"),
              ("waiting", "Still waiting, within the promise"), ("waiting_late", "Still waiting, past the promise"))
    return tuple(Count(key=k, label=label, value=counter[k]) for k, label in labels)


def _promises(activity: Activity, now: datetime) -> tuple[Count, ...]:
    counter: Counter[str] = Counter()
    for promise in activity.promises:
        if promise.status is PromiseStatus.OPEN:
            counter["overdue" if promise.due_at < now else "open"] += 1
        else:
            counter[promise.status.value] += 1
    labels = (("kept", "Kept"), ("broken", "Broken"), ("overdue", "Open, past due"), ("open", "Open, not due yet"))
    return tuple(Count(key=k, label=label, value=counter[k]) for k, label in labels)


def _likes_by_staff(activity: Activity, bot: Bot) -> tuple[StaffLikes, ...]:
    liked: Counter[str | None] = Counter()
    total: Counter[str | None] = Counter()
    for feedback in activity.feedback:
        total[feedback.staff_id] += 1
        liked[feedback.staff_id] += feedback.liked
    rows = []
    for staff_id in sorted(total, key=lambda s: (s is None, s or "")):
        member = bot.staff_member(staff_id) if staff_id else None
        name = member.name if member else (staff_id or "The assistant alone")
        rows.append(StaffLikes(staff_id=staff_id, name=name, liked=liked[staff_id], total=total[staff_id]))
    return tuple(rows)


def _unanswered(activity: Activity) -> tuple[Unanswered, ...]:
    groups: dict[str, list[tuple[str, str, datetime]]] = defaultdict(list)
    for record in activity.decisions:
        decision = record.decision
        if (decision.action is Action.CLARIFY and decision.reasons and _UNSURE_MARK in decision.reasons[0]
                and record.question.strip() and decision.created_at is not None):
            groups[question_key(record.question)].append((record.question.strip(), record.channel,
                                                           decision.created_at))
    rows = [Unanswered(question=asked[-1][0], count=len(asked), channels=tuple(sorted({c for _, c, _ in asked})),
                       last_asked=max(t for _, _, t in asked)) for asked in groups.values()]
    return tuple(sorted(rows, key=lambda r: (-r.count, -r.last_asked.timestamp(), r.question)))


def _comments(activity: Activity) -> tuple[Count, ...]:
    """Comments under posts: how many came in, were answered at once, got a private reply (any reply to a
    comment is one), were left alone (spam, abuse, or a person already had it), and started a conversation."""
    decided = [record.decision for record in activity.decisions if record.from_comment]
    replied = [d for d in decided if d.action is not Action.RELAY and d.replies]
    return (
        Count(key="comments", label="Comments", value=len(decided)),
        Count(key="answered", label="Answered instantly", value=sum(d.action is Action.ANSWER for d in replied)),
        Count(key="private_replies", label="Private replies sent", value=len(replied)),
        Count(key="left_alone", label="Left alone", value=sum(d.action is Action.RELAY for d in decided)),
        Count(key="from_posts", label="Conversations started from a post",
              value=sum(item.started_from_post for item in activity.conversations)),
    )


def conversation_outcomes(activity: Activity) -> dict[str, Outcome]:
    """Each conversation's outcome in the period, by conversation id."""
    actions: dict[str, set[Action]] = defaultdict(set)
    for record in activity.decisions:
        if record.decision.conversation_id:
            actions[record.decision.conversation_id].add(record.decision.action)
    return {item.conversation.id: _outcome(actions.get(item.conversation.id, set()))
            for item in activity.conversations}


def compute_figures(activity: Activity, *, bot: Bot, now: datetime, channel: str | None = None,
                    last_week: Activity | None = None) -> Figures:
    """The dashboard's figures for ``activity`` (already limited to ``channel`` by the store, if one).

    ``last_week`` is the activity of the seven days before the period, for how the promises did then.
    """
    zone = ZoneInfo(bot.business_hours.timezone)
    outcomes = conversation_outcomes(activity)
    overall: Counter[Outcome] = Counter()
    by_day: dict[date, Counter[Outcome]] = defaultdict(Counter)
    by_channel: dict[str, Counter[Outcome]] = defaultdict(Counter)
    for item in activity.conversations:
        outcome = outcomes[item.conversation.id]
        overall[outcome] += 1
        by_day[item.first_customer_at.astimezone(zone).date()][outcome] += 1
        by_channel[item.conversation.channel][outcome] += 1
    channel_likes: dict[str, Counter[bool]] = defaultdict(Counter)
    for feedback in activity.feedback:
        channel_likes[feedback.channel][feedback.liked] += 1
    channels = sorted(set(by_channel) | set(channel_likes), key=lambda c: (-sum(by_channel[c].values()), c))
    handoffs = [item.handoff for item in activity.handoffs]
    rerouted = _reroutes(handoffs)
    reasons: Counter[str] = Counter()
    for handoff in handoffs:
        if handoff.id not in rerouted:
            reasons.update(_reason_kinds(handoff, bot))
    waits = _waits(activity, rerouted, now)
    before = last_week or Activity(since=activity.since, until=activity.since)
    eta_by_case_type, eta_by_person = eta_accuracy(
        waits, last_week=_waits(before, _reroutes([item.handoff for item in before.handoffs]), now), bot=bot)
    return Figures(
        since=activity.since, until=activity.until, timezone=bot.business_hours.timezone, channel=channel,
        conversations=len(activity.conversations), outcomes=_counts(overall),
        outcomes_by_day=tuple(DaySeries(day=d, counts=_counts(by_day[d]))
                              for d in _days(activity.since, activity.until, zone)),
        by_channel=tuple(ChannelRow(channel=c, conversations=sum(by_channel[c].values()),
                                    outcomes=_counts(by_channel[c]), liked=channel_likes[c][True],
                                    answered_feedback=sum(channel_likes[c].values()))
                         for c in channels),
        first_reply=durations(item.first_reply_at - item.first_customer_at
                              for item in activity.conversations if item.first_reply_at is not None),
        first_person_reply=durations(item.first_staff_reply_at - item.first_customer_at
                                     for item in activity.conversations if item.first_staff_reply_at is not None),
        waits=waits, wait_summary=_wait_summary(waits), promises=_promises(activity, now),
        handoff_reasons=_ranked(reasons), rerouted=len(rerouted),
        liked=sum(f.liked for f in activity.feedback), answered_feedback=len(activity.feedback),
        likes_by_staff=_likes_by_staff(activity, bot), unanswered=_unanswered(activity),
        comments=_comments(activity), eta_by_case_type=eta_by_case_type, eta_by_person=eta_by_person)
