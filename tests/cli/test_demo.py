"""``warmline demo-traffic``: a simulated week played through the real pipeline and staff desk, stored as
real rows the dashboard reads; never mixed into a database that already has conversations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warmline.cli.demo import run_demo_traffic
from warmline.config import Settings
from warmline.config.botfile import load_bot
from warmline.domain import Author, ValidationError
from warmline.engine.reports import compute_figures
from warmline.store import SqlStore

NOW = datetime(2026, 3, 6, 16, 0, tzinfo=UTC)  # a Friday afternoon


async def test_a_demo_week_leaves_real_figures(settings: Settings) -> None:
    summary = await run_demo_traffic(settings, days=3, seed=3, now=NOW)

    assert summary.customers > 10
    assert summary.messages >= summary.customers - 5
    async with SqlStore(settings.resolved_database_url) as store:
        activity = await store.activity(since=summary.since, until=NOW + timedelta(seconds=1))
        first = activity.conversations[0]
        history = await store.messages(first.conversation.id)
    # Every customer message was decided on by the pipeline and answered (bot or staff), in the store;
    # answers to the closing question ("Yes 👍", a word) are decisions too, but not counted as questions.
    assert summary.messages == sum(summary.actions.values())
    assert len(activity.decisions) >= summary.messages
    assert history[0].author is Author.CUSTOMER
    assert any(m.author is Author.BOT for m in history)
    assert len(activity.feedback) == summary.feedback > 0
    staff_replies = [h for h in activity.handoffs if h.first_staff_reply_at is not None]
    assert len(staff_replies) > 0
    assert summary.staff_replies > 0
    figures = compute_figures(activity, bot=load_bot(settings.bot), now=NOW)
    assert figures.conversations == summary.customers
    assert sum(c.value for c in figures.outcomes) == figures.conversations > 0
    assert all(d.decision.created_at is not None and summary.since <= d.decision.created_at <= NOW
               for d in activity.decisions)


async def test_it_refuses_a_database_that_has_conversations(settings: Settings) -> None:
    await run_demo_traffic(settings, days=1, now=NOW)
    with pytest.raises(ValidationError) as refused:
        await run_demo_traffic(settings, days=1, now=NOW)
    assert refused.value.field == "database"
    with pytest.raises(ValidationError):
        await run_demo_traffic(settings, days=0, now=NOW, force=True)
