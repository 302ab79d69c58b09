"""The only people with a case's skill are off while others work: said plainly, with the choice — with the
demo shop's real roster (Amara handles billing, works Mon/Wed/Thu from Lisbon)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warmline.config.botfile import load_bot
from warmline.domain import Customer, TeamSnapshot
from warmline.policy._skilled_off import skilled_off_but_team_on, skilled_off_reply

DEMO = load_bot(Path(__file__).resolve().parents[2] / "bots" / "demo-shop.yaml")
FRIDAY_AFTERNOON = datetime(2026, 12, 4, 14, 30, tzinfo=UTC)  # 15:30 in Amsterdam; Maya, Joris, Sam work
WEDNESDAY_AFTERNOON = datetime(2026, 12, 2, 14, 30, tzinfo=UTC)  # Amara works


def test_billing_on_a_friday_offers_amara_on_monday_or_a_first_look_now() -> None:
    billing = DEMO.case_type("billing_problem")
    assert billing is not None

    split = skilled_off_but_team_on(bot=DEMO, case=billing, team=TeamSnapshot(), now=FRIDAY_AFTERNOON)

    assert split is not None
    skilled, helper, back_at = split
    assert skilled.id == "amara"
    assert DEMO.on_shift(helper, FRIDAY_AFTERNOON)
    reply = skilled_off_reply(customer=Customer(id="c", name="Noor Bakker"), opening="Noor, this needs a person.",
                              skilled=skilled, helper=helper, back_at=back_at, now=FRIDAY_AFTERNOON, bot=DEMO)
    assert reply.text.startswith("Noor, this needs a person. Amara")
    assert "Amara handles this and is back on Monday around 13:00" in reply.text
    assert f"or {helper.first_name} can take a first look now" in reply.text
    assert reply.choices[:2] == ("Wait for Amara", f"{helper.first_name} now")
    assert "team is back" not in reply.text


def test_no_split_when_the_skilled_person_is_working_or_nobody_is() -> None:
    billing = DEMO.case_type("billing_problem")
    assert billing is not None
    assert skilled_off_but_team_on(bot=DEMO, case=billing, team=TeamSnapshot(), now=WEDNESDAY_AFTERNOON) is None
    sunday = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    assert skilled_off_but_team_on(bot=DEMO, case=billing, team=TeamSnapshot(), now=sunday) is None
