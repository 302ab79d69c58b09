"""The dashboard's figures from a hand-made activity report: outcomes, reply times, waits, promises, reasons,
likes and unanswered questions, each counted the way docs/dashboard.md says."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warmline.domain import (
    Action,
    Activity,
    Bot,
    BusinessHours,
    CaseType,
    Conversation,
    ConversationActivity,
    Decision,
    DecisionRecord,
    Feedback,
    Handoff,
    HandoffActivity,
    HandoffStatus,
    Promise,
    PromiseStatus,
    Reply,
    StaffMember,
)
from warmline.engine.reports import compute_figures
from warmline.engine.reports.figures import conversation_outcomes

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Amsterdam
UNTIL = T0 + timedelta(days=3)
NOW = T0 + timedelta(days=2)
BOT = Bot(name="shop", display_name="Shop", knowledge_dir=Path("."),
          business_hours=BusinessHours(timezone="Europe/Amsterdam"),
          staff=(StaffMember(id="maya", name="Maya Lindqvist"), StaffMember(id="leo", name="Leo Park")),
          case_types=(CaseType(name="damaged_item", description="broken", what_happens="we replace it",
                               handling_minutes=30),))
UNSURE = "the knowledge base has no confident answer (confidence 0.12)"


def _conversation(cid: str, channel: str = "web") -> Conversation:
    return Conversation(id=cid, customer_id=f"cust-{cid}", channel=channel)


def _decision(cid: str, action: Action, *, at: datetime, question: str = "q", channel: str = "web",
              reasons: tuple[str, ...] = ("why",)) -> DecisionRecord:
    return DecisionRecord(decision=Decision(action=action, reasons=reasons, confidence=0.5, conversation_id=cid,
                                            created_at=at), channel=channel, question=question)


def _visit(cid: str, *, at: datetime, channel: str = "web", reply_after: timedelta | None = timedelta(0),
           staff_after: timedelta | None = None) -> ConversationActivity:
    return ConversationActivity(conversation=_conversation(cid, channel), first_customer_at=at, customer_messages=1,
                                first_reply_at=None if reply_after is None else at + reply_after,
                                first_staff_reply_at=None if staff_after is None else at + staff_after)


def _activity(**parts: object) -> Activity:
    return Activity(since=T0, until=UNTIL, **parts)  # type: ignore[arg-type]


def test_each_conversation_counts_once_under_the_furthest_it_went() -> None:
    late_evening = T0.replace(hour=23, minute=30)  # 00:30 on Tuesday in Amsterdam: Tuesday's conversation
    activity = _activity(
        conversations=(_visit("a", at=T0), _visit("b", at=T0, channel="instagram"), _visit("c", at=T0),
                       _visit("d", at=late_evening), _visit("e", at=late_evening)),
        decisions=(_decision("a", Action.ANSWER, at=T0), _decision("a", Action.ANSWER, at=T0),
                   _decision("b", Action.ANSWER, at=T0, channel="instagram"),
                   _decision("b", Action.DELAY, at=T0, channel="instagram"),
                   _decision("c", Action.CLARIFY, at=T0, reasons=(UNSURE,)),
                   _decision("c", Action.HANDOFF, at=T0),
                   _decision("d", Action.CLARIFY, at=late_evening, reasons=(UNSURE,))))

    figures = compute_figures(activity, bot=BOT, now=NOW)

    assert {c.key: c.value for c in figures.outcomes} == {
        "answered": 1, "delay_explained": 1, "handed_off": 1, "not_answered": 2}
    assert conversation_outcomes(activity)["b"].value == "delay_explained"
    days = {d.day.isoformat(): {c.key: c.value for c in d.counts if c.value} for d in figures.outcomes_by_day}
    assert days == {"2026-03-02": {"answered": 1, "delay_explained": 1, "handed_off": 1},
                    "2026-03-03": {"not_answered": 2}, "2026-03-04": {}, "2026-03-05": {}}
    assert [(row.channel, row.conversations) for row in figures.by_channel] == [("web", 4), ("instagram", 1)]
    assert figures.conversations == 5


def test_time_to_first_reply_median_and_90th_percentile() -> None:
    visits = [_visit(f"c{n}", at=T0, reply_after=timedelta(seconds=n), staff_after=timedelta(minutes=10 * n))
              for n in range(1, 11)]
    visits.append(_visit("silent", at=T0, reply_after=None))
    figures = compute_figures(_activity(conversations=tuple(visits)), bot=BOT, now=NOW)
    assert (figures.first_reply.count, figures.first_reply.p50_seconds, figures.first_reply.p90_seconds) == (
        10, 5.5, pytest.approx(9.1))
    assert figures.first_person_reply.count == 10
    assert figures.first_person_reply.p50_seconds == 55 * 60


def _handoff(hid: str, cid: str, *, at: datetime, eta: float | None, reasons: tuple[str, ...] = (),
             status: HandoffStatus = HandoffStatus.RESOLVED, case_type: str | None = None,
             resolved_at: datetime | None = None) -> Handoff:
    return Handoff(id=hid, conversation_id=cid, assignee_id="maya", reasons=reasons, status=status,
                   eta_minutes=eta, created_at=at, case_type=case_type, resolved_at=resolved_at)


def test_waits_against_the_promise_leave_re_routes_out() -> None:
    rerouted_at = T0 + timedelta(hours=2, minutes=10)
    handoffs = (
        HandoffActivity(handoff=_handoff("h1", "a", at=T0, eta=10), channel="web",
                        first_staff_reply_at=T0 + timedelta(minutes=6), first_staff_id="leo"),
        HandoffActivity(handoff=_handoff("h2", "b", at=T0, eta=10), channel="web",
                        first_staff_reply_at=T0 + timedelta(minutes=25), first_staff_id="maya"),
        # Not claimed in 10 minutes: re-routed to someone else, who then replied after 30 minutes in all.
        HandoffActivity(handoff=_handoff("h3", "c", at=T0 + timedelta(hours=2), eta=15,
                                         status=HandoffStatus.REASSIGNED, resolved_at=rerouted_at),
                        channel="web", first_staff_reply_at=T0 + timedelta(hours=2, minutes=30)),
        HandoffActivity(handoff=_handoff("h4", "c", at=rerouted_at, eta=5), channel="web",
                        first_staff_reply_at=T0 + timedelta(hours=2, minutes=30)),
        HandoffActivity(handoff=_handoff("h5", "d", at=NOW - timedelta(minutes=30), eta=20,
                                         status=HandoffStatus.OPEN), channel="telegram"),
        HandoffActivity(handoff=_handoff("h6", "e", at=NOW - timedelta(minutes=5), eta=20,
                                         status=HandoffStatus.OPEN), channel="telegram"),
    )
    figures = compute_figures(_activity(handoffs=handoffs), bot=BOT, now=NOW)

    assert [(w.conversation_id, w.waited_minutes, w.late, w.replied) for w in figures.waits] == [
        ("a", 6.0, False, True), ("b", 25.0, True, True), ("c", 30.0, True, True),
        ("d", 30.0, True, False), ("e", 5.0, False, False)]
    assert figures.waits[0].assignee_id == "leo"  # who actually replied
    assert {c.key: c.value for c in figures.wait_summary} == {"within": 1, "late": 2, "waiting": 1,
                                                              "waiting_late": 1}
    assert figures.rerouted == 1


def test_promises_kept_broken_and_open() -> None:
    def promise(pid: str, status: PromiseStatus, due: datetime) -> Promise:
        return Promise(id=pid, conversation_id="a", owner_id="maya", text="Maya replies", due_at=due, status=status,
                       created_at=T0)

    promises = (promise("1", PromiseStatus.KEPT, T0), promise("2", PromiseStatus.KEPT, T0),
                promise("3", PromiseStatus.BROKEN, T0), promise("4", PromiseStatus.OPEN, NOW - timedelta(minutes=1)),
                promise("5", PromiseStatus.OPEN, NOW + timedelta(minutes=1)))
    figures = compute_figures(_activity(promises=promises), bot=BOT, now=NOW)
    assert {c.key: c.value for c in figures.promises} == {"kept": 2, "broken": 1, "overdue": 1, "open": 1}


def test_handoff_reasons_are_grouped_in_plain_words() -> None:
    handoffs = tuple(HandoffActivity(handoff=h, channel="web") for h in (
        _handoff("1", "a", at=T0, eta=5, reasons=("they asked for a person", "asked for a person: 'a human pls'",
                                                  "Maya is on shift")),
        _handoff("2", "b", at=T0, eta=5, reasons=("they asked for a person", "strong anger",
                                                  "anger in 'this is ridiculous'")),
        _handoff("3", "c", at=T0, eta=5, reasons=("strong anger",)),
        _handoff("4", "d", at=T0, eta=30, case_type="damaged_item",
                 reasons=("needs a person: we replace it", "usually takes 30 minutes")),
        _handoff("5", "e", at=T0, eta=5, reasons=("a long-standing, reliable customer in an unusual situation: "
                                                  "personal help, not the standard procedure",)),
        _handoff("6", "f", at=T0, eta=5, reasons=("something new",)),
    ))
    figures = compute_figures(_activity(handoffs=handoffs), bot=BOT, now=NOW)
    assert [(c.label, c.value) for c in figures.handoff_reasons] == [
        ("Asked for a person", 2), ("Upset (anger)", 2), ("Long-standing customer, unusual situation", 1),
        ("Needs a person: damaged item", 1), ("Other", 1)]


def test_likes_per_channel_and_per_person() -> None:
    def feedback(fid: str, channel: str, liked: bool, staff_id: str | None) -> Feedback:
        return Feedback(id=fid, conversation_id="a", channel=channel, liked=liked, staff_id=staff_id, created_at=T0)

    activity = _activity(conversations=(_visit("a", at=T0),), feedback=(
        feedback("1", "web", True, "maya"), feedback("2", "web", False, "maya"), feedback("3", "web", True, None),
        feedback("4", "instagram", True, "leo"), feedback("5", "instagram", True, "gone-staff")))
    figures = compute_figures(activity, bot=BOT, now=NOW)

    assert (figures.liked, figures.answered_feedback) == (4, 5)
    assert [(r.channel, r.liked, r.answered_feedback) for r in figures.by_channel] == [
        ("web", 2, 3), ("instagram", 2, 2)]
    assert [(s.name, s.liked, s.total) for s in figures.likes_by_staff] == [
        ("gone-staff", 1, 1), ("Leo Park", 1, 1), ("Maya Lindqvist", 1, 2), ("The assistant alone", 1, 1)]


def test_unanswered_questions_grouped_and_ranked() -> None:
    decisions = (
        _decision("a", Action.CLARIFY, at=T0, question="Do you have a shop in Berlin?", reasons=(UNSURE,)),
        _decision("b", Action.CLARIFY, at=T0 + timedelta(hours=1), question="do you have a shop in berlin",
                  channel="instagram", reasons=(UNSURE,)),
        _decision("c", Action.CLARIFY, at=T0, question="wifi password?", reasons=(UNSURE,)),
        # Ambiguous, not unknown: the assistant offered choices, so it is not listed.
        _decision("d", Action.CLARIFY, at=T0, question="shipping?",
                  reasons=("two or more answers fit equally well: asking which one is meant",)),
        _decision("e", Action.ANSWER, at=T0, question="opening hours"),
    )
    figures = compute_figures(_activity(decisions=decisions), bot=BOT, now=NOW)
    assert [(u.question, u.count, u.channels) for u in figures.unanswered] == [
        ("do you have a shop in berlin", 2, ("instagram", "web")), ("wifi password?", 1, ("web",))]
    assert figures.unanswered[0].last_asked == T0 + timedelta(hours=1)


def test_an_empty_period_has_zeroes_not_errors() -> None:
    figures = compute_figures(_activity(), bot=BOT, now=NOW, channel="web")
    assert figures.conversations == 0
    assert figures.first_reply.p50_seconds is None
    assert len(figures.outcomes_by_day) == 4  # Mon 10:00 to Thu 10:00 touches four days
    assert (figures.channel, figures.by_channel, figures.unanswered) == ("web", (), ())


def test_comments_under_posts_are_counted() -> None:
    def on_comment(cid: str, action: Action, *, replied: bool = True) -> DecisionRecord:
        record = _decision(cid, action, at=T0, channel="instagram")
        replies = (Reply(text="answer"),) if replied else ()
        return replace(record, from_comment=True, decision=replace(record.decision, replies=replies))

    activity = _activity(
        conversations=(replace(_visit("c1", at=T0, channel="instagram"), started_from_post=True),
                       replace(_visit("c2", at=T0, channel="instagram"), started_from_post=True),
                       _visit("c3", at=T0, channel="instagram")),
        decisions=(on_comment("c1", Action.ANSWER), on_comment("c1", Action.CLARIFY),
                   on_comment("c2", Action.HANDOFF), on_comment("c2", Action.RELAY, replied=False),
                   _decision("c3", Action.ANSWER, at=T0, channel="instagram")))  # a DM: not a comment

    figures = compute_figures(activity, bot=BOT, now=NOW)

    assert {c.key: c.value for c in figures.comments} == {
        "comments": 4, "answered": 1, "private_replies": 3, "left_alone": 1, "from_posts": 2}
