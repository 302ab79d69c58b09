"""The scenario suite: plain-data conversations (``*.yaml`` here) run through signals → policy → routing.

Each scenario gives a customer profile, earlier messages, the new message, what the knowledge base
would return, the team's workload and a fixed ``now``; ``expect`` says what must come out. Checks that
apply to every scenario (DESIGN.md principles 1 and 6) run on all of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from warmline.domain import Action, Conversation, Decision, TeamSnapshot
from warmline.handoff import announce, route
from warmline.knowledge.tone import policy_speak
from warmline.policy import decide
from warmline.signals import compute_signals

from ._builders import customer, history, load_bot, moment, retrieval, team

HERE = Path(__file__).parent


def _scenarios() -> list[Any]:
    cases = []
    for path in sorted(HERE.glob("principle-*.yaml")):
        for scenario in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(scenario, id=f"{path.stem}: {scenario['name']}"))
    return cases


def run(scenario: dict[str, Any]) -> Decision:
    """signals → decide → (route + announce on handoff), exactly as the pipeline calls them."""
    bot = load_bot()
    now = moment(scenario["now"])
    who = customer(scenario.get("customer"))
    earlier = history(scenario.get("history"), now=now)
    text = scenario["message"]
    snapshot = team(scenario.get("team"))
    signals = compute_signals(text=text, history=earlier, customer=who, bot=bot, now=now)
    decision = decide(text=text, customer=who, conversation=Conversation(id="conv", customer_id=who.id, channel="web"),
                      history=earlier, retrieval=retrieval(scenario.get("retrieval"), query=text),
                      signals=signals, bot=bot, team=snapshot, now=now)
    if decision.action is Action.HANDOFF:
        routing = route(bot=bot, customer=who, case_type=decision.case_type, team=snapshot, now=now)
        decision = announce(decision, routing, customer=who, bot=bot)
    return decision


def _explain(decision: Decision) -> str:
    replies = "\n".join(f"  > {r.text} {list(r.choices)}" for r in decision.replies)
    reasons = "\n".join(f"  - {reason}" for reason in decision.reasons)
    return (f"\naction={decision.action.value} mode={decision.mode.value} case={decision.case_type} "
            f"eta={decision.eta_minutes} assignee={decision.assignee}\nreasons:\n{reasons}\nreplies:\n{replies}")


def _check_expectations(decision: Decision, expect: dict[str, Any]) -> None:
    why = _explain(decision)
    assert decision.action.value == expect["action"], why
    if "mode" in expect:
        assert decision.mode.value == expect["mode"], why
    if "case_type" in expect:
        assert decision.case_type == expect["case_type"], why
    for fragment in expect.get("reasons", ()):
        assert any(fragment.lower() in reason.lower() for reason in decision.reasons), f"reason {fragment!r}{why}"
    if "assignee" in expect:
        assert decision.assignee is not None, why
        assert decision.assignee.id == expect["assignee"], why
    if "eta_minutes" in expect:
        low, high = expect["eta_minutes"]
        assert decision.eta_minutes is not None, why
        assert low <= decision.eta_minutes <= high, why
    texts = " ".join(reply.text for reply in decision.replies)
    for fragment in expect.get("reply_contains", ()):
        assert fragment.lower() in texts.lower(), f"reply should contain {fragment!r}{why}"
    for fragment in expect.get("reply_excludes", ()):
        assert fragment.lower() not in texts.lower(), f"reply should not contain {fragment!r}{why}"
    choices = [choice for reply in decision.replies for choice in reply.choices]
    for choice in expect.get("choices_include", ()):
        assert choice in choices, f"choice {choice!r}{why}"
    if "replies" in expect:
        assert len(decision.replies) == expect["replies"], why
    if expect.get("cited"):
        assert decision.citations, why


def _check_principles(decision: Decision) -> None:
    why = _explain(decision)
    assert decision.reasons, f"every decision explains itself{why}"
    assert decision.replies, f"the customer always hears something{why}"
    for reply in decision.replies:
        assert not policy_speak(reply.text), f"policy-speak {policy_speak(reply.text)}{why}"
    if decision.action is Action.HANDOFF:
        assert decision.assignee is not None, f"a handoff names a person{why}"
        first_name = decision.assignee.name.split(" ")[0]
        assert first_name in decision.replies[0].text, f"the customer is told who{why}"
        assert decision.eta_minutes is not None, why
    if decision.action in (Action.CLARIFY, Action.DELAY, Action.HANDOFF):
        assert 2 <= len(decision.replies[0].choices) <= 3, f"choices, not instructions{why}"


@pytest.mark.parametrize("scenario", _scenarios())
def test_scenario(scenario: dict[str, Any]) -> None:
    decision = run(scenario)
    _check_expectations(decision, scenario["expect"])
    _check_principles(decision)


def test_every_principle_has_scenarios() -> None:
    files = {path.stem.split("-")[1] for path in HERE.glob("principle-*.yaml")}
    assert files >= {"1", "2", "3", "4", "5", "6", "7"}


@pytest.mark.parametrize("scenario", _scenarios())
def test_the_team_snapshot_shapes_the_wait_but_never_the_action(scenario: dict[str, Any]) -> None:
    """The pipeline asks the store for the team's workload only when a person is involved; that is only
    right while the action itself never depends on it."""
    bot, now = load_bot(), moment(scenario["now"])
    who = customer(scenario.get("customer"))
    earlier = history(scenario.get("history"), now=now)
    text = scenario["message"]
    signals = compute_signals(text=text, history=earlier, customer=who, bot=bot, now=now)
    conversation = Conversation(id="conv", customer_id=who.id, channel="web")
    found = retrieval(scenario.get("retrieval"), query=text)
    busy = TeamSnapshot(workload={m.id: m.capacity for m in bot.staff}, queue_length=12)

    actions = {decide(text=text, customer=who, conversation=conversation, history=earlier, retrieval=found,
                      signals=signals, bot=bot, team=snapshot, now=now).action
               for snapshot in (TeamSnapshot(), team(scenario.get("team")), busy)}

    assert len(actions) == 1
