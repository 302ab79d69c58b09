"""The shop's platform asked live, against the local fake Shopify: an order the store has no copy of is
fetched, stored and answered; a platform that errors, hangs or stays throttled gets an honest delay that
names a person and a time, and tells a stranger no more than anyone else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.shops._server import serving
from tests.shops.fake_shopify import SECRET, TOKEN, FakeShopify, shopify_order

from warmline.domain import Action, Bot, CaseType, ChannelIdentity, Conversation, Customer, OrderRules, StaffMember
from warmline.engine.customer.order_answers import OrderAnswers
from warmline.engine.customer.order_book import OrderBook
from warmline.engine.customer.order_live import LiveOrders
from warmline.handoff import Routing
from warmline.shops.shopify import ShopifyConnector
from warmline.store import SqlStore

from .test_order_answers import JANES

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)  # a Wednesday
JORIS = StaffMember(id="joris", name="Joris van Dijk", skills=("missing_parcel",))
BOT = Bot(name="t", display_name="T", knowledge_dir=Path("."), staff=(JORIS,),
          case_types=(CaseType(name="missing_parcel", description="a parcel", what_happens="we ask the carrier",
                               handling_minutes=45, skills=("missing_parcel",)),),
          orders=OrderRules(number_pattern=r"#?\d{4}", case_type="missing_parcel"))


class Router:
    """Records which case type was routed; Joris takes it, 45 minutes out."""

    def __init__(self) -> None:
        self.asked: list[str | None] = []

    async def __call__(self, customer: Customer, case_type: str | None) -> Routing:
        self.asked.append(case_type)
        return Routing(assignee=JORIS, eta_minutes=45, reasons=("Joris is on shift and knows missing_parcel",))


class NoSleep:
    """The connector's back-off, skipped: the retries themselves are what is tested."""

    async def __call__(self, seconds: float) -> None:
        return None


@pytest.fixture
async def shop() -> AsyncIterator[tuple[FakeShopify, str]]:
    fake = FakeShopify(orders=[shopify_order(2001, email="piet@example.com")])
    async with serving(fake.app()) as url:
        yield fake, url


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqlStore]:
    async with SqlStore(f"sqlite:///{tmp_path / 'w.db'}", clock=lambda: NOW) as sql:
        await OrderBook(store=sql).save(JANES)  # the shop has orders in the store, but not #2001
        yield sql


def _answers(store: SqlStore, url: str, router: Router, *,
             budget: float = 5.0) -> tuple[OrderAnswers, ShopifyConnector]:
    connector = ShopifyConnector(shop="mossa", token=TOKEN, webhook_secret=SECRET, api_url=url, sleep=NoSleep())
    live = LiveOrders(shops=[connector], book=OrderBook(store=store), budget_seconds=budget)
    return OrderAnswers(bot=BOT, store=store, clock=lambda: NOW, live=live, router=router), connector


async def _visitor(store: SqlStore, name: str) -> tuple[Customer, Conversation]:
    customer = await store.customer_for_identity(ChannelIdentity(channel="webchat", external_id=name))
    return customer, await store.current_conversation(customer_id=customer.id, channel="webchat")


async def test_an_order_the_store_lacks_is_fetched_stored_and_answered(
        store: SqlStore, shop: tuple[FakeShopify, str]) -> None:
    fake, url = shop
    answers, connector = _answers(store, url, Router())
    customer, conversation = await _visitor(store, "piet")

    decision = await answers.respond(customer=customer, conversation=conversation,
                                     text="has #2001 shipped? piet@example.com")
    again = await answers.respond(customer=customer, conversation=conversation, text="when will it arrive?")
    await connector.close()

    assert decision is not None
    assert decision.action is Action.ANSWER
    assert "https://postnl.example/3S2001" in decision.replies[0].text
    assert again is not None
    assert again.action is Action.ANSWER
    assert len(fake.queries) == 1  # stored on the way: the follow-up is answered from the store
    assert (await store.get_order("2001")).email == "piet@example.com"


async def test_without_any_proof_the_platform_is_not_asked(store: SqlStore, shop: tuple[FakeShopify, str]) -> None:
    fake, url = shop
    answers, connector = _answers(store, url, Router())
    customer, conversation = await _visitor(store, "anyone")
    decision = await answers.respond(customer=customer, conversation=conversation, text="has #2001 shipped?")
    await connector.close()
    assert decision is not None
    assert decision.action is Action.CLARIFY
    assert fake.queries == []


@pytest.mark.parametrize("trouble", ["server errors", "throttled", "hangs", "token refused"])
async def test_an_unreachable_order_system_gets_an_honest_delay_naming_a_person_and_a_time(
        store: SqlStore, shop: tuple[FakeShopify, str], trouble: str) -> None:
    fake, url = shop
    if trouble == "server errors":
        fake.fail_next(503, times=4)
    elif trouble == "throttled":
        fake.throttle_next(times=4)
    elif trouble == "token refused":
        fake.fail_next(401)  # an admin's mistake: logged for them, the customer still hears the truth
    else:
        fake.delay_seconds = 2.0  # longer than the budget, shorter than the connector's own timeout
    router = Router()
    answers, connector = _answers(store, url, router, budget=0.3)
    customer, conversation = await _visitor(store, "piet")

    decision = await answers.respond(customer=customer, conversation=conversation,
                                     text="where is #2001? piet@example.com")
    await connector.close()

    assert decision is not None
    assert decision.action is Action.DELAY
    assert decision.assignee is not None
    assert decision.assignee.id == "joris"
    assert decision.eta_minutes == 45
    assert router.asked == ["missing_parcel"]  # the bot file's case type for orders picks the skilled person
    text = decision.replies[0].text
    assert text.startswith("I can't see our order system right now")
    assert "Joris will check it by 12:45 today" in text
    assert "shopify" in decision.reasons[0]
    assert (await store.conversation_order(conversation.id)) is not None  # the number is kept for Joris


async def test_while_it_is_down_a_stranger_learns_nothing_about_an_order_in_the_store(
        store: SqlStore, shop: tuple[FakeShopify, str]) -> None:
    fake, url = shop
    fake.fail_next(503, times=8)
    answers, connector = _answers(store, url, Router(), budget=0.3)
    stranger, conversation = await _visitor(store, "stranger")
    other, other_conversation = await _visitor(store, "other")

    known = await answers.respond(customer=stranger, conversation=conversation,
                                  text="where is #1042? me@evil.example")  # in the store, not theirs
    unknown = await answers.respond(customer=other, conversation=other_conversation,
                                    text="where is #1043? me@evil.example")  # nowhere
    await connector.close()

    assert known is not None
    assert unknown is not None
    assert (known.action, known.reasons) == (unknown.action, tuple(r.replace("1043", "1042") for r in unknown.reasons))
    assert known.replies[0].text == unknown.replies[0].text.replace("1043", "1042")
    for secret in ("PostNL", "cardigan", "jane"):
        assert secret not in known.replies[0].text

