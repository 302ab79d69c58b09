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
from warmline.signals import asks_nothing, asks_shop_to, asks_without_trouble, is_escalating

from ._answering import answer, clarify, listening
from ._choices import choice_labels
from ._identifiers import ask_for, missing_identifiers
from ._lines import delay_opening, read_feeling
from ._order_questions import find_shop_order_numbers
from ._phrases import phrase
from ._replies import DELAY_CHOICES, delay_text, duration_phrase, when_phrase
from ._skilled_off import skilled_off_but_team_on, skilled_off_reply
from ._time_words import back_at, duration_in
from .eta import estimate_eta

__all__ = ["choose_mode", "decide"]



def choose_mode(signals: Signals, thresholds: Thresholds) -> Mode:
    """Fast lane for the upset or hurried (this message, not this customer); concierge otherwise."""
    emotion = signals.get(SignalKind.EMOTION)
    hurried = emotion is not None and emotion.label == "urgency" and emotion.score > 0
    upset = signals.score(SignalKind.EMOTION) >= thresholds.fast_lane_emotion
    return Mode.FAST_LANE if upset or hurried else Mode.CONCIERGE


# A case type this sure is opened whatever the knowledge answers (a crack, a double charge, a parcel lost)...
_SURE_CASE = 0.8
# ... unless the message only asks, telling of nothing gone wrong, and the shop's answer is this sure.
_SURE_ANSWER = 0.5
# A case read by example this likely, asked as work the answer at hand never speaks of, is opened
# ("könnt ihr mir den Noord-Cardigan in Rostrot stricken?" was sent the size table).
_LIKELY_CASE = 0.6
# (an answer about shipping speaks of sending: "can you send an order to california" is the US entry's)
_WORK_FORMS = {"make": ("make", "made", "making"),
               "send": ("send", "sent", "ship", "deliver", "post"),
               "swap": ("swap", "exchang"), "switch": ("switch", "swap", "exchang"),
               "change": ("chang", "swap", "exchang"), "exchange": ("exchang", "swap"), "replace": ("replac",),
               "alter": ("alter",), "shorten": ("shorten", "alter"), "lengthen": ("lengthen", "alter")}
_YEAR = re.compile(r"(?:19|20)\d\d")
# A message about one order that the knowledge answers only this unsurely goes to someone who can look at the
# order: "llevo tres semanas esperando el pedido MS-21988 y nadie me dice nada" found the shipping times (.11).
_ORDER_ANSWER = 0.35


def _case(signals: Signals, retrieval: Retrieval, bot: Bot, *, text: str) -> CaseType | None:
    complexity = signals.get(SignalKind.COMPLEXITY)
    if complexity is not None and complexity.score >= bot.thresholds.delay_complexity:
        # "Instant when simple": a question the knowledge base answers more surely than it looks like a
        # case ("Can I pay with Klarna?" vs the billing case) is answered, not queued.
        # Below _SURE_CASE the case is only a likeness (two of its words: "my mug came today and it's darker
        # than on the website"), and an answer the shop wrote for the question wins outright.
        # A case is trouble told: "is there any lead in your glazes?" reads .97 as a damaged item by example,
        # and asks what the care page says.
        plain_question = retrieval.confidence >= _SURE_ANSWER and asks_without_trouble(text)
        order = _order_named(text, bot)
        told = order is not None and _tells_about(order, text=text)  # "my refund for MS-19204 still hasn't…"
        if complexity.score >= _LIKELY_CASE and (told or _work_unanswered(retrieval, text=text)):
            return bot.case_type(complexity.label)
        answers_better = (_answerable(retrieval) and retrieval.best is not None
                          and not retrieval.best.passage.case_type
                          and (retrieval.confidence > complexity.score or complexity.score < _SURE_CASE
                               or plain_question))
        if not answers_better:
            return bot.case_type(complexity.label)
    best = retrieval.best
    if retrieval.in_scope and best is not None and best.passage.case_type:
        return bot.case_type(best.passage.case_type)  # the knowledge says "this needs a person"
    return None


def _work_unanswered(retrieval: Retrieval, *, text: str) -> bool:
    """Whether the message asks the shop for work ("könnt ihr mir den Cardigan in Rostrot stricken?") that the
    answer at hand never speaks of: the size table is no reply to a cardigan asked for in another colour."""
    work = asks_shop_to(retrieval.searched or text)
    if work is None or retrieval.best is None:
        return False
    answer = (retrieval.answer_text or retrieval.best.passage.text).lower()
    return not any(re.search(rf"\b{form}", answer) for form in _WORK_FORMS.get(work, (work,)))


def _work_nobody_answers(retrieval: Retrieval, *, text: str, bot: Bot) -> str | None:
    """The work a message asks of the shop when the answer at hand never speaks of it and either an order is
    named or that answer is not sure (below ``_SURE_ANSWER``); None otherwise."""
    work = asks_shop_to(retrieval.searched or text)
    if work is None or not _work_unanswered(retrieval, text=text):
        return None
    return work if _order_named(text, bot) or retrieval.confidence < _SURE_ANSWER else None


def _order_named(text: str, bot: Bot) -> str | None:
    """The first order number in ``text`` in the shop's format, a year not taken for one ("from 2019")."""
    numbers = [n for n in find_shop_order_numbers(text, bot.orders.number_pattern) if not _YEAR.fullmatch(n)]
    return numbers[0] if numbers else None


def _tells_about(order: str, *, text: str) -> bool:
    """Whether a message naming ``order`` tells of it rather than only asking what the shop's answers say: "de
    trui die ik kreeg (MS-15532) heeft een gat bij de naad" found the repair service (.58), "me gustaría cambiar
    el gorro por el de talla infantil, pedido MS-17436" the beanie sizes. "how do I wash the sweater from
    MS-15532?" asks, and is answered."""
    return not asks_without_trouble(re.sub(re.escape(order), " ", text, flags=re.IGNORECASE))


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
    case = None if case_waiting and asks_without_trouble(text) else _case(signals, retrieval, bot, text=text)
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
    if (order := _order_named(text, bot)) and (not _answerable(retrieval) or retrieval.confidence < _ORDER_ANSWER
                                               or _tells_about(order, text=text)):
        # "…the handle had snapped off 😞 order MS-20419": about one order, and nothing the shop wrote answers
        # it. Someone who can look at that order can; "I'm not sure" can't.
        return Decision(action=Action.HANDOFF, mode=mode, confidence=1.0,
                        reasons=(f"about order {order}, which the knowledge base has no answer for: a person who "
                                 "can look at the order", *reasons))
    if (work := _work_nobody_answers(retrieval, text=text, bot=bot)) is not None:
        # "the Noord cardigan in M is swimming on me, could you send me the S instead? order MS-10577" got the size
        # table: asked to do something the answer never speaks of, about an order or with no sure answer at all.
        return Decision(action=Action.HANDOFF, mode=mode, confidence=1.0,
                        reasons=(f"asks us to {work}, which nothing the shop wrote speaks of: a person who can",
                                 *reasons))
    if not retrieval.in_scope and asks_nothing(text):  # "Hola! Escribo desde Valencia 👋"
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
