"""Promises kept: ETAs learned from the shop's history against today's fixed handling-time estimate.

A simulated shop whose staff behaviour is independent of what the customer was promised. Each person
works their own first-in-first-out queue with ``--capacity`` conversations in parallel; a case's
handling time is log-normal around (case type's true median × person's factor × afternoon slowdown
after 13:00), and a person needs a log-normal look time before they first reply to a case nobody is
ahead of. On top: unannounced breaks (nobody acts during one: no take-up, no reply, and work in
progress pauses; ``--work-through-breaks``: cases in progress still finish, as the earlier simulation
had it), sick days (the roster knows: that person takes no cases that day) and bursts of incoming cases.
Every action is recorded at its time, as the store records it: the take-up (first reply), replies every
``--reply-every`` minutes of work on average, the resolve. Cases arrive on weekdays during the
shift (09:00–17:00, the shop's time), are routed by Warmline's own ``handoff.route`` (on shift, least
loaded), and are promised a first reply:

- **fixed**: today's estimate, ``routing.eta_minutes`` (bot file's ``handling_minutes`` × what's ahead);
- **learned**: ``policy.fit_eta_model`` on every case finished before that day (the first
  ``--history-weeks`` are history only; the model is refitted each simulated night, as the service
  does), promised at ``--confidence``, rounded the same way (``policy.round_eta``). It sees what the
  store would show: each case the person holds, its type and when they took it up (``--count-only``:
  only how many, as before the cases ahead were recorded one by one), and how long each person has
  been quiet (since their last action). Routing, for both promises, passes over someone quiet while
  holding open cases when someone else has room (``--activity estimate``: only the estimate sees
  activity; ``none``: nobody does, as before).

Both promises are scored over the same cases after the history weeks: kept = the first reply came by
the promised time; promised/actual = median promised wait ÷ median actual wait. ``--oracle`` adds a
third promise for reference, made from the simulation's true parameters and everything that has happened
(not the future draws): what a promise calibrated for each customer can reach (``bench/_promise_oracle.py``).

    .venv/bin/python bench/promises.py [--confidence 0.9] [--weeks 6] [--history-weeks 3] [--seed 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
from dataclasses import dataclass, replace
from datetime import time, timedelta
from functools import partial
from pathlib import Path

from warmline.domain import (
    Bot,
    BusinessHours,
    CaseType,
    Customer,
    FinishedCase,
    Shift,
    StaffMember,
    TeamSnapshot,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _promise_oracle import OracleWorld, oracle_promise, state_of
from _promise_shop import START, Worker, worked_until

from warmline.handoff import route
from warmline.policy import fit_eta_model, round_eta

OPEN, CLOSE, AFTERNOON = 9, 17, 13


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """What the simulated shop is like; every field is a command-line option."""

    weeks: int
    history_weeks: int
    seed: int
    confidence: float
    cases_per_hour: float
    capacity: int
    person_factors: tuple[float, ...]
    case_minutes: tuple[float, ...]  # the true medians
    bot_minutes: tuple[int, ...]  # what the bot file says
    sigma: float
    look_minutes: float
    afternoon_slowdown: float
    break_chance: float
    sick_chance: float
    burst_chance: float
    burst_size: int
    case_by_case: bool
    reply_every: float
    activity: str
    work_through_breaks: bool
    oracle: bool


NAMES = ("Maya", "Tom", "Ana", "Lee", "Sam", "Kim", "Joe", "Eva")
CASES = ("damaged_item", "refund", "order_change", "address_change", "invoice")


def _bot(s: Scenario) -> Bot:
    shift = Shift(days=(0, 1, 2, 3, 4), start=time(OPEN), end=time(CLOSE))
    staff = tuple(StaffMember(id=name.lower(), name=name, shifts=(shift,), capacity=s.capacity)
                  for name in NAMES[:len(s.person_factors)])
    cases = tuple(CaseType(name=name, description=name, what_happens="a person looks", handling_minutes=minutes)
                  for name, minutes in zip(CASES, s.bot_minutes, strict=False))
    return Bot(name="sim", display_name="Sim shop", knowledge_dir=Path("."), staff=staff,
               business_hours=BusinessHours(shifts=(shift,)), case_types=cases)


def _day_breaks(rng: random.Random, s: Scenario, day: float) -> list[tuple[float, float]]:
    """Up to three unannounced breaks in a day, in order, overlapping ones merged."""
    drawn = sorted((b, b + rng.uniform(15, 40)) for b in
                   (day + rng.uniform(OPEN * 60, CLOSE * 60) for _ in range(3)) if rng.random() < s.break_chance)
    merged: list[tuple[float, float]] = []
    for begin, end in drawn:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def _replies(rng: random.Random, s: Scenario, breaks: list[tuple[float, float]], start: float,
             handling: float) -> list[float]:
    """When the person writes to the customer while working the case (every ``--reply-every`` minutes on
    average of working time; none during a break)."""
    offsets: list[float] = []
    at = 0.0
    while s.reply_every > 0 and (at := at + rng.expovariate(1 / s.reply_every)) < handling:
        offsets.append(at)
    return [worked_until(start, offset, breaks) for offset in offsets]


def _arrivals(s: Scenario, rng: random.Random, day: float) -> list[float]:
    """Arrival times (minutes since START) on one weekday: Poisson, plus bursts."""
    times: list[float] = []
    for hour in range(OPEN, CLOSE):
        t = day + hour * 60
        while (t := t + rng.expovariate(s.cases_per_hour / 60)) < day + (hour + 1) * 60:
            times.append(t)
        if rng.random() < s.burst_chance:
            at = day + hour * 60 + rng.uniform(0, 50)
            times += [at + rng.uniform(0, 10) for _ in range(s.burst_size)]
    return sorted(times)


def simulate(s: Scenario) -> dict[str, float]:
    """Run the scenario; the kept rates and promised/actual medians of both estimates."""
    rng = random.Random(s.seed)
    bot = _bot(s)
    factor = {m.id: f for m, f in zip(bot.staff, s.person_factors, strict=True)}
    true_median = dict(zip(CASES, s.case_minutes, strict=False))
    customer = Customer(id="c", name="A customer")
    history: list[FinishedCase] = []
    scored: list[tuple[float, ...]] = []  # (actual, fixed, learned[, true-parameter] promise)
    model = fit_eta_model((), bot=bot)
    workers = {m.id: Worker(slots=[0.0] * s.capacity, breaks=[], cases=[], actions=[]) for m in bot.staff}
    replies_rng = random.Random(s.seed + 1)  # its own stream: the rest of the simulation draws as before
    oracle_rng = random.Random(s.seed + 2)
    world = OracleWorld(sigma=s.sigma, look_minutes=s.look_minutes, afternoon_slowdown=s.afternoon_slowdown,
                        afternoon_minute=AFTERNOON * 60, open_minute=OPEN * 60, close_minute=CLOSE * 60,
                        break_chance=s.break_chance, breaks_stop_work=not s.work_through_breaks)
    for day_index in range(s.weeks * 7):
        day = day_index * 24 * 60.0
        if day_index % 7 >= 5:
            continue
        now_day = START + timedelta(minutes=day)
        model = fit_eta_model([c for c in history if c.handed_at < now_day], bot=bot)
        present = [m for m in bot.staff if rng.random() >= s.sick_chance] or [bot.staff[0]]
        today = replace(bot, staff=tuple(present))
        for w in workers.values():
            w.breaks = _day_breaks(rng, s, day)
        for arrival in _arrivals(s, rng, day):
            at = START + timedelta(minutes=arrival)
            case = rng.choice(CASES[:len(s.case_minutes)])
            held = {mid: w.open_at(arrival) for mid, w in workers.items()}
            load = {mid: len(cases) for mid, cases in held.items()}
            # What the store shows of each person's activity (nothing with --activity none).
            quiet = {mid: w.quiet_at(arrival) if s.activity != "none" else None for mid, w in workers.items()}
            seen = {mid: START + timedelta(minutes=arrival - q) for mid, q in quiet.items() if q is not None}
            team = TeamSnapshot(workload=load, last_active_at=seen if s.activity == "both" else None)
            routing = route(bot=today, customer=customer, case_type=case, team=team, now=at)
            member = routing.assignee
            assert member is not None
            assert routing.eta_minutes is not None
            w = workers[member.id]
            look = rng.lognormvariate(math.log(s.look_minutes), 0.5)

            def handling_from(start: float, who: str = member.id, kind: str = case) -> float:
                slow = s.afternoon_slowdown if (start % (24 * 60)) >= AFTERNOON * 60 else 1.0
                return rng.lognormvariate(math.log(true_median[kind] * factor[who] * slow), s.sigma)

            pauses = [] if s.work_through_breaks else w.breaks
            truth = None
            if s.oracle and day_index >= s.history_weeks * 7:
                def median_of(kind: str, start: float, who: str = member.id) -> float:
                    slow = s.afternoon_slowdown if (start % (24 * 60)) >= AFTERNOON * 60 else 1.0
                    return true_median[kind] * factor[who] * slow

                state = state_of(w, minute=arrival, day=day, median_of=median_of, capacity=s.capacity,
                                       pauses=pauses)
                truth = round_eta(oracle_promise(oracle_rng, state, world, confidence=s.confidence))
            start, end = w.take(arrival=arrival, look=look, case=case, handling_from=handling_from, pauses=pauses,
                                replies=partial(_replies, replies_rng, s, pauses))
            wait = start - arrival
            history.append(FinishedCase(handed_at=at, owner_id=member.id, case_type=case, ahead=load[member.id],
                                        first_reply_minutes=wait, resolve_minutes=end - arrival,
                                        promised_minutes=routing.eta_minutes, ahead_cases=held[member.id],
                                        quiet_minutes=quiet[member.id]))
            if day_index >= s.history_weeks * 7:
                learned = model.forecast(owner_id=member.id, owner_name=member.first_name, case_type=case,
                                         ahead=load[member.id], at=at, confidence=s.confidence,
                                         ahead_cases=held[member.id] if s.case_by_case else None,
                                         quiet_minutes=quiet[member.id])
                promises = (routing.eta_minutes, round_eta(learned.promise_minutes))
                scored.append((wait, *promises) if truth is None else (wait, *promises, truth))
    return _score(scored, cases=len(history))


def _score(scored: list[tuple[float, ...]], *, cases: int) -> dict[str, float]:
    actual = statistics.median(row[0] for row in scored)

    def kept(i: int) -> float:
        return sum(1 for row in scored if row[0] <= row[i]) / len(scored)

    return {"cases": cases, "scored": len(scored), "median_actual_minutes": round(actual, 1),
            "kept_rate": round(kept(2), 3),
            "promised_over_actual": round(statistics.median(r[2] for r in scored) / actual, 2),
            "median_promised_minutes": statistics.median(r[2] for r in scored),
            "baseline_kept_rate": round(kept(1), 3),
            "baseline_promised_over_actual": round(statistics.median(r[1] for r in scored) / actual, 2),
            "baseline_median_promised_minutes": statistics.median(r[1] for r in scored),
            **({"oracle_kept_rate": round(kept(3), 3),
                "oracle_promised_over_actual": round(statistics.median(r[3] for r in scored) / actual, 2)}
               if scored and len(scored[0]) > 3 else {})}


def _floats(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in text.split(","))


def _scenario(argv: list[str] | None) -> tuple[Scenario, bool]:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--confidence", type=float, default=0.9, help="promise_confidence of the learned estimate")
    p.add_argument("--weeks", type=int, default=6)
    p.add_argument("--history-weeks", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases-per-hour", type=float, default=12.0)
    p.add_argument("--capacity", type=int, default=2, help="conversations a person works on in parallel")
    p.add_argument("--person-factors", default="0.8,1.3,1.0,1.5", help="speed per person (one per person)")
    p.add_argument("--case-minutes", default="25,35,8,6,15", help="true median handling per case type")
    p.add_argument("--bot-minutes", default="30,20,10,10,15", help="handling_minutes the bot file declares")
    p.add_argument("--sigma", type=float, default=0.5, help="log-normal spread of handling times")
    p.add_argument("--look-minutes", type=float, default=3.0, help="median time to first look at a free case")
    p.add_argument("--afternoon-slowdown", type=float, default=1.4)
    p.add_argument("--break-chance", type=float, default=0.5, help="chance of each of up to 3 breaks a day")
    p.add_argument("--sick-chance", type=float, default=0.05, help="chance a person is off sick on a day")
    p.add_argument("--burst-chance", type=float, default=0.1, help="chance of a burst in any hour")
    p.add_argument("--burst-size", type=int, default=6)
    p.add_argument("--count-only", action="store_true",
                   help="promise from the number of cases ahead only, not their types and progress")
    p.add_argument("--reply-every", type=float, default=5.0,
                   help="mean minutes of work between a person's replies within a case (0: first reply only)")
    p.add_argument("--activity", choices=("both", "estimate", "none"), default="both",
                   help="who sees when each person last acted: routing and the estimate, the estimate, nobody")
    p.add_argument("--work-through-breaks", action="store_true",
                   help="cases in progress go on during a break (only new take-ups wait): the earlier simulation")
    p.add_argument("--oracle", action="store_true",
                   help="also score promises from the simulation's true parameters (bench/_promise_oracle.py)")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    scenario = Scenario(
        weeks=a.weeks, history_weeks=a.history_weeks, seed=a.seed, confidence=a.confidence,
        cases_per_hour=a.cases_per_hour, capacity=a.capacity, person_factors=_floats(a.person_factors),
        case_minutes=_floats(a.case_minutes), bot_minutes=tuple(int(x) for x in _floats(a.bot_minutes)),
        sigma=a.sigma, look_minutes=a.look_minutes, afternoon_slowdown=a.afternoon_slowdown,
        break_chance=a.break_chance, sick_chance=a.sick_chance, burst_chance=a.burst_chance,
        burst_size=a.burst_size, case_by_case=not a.count_only,
        reply_every=a.reply_every, activity=a.activity,
        work_through_breaks=a.work_through_breaks, oracle=a.oracle)
    if not 0 < scenario.history_weeks < scenario.weeks:
        p.error("--history-weeks must be at least 1 and fewer than --weeks")
    return scenario, a.json


def main(argv: list[str] | None = None) -> int:
    scenario, as_json = _scenario(argv)
    result = simulate(scenario)
    if as_json:
        print(json.dumps({**result, "parameters": scenario.__dict__ if hasattr(scenario, "__dict__") else
                          {f: getattr(scenario, f) for f in scenario.__slots__}}, default=list))
        return 0
    print(f"{result['cases']} simulated cases, {result['scored']} scored after {scenario.history_weeks} weeks "
          f"of history; median actual first-reply wait {result['median_actual_minutes']} min")
    print(f"{'estimate':<34}{'kept':>8}{'median promised':>18}{'promised/actual':>18}")
    print(f"{'learned at ' + format(scenario.confidence, 'g'):<34}{result['kept_rate']:>8.1%}"
          f"{result['median_promised_minutes']:>15.0f} min{result['promised_over_actual']:>18.2f}")
    print(f"{'fixed (bot file handling_minutes)':<34}{result['baseline_kept_rate']:>8.1%}"
          f"{result['baseline_median_promised_minutes']:>15.0f} min{result['baseline_promised_over_actual']:>18.2f}")
    if "oracle_kept_rate" in result:
        print(f"{'true parameters, no future':<34}{result['oracle_kept_rate']:>8.1%}{'':>19}"
              f"{result['oracle_promised_over_actual']:>18.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
