"""route(): continuity, then skills, then least loaded among those on shift; outside hours, back first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from scenarios._builders import load_bot
from warmline.domain import Bot, Customer, FinishedCase, OpenCase, TeamSnapshot
from warmline.handoff import route
from warmline.policy import EtaModel, fit_eta_model

AMS = ZoneInfo("Europe/Amsterdam")
WEDNESDAY_1330 = datetime(2026, 11, 18, 13, 30, tzinfo=AMS)  # on shift: maya, joris, amara, ines
SATURDAY_NIGHT = datetime(2026, 11, 21, 22, 0, tzinfo=AMS)
ANNA = Customer(id="c", name="Anna")


def _route(*, customer: Customer = ANNA, case: str | None = None, team: TeamSnapshot | None = None,
           now: datetime = WEDNESDAY_1330, bot: Bot | None = None):  # type: ignore[no-untyped-def]
    return route(bot=bot or load_bot(), customer=customer, case_type=case, team=team or TeamSnapshot(), now=now)


def test_account_owner_on_shift_with_room_wins() -> None:
    routing = _route(customer=Customer(id="c", name="Anna", account_owner="ines"), case="missing_parcel",
                     team=TeamSnapshot(workload={"ines": 2, "joris": 0}))
    assert routing.assignee is not None
    assert routing.assignee.id == "ines"
    assert "Ines Moreau is Anna's account owner and on shift" in routing.reasons
    assert routing.back_at is None


def test_account_owner_at_capacity_gives_way_to_skills() -> None:
    routing = _route(customer=Customer(id="c", name="Anna", account_owner="ines"), case="missing_parcel",
                     team=TeamSnapshot(workload={"ines": 3}))
    assert routing.assignee is not None
    assert routing.assignee.id == "joris"
    assert any("knows missing_parcel" in reason for reason in routing.reasons)


def test_last_helper_when_no_owner() -> None:
    routing = _route(team=TeamSnapshot(last_helper_id="amara"))
    assert routing.assignee is not None
    assert routing.assignee.id == "amara"


def test_skills_then_least_loaded() -> None:
    team = TeamSnapshot(workload={"maya": 5, "ines": 1})
    routing = _route(case="damaged_item", team=team)
    assert routing.assignee is not None
    assert routing.assignee.id == "ines"


def test_least_loaded_when_no_case_type() -> None:
    routing = _route(team=TeamSnapshot(workload={"maya": 3, "joris": 0, "amara": 2, "ines": 1}))
    assert routing.assignee is not None
    assert routing.assignee.id == "joris"


def test_everyone_at_capacity_still_gets_a_named_person_with_a_longer_eta() -> None:
    full = TeamSnapshot(workload={"maya": 6, "joris": 8, "amara": 5, "ines": 3})
    routing = _route(team=full)
    assert routing.assignee is not None
    assert any("at capacity" in reason for reason in routing.reasons)
    assert routing.eta_minutes is not None
    quiet = _route(team=TeamSnapshot())
    assert quiet.eta_minutes is not None
    assert routing.eta_minutes > quiet.eta_minutes


def test_nobody_on_shift_picks_who_is_back_first() -> None:
    routing = _route(now=SATURDAY_NIGHT)
    assert routing.assignee is not None
    assert routing.assignee.id == "maya"
    assert routing.back_at is not None
    assert routing.back_at.astimezone(AMS) == datetime(2026, 11, 23, 9, 0, tzinfo=AMS)
    assert routing.eta_minutes is not None
    assert routing.eta_minutes >= 35 * 60


def test_back_first_respects_skills() -> None:
    routing = _route(now=SATURDAY_NIGHT, case="missing_parcel")
    assert routing.assignee is not None
    assert routing.assignee.id == "sam"


def test_empty_roster_names_nobody_and_says_so() -> None:
    from dataclasses import replace

    routing = _route(bot=replace(load_bot(), staff=()))
    assert routing.assignee is None
    assert routing.reasons == ("nobody is on the roster",)


def test_naive_utc_now_works_outside_hours() -> None:
    routing = _route(now=datetime(2026, 11, 21, 21, 0))  # Saturday 22:00 in Amsterdam, naive UTC
    assert routing.assignee is not None
    assert routing.assignee.id == "maya"
    assert routing.back_at == datetime(2026, 11, 23, 8, 0)


def _learned(bot: Bot, *, owner: str, case: str, wait: float, n: int = 60, case_by_case: bool = False) -> EtaModel:
    """An estimator fitted on ``n`` cases of ``owner`` that all waited ``wait`` minutes with nobody ahead
    (recorded case by case, or only counted)."""
    start = datetime(2026, 11, 16, 10, 0, tzinfo=AMS)
    history = [FinishedCase(handed_at=start + timedelta(minutes=5 * i), owner_id=owner, case_type=case, ahead=0,
                            first_reply_minutes=wait * (1 + (i % 5) / 20), resolve_minutes=wait + 20,
                            ahead_cases=() if case_by_case else None)
               for i in range(n)]
    return fit_eta_model(history, bot=bot)


def test_a_learned_estimator_sets_the_promise_and_says_why() -> None:
    bot = load_bot()
    model = _learned(bot, owner="maya", case="damaged_item", wait=40)
    routing = route(bot=bot, customer=ANNA, case_type="damaged_item", team=TeamSnapshot(workload={"ines": 3}),
                    now=WEDNESDAY_1330, eta_model=model)
    assert routing.assignee is not None
    assert routing.assignee.id == "maya"
    assert routing.eta_minutes is not None
    assert routing.eta_minutes == 50  # the 0.9 quantile of waits of 40–48 minutes, rounded up
    assert routing.promise == "within the hour"
    assert "nobody is ahead of you" in routing.reasons
    assert routing.reasons[-1] == "promised at 90% confidence from the shop's own history"


def test_the_promise_weighs_how_far_along_the_cases_ahead_are() -> None:
    bot = load_bot()
    model = _learned(bot, owner="maya", case="damaged_item", wait=3, case_by_case=True)
    maya = bot.staff_member("maya")
    assert maya is not None
    now = WEDNESDAY_1330.astimezone(UTC)

    def promise(started_minutes_ago: float) -> float | None:
        held = tuple(OpenCase(case_type="damaged_item", handed_at=now - timedelta(minutes=started_minutes_ago + 1),
                              claimed_at=now - timedelta(minutes=started_minutes_ago)) for _ in range(maya.capacity))
        busy = {m.id: 10 * m.capacity for m in bot.staff}  # everyone else is far busier
        team = TeamSnapshot(workload={**busy, "maya": maya.capacity}, open_cases={"maya": held})
        routing = route(bot=bot, customer=ANNA, case_type="damaged_item", team=team, now=now, eta_model=model)
        assert routing.assignee is not None
        assert routing.assignee.id == "maya"
        return routing.eta_minutes

    nearly_done, just_started = promise(19), promise(1)
    assert nearly_done is not None
    assert just_started is not None
    assert nearly_done < just_started


def test_without_a_learned_estimator_the_bot_file_handling_time_is_promised() -> None:
    routing = _route(case="damaged_item", team=TeamSnapshot(workload={"ines": 3}))
    assert routing.promise is None
    assert routing.eta_minutes == 5  # a free person's first look, as before


def _last_acted(minutes_ago: dict[str, float], now: datetime = WEDNESDAY_1330) -> dict[str, datetime]:
    return {who: now - timedelta(minutes=m) for who, m in minutes_ago.items()}


def test_someone_quiet_while_holding_cases_is_passed_over_for_someone_at_work() -> None:
    load = {"maya": 3, "joris": 1, "amara": 2, "ines": 1}  # joris is least loaded (1 of 8)
    at_work = _route(team=TeamSnapshot(workload=load, last_active_at=_last_acted({"joris": 2, "ines": 3})))
    assert at_work.assignee is not None
    assert at_work.assignee.id == "joris"
    passed_over = _route(team=TeamSnapshot(workload=load, last_active_at=_last_acted({"joris": 25, "ines": 3})))
    assert passed_over.assignee is not None
    assert passed_over.assignee.id == "ines"  # next least loaded (1 of 3)
    assert "Ines Moreau is on shift and least busy (Joris van Dijk has not replied for 25 minutes)" in (
        passed_over.reasons)


def test_skills_still_come_first_among_those_at_work() -> None:
    team = TeamSnapshot(workload={"maya": 1, "ines": 0, "joris": 0}, last_active_at=_last_acted({"maya": 40}))
    routing = _route(case="damaged_item", team=team)
    assert routing.assignee is not None
    assert routing.assignee.id == "ines"
    team = TeamSnapshot(workload={"maya": 0, "ines": 1, "joris": 0}, last_active_at=_last_acted({"ines": 40}))
    routing = _route(case="damaged_item", team=team)
    assert routing.assignee is not None
    assert routing.assignee.id == "maya"
    assert any("(Ines Moreau has not replied for 40 minutes)" in reason for reason in routing.reasons)


def test_quiet_with_nothing_to_do_or_everyone_quiet_routes_as_before() -> None:
    idle = _route(team=TeamSnapshot(workload={"maya": 3, "amara": 2, "ines": 1},
                                    last_active_at=_last_acted({"joris": 90})))
    assert idle.assignee is not None
    assert idle.assignee.id == "joris"  # nothing held: silence says nothing
    load = {"maya": 3, "joris": 1, "amara": 2, "ines": 1, "sam": 5}
    everyone = _route(team=TeamSnapshot(workload=load, last_active_at=_last_acted(dict.fromkeys(load, 30))))
    assert everyone.assignee is not None
    assert everyone.assignee.id == "joris"


def test_the_person_asked_for_by_name_takes_the_case_even_when_others_have_more_room() -> None:
    bot = load_bot()
    ines = next(m for m in bot.staff if m.id == "ines")
    routing = route(bot=bot, customer=ANNA, case_type=None, team=TeamSnapshot(workload={"ines": 2}),
                    now=WEDNESDAY_1330, asked_for=ines)
    assert routing.assignee == ines  # least loaded would have been someone else
    assert "the customer asked for Ines Moreau by name, who is on shift" in routing.reasons


def test_the_person_asked_for_off_shift_takes_it_from_when_they_are_back() -> None:
    bot = load_bot()
    ines = next(m for m in bot.staff if m.id == "ines")
    routing = route(bot=bot, customer=ANNA, case_type=None, team=TeamSnapshot(), now=SATURDAY_NIGHT, asked_for=ines)
    assert routing.assignee == ines  # not Maya, who is back first
    assert routing.back_at is not None
    assert routing.back_at.astimezone(AMS).weekday() == 2  # Wednesday, her first shift
    assert routing.reasons[0].startswith("the customer asked for Ines Moreau by name; Ines Moreau is back at")
    first_back = _route(now=SATURDAY_NIGHT)
    assert first_back.reasons[0].startswith("nobody on shift now; Maya Lindqvist is back first, at")


def test_someone_on_shift_is_offered_instead_when_someone_is() -> None:
    bot = load_bot()
    ines = next(m for m in bot.staff if m.id == "ines")
    monday = datetime(2026, 11, 16, 10, 0, tzinfo=AMS)  # Ines works Wednesday to Friday
    routing = route(bot=bot, customer=ANNA, case_type=None, team=TeamSnapshot(), now=monday, asked_for=ines)
    assert routing.assignee == ines
    assert routing.instead is not None
    assert bot.on_shift(routing.instead, monday)
    at_night = route(bot=bot, customer=ANNA, case_type=None, team=TeamSnapshot(), now=SATURDAY_NIGHT, asked_for=ines)
    assert at_night.instead_back_at is not None  # nobody is there now: only someone back sooner
    assert routing.instead_back_at is None
    on_shift = route(bot=bot, customer=ANNA, case_type=None, team=TeamSnapshot(), now=WEDNESDAY_1330, asked_for=ines)
    assert on_shift.instead is None


def test_at_night_whoever_is_back_on_an_earlier_day_is_offered_too() -> None:
    bot = load_bot()
    ines = next(m for m in bot.staff if m.id == "ines")
    routing = route(bot=bot, customer=ANNA, case_type=None, team=TeamSnapshot(), now=SATURDAY_NIGHT, asked_for=ines)

    assert routing.assignee == ines
    assert routing.instead is not None
    assert routing.instead_back_at is not None
    assert routing.back_at is not None
    assert routing.instead_back_at.astimezone(AMS).weekday() == 0  # Monday, before Ines's Wednesday
    tuesday_night = datetime(2026, 11, 17, 22, 0, tzinfo=AMS)  # Ines is back Wednesday, as is everyone
    next_day = route(bot=bot, customer=ANNA, case_type=None, team=TeamSnapshot(), now=tuesday_night, asked_for=ines)
    assert next_day.instead is None  # a few hours earlier the same day is not worth a second name
