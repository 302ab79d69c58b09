"""The shipped examples with the real bundled model: a wish for a person and anger in five languages."""

from __future__ import annotations

import pytest

from warmline.knowledge import MiniLMEmbeddings, load_glossary
from warmline.signals import ExampleSignals, emotion_signal, wants_human_signal, with_upset, with_wish


@pytest.fixture(scope="module")
def examples() -> ExampleSignals:
    model = MiniLMEmbeddings()
    return ExampleSignals(embed=lambda texts: model.embed_array(list(texts)))


@pytest.mark.parametrize("text", [
    "Quiero hablar con una persona", "Ik wil een mens spreken", "Ich möchte mit einem Menschen sprechen",
    "je veux parler à quelqu'un", "graag een echte persoon aan de lijn", "I'd rather someone from the shop",
])
def test_a_wish_for_a_person_in_each_language(examples: ExampleSignals, text: str) -> None:
    assert with_wish(wants_human_signal(text=text), examples.read(text)).score >= 0.5


@pytest.mark.parametrize("text", [
    "ik ben boos, mijn pakket is weer niet gekomen", "ik ben het spuugzat, al drie weken niks gehoord",
    "ich bin so wütend, schon wieder nichts angekommen", "ich bin echt verärgert, wieder nichts gekommen",
    "estoy muy enfadada, otra vez sin respuesta",
    "estoy muy enfadado, otra vez no ha llegado nada", "je suis en colère, encore rien reçu",
    "honestly I'm so angry right now",
])
def test_anger_in_each_language_reaches_the_fast_lane(examples: ExampleSignals, text: str) -> None:
    assert with_upset(emotion_signal(text=text), examples.read(text)).score >= 0.4


@pytest.mark.parametrize("text", ["how much is shipping to Belgium?", "hoeveel kost verzending naar België?",
                                  "¿puedo pagar con PayPal?", "merci beaucoup !",
                                  "de trui zat te strak, kan ik ruilen?", "The sweater came in the wrong colour"])
def test_ordinary_questions_are_neither(examples: ExampleSignals, text: str) -> None:
    reading = examples.read(text)
    assert with_wish(wants_human_signal(text=text), reading).score < 0.5
    assert with_upset(emotion_signal(text=text), reading).score < 0.4


def test_a_question_shaped_like_a_wish_is_not_one_in_english_words(examples: ExampleSignals) -> None:
    text = "Kan ik een trui terugsturen?"
    english = load_glossary().to_english(text, "nl")
    reading = examples.read(text)

    assert reading.general.label == "wants_human"  # by its Dutch shape alone it lies nearest the wishes
    assert with_wish(wants_human_signal(text=text), reading, in_english=examples.read(english)).score < 0.5


@pytest.mark.parametrize(("text", "language"), [
    ("Ik wil een mens spreken", "nl"), ("Mag ik een medewerker spreken?", "nl"),
    ("graag een echte persoon aan de lijn", "nl"), ("Kann ich mit jemandem reden?", "de"),
    ("¿Puedo hablar con alguien?", "es"), ("Puis-je parler à un humain ?", "fr"),
    ("Ik wil graag iemand spreken over mijn bestelling", "nl"),  # "i want someone speak my order": a wish at .41
    ("¿Me puede atender una persona?", "es"),  # .49 as written, .96 in English words
])
def test_a_wish_still_holds_in_clumsy_english_words(examples: ExampleSignals, text: str, language: str) -> None:
    english = load_glossary().to_english(text, language)

    assert with_wish(wants_human_signal(text=text, english=english), examples.read(text),
                     in_english=examples.read(english)).score >= 0.5


@pytest.mark.parametrize(("text", "language", "case"), [
    ("Mi jersey tiene un agujero en la manga", "es", "damaged_item"),
    ("Le suivi ne bouge plus depuis des jours", "fr", "missing_parcel"),
])
def test_a_case_only_its_english_words_open_is_opened(text: str, language: str, case: str) -> None:
    from scenarios._builders import load_bot
    from warmline.signals import with_case_in_english

    model = MiniLMEmbeddings()
    examples = ExampleSignals(embed=lambda texts: model.embed_array(list(texts)), case_types=load_bot().case_types)
    reading = examples.read(text)
    in_english = examples.read(load_glossary().to_english(text, language))

    assert reading.case is None or reading.case.label != case  # by its shape it lies near no case example
    opened = with_case_in_english(reading, in_english).case
    assert opened is not None
    assert opened.label == case
    # a message that opens a case as written keeps its own reading
    assert with_case_in_english(in_english, reading) == in_english


@pytest.mark.parametrize(("text", "language", "case"), [
    ("Mag ik de muts ruilen voor een grotere maat?", "nl", "exchange"),  # .95 "surely no case" as written
    ("Ik ben verhuisd, kunnen jullie het naar mijn nieuwe adres sturen?", "nl", "address_change"),
    ("¿Cuánto cuesta el envío a Bélgica?", "es", None),
    ("Combien de temps prend la livraison en France ?", "fr", None),
])
def test_the_english_words_decide_the_case_of_a_message_in_another_language(text: str, language: str,
                                                                             case: str | None) -> None:
    from datetime import UTC, datetime

    from _shop import DEMO_BOT
    from warmline.config import load_bot
    from warmline.domain import Customer, SignalKind
    from warmline.signals import compute_signals

    bot = load_bot(DEMO_BOT)  # the demo shop's case types: exchange and address change among them
    model = MiniLMEmbeddings()
    examples = ExampleSignals(embed=lambda texts: model.embed_array(list(texts)), case_types=bot.case_types)
    signals = compute_signals(text=text, history=(), customer=Customer(id="c"), bot=bot, now=datetime.now(UTC),
                              examples=examples, english=load_glossary().to_english(text, language))
    complexity = signals.get(SignalKind.COMPLEXITY)

    assert complexity is not None
    opened = complexity.score >= bot.thresholds.delay_complexity
    assert (complexity.label if opened else None) == case


def test_a_greeting_in_front_does_not_hide_the_case_a_message_opens() -> None:
    from datetime import UTC, datetime

    from _shop import DEMO_BOT
    from warmline.config import load_bot
    from warmline.domain import Customer, SignalKind
    from warmline.signals import compute_signals

    bot = load_bot(DEMO_BOT)
    model = MiniLMEmbeddings()
    examples = ExampleSignals(embed=lambda texts: model.embed_array(list(texts)), case_types=bot.case_types)
    text = "hi, trying to pay with ideal and it keeps failing"  # with "hi," read whole: a failed payment at .83
    signals = compute_signals(text=text, history=(), customer=Customer(id="c"), bot=bot, now=datetime.now(UTC),
                              examples=examples)
    complexity = signals.get(SignalKind.COMPLEXITY)

    assert complexity is not None
    assert complexity.label == "billing_problem"
    assert complexity.score >= bot.thresholds.delay_complexity
