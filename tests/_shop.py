"""A small, self-contained shop for the full-app tests: always-staffed, a handful of FAQ entries.

``pinned_settings`` puts the app on a pinned clock (``TUESDAY_MORNING``, then on at real speed) for tests
that need to know the day; out-of-hours behaviour is tested on the demo bot (tests/web/test_out_of_hours.py).

Loaded as a plugin by ``tests/conftest.py``, so its ``shop_dir``, ``settings``, ``client`` and
``staff_client`` (signed in as a person) fixtures serve every test folder; ``write_test_bot`` is for tests
that start a server of their own, ``add_staff_accounts`` and ``sign_in`` for tests that sign in themselves.
"""

from __future__ import annotations

import shutil
import textwrap
import weakref
from collections.abc import AsyncIterator, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from tests._built_once import built_once
from tests._clock import TUESDAY_MORNING, ManualClock

from warmline.config import Settings
from warmline.config.botfile import load_bot
from warmline.domain import StaffRole
from warmline.runtime.services import Services, open_knowledge
from warmline.signals import ExampleSignals
from warmline.store import upgrade_schema
from warmline.web import create_app

REPO = Path(__file__).resolve().parents[1]
DEMO_BOT = REPO / "bots" / "demo-shop.yaml"

BOT_YAML = """
name: test-shop
display_name: Test Shop
knowledge: knowledge
voice:
  greeting: "Hi{name}! I'm the Test Shop assistant."
  sign_off: "Thanks for shopping with us!"
business_hours:
  timezone: UTC
  shifts: [{days: daily, start: "00:00", end: "24:00"}]
staff:
  - id: maya
    name: Maya Lindqvist
    role: Customer care lead
    lead: true
    skills: [returns, orders, damaged_item]
    timezone: UTC
    shifts: [{days: daily, start: "00:00", end: "24:00"}]
    capacity: 5
  - id: leo
    name: Leo Park
    role: Orders
    skills: [orders]
    timezone: UTC
    shifts: [{days: daily, start: "00:00", end: "24:00"}]
    capacity: 5
case_types:
  - name: damaged_item
    description: An item arrived damaged
    what_happens: we look at your photos and send a replacement or a refund
    handling_minutes: 30
    skills: [damaged_item]
    examples: ["my mug arrived broken", "the sweater came torn", "item arrived damaged"]
    needs: [order number, photo]
"""

FAQ_YAML = """
entries:
  - question: How long does shipping take?
    answer: Orders ship within 1 business day; delivery takes 2-4 business days in the EU.
    phrasings: ["when will my order arrive", "delivery time", "how fast do you ship"]
    tags: [shipping]
    url: https://test-shop.example/shipping
  - question: Can I return an item?
    answer: Yes! You can return anything unworn within 30 days, and the return label is free.
    phrasings: ["how do returns work", "can I send it back", "refund for something I don't want"]
    tags: [returns]
  - question: What payment methods do you accept?
    answer: We take Visa, Mastercard, PayPal, iDEAL and Klarna.
    phrasings: ["can I pay with paypal", "do you take credit cards", "payment options"]
    tags: [payment]
  - question: What are your opening hours?
    answer: Our studio is open Tuesday to Saturday, 10:00 to 17:00.
    phrasings: ["when are you open", "opening times", "can I visit the studio"]
    tags: [hours]
  - question: Do you ship to the United States?
    answer: Yes, we ship to the US for a flat 19 euros; it takes 6-10 business days.
    phrasings: ["international shipping", "do you deliver to america", "shipping to USA"]
    tags: [shipping]
"""


# argon2 at its cheapest (1 pass over 8 KiB): a sign-in costs microseconds instead of ~100 ms in tests.
FAST_PASSWORDS: dict[str, Any] = {"password_hash_time_cost": 1, "password_hash_memory_kib": 8}
STAFF_PASSWORD = "a long test password"
STAFF_ROLES = {"maya": StaffRole.OWNER, "leo": StaffRole.AGENT}  # the test shop's roster, signed in


def add_staff_accounts(client: TestClient, roles: dict[str, StaffRole] | None = None) -> None:
    """Give roster members accounts (password ``STAFF_PASSWORD``) in the running app of ``client``."""
    accounts = client.app.state.services.accounts  # type: ignore[attr-defined]
    for staff_id, role in (roles or STAFF_ROLES).items():
        assert client.portal is not None
        client.portal.call(partial(accounts.create, staff_id, role=role, password=STAFF_PASSWORD))


def sign_in(client: TestClient, staff_id: str, *, password: str = STAFF_PASSWORD) -> str:
    """Sign ``client`` in as ``staff_id`` (cookie kept by the client) and send that session's CSRF token on
    every request from now on; returns the token."""
    response = client.post("/staff/signin", data={"staff_id": staff_id, "password": password},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    csrf = client.get("/api/v1/staff/me").json()["csrf_token"]
    client.headers["X-CSRF-Token"] = csrf
    _SIGNED_IN[client] = staff_id
    return str(csrf)


_SIGNED_IN: weakref.WeakKeyDictionary[TestClient, str] = weakref.WeakKeyDictionary()


def act_as(client: TestClient, staff_id: str) -> None:
    """Make sure ``client`` is signed in as ``staff_id`` (signing in only when someone else is), giving the
    test shop's roster its accounts (``STAFF_ROLES``) first if nobody has one yet."""
    if _SIGNED_IN.get(client) == staff_id:
        return
    accounts = client.app.state.services.accounts  # type: ignore[attr-defined]
    assert client.portal is not None
    if not client.portal.call(accounts.has_accounts):
        add_staff_accounts(client)
    sign_in(client, staff_id)


async def act_as_async(client: httpx.AsyncClient, services: Services, staff_id: str) -> None:
    """``act_as`` for an httpx client on an in-process app of ``services``."""
    if _SIGNED_IN_ASYNC.get(client) == staff_id:
        return
    if not await services.accounts.has_accounts():
        for member_id, role in STAFF_ROLES.items():
            await services.accounts.create(member_id, role=role, password=STAFF_PASSWORD)
    response = await client.post("/staff/signin", data={"staff_id": staff_id, "password": STAFF_PASSWORD})
    assert response.status_code == 303, response.text
    client.cookies.set("warmline_staff", response.cookies["warmline_staff"])
    client.headers["X-CSRF-Token"] = (await client.get("/api/v1/staff/me")).json()["csrf_token"]
    _SIGNED_IN_ASYNC[client] = staff_id


_SIGNED_IN_ASYNC: weakref.WeakKeyDictionary[httpx.AsyncClient, str] = weakref.WeakKeyDictionary()


def write_test_bot(root: Path) -> Path:
    """Write the test shop's bot file and knowledge under ``root``; returns the bot file."""
    (root / "knowledge").mkdir(parents=True, exist_ok=True)
    (root / "knowledge" / "faq.yaml").write_text(textwrap.dedent(FAQ_YAML), encoding="utf-8")
    bot_file = root / "test-shop.yaml"
    bot_file.write_text(textwrap.dedent(BOT_YAML), encoding="utf-8")
    return bot_file


def keep_example_vectors(settings: Settings) -> None:
    """Index the bot's knowledge into the settings' data dir if it is not yet, and keep there the signals'
    example vectors, as a server does on its first start: servers the tests start on a copy read them
    instead of embedding them (seconds each)."""
    bot = load_bot(settings.bot)
    knowledge = open_knowledge(settings, bot)
    ExampleSignals(embed=knowledge.embed_texts, embed_examples=knowledge.embed_kept,
                   case_types=bot.case_types).prepare()


def _index_once(root: Path, bot_file: Path) -> Path:
    template = Settings(bot=bot_file, data_dir=root / "data")
    keep_example_vectors(template)
    return template.index_dir


def with_index(data_dir: Path, index: Path) -> Path:
    """``data_dir`` holding a copy of a session's ``index`` folder (see ``test_shop_index``); returns it."""
    shutil.copytree(index, data_dir / "index", dirs_exist_ok=True)
    return data_dir


@pytest.fixture(scope="session")
def test_shop_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test shop's knowledge indexed once per test run (an ``index`` folder to copy into a data dir).

    Ingest tunes the answer threshold by cross-validation, which takes seconds: paid once per run (by
    whichever pytest-xdist worker asks first), and each shop gets a copy (``with_index``), not a rebuild.
    The knowledge is the same, so the copy is what ingest would have built.
    """
    built = built_once(tmp_path_factory, "test-shop-index", lambda root: _index_once(root, write_test_bot(root)))
    return built / "data" / "index"


@pytest.fixture(scope="session")
def demo_shop_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop's shipped knowledge (``bots/demo-shop.yaml``) indexed once per test run; copy it with
    ``with_index`` into the data dir of any demo bot whose knowledge folder is a copy of the shipped one."""
    built = built_once(tmp_path_factory, "demo-shop-index", lambda root: _index_once(root, DEMO_BOT))
    return built / "data" / "index"


@pytest.fixture(scope="module")
def shop_dir(tmp_path_factory: pytest.TempPathFactory, test_shop_index: Path) -> Path:
    """A test shop of the module's own, its knowledge already indexed."""
    shop = tmp_path_factory.mktemp("shop")
    with_index(shop / "data", test_shop_index)
    return shop


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the newest schema, made once per test run: each test's store starts from
    a copy (what ``upgrade head`` makes of a new file), so it does not replay every migration again."""
    def migrate(folder: Path) -> None:
        upgrade_schema(f"sqlite:///{folder / 'warmline.sqlite3'}")

    return built_once(tmp_path_factory, "migrated-database", migrate) / "warmline.sqlite3"


@pytest.fixture
def settings(shop_dir: Path, tmp_path: Path, migrated_database: Path) -> Settings:
    """Settings with a fresh database per test, and the module's shared knowledge index."""
    bot_file = write_test_bot(shop_dir)
    database = shutil.copyfile(migrated_database, tmp_path / "warmline.sqlite3")
    return Settings(bot=bot_file, data_dir=shop_dir / "data", database_url=f"sqlite:///{database}",
                    **FAST_PASSWORDS)


def pinned_settings(settings: Settings) -> Settings:
    """``settings`` on a clock pinned to ``TUESDAY_MORNING``: "today" is known before any traffic is sent.

    Not the default: a test that restarts the app on the same settings would see its clock jump back.
    """
    return settings.model_copy(update={"clock": TUESDAY_MORNING})


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The real app, started and stopped around the test."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def staff_client(client: TestClient) -> TestClient:
    """``client`` signed in as Maya (owner); Leo (agent) has an account too (``sign_in(client, "leo")``)."""
    add_staff_accounts(client)
    sign_in(client, "maya")
    return client


@pytest.fixture
def clock() -> ManualClock:
    """A clock the test moves by hand, on a Tuesday morning (the test shop is always open)."""
    return ManualClock(TUESDAY_MORNING)


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    """The whole engine on ``clock``, started and stopped around the test (no HTTP in between)."""
    started = await Services.start(settings, clock=clock)
    yield started
    await started.stop()
