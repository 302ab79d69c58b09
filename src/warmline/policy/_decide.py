"""The decision for one inbound message: answer, clarify, delay or hand off — with reasons in plain words.

Order of precedence (DESIGN.md service principles):
1. A person, by name, when it matters: an explicit wish for a person, strong emotion (unless it is a
   one-off bad moment about a question we can answer at once), or a long-standing customer in an
   unusual situation. All the reasons that apply are kept.
2. Honest about delay when the message opens a declared case type.
3. "I'm not sure" (never a made-up answer) when the knowledge base has nothing in scope.
4. Clarify with the 2–3 candidate questions when the answer is ambiguous.
5. Otherwise answer at once, with the citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from warmline.domain import (
    Action,
    Assignee,
    Author,
    Bot,
    CaseType,
    Conversation,
    Customer,
    Decision,
    Message,
    Mode,
    Reply,
    Retrieval,
    Signal,
    SignalKind,
    Signals,
    TeamSnapshot,
    Thresholds,
)
from warmline.signals import is_escalating

from ._eta import estimate_eta
from ._identifiers import missing_identifiers
from ._lines import Feeling, acknowledgement, delay_opening, is_emotional, pick_line, read_feeling
from ._phrases import choice_labels, duration_in, phrase
from ._replies import (
    DELAY_CHOICES,
    UNSURE_CHOICES,
    ask_for,
    delay_text,
    duration_phrase,
    when_phrase,
)
from ._skilled_off import skilled_off_but_team_on, skilled_off_reply

__all__ = ["choose_mode", "decide"]

_SUGGESTION_TAGS = frozenset({"suggestion", "tip", "product", "recommendation"})
# A suggestion is offered, not answered: near the question in the search (top ranks), not necessarily sure.
_SUGGESTION_MIN_SCORE = 0.05
_SUGGESTION_RANKS = 5
_SAID_ALREADY = 0.4  # share of a passage's words the answer already has
_RELAXED = frozenset({"happy", "calm"})  # time for a suggestion; never for the upset or hurried


def choose_mode(signals: Signals, thresholds: Thresholds) -> Mode:
    """Fast lane for the upset or hurried (this message, not this customer); concierge otherwise."""
    emotion = signals.get(SignalKind.EMOTION)
    hurried = emotion is not None and emotion.label == "urgency" and emotion.score > 0
    upset = signals.score(SignalKind.EMOTION) >= thresholds.fast_lane_emotion
    return Mode.FAST_LANE if upset or hurried else Mode.CONCIERGE


def _case(signals: Signals, retrieval: Retrieval, bot: Bot) -> CaseType | None:
    complexity = signals.get(SignalKind.COMPLEXITY)
    if complexity is not None and complexity.score >= bot.thresholds.delay_complexity:
        # "Instant when simple": a question the knowledge base answers more surely than it looks like a
        # case ("Can I pay with Klarna?" vs the billing case) is answered, not queued.
        answers_better = (_answerable(retrieval) and retrieval.best is not None
                          and not retrieval.best.passage.case_type and retrieval.confidence > complexity.score)
        if not answers_better:
            return bot.case_type(complexity.label)
    best = retrieval.best
    if retrieval.in_scope and best is not None and best.passage.case_type:
        return bot.case_type(best.passage.case_type)  # the knowledge says "this needs a person"
    return None


def _answerable(retrieval: Retrieval) -> bool:
    return retrieval.in_scope and not retrieval.ambiguous and bool(retrieval.answer_text)


def _simple_answer(retrieval: Retrieval, case: CaseType | None) -> bool:
    return _answerable(retrieval) and case is None


def _handoff_triggers(signals: Signals, retrieval: Retrieval, case: CaseType | None,
                      th: Thresholds) -> list[tuple[Signal, str]]:
    """Each signal that calls for a person, with the sentence that says why."""
    triggers: list[tuple[Signal, str]] = []
    wants = signals.get(SignalKind.WANTS_HUMAN)
    if wants is not None and wants.score >= th.wants_human:
        triggers.append((wants, "they asked for a person"))
    emotion = signals.get(SignalKind.EMOTION)
    if emotion is not None and emotion.score >= th.handoff_emotion:
        one_off = not is_escalating(emotion) and _simple_answer(retrieval, case)
        if not one_off or triggers:
            triggers.append((emotion, f"strong {emotion.label or 'emotion'}"))
    tenure = signals.get(SignalKind.TENURE)
    if tenure is not None and tenure.label == "unusual_situation" and tenure.score >= th.handoff_tenure:
        triggers.append((tenure, "a long-standing, reliable customer in an unusual situation: "
                                 "personal help, not the standard procedure"))
    return triggers


def _reasons_for_handoff(triggers: list[tuple[Signal, str]], signals: Signals) -> tuple[str, ...]:
    reasons: list[str] = []
    for signal, why in triggers:
        reasons.append(why)
        reasons.extend(signal.evidence)
    tenure = signals.get(SignalKind.TENURE)
    if tenure is not None and tenure.label == "loyal" and tenure.evidence:
        reasons.append(tenure.evidence[0])  # staff should know who they are talking to
    return tuple(dict.fromkeys(reasons))


def _mode_reason(mode: Mode, signals: Signals) -> str:
    emotion = signals.get(SignalKind.EMOTION)
    if mode is Mode.FAST_LANE:
        cue = emotion.evidence[0] if emotion and emotion.evidence else "upset or in a hurry"
        return f"fast lane (shortest path, no extras): {cue}"
    return "concierge: relaxed, time for a warm reply"


def _identifier_replies(case: CaseType | None, *, text: str, history: Sequence[Message],
                        customer: Customer) -> tuple[Reply, ...]:
    if case is None:
        return ()
    needs = missing_identifiers(case.needs, text=text, history=history, customer=customer)
    return (Reply(text=ask_for(needs)),) if needs else ()


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
        text += "\n\n" + phrase("part_unsure", language=language, bot=bot, part=part.rstrip("?!. "))
    return text


def _answer(*, retrieval: Retrieval, customer: Customer, mode: Mode, history: Sequence[Message],
            signals: Signals, reasons: list[str], language: str, bot: Bot) -> Decision:
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
    if mode is Mode.CONCIERGE and emotion is not None and emotion.label in _RELAXED:
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


def _clarify(*, retrieval: Retrieval, customer: Customer, mode: Mode, reasons: list[str], language: str,
             bot: Bot, heard: Sequence[str] = (), feeling: Feeling = Feeling.RELAXED) -> Decision:
    if retrieval.in_scope and retrieval.ambiguous:
        options = list(dict.fromkeys(
            c.passage.question or c.passage.citation.title for c in retrieval.candidates))[:3]
        if len(options) >= 2:
            reasons.insert(0, "two or more answers fit equally well: asking which one is meant")
            text = phrase("which_one", language=language, bot=bot, first_name=customer.first_name)
            return Decision(action=Action.CLARIFY, reasons=tuple(reasons), confidence=retrieval.confidence,
                            replies=(Reply(text=text, choices=tuple(options)),), mode=mode)
    reasons.insert(0, f"the knowledge base has no confident answer (confidence {retrieval.confidence:.2f})")
    if retrieval.unknown_words:
        reasons.insert(1, "about words the knowledge never uses: " + ", ".join(retrieval.unknown_words))
    text = _not_sure(customer=customer, language=language, bot=bot, heard=heard, feeling=feeling)
    return Decision(action=Action.CLARIFY, reasons=tuple(reasons), confidence=retrieval.confidence,
                    replies=(Reply(text=text, choices=choice_labels(UNSURE_CHOICES, language=language)),), mode=mode)


def _delay(*, case: CaseType, signals: Signals, customer: Customer, bot: Bot, team: TeamSnapshot,
           now: datetime, text: str, history: Sequence[Message], mode: Mode, reasons: list[str],
           language: str) -> Decision:
    eta = estimate_eta(bot=bot, case=case, team=team, now=now)
    back = when_phrase(eta.back_at, now=now, bot=bot) if eta.back_at is not None else None
    handling = duration_phrase(case.handling_minutes if back else eta.done_minutes)
    complexity = signals.get(SignalKind.COMPLEXITY)
    reasons[:0] = [f"needs a person: {case.what_happens.strip().rstrip('.')}",
                   *(complexity.evidence if complexity else ()),
                   f"usually takes {duration_phrase(case.handling_minutes)}",
                   f"nobody on shift; back at {back}" if back else
                   f"{len(eta.on_shift)} on shift now, {team.queue_length} waiting in the queue"]
    heard = [m.text for m in history if m.author is Author.BOT]
    opening = delay_opening(read_feeling(text, emotion=signals.get(SignalKind.EMOTION)), bot=bot, said=heard,
                            what=case.what_happens.strip().rstrip("."), first_name=customer.first_name)
    if language == bot.knowledge_language or back:
        said = delay_text(opening=opening, eta_phrase=handling, back_phrase=back)
    else:
        said = phrase("delay", language=language, bot=bot, first_name=customer.first_name,
                      what=case.what_happens.strip().rstrip("."), eta=duration_in(eta.done_minutes, language=language))
    first_reply = Reply(text=said, choices=choice_labels(DELAY_CHOICES, language=language))
    assignee: Assignee | None = None
    if eta.back_at is not None and (split := skilled_off_but_team_on(bot=bot, case=case, team=team, now=now)):
        # "Nobody on shift" only when true: the one with the skill is off, others are here.
        skilled, helper, back_at = split
        first_reply = skilled_off_reply(customer=customer, opening=opening, skilled=skilled, helper=helper,
                                        back_at=back_at, now=now, bot=bot)
        back = when_phrase(back_at, now=now, bot=bot)
        reasons[3] = f"only {skilled.name} has the skill, back at {back}; {helper.name} is on shift"
        assignee = Assignee(id=skilled.id, name=skilled.name)
    replies = (first_reply,
               *_identifier_replies(case, text=text, history=history, customer=customer))
    return Decision(action=Action.DELAY, reasons=tuple(reasons), confidence=complexity.score if complexity else 1.0,
                    replies=replies, eta_minutes=eta.done_minutes, mode=mode, case_type=case.name,
                    assignee=assignee)


def _with_shop_threshold(retrieval: Retrieval, answer_confidence: float | None) -> Retrieval:
    """A shop's own ``thresholds.answer_confidence`` replaces the one tuned at ingest."""
    if answer_confidence is None:
        return retrieval
    return replace(retrieval, in_scope=retrieval.best is not None and retrieval.confidence >= answer_confidence)


def decide(*, text: str, customer: Customer, conversation: Conversation, history: Sequence[Message],
           retrieval: Retrieval, signals: Signals, bot: Bot, team: TeamSnapshot, now: datetime,
           language: str | None = None) -> Decision:
    """One explainable decision for one inbound message (pure: no I/O, no clock).

    ``language``: the customer's language, for the bot's own sentences (the knowledge language if None).
    """
    language = language or bot.knowledge_language
    th = bot.thresholds
    retrieval = _with_shop_threshold(retrieval, th.answer_confidence)
    mode = choose_mode(signals, th)
    case = _case(signals, retrieval, bot)
    triggers = _handoff_triggers(signals, retrieval, case, th)
    if triggers:
        return Decision(action=Action.HANDOFF, reasons=_reasons_for_handoff(triggers, signals),
                        confidence=max(signal.score for signal, _ in triggers), mode=mode,
                        case_type=case.name if case else None,
                        replies=_identifier_replies(case, text=text, history=history, customer=customer))
    reasons = [_mode_reason(mode, signals)]
    if case is not None:
        return _delay(case=case, signals=signals, customer=customer, bot=bot, team=team, now=now, text=text,
                      history=history, mode=mode, reasons=reasons, language=language)
    if not retrieval.in_scope or retrieval.ambiguous or not retrieval.answer_text:
        return _clarify(retrieval=retrieval, customer=customer, mode=mode, reasons=reasons, language=language,
                        bot=bot, heard=[m.text for m in history if m.author is Author.BOT],
                        feeling=read_feeling(text, emotion=signals.get(SignalKind.EMOTION)))
    emotion = signals.get(SignalKind.EMOTION)
    if emotion is not None and emotion.score >= th.handoff_emotion:
        reasons.append("upset, but the answer is simple: answering at once and offering a person")
    complexity = signals.get(SignalKind.COMPLEXITY)
    if complexity is not None and complexity.score >= th.delay_complexity:
        reasons.append(f"looked like a {complexity.label} case ({complexity.score:.2f}), but the knowledge "
                       f"base answers it more surely ({retrieval.confidence:.2f})")
    return _answer(retrieval=retrieval, customer=customer, mode=mode, history=history, signals=signals,
                   reasons=reasons, language=language, bot=bot)
