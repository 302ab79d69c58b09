"""The decision for one inbound message: answer, clarify, delay or hand off — with reasons in plain words.

Order of precedence (DESIGN.md service principles):
1. A person, by name, when it matters: an explicit wish for a person, strong emotion (unless it is a
   one-off bad moment about a question we can answer at once), or a long-standing customer in an
   unusual situation. All the reasons that apply are kept.
2. Honest about delay when the message opens a declared case type (trouble told, work asked of the shop that
   the answer at hand never speaks of, or the knowledge saying so; a plain question the shop's answer is sure
   of is answered).
3. A person who can look at it when the message names an order that nothing the shop wrote answers, or asks
   work of the shop that the answer never speaks of, about an order or with no sure answer.
4. "I'm not sure" (never a made-up answer) when the knowledge base has nothing in scope.
5. Clarify with the 2–3 candidate questions when the answer is ambiguous.
6. Otherwise answer at once, with the citation.
"""

from __future__ import annotations

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
from warmline.signals import asks_nothing, asks_without_trouble, greets, is_escalating

from ._answering import answer, clarify, listening
from ._cases import (
    ORDER_ANSWER,
    answerable,
    case_leaned_to,
    case_opened,
    order_named,
    tells_about,
    work_nobody_answers,
)
from ._choices import choice_labels
from ._identifiers import ask_for, missing_identifiers
from ._lines import delay_opening, read_feeling
from ._phrases import phrase
from ._replies import DELAY_CHOICES, delay_text, duration_phrase, when_phrase
from ._skilled_off import skilled_off_but_team_on, skilled_off_reply
from ._time_words import back_at, duration_in
from .eta import estimate_eta

__all__ = ["choose_mode", "decide"]

# Below this a greeting that asks nothing is heard, not answered: what it tells only brings an answer to mind.
_GREETED_GUESS = 0.4


def choose_mode(signals: Signals, thresholds: Thresholds) -> Mode:
    """Fast lane for the upset or hurried (this message, not this customer); concierge otherwise."""
    emotion = signals.get(SignalKind.EMOTION)
    hurried = emotion is not None and emotion.label == "urgency" and emotion.score > 0
    upset = signals.score(SignalKind.EMOTION) >= thresholds.fast_lane_emotion
    return Mode.FAST_LANE if upset or hurried else Mode.CONCIERGE


def _simple_answer(retrieval: Retrieval, case: CaseType | None) -> bool:
    return answerable(retrieval) and case is None


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
                        customer: Customer, language: str) -> tuple[Reply, ...]:
    if case is None:
        return ()
    asked = ask_for(missing_identifiers(case.needs, text=text, history=history, customer=customer),
                    language=language)
    return (Reply(text=asked),) if asked else ()


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
    # Upset, in another language: "I'm sorry" first (the English opening reads the feeling more finely).
    sorry = phrase("sorry", language=language, bot=bot, first_name=customer.first_name) \
        if mode is Mode.FAST_LANE and language != bot.knowledge_language else ""
    named = "" if sorry else customer.first_name
    # Why it takes a person, in the shop's own words in this language (no words of ours for it otherwise).
    why = case.what_happens_said_in(language)
    reason = f" {why.strip()[:1].upper()}{why.strip()[1:].rstrip('.')}." if why and why.strip() else ""
    if language == bot.knowledge_language:
        said = delay_text(opening=opening, eta_phrase=handling, back_phrase=back)
    elif eta.back_at is not None:  # nobody on shift: when the team is back, then how long
        today = bot.business_hours.local(now).date()
        said = sorry + phrase("delay_back", language=language, bot=bot, first_name=named,
                              when=back_at(bot.business_hours.local(eta.back_at), language=language, today=today),
                              eta=duration_in(case.handling_minutes, language=language)) + reason
    else:
        said = sorry + phrase("delay", language=language, bot=bot, first_name=named,
                              what=case.what_happens.strip().rstrip("."),
                              eta=duration_in(eta.done_minutes, language=language)) + reason
    first_reply = Reply(text=said, choices=choice_labels(DELAY_CHOICES, language=language))
    assignee: Assignee | None = None
    if eta.back_at is not None and (split := skilled_off_but_team_on(bot=bot, case=case, team=team, now=now)):
        # "Nobody on shift" only when true: the one with the skill is off, others are here.
        skilled, helper, skilled_back = split
        other = language != bot.knowledge_language
        first_reply = skilled_off_reply(customer=customer, opening=sorry if other else opening, skilled=skilled,
                                        helper=helper, back_at=skilled_back, now=now, bot=bot,
                                        language=language if other else "en", why=reason)
        back = when_phrase(skilled_back, now=now, bot=bot)
        reasons[3] = f"only {skilled.name} has the skill, back at {back}; {helper.name} is on shift"
        assignee = Assignee(id=skilled.id, name=skilled.name)
    replies = (first_reply,
               *_identifier_replies(case, text=text, history=history, customer=customer, language=language))
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
           language: str | None = None, case_waiting: bool = False) -> Decision:
    """One explainable decision for one inbound message (pure: no I/O, no clock).

    ``language``: the customer's language, for the bot's own sentences (the knowledge language if None).
    ``case_waiting``: a case of this customer already waits for a person; a question that tells of nothing gone
    wrong opens no other ("can he swap it for another size?" is answered from the exchange page, which says how).
    """
    language = language or bot.knowledge_language
    th = bot.thresholds
    retrieval = _with_shop_threshold(retrieval, th.answer_confidence)
    mode = choose_mode(signals, th)
    case = None if case_waiting and asks_without_trouble(text) else case_opened(signals, retrieval, bot, text=text)
    triggers = _handoff_triggers(signals, retrieval, case, th)
    if triggers:
        return Decision(action=Action.HANDOFF, reasons=_reasons_for_handoff(triggers, signals),
                        confidence=max(signal.score for signal, _ in triggers), mode=mode,
                        case_type=case.name if case else None,
                        replies=_identifier_replies(case, text=text, history=history, customer=customer,
                                                    language=language))
    reasons = [_mode_reason(mode, signals)]
    if case is not None:
        return _delay(case=case, signals=signals, customer=customer, bot=bot, team=team, now=now, text=text,
                      history=history, mode=mode, reasons=reasons, language=language)
    if (order := order_named(text, bot)) and (not answerable(retrieval) or retrieval.confidence < ORDER_ANSWER
                                               or tells_about(order, text=text)):
        # "…the handle had snapped off 😞 order MS-20419": about one order, and nothing the shop wrote answers
        # it. Someone who can look at that order can; "I'm not sure" can't.
        leaned = case_leaned_to(signals, bot)
        return Decision(action=Action.HANDOFF, mode=mode, confidence=1.0, case_type=leaned.name if leaned else None,
                        reasons=(f"about order {order}, which the knowledge base has no answer for: a person who "
                                 "can look at the order", *reasons))
    if (work := work_nobody_answers(retrieval, text=text, bot=bot)) is not None:
        # "the Noord cardigan in M is swimming on me, could you send me the S instead? order MS-10577" got the size
        # table: asked to do something the answer never speaks of, about an order or with no sure answer at all.
        return Decision(action=Action.HANDOFF, mode=mode, confidence=1.0,
                        reasons=(f"asks us to {work}, which nothing the shop wrote speaks of: a person who can",
                                 *reasons))
    # "Hola! Escribo desde Valencia 👋"; and a greeting that only tells, whatever it brings to mind ("Hallo! Ich hab
    # zum Geburtstag einen Mossa-Gutschein bekommen 🎉" found the gift cards, .35): asked what they would like to know
    if asks_nothing(text) and (not retrieval.in_scope or (greets(text) and retrieval.confidence < _GREETED_GUESS)):
        return listening(text=text, customer=customer, mode=mode, reasons=reasons, language=language, bot=bot)
    if not retrieval.in_scope or retrieval.ambiguous or not retrieval.answer_text:
        return clarify(retrieval=retrieval, customer=customer, mode=mode, reasons=reasons, language=language,
                        bot=bot, heard=[m.text for m in history if m.author is Author.BOT],
                        feeling=read_feeling(text, emotion=signals.get(SignalKind.EMOTION)))
    emotion = signals.get(SignalKind.EMOTION)
    if emotion is not None and emotion.score >= th.handoff_emotion:
        reasons.append("upset, but the answer is simple: answering at once and offering a person")
    complexity = signals.get(SignalKind.COMPLEXITY)
    if complexity is not None and complexity.score >= th.delay_complexity:
        reasons.append(f"looked like a {complexity.label} case ({complexity.score:.2f}), but the knowledge "
                       f"base answers it more surely ({retrieval.confidence:.2f})")
    return answer(retrieval=retrieval, customer=customer, mode=mode, history=history, signals=signals,
                   reasons=reasons, language=language, bot=bot)
