"""Whole conversations through the whole engine, as plain data: the person first, never the same sentence twice.

Each scenario is a list of steps — what the customer writes, or what staff do ("staff: <reply>", "resolve") —
on the always-staffed test shop. Checks that hold for every conversation:

- every customer message gets a reply while no person has joined;
- no sentence twice in one conversation;
- an emotional message (a present, the third time, anger, worry, disappointment) never gets a reply that
  opens with process ("This one needs a person…", "I've asked Maya…");
- "I've passed on everything" only when the customer told us something to pass on.
"""

from __future__ import annotations

import re

import pytest

from warmline.domain import Author, ConversationState, InboundMessage, SignalKind
from warmline.engine.customer.pipeline import TurnResult
from warmline.policy import has_something_to_pass_on, is_emotional, read_feeling
from warmline.runtime.services import Services
from warmline.signals import compute_signals

# (name, steps, words the transcript must contain, words it must not contain)
SCENARIOS: list[tuple[str, list[str], list[str], list[str]]] = [
    ("a present arrived chipped", ["My mug arrived with a chip in it :( it was a present", "thank you", "👍"],
     ["present"], ["added to your case"]),
    ("third time late and furious", ["Third time my order is late, I'm furious", "hello??", "thanks"],
     ["again"], []),
    ("a bare request for a person", ["Can I talk to a person please?", "it's about order 12345, the wrong colour",
                                     "ok"], ["what it's about"], ["passed on everything"]),
    ("a request for a person with the story", ["My sweater came in the wrong size, can I talk to someone?"],
     ["passed on everything"], []),
    ("a relaxed question and thanks", ["How long does shipping take?", "thanks, that's all"],
     ["2-4 business days", "Did you like how this went?"], []),
    ("torn, then a side question, then a ping", ["The sweater came torn", "can I pay with paypal?", "any news?"],
     ["PayPal"], []),
    ("worried about a birthday present", ["I'm really worried, my parcel is lost and it's for my mum's birthday",
                                          "is anyone there?"], ["present"], []),
    ("angry, then angrier while waiting", ["This is ridiculous, my mug arrived broken!!", "I AM STILL WAITING!!!"],
     ["urgent"], []),
    ("in a hurry", ["I need this sorted today: my mug arrived broken", "hurry please"], [], []),
    ("keep chatting with side questions", ["my mug arrived broken", "Keep chatting",
                                           "do you ship to the united states?", "when are you open?"],
     ["19 euros", "Tuesday to Saturday"], []),
    ("waiting for Maya by choice", ["Can I talk to a person please?", "Wait for Maya", "thanks!"], [], []),
    ("pinging again and again", ["Talk to a person", "hello?", "hello??", "anyone there???"], ["urgent"], []),
    ("a damaged gift and a deadline", ["the gift for my sister arrived damaged and her birthday is tomorrow",
                                       "please hurry"], ["present"], []),
    ("a sad emoji and a cracked plate", ["😢 the plate is cracked", "ok thanks"], ["sorry"], []),
    ("the order number given up front", ["My mug arrived broken, order 10455", "here is the photo"],
     [], ["order number"]),
    ("thanks after thanks while waiting", ["Can I talk to a person please?", "thanks", "thank you", "👍", "ok",
                                           "cheers"], [], ["added to your case"]),
    ("a person replies, then resolves", ["My sweater came in the wrong size, can I talk to someone?",
                                         "staff: So sorry! I'm sending a new one in M today.", "resolve"],
     ["sort"], []),
    ("resolved without a word", ["Can I talk to a person please?", "resolve"], ["closed"], ["sort"]),
    ("a returns question while waiting", ["The sweater came torn", "how do returns work?", "thanks"],
     ["30 days"], []),
    ("a plain wrong colour while waiting is not urgent", ["Can I talk to a person please?",
                                                          "The sweater came in the wrong colour", "ok"],
     [], ["urgent"]),
    ("angry in Dutch while waiting is urgent", ["Can I talk to a person please?",
                                                "ik ben boos, mijn pakket is weer niet gekomen"], ["urgent"], []),
    ("annoyed after an unsure answer", ["what's the meaning of life", "ugh useless, I'm so annoyed, get me a human"],
     [], []),
]
_PROCESS = re.compile(r"^(?:\w+, )?(?:this one needs|this is one for|a person on our team|someone on the team|"
                      r"i've asked|i've passed|so nobody has to ask|here's what happens)", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) > 3]


async def play(services: Services, steps: list[str], *, sender: str) -> list[tuple[str, TurnResult | None]]:
    """Run the steps; returns (step, the customer's turn or None for a staff action)."""
    played: list[tuple[str, TurnResult | None]] = []
    conversation_id = ""
    assignee = ""
    for step in steps:
        services.clock.advance(minutes=2)  # type: ignore[attr-defined]
        if step.startswith("staff: "):
            await services.desk.reply(conversation_id, staff_id=assignee, text=step.removeprefix("staff: "))
            played.append((step, None))
            continue
        if step == "resolve":
            await services.desk.resolve(conversation_id, staff_id=assignee or "maya")
            played.append((step, None))
            continue
        turn = await services.pipeline.handle(InboundMessage(channel="api", sender_id=sender, text=step,
                                                             sender_name="Anna de Vries"))
        conversation_id = turn.conversation.id
        assignee = turn.conversation.assignee_id or assignee
        played.append((step, turn))
    return played


async def transcript(services: Services, conversation_id: str) -> str:
    """The conversation as the customer saw it (for failure messages and the report)."""
    lines = []
    for message in await services.store.messages(conversation_id):
        who = {Author.CUSTOMER: "Customer", Author.BOT: "Bot", Author.STAFF: "Staff"}.get(message.author, "Note")
        choices = f"  [{' | '.join(message.choices)}]" if message.choices else ""
        lines.append(f"{who}: {message.text}{choices}")
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "steps", "present", "absent"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
async def test_a_conversation_answers_the_person_first_and_never_repeats_itself(
        services: Services, name: str, steps: list[str], present: list[str], absent: list[str]) -> None:
    played = await play(services, steps, sender=name.replace(" ", "-"))
    conversation_id = next(turn.conversation.id for _, turn in played if turn is not None)
    told = await transcript(services, conversation_id)
    customer_texts: list[str] = []
    for step, turn in played:
        if turn is None:
            continue
        customer_texts.append(step)
        if turn.conversation.state is not ConversationState.WITH_HUMAN:
            assert turn.replies, f"{step!r} got no reply:\n{told}"
        emotion = compute_signals(text=step, history=(), customer=turn.customer, bot=services.bot,
                                  now=services.clock()).get(SignalKind.EMOTION)
        if turn.replies and is_emotional(read_feeling(step, emotion=emotion)):
            opening = turn.replies[0].text
            assert not _PROCESS.match(opening), f"{step!r} was answered with process first:\n{told}"
        said = " ".join(r.text for r in turn.replies)
        if "passed on everything" in said:
            assert has_something_to_pass_on(customer_texts), f"nothing was passed on:\n{told}"
    bot_sentences = [s for m in await services.store.messages(conversation_id) if m.author is Author.BOT
                     for s in sentences(m.text)]
    repeated = {s for s in bot_sentences if bot_sentences.count(s) > 1}
    assert not repeated, f"said twice: {repeated}\n{told}"
    for fragment in present:
        assert fragment.lower() in told.lower(), f"{fragment!r} missing:\n{told}"
    shop_side = "\n".join(line for line in told.splitlines() if not line.startswith("Customer:"))
    for fragment in absent:
        assert fragment.lower() not in shop_side.lower(), f"{fragment!r} said:\n{told}"
