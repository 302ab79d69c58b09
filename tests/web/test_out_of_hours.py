"""Out-of-hours handoffs through the whole app, on the demo bot's real roster and hours, at pinned times.

The app runs on ``Settings.clock`` (``WARMLINE_CLOCK``), so each test says when it is: a Saturday
evening, a long weekend whose Monday nobody works, a colleague in another time zone. The demo bot's
file is used as shipped except for its knowledge folder (a one-entry FAQ keeps indexing cheap; who is
named and when depends only on the roster and the hours).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from fastapi.testclient import TestClient
from tests._shop import FAST_PASSWORDS, add_staff_accounts, sign_in

from warmline.config import Settings
from warmline.domain import StaffRole
from warmline.web import create_app

DEMO_BOT = Path(__file__).resolve().parents[2] / "bots" / "demo-shop.yaml"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ASK = "Can I talk to a person please?"
ShopAt = Callable[..., TestClient]


def _at(text: str) -> datetime:
    """A wall-clock time in the shop's own time zone (Amsterdam)."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


@pytest.fixture(scope="module")
def bot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo bot with its roster and hours as shipped, and a tiny knowledge folder."""
    root = tmp_path_factory.mktemp("demo-bot")
    (root / "knowledge").mkdir()
    (root / "knowledge" / "faq.yaml").write_text(
        "entries:\n  - question: How long does shipping take?\n    answer: Two to four days in the EU.\n",
        encoding="utf-8")
    spec = yaml.safe_load(DEMO_BOT.read_text(encoding="utf-8"))
    spec["knowledge"] = "knowledge"
    (root / "demo-shop.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    no_mondays = {**spec, "staff": [_without_mondays(member) for member in spec["staff"]]}
    (root / "no-mondays.yaml").write_text(yaml.safe_dump(no_mondays, sort_keys=False), encoding="utf-8")
    return root


def _without_mondays(member: dict) -> dict:
    """A staff member whose Monday is a day off, like a bank holiday (``mon-fri`` becomes ``tue-fri``)."""
    shifts = []
    for shift in member["shifts"]:
        days = shift["days"]
        days = "tue-fri" if days == "mon-fri" else [d for d in days if d != "mon"] if isinstance(days, list) else days
        shifts.append({**shift, "days": days})
    return {**member, "shifts": shifts}


@pytest.fixture
def shop_at(bot_dir: Path, tmp_path: Path) -> Iterator[ShopAt]:
    """``shop_at(moment, bot=...)``: the whole app of the demo bot with its clock pinned to ``moment``."""
    clients: list[TestClient] = []

    def start(moment: datetime, *, bot: str = "demo-shop.yaml") -> TestClient:
        settings = Settings(bot=bot_dir / bot, data_dir=bot_dir / "data", clock=moment,
                            database_url=f"sqlite:///{tmp_path / f'{len(clients)}.sqlite3'}", **FAST_PASSWORDS)
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def _hand_off(client: TestClient, text: str = ASK) -> tuple[dict, dict]:
    """Send ``text`` as Ana; returns the API's answer and the staff view of the conversation."""
    said = client.post("/api/v1/messages", json={"customer_id": "ana", "name": "Ana Silva", "text": text})
    assert said.status_code == 200, said.text
    body = said.json()
    if not client.headers.get("X-CSRF-Token"):  # the owner, who sees every conversation
        add_staff_accounts(client, {"maya": StaffRole.OWNER})
        sign_in(client, "maya")
    detail = client.get(f"/api/v1/staff/conversations/{body['conversation_id']}")
    assert detail.status_code == 200, detail.text
    return body, detail.json()


def _promise_due(detail: dict) -> datetime:
    (promise,) = detail["promises"]
    return datetime.fromisoformat(promise["due_at"])


def _assert_due_when_told(due: datetime, back: datetime) -> None:
    """The promise falls due at the time the customer was told ("back at 9:00"), not at a rounded ETA after it."""
    assert due == back, (due, back)


def test_saturday_evening_names_maya_and_monday_morning(shop_at: ShopAt) -> None:
    body, detail = _hand_off(shop_at(_at("2026-12-05T20:00")))  # a Saturday: the studio closed at 16:00

    assert body["decision"]["action"] == "handoff"
    assert body["decision"]["assignee"] == {"name": "Maya Lindqvist", "id": "maya"}
    told = body["replies"][0]["text"]
    assert "Maya is back at 9:00 on Monday" in told, told
    assert "Wait for Maya" in body["replies"][0]["choices"]
    _assert_due_when_told(_promise_due(detail), _at("2026-12-07T09:00"))


def test_sunday_night_says_tomorrow_not_a_weekday(shop_at: ShopAt) -> None:
    body, detail = _hand_off(shop_at(_at("2026-12-06T23:30")))

    assert body["decision"]["assignee"]["id"] == "maya"
    assert "Maya is back at 9:00 tomorrow" in body["replies"][0]["text"]
    _assert_due_when_told(_promise_due(detail), _at("2026-12-07T09:00"))


def test_a_monday_nobody_works_moves_the_promise_to_tuesday(shop_at: ShopAt) -> None:
    body, detail = _hand_off(shop_at(_at("2026-12-05T20:00"), bot="no-mondays.yaml"))

    # Nobody works Monday: Maya is the first back, on Tuesday at 9:00 (three days ahead: said as a weekday).
    assert body["decision"]["assignee"]["id"] == "maya"
    assert "Maya is back at 9:00 on Tuesday" in body["replies"][0]["text"], body["replies"][0]["text"]
    _assert_due_when_told(_promise_due(detail), _at("2026-12-08T09:00"))


def test_a_colleague_in_toronto_covers_the_amsterdam_evening(shop_at: ShopAt) -> None:
    # Friday 20:00 in Amsterdam is 14:00 in Toronto: Sam is on shift, everyone in Amsterdam has gone home.
    body, detail = _hand_off(shop_at(_at("2026-12-04T20:00")))

    assert body["decision"]["assignee"] == {"name": "Sam Reyes", "id": "sam"}
    told = body["replies"][0]["text"]
    assert "Sam, who'll be with you in about 5 minutes" in told, told
    due = _promise_due(detail)
    assert due - _at("2026-12-04T20:00") <= timedelta(minutes=6)


def test_a_colleague_in_lisbon_is_announced_in_the_shops_time(shop_at: ShopAt) -> None:
    # Monday 21:30 in Amsterdam, a billing problem: only Amara (Lisbon) handles payments, and her next shift
    # starts Wednesday 12:00 in Lisbon, which the customer hears as 13:00, the shop's own time.
    body, _ = _hand_off(shop_at(_at("2026-12-07T21:30")), "I was charged twice for one order")

    assert body["decision"]["action"] == "delay"
    told = body["replies"][0]["text"]
    assert "The team is back at 13:00 on Wednesday" in told, told
    assert body["decision"]["eta_minutes"] == pytest.approx((_at("2026-12-09T13:00") - _at("2026-12-07T21:30"))
                                                            .total_seconds() / 60, abs=90)
