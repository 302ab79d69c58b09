"""What the bot says when the knowledge base decides: the answer (with a suggestion for the relaxed), a
question back when two answers fit, or an honest "I'm not sure" when nothing does (with the nearest topics)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from warmline.domain import (
    Action,
    Author,
    Bot,
    Customer,
    Decision,
    Message,
    Mode,
    Reply,
    Retrieval,
    SignalKind,
    Signals,
)
from warmline.signals import greets

from ._choices import choice_labels
from ._lines import Feeling, acknowledgement, is_emotional, pick_line
from ._phrases import phrase
from ._replies import UNSURE_CHOICES

__all__ = ["answer", "clarify", "listening"]

# what joins a second question to the first: no part of what it asks
_JOINED_BY = re.compile(r"^\W*(?:and|also|oh and|en|ook|und|auch|y|también|et|aussi)\s+", re.IGNORECASE)

_SUGGESTION_TAGS = frozenset({"suggestion", "tip", "product", "recommendation"})
# A suggestion is offered, not answered: near the question in the search (top ranks), not necessarily sure.
# (A related entry is no answer, so its calibrated score is low: "What are your sweaters made of?" is .04 for
# "Can I put my merino jumper in the washing machine?", an unrelated one .01.)
_SUGGESTION_MIN_SCORE = 0.03
_SUGGESTION_RANKS = 5
_SAID_ALREADY = 0.4  # share of a passage's words the answer already has
_RELAXED = frozenset({"happy", "calm"})  # time for a suggestion; never for the upset or hurried


def _tag(tag: str) -> str:
    """A tag as the shop may write it ("Products", "tips") in one form ("product", "tip")."""
    word = tag.strip().casefold()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def _mostly_said(text: str, answer: str) -> bool:
    """Whether most of ``text``'s words are in ``answer`` already (a suggestion must be something new)."""
    words = _words(text)
    return not words or len(words & _words(answer)) / len(words) >= _SAID_ALREADY


def _suggestion(retrieval: Retrieval) -> Reply | None:
    """One related thing from the shop's products or tips, near the question in the search, that the answer
    does not already say; offered as a choice that asks exactly that question (tapping it gets the answer)."""
    best = retrieval.best
    answer = retrieval.answer_text or ""
    for scored in retrieval.candidates[1:_SUGGESTION_RANKS]:
        passage = scored.passage
        if (scored.score < _SUGGESTION_MIN_SCORE or passage.case_type
                or not {_tag(t) for t in passage.tags} & _SUGGESTION_TAGS
                or (best is not None and passage.id == best.passage.id)):
            continue
        first_sentence = " ".join(passage.text.strip().split("\n")[0].split(". ")[0].rstrip(".").split())
        if _mostly_said(passage.text, answer):
            continue  # the answer says it already
        if passage.question and passage.question.rstrip().endswith("?"):
            return Reply(text=f"By the way, you might like this one too: “{passage.question}”",
                         choices=(passage.question, "That helps, thanks"), citations=(passage.citation,))
        return Reply(text=f"By the way, you might like this: {first_sentence}.",
                     choices=("That helps, thanks",), citations=(passage.citation,))
    return None


def _answer_text(retrieval: Retrieval, *, language: str, bot: Bot) -> str:
    """The composed answer, said in the customer's language around it when the knowledge is in another one,
    and what of a two-question message it could not answer."""
    text = retrieval.answer_text or ""
    if (retrieval.answer_language or bot.knowledge_language) != language:
        lead = phrase("in_english", language=language, bot=bot)
        text = f"{lead}\n\n{text}" if lead else text
    for part in retrieval.unanswered:
        # (quoted without the "and" that joined it to the question before: "how does it fit, roomy or snug")
        asked = _JOINED_BY.sub("", part).rstrip("?!., ") or part
        text += "\n\n" + phrase("part_unsure", language=language, bot=bot, part=asked)
    return text


def answer(*, retrieval: Retrieval, customer: Customer, mode: Mode, history: Sequence[Message],
           signals: Signals, reasons: list[str], language: str, bot: Bot) -> Decision:
    """Answer at once from the retrieval, with its citations (``reasons``: the policy's so far)."""
    citations = tuple(dict.fromkeys(s.passage.citation for s in (*retrieval.candidates[:1], *retrieval.also)))
    first_turn = not any(m.author is Author.BOT for m in history)
    hello = mode is Mode.CONCIERGE and first_turn and customer.first_name
    greeting = phrase("hello", language=language, bot=bot, first_name=customer.first_name).split("!")[0] + "! "
    greeting = greeting if hello else ""
    choices = ("That's all, thanks", "Talk to a person") if mode is Mode.FAST_LANE else (
        "That helps, thanks", "Ask something else")
    replies = [Reply(text=f"{greeting}{_answer_text(retrieval, language=language, bot=bot)}",
                     choices=choice_labels(choices, language=language), citations=citations)]
    emotion = signals.get(SignalKind.EMOTION)
    # A suggestion is the shop's own words: in another language it would be an English aside, so none.
    if (mode is Mode.CONCIERGE and emotion is not None and emotion.label in _RELAXED
            and language == bot.knowledge_language):
        suggestion = _suggestion(retrieval)  # never for the upset: that is the fast lane
        if suggestion is not None:
            replies.append(suggestion)
            reasons.append("relaxed: added a relevant suggestion")
    source = ", ".join(str(c) for c in citations) if citations else "the knowledge base"
    reasons.insert(0, f"answered from {source} (confidence {retrieval.confidence:.2f})")
    if retrieval.searched:
        reasons.append(f"searched as: {retrieval.searched}")
    if retrieval.unanswered:
        reasons.append("could not answer part of the message: " + "; ".join(retrieval.unanswered))
    return Decision(action=Action.ANSWER, reasons=tuple(reasons), confidence=retrieval.confidence,
                    replies=tuple(replies), citations=citations, mode=mode)


def _not_sure(*, customer: Customer, language: str, bot: Bot, heard: Sequence[str], feeling: Feeling) -> str:
    """ "I'm not sure" — after answering the person when they feel something, and in other words the second
    time (in the shop's own language, where the sentence library is)."""
    plain = phrase("not_sure", language=language, bot=bot, first_name=customer.first_name)
    if language != bot.knowledge_language:
        return plain
    name = customer.first_name
    ack = acknowledgement(feeling, bot=bot, said=heard, first_name=name) if is_emotional(feeling) else ""
    nameless = phrase("not_sure", language=language, bot=bot)
    if not any(plain in earlier or nameless in earlier for earlier in heard):
        return f"{ack} {nameless}" if ack else plain
    again = pick_line("not_sure_again", bot=bot, said=heard, first_name="" if ack else name) or plain
    return f"{ack} {again}" if ack else again


# Topics offered under "I'm not sure": the two likeliest passages (with "Talk to a person", three choices at
# most), each at least this likely. On the 26 read demo-shop sets, of the 363 answerable messages the bot was not
# sure of, 194 got the right one among the choices (28 before, in a question back when two answers tied; 216 with
# three topics, four choices in all); 39 of 327 out-of-scope questions got no topic.
_TOPICS = 2
_TOPIC_MIN_SCORE = 0.05
# A third option must be nearly as likely as the second, and an FAQ entry when the two are: a guide's section
# ("Still not sure?", "Who you'll talk to") is scored on another scale and reads oddly in a list of questions.
_THIRD_OPTION_SHARE = 0.5


def _options(retrieval: Retrieval) -> list[str]:
    """The 2–3 answers to choose between, by their question (or title), without repeats."""
    if len(retrieval.candidates) < 2:
        return []
    first, second, *rest = retrieval.candidates
    entries = first.passage.question is not None and second.passage.question is not None
    third = [c for c in rest[:1] if c.score >= _THIRD_OPTION_SHARE * second.score
             and (c.passage.question is not None or not entries)]
    return list(dict.fromkeys(c.passage.question or c.passage.citation.title for c in (first, second, *third)))


def listening(*, text: str, customer: Customer, mode: Mode, reasons: list[str], language: str,
              bot: Bot) -> Decision:
    """A message that only tells something ("hi! we're getting married next september 💍"): no "I'm not sure",
    but what they would like to know. What it told stays the context of the question that follows."""
    key = "hello" if greets(text) else "listening"
    reasons.insert(0, "asks nothing yet: asked what they would like to know")
    return Decision(action=Action.ANSWER, reasons=tuple(reasons), confidence=0.0, mode=mode,
                    replies=(Reply(text=phrase(key, language=language, bot=bot, first_name=customer.first_name)),))


def clarify(*, retrieval: Retrieval, customer: Customer, mode: Mode, reasons: list[str], language: str,
            bot: Bot, heard: Sequence[str] = (), feeling: Feeling = Feeling.RELAXED) -> Decision:
    """Ask which answer is meant when two or more fit; otherwise say honestly that the bot is not sure."""
    if retrieval.in_scope and retrieval.ambiguous:
        options = _options(retrieval)
        if len(options) >= 2:
            reasons.insert(0, "two or more answers fit equally well: asking which one is meant")
            text = phrase("which_one", language=language, bot=bot, first_name=customer.first_name)
            return Decision(action=Action.CLARIFY, reasons=tuple(reasons), confidence=retrieval.confidence,
                            replies=(Reply(text=text, choices=tuple(options)),), mode=mode)
    reasons.insert(0, f"the knowledge base has no confident answer (confidence {retrieval.confidence:.2f})")
    if retrieval.unknown_words:
        reasons.insert(1, "about words the knowledge never uses: " + ", ".join(retrieval.unknown_words))
    text = _not_sure(customer=customer, language=language, bot=bot, heard=heard, feeling=feeling)
    topics = () if is_emotional(feeling) or mode is Mode.FAST_LANE else _topics(retrieval)
    if topics:  # one tap from the answer, if it is one of them: the customer need not ask again
        reasons.insert(1, "offered the nearest topics: " + "; ".join(topics))
        text = f"{text} {phrase('not_sure_topics', language=language, bot=bot)}"
        choices = (*topics, *choice_labels(UNSURE_CHOICES[:1], language=language))
    else:
        choices = choice_labels(UNSURE_CHOICES, language=language)
    return Decision(action=Action.CLARIFY, reasons=tuple(reasons), confidence=retrieval.confidence,
                    replies=(Reply(text=text, choices=choices),), mode=mode)


def _topics(retrieval: Retrieval) -> tuple[str, ...]:
    """The nearest passages, by their question (or title), when nothing is sure enough to answer: a ranking miss
    ("the right one is 2nd") becomes a question back, not a dead end."""
    near = [c.passage.question or c.passage.citation.title for c in retrieval.candidates[:_TOPICS]
            if c.score >= _TOPIC_MIN_SCORE]
    return tuple(dict.fromkeys(near))
