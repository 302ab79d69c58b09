"""Feedback at the end of a conversation: asked with two choices, stored per conversation, channel and person,
an optional word after it, and never mistaking a new question for feedback."""

from __future__ import annotations

import pytest
from tests._clock import ManualClock

from warmline.domain import Action, ConversationState, InboundMessage
from warmline.engine.customer.feedback import is_thanks, read_choice, reads_like_question
from warmline.engine.customer.pipeline import TurnResult
from warmline.policy import FEEDBACK_CHOICES, FEEDBACK_INVITE
from warmline.runtime.services import Services


async def say(services: Services, text: str, *, sender: str = "anna", channel: str = "api") -> TurnResult:
    return await services.pipeline.handle(InboundMessage(channel=channel, sender_id=sender, text=text,
                                                         sender_name="Anna de Vries"))


async def resolved_by_staff(services: Services, *, channel: str = "api", staff_reply: bool = True) -> TurnResult:
    """Anna asks for a person; the assignee answers (or not) and resolves. Returns the handoff turn."""
    turn = await say(services, "Can I talk to a person please?", channel=channel)
    assert turn.decision.action is Action.HANDOFF
    assert turn.decision.assignee is not None
    staff_id = turn.decision.assignee.id
    if staff_reply:
        await services.desk.reply(turn.conversation.id, staff_id=staff_id, text="Sure, sorted it for you!")
    else:
        await services.desk.claim(turn.conversation.id, staff_id=staff_id)
    await services.desk.resolve(turn.conversation.id, staff_id=staff_id)
    closing = (await services.store.messages(turn.conversation.id))[-1]
    assert closing.choices == FEEDBACK_CHOICES
    assert "Did you like how this went?" in closing.text
    return turn


async def test_a_tapped_yes_is_stored_with_channel_and_person_then_the_optional_word(services: Services) -> None:
    handoff = await resolved_by_staff(services)
    conversation_id = handoff.conversation.id
    staff_id = handoff.decision.assignee.id  # type: ignore[union-attr]

    tapped = await say(services, "Yes 👍")
    assert tapped.replies[0].text.endswith(FEEDBACK_INVITE)
    assert tapped.replies[0].choices == ()
    assert tapped.conversation.state is ConversationState.RESOLVED  # still closed: feedback is no new request
    [feedback] = await services.store.feedback(conversation_id=conversation_id)
    assert (feedback.liked, feedback.channel, feedback.staff_id, feedback.comment) == (True, "api", staff_id, None)

    commented = await say(services, "Really quick and kind, thank you")
    member = services.bot.staff_member(staff_id)
    assert member is not None
    assert commented.replies[0].text == f"Thank you, Anna! I've passed that on to {member.first_name}."
    [feedback] = await services.store.feedback(conversation_id=conversation_id)
    assert feedback.comment == "Really quick and kind, thank you"
    assert feedback.liked

    later = await say(services, "What are your opening hours?")  # and then the bot is itself again
    assert later.decision.action is Action.ANSWER
    assert later.conversation.state is ConversationState.BOT
    assert len(await services.store.feedback(conversation_id=conversation_id)) == 1


async def test_a_new_question_after_the_thanks_goes_to_the_bot_not_into_the_feedback(services: Services) -> None:
    handoff = await resolved_by_staff(services)
    await say(services, "Not really")

    question = await say(services, "Do you ship to the United States")  # no question mark, still a question
    assert question.decision.action is Action.ANSWER
    assert "flat 19 euros" in question.replies[0].text
    assert question.conversation.state is ConversationState.BOT
    [feedback] = await services.store.feedback(conversation_id=handoff.conversation.id)
    assert not feedback.liked
    assert feedback.comment is None


async def test_a_new_problem_after_the_thanks_is_not_a_comment(services: Services) -> None:
    handoff = await resolved_by_staff(services)
    await say(services, "Yes 👍")

    problem = await say(services, "my new mug arrived broken")
    assert problem.decision.action in (Action.HANDOFF, Action.DELAY)
    assert (await services.store.feedback(conversation_id=handoff.conversation.id))[0].comment is None


async def test_a_word_long_after_the_thanks_is_not_taken_as_feedback(services: Services, clock: ManualClock) -> None:
    handoff = await resolved_by_staff(services)
    await say(services, "Yes 👍")
    clock.advance(minutes=45)

    await say(services, "lovely people")
    assert (await services.store.feedback(conversation_id=handoff.conversation.id))[0].comment is None


async def test_a_typed_no_with_a_reason_is_stored_at_once(services: Services) -> None:
    handoff = await resolved_by_staff(services)

    turn = await say(services, "Not really, it took ages")
    assert "passed that on" in turn.replies[0].text
    [feedback] = await services.store.feedback(conversation_id=handoff.conversation.id)
    assert (feedback.liked, feedback.comment) == (False, "Not really, it took ages")


@pytest.mark.parametrize(("channel", "answer", "liked"), [
    ("telegram", "Yes 👍", True),  # an inline keyboard button sends the choice's text
    ("whatsapp", "Not really", False),  # a reply button, likewise
    ("messenger", "yes!", True),  # typed
    ("sms", "2", False),  # a numbered choice on a text-only channel
])
async def test_every_channel_answers_with_the_choice(services: Services, channel: str, answer: str,
                                                     liked: bool) -> None:
    handoff = await resolved_by_staff(services, channel=channel)
    await say(services, answer, channel=channel)
    [feedback] = await services.store.feedback(conversation_id=handoff.conversation.id)
    assert (feedback.channel, feedback.liked) == (channel, liked)


async def test_who_handled_it_comes_from_the_handoff_when_they_wrote_nothing(services: Services) -> None:
    handoff = await resolved_by_staff(services, staff_reply=False)
    await say(services, "Yes 👍")
    [feedback] = await services.store.feedback(conversation_id=handoff.conversation.id)
    assert feedback.staff_id == handoff.decision.assignee.id  # type: ignore[union-attr]


async def test_a_conversation_the_bot_handled_alone_is_closed_warmly_and_asked_once(services: Services) -> None:
    answer = await say(services, "How long does shipping take?")
    assert answer.decision.action is Action.ANSWER

    thanks = await say(services, "That helps, thanks")  # the answer's own quick reply
    assert thanks.replies[0].choices == FEEDBACK_CHOICES
    assert thanks.conversation.state is ConversationState.RESOLVED
    await say(services, "Yes 👍")
    [feedback] = await services.store.feedback(conversation_id=answer.conversation.id)
    assert (feedback.liked, feedback.staff_id) == (True, None)  # the bot alone: no person to credit

    await say(services, "What payment methods do you accept?")
    again = await say(services, "thanks, that's all!")
    assert again.replies[0].choices == ()  # asked this week already: just a warm goodbye
    assert again.replies[0].text.startswith("You're welcome, Anna!")


async def test_thanks_with_a_question_is_answered_not_closed(services: Services) -> None:
    await say(services, "How long does shipping take?")
    turn = await say(services, "thanks! and do you ship to the United States?")
    assert turn.decision.action is Action.ANSWER
    assert turn.conversation.state is ConversationState.BOT


@pytest.mark.parametrize(("text", "expected"), [
    ("Yes 👍", (True, "")), ("not really", (False, "")), ("NOPE.", (False, "")),
    ("yes, Maya was great", (True, "maya was great")), ("Not really, it took ages", (False, "it took ages")),
    ("Yesterday my order came", (None, "")), ("notice", (None, "")), ("what are your hours", (None, "")),
])
def test_read_choice(text: str, expected: tuple[bool | None, str]) -> None:
    assert read_choice(text) == expected


@pytest.mark.parametrize(("text", "thanks"), [
    ("That helps, thanks", True), ("thank you so much!", True), ("perfect, thx", True),
    ("thanks, but where is my order", False), ("thanks?", False), ("ok", False),
])
def test_is_thanks(text: str, thanks: bool) -> None:
    assert is_thanks(text) is thanks


@pytest.mark.parametrize(("text", "question"), [
    ("how do returns work", True), ("Can I pay later", True), ("anything else?", True),
    ("Maya was lovely", False), ("it took ages", False),
])
def test_reads_like_question(text: str, question: bool) -> None:
    assert reads_like_question(text) is question
