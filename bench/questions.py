"""The demo-shop question set (bench/questions/demo-shop.yaml) through ``POST /api/v1/messages``.

    nice .venv/bin/python bench/questions.py [--data DIR] [--json] [--show-misses] [--questions FILE]
                                             [--after-previous]

Every question goes to the real app (the demo bot file, its English knowledge, no LLM) as a new customer;
a follow-up is sent after the question it follows, and each turn of a conversation after every turn before it
(one conversation of n turns is asked n times, each time by a new customer, so that a miss early on does not
decide the later turns' outcome). It reports, overall and per language:

- answer precision: of the questions the bot answered from its knowledge, the share citing the right passage;
- wrong-answer rate: answers citing a wrong passage, or any answer to an out-of-scope question, over all
  questions (goal ≤ 2%);
- not-sure rate on answerable questions: "I'm not sure" where the knowledge has the answer (goal ≤ 10%),
  and, in brackets, the part of it that was "which of these do you mean?" with the right one among the choices;
- small talk answered as small talk, wishes for a person handed off, cases queued or handed to a person.

A question whose passage the shop marked ``case_type`` (it needs a person) counts as right when the bot
queues or hands it off, as the policy is meant to; a turn answered while a case waits (a ``relay`` that cites
a passage) counts as an answer citing that passage.

``--data`` keeps the index between runs (the first run ingests the demo knowledge, a few minutes).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "bench" / "questions" / "demo-shop.yaml"


@dataclass(frozen=True)
class Item:
    """One question, what should happen, and in which language it is written."""

    text: str
    kind: str  # answer | follow_up | two_in_one | conversation | not_sure | small_talk | handoff | delay
    language: str
    expect: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()  # what the same customer wrote before, oldest first


@dataclass
class Tally:
    """Outcomes of one group of questions."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: str) -> None:
        self.counts[outcome] += 1
        self.counts["total"] += 1


def load_items(path: Path = QUESTIONS) -> list[Item]:
    """Every question of the set, flattened."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items: list[Item] = []
    for section in ("answers", "more_answers"):
        for title, by_language in data[section].items():
            items += [Item(text=q, kind="answer", language=lang, expect=(title,))
                      for lang, questions in by_language.items() for q in questions]
    for kind in ("not_sure", "small_talk", "handoff", "delay"):
        items += [Item(text=q, kind=kind, language=lang) for lang, qs in data[kind].items() for q in qs]
    items += [Item(text=f["q"], kind="follow_up", language=f.get("lang", "en"), expect=(f["expect"],),
                   previous=(f["previous"],)) for f in data["follow_ups"]]
    items += [Item(text=t["q"], kind="two_in_one", language=t.get("lang", "en"), expect=tuple(t["expect"]))
              for t in data["two_in_one"]]
    for conversation in data.get("conversations", ()):
        items += conversation_turns(conversation)
    return items


_SPECIAL = {"not_sure", "small_talk", "handoff", "delay"}


def conversation_turns(conversation: dict[str, Any]) -> list[Item]:
    """Each turn of one customer's conversation, with every turn before it: a turn expecting a title (or a list
    of titles) is a ``conversation`` question; one expecting not_sure, small_talk, handoff or delay is that kind."""
    language = conversation.get("lang", "en")
    items = []
    for number, turn in enumerate(conversation["turns"]):
        expect = turn["expect"]
        earlier = tuple(t["q"] for t in conversation["turns"][:number])
        if isinstance(expect, str) and expect in _SPECIAL:
            items.append(Item(text=turn["q"], kind=expect, language=language, previous=earlier))
        else:
            titles = (expect,) if isinstance(expect, str) else tuple(expect)
            items.append(Item(text=turn["q"], kind="conversation", language=language, expect=titles,
                              previous=earlier))
    return items


def needing_a_person() -> frozenset[str]:
    """Titles of the demo passages the shop marked ``case_type``: a person (delay or handoff) is right there."""
    from warmline.knowledge._sources import load_folder

    return frozenset(d.passage.citation.title for d in load_folder(REPO / "knowledge" / "demo-shop")
                     if d.passage.case_type)


_FITTING = ("small talk", "thanked", "asks nothing yet")


def classify(item: Item, body: dict[str, Any], person_ok: frozenset[str] = frozenset()) -> str:
    """What became of one question: correct / wrong / partial / not_sure / person / small_talk / missed."""
    decision = body["decision"]
    action = decision["action"]
    # a fitting reply of its own: small talk, warm thanks that close the conversation or come while a case waits,
    # or "what can I help you with?" to a message that only tells something
    small = bool(decision["reasons"]) and decision["reasons"][0].startswith(_FITTING)
    titles = [c.split(" › ", 1)[-1] for c in decision["citations"]]
    if item.kind == "small_talk":
        return "correct" if small else "missed"
    # (a turn after a case opened goes to it while it waits: "relay", with the case's status; "MS-30417" after
    # "ordered the haven beanie on 14 nov and STILL nothing" is the order number the case needed)
    if item.kind == "handoff":
        return "correct" if action in ("handoff", "relay") else "missed"
    if item.kind == "delay":
        return "correct" if action in ("delay", "handoff", "relay") else ("wrong" if action == "answer" else "missed")
    if item.kind == "not_sure":
        return "wrong" if action == "answer" and not small else "correct"
    # (while a case waits, "do i need to post the pieces back?" is answered from what the shop says happens to
    # such a case, citing its page: an answer with its source, though the turn stays with the case)
    if (action == "answer" or (action == "relay" and titles)) and not small:
        found = [title in titles for title in item.expect]
        return "correct" if all(found) else ("partial" if any(found) else "wrong")
    if action == "clarify":
        # "which of these do you mean?" with the right one among the choices is one tap from the answer;
        # still counted in the not-sure rate, and shown on its own next to it
        offered = {choice for reply in body["replies"] for choice in reply.get("choices", ())}
        return "asked_back" if item.expect and all(title in offered for title in item.expect) else "not_sure"
    if action in ("delay", "handoff"):
        return "correct" if all(title in person_ok for title in item.expect) else "person"
    return "missed"


_ANSWERABLE = ("answer", "follow_up", "two_in_one", "conversation")
_QUESTIONS = {"answer", "not_sure"}  # (after a wish for a person or a case, the next message goes to the person)


def run(items: list[Item], data_dir: Path, *, after_previous: bool = False) -> list[tuple[Item, str, dict[str, Any]]]:
    """Each question as a new customer's; with ``after_previous``, a question of its own (not a follow-up)
    is asked right after the set's question before it, by the same customer: a new question must not be
    read as a follow-up of an unrelated one."""
    from fastapi.testclient import TestClient

    from warmline.config import Settings
    from warmline.web import create_app

    results = []
    person_ok = needing_a_person()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(bot=REPO / "bots" / "demo-shop.yaml", data_dir=data_dir, llm=None,
                            database_url=f"sqlite:///{Path(tmp) / 'questions.sqlite3'}",
                            rate_limit_per_source=0)  # every question comes from this one client
        with TestClient(create_app(settings)) as client:
            for number, item in enumerate(items):
                customer = f"q-{number}"
                before = item.previous or ((items[number - 1].text,) if after_previous and number
                                           and {item.kind, items[number - 1].kind} <= _QUESTIONS else ())
                for text in before:
                    client.post("/api/v1/messages", json={"customer_id": customer, "text": text})
                response = client.post("/api/v1/messages", json={"customer_id": customer, "text": item.text})
                response.raise_for_status()
                body = response.json()
                results.append((item, classify(item, body, person_ok), body))
    return results


def figures(results: list[tuple[Item, str, dict[str, Any]]]) -> dict[str, Any]:
    """The headline rates, overall and per language."""
    def rates(rows: list[tuple[Item, str, dict[str, Any]]]) -> dict[str, Any]:
        answerable = [o for i, o, _ in rows if i.kind in _ANSWERABLE]
        answered = [o for o in answerable if o in ("correct", "wrong", "partial")]
        oos = [o for i, o, _ in rows if i.kind == "not_sure"]
        wrong = sum(o == "wrong" for o in answered) + sum(o == "wrong" for o in oos) + sum(
            o == "wrong" for i, o, _ in rows if i.kind == "delay")
        by_kind: dict[str, dict[str, int]] = defaultdict(dict)
        for kind in (*_ANSWERABLE, "not_sure", "small_talk", "handoff", "delay"):
            counts = Counter(o for i, o, _ in rows if i.kind == kind)
            if counts:
                by_kind[kind] = dict(counts)
        return {
            "questions": len(rows), "answerable": len(answerable),
            "answer_precision": round(sum(o == "correct" for o in answered) / len(answered), 3) if answered else None,
            "wrong_answer_rate": round(wrong / len(rows), 3) if rows else None,
            "not_sure_on_answerable": round(sum(o in ("not_sure", "asked_back") for o in answerable)
                                            / len(answerable), 3) if answerable else None,
            "asked_back_with_the_right_choice": round(sum(o == "asked_back" for o in answerable) / len(answerable), 3)
            if answerable else None,
            "answered_correctly": round(sum(o == "correct" for o in answerable) / len(answerable), 3)
            if answerable else None,
            "by_kind": dict(by_kind),
        }
    out = {"all": rates(results)}
    for language in sorted({i.language for i, _, _ in results}):
        out[language] = rates([r for r in results if r[0].language == language])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="data dir to keep the index in between runs")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-misses", action="store_true", help="print every question not answered right")
    parser.add_argument("--after-previous", action="store_true",
                        help="ask each question right after the one before it in the set, by the same customer")
    parser.add_argument("--questions", type=Path, default=QUESTIONS,
                        help="the question set (default: bench/questions/demo-shop.yaml)")
    args = parser.parse_args()
    items = load_items(args.questions)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        results = run(items, args.data or Path(tmp), after_previous=args.after_previous)
    seconds = time.perf_counter() - started
    table = figures(results)
    if args.json:
        print(json.dumps({"seconds": round(seconds, 1), **table}, indent=1))
    else:
        print(f"{len(items)} questions in {seconds:.0f} s\n")
        print(f"{'':4} {'n':>4} {'precision':>9} {'wrong':>6} {'not sure':>9} {'(asked back)':>12} {'correct':>8}")
        for name, row in table.items():
            print(f"{name:4} {row['questions']:>4} {row['answer_precision'] or 0:>9.3f} "
                  f"{row['wrong_answer_rate'] or 0:>6.3f} {row['not_sure_on_answerable'] or 0:>9.3f} "
                  f"{row['asked_back_with_the_right_choice'] or 0:>12.3f} {row['answered_correctly'] or 0:>8.3f}")
        print("\nby kind (all languages):")
        for kind, counts in table["all"]["by_kind"].items():
            print(f"  {kind:11} {counts}")
    if args.show_misses:
        for item, outcome, body in results:
            if outcome != "correct":
                decision = body["decision"]
                print(f"[{outcome}] ({item.kind}, {item.language}) {item.text!r} → {decision['action']} "
                      f"{decision['citations'][:2]} {decision['reasons'][:1]}")


if __name__ == "__main__":
    main()
