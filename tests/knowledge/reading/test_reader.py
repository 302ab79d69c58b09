"""Reading a customer's message against a small English knowledge base: languages, typos, follow-ups,
two questions in one, and the answer composed in the customer's language when the shop translated it."""

from __future__ import annotations

import pytest
import yaml

from warmline.knowledge import KnowledgeBase, Reader

ENTRIES = [
    {"question": "How much does shipping cost?",
     "answer": "Within the Netherlands shipping is €4.95, and free from €75. Belgium and Germany are €7.95 "
               "(free from €120). The rest of the EU is €11.95, and the UK is €14.95. You see the exact amount "
               "in your basket before you pay.",
     "phrasings": ["shipping price", "delivery cost", "is shipping free", "postage to belgium"],
     "translations": {"nl": "Binnen Nederland kost verzending €4,95, en vanaf €75 is het gratis. België en "
                            "Duitsland kosten €7,95 (gratis vanaf €120). De rest van de EU kost €11,95, en het VK "
                            "€14,95. Je ziet het precieze bedrag in je winkelmand voordat je betaalt."}},
    {"question": "Can I return an item?",
     "answer": "Yes, you can return anything unworn within 30 days; the return label is free.",
     "phrasings": ["how do returns work", "can I send it back", "return policy"]},
    {"question": "Do you offer gift wrapping?",
     "answer": "Yes: for €3.50 we add a gift box and a handwritten card.",
     "phrasings": ["gift wrap", "can you wrap it as a present", "gift box"]},
    {"question": "What are your opening hours?",
     "answer": "The studio is open Thursday to Saturday, 10:00 to 17:00.",
     "phrasings": ["when are you open", "opening times", "are you open on sunday"]},
]


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    root = tmp_path_factory.mktemp("reading")
    (root / "knowledge").mkdir()
    (root / "knowledge" / "faq.yaml").write_text(yaml.safe_dump({"entries": ENTRIES}, allow_unicode=True),
                                                  encoding="utf-8")
    KnowledgeBase(bot_name="reading", knowledge_dir=root / "knowledge", index_dir=root / "index").ingest()
    # Read through a second instance that loads the index: translations survive a restart.
    knowledge = KnowledgeBase(bot_name="reading", knowledge_dir=root / "knowledge", index_dir=root / "index")
    knowledge.load()
    return Reader(knowledge)


def _title(found) -> str:  # type: ignore[no-untyped-def]
    assert found.best is not None
    return str(found.best.passage.citation.title)


def test_a_dutch_question_finds_the_english_entry_and_answers_from_its_translation(reader: Reader) -> None:
    found = reader.read("Hoeveel kost de verzending naar België?", language="nl")

    assert found.in_scope
    assert _title(found) == "How much does shipping cost?"
    assert found.searched == "how much does cost shipping to belgium"
    assert found.answer_language == "nl"
    assert found.answer_text == "België en Duitsland kosten €7,95 (gratis vanaf €120)."


@pytest.mark.parametrize(("text", "language", "answer"), [
    ("how much is shipping to italy?", "en", "The rest of the EU is €11.95, and the UK is €14.95."),
    ("Hoeveel kost de verzending naar Italië?", "nl", "De rest van de EU kost €11,95, en het VK €14,95."),
])
def test_a_country_the_answer_does_not_name_gets_the_line_on_its_region(reader: Reader, text: str, language: str,
                                                                          answer: str) -> None:
    found = reader.read(text, language=language)

    assert _title(found) == "How much does shipping cost?"
    assert found.answer_text == answer


def test_a_question_without_a_translation_is_answered_in_the_knowledge_language(reader: Reader) -> None:
    found = reader.read("Wann habt ihr geöffnet? Öffnungszeiten?", language="de")

    assert _title(found) == "What are your opening hours?"
    assert found.answer_language == "en"
    assert found.answer_text == "The studio is open Thursday to Saturday, 10:00 to 17:00."


def test_typos_are_read_as_the_knowledge_bases_own_words(reader: Reader) -> None:
    found = reader.read("how much is shiping to belgum", language="en")

    assert found.searched == "how much is shipping to belgium"
    assert _title(found) == "How much does shipping cost?"


def test_a_real_word_the_knowledge_does_not_use_is_never_corrected_into_one_it_does(reader: Reader) -> None:
    # "shopping" is one edit from the knowledge's "shipping"; "opne" is a typo of its "open", "im" of "i'm".
    found = reader.read("im shopping for a gift, are you opne on sunday", language="en")

    assert found.searched == "i'm shopping for a gift, are you open on sunday"


def test_chat_shorthand_and_words_that_name_no_topic_are_read_kindly(reader: Reader) -> None:
    found = reader.read("whats ur return policy", language="en")

    assert found.searched == "what's your return policy"
    assert found.in_scope  # "policy" is no topic the knowledge lacks
    assert not found.unknown_words
    gift = reader.read("can u gift wrap it? its for my sisters bday, i totally forgot till now", language="en")
    assert gift.searched is not None
    assert "birthday" in gift.searched
    assert not gift.unknown_words  # "sisters", "forgot", "till": who, and when


def test_a_follow_up_is_read_with_the_question_before(reader: Reader) -> None:
    found = reader.read("and to the UK?", language="en", previous="How much does shipping cost to Germany?")

    assert found.in_scope
    assert _title(found) == "How much does shipping cost?"
    assert "€14.95" in (found.answer_text or "")


def test_two_questions_are_answered_together(reader: Reader) -> None:
    found = reader.read("Do you offer gift wrapping? Also, can I return an item?", language="en")

    assert _title(found) == "Do you offer gift wrapping?"
    assert [s.passage.citation.title for s in found.also] == ["Can I return an item?"]
    assert "gift box" in (found.answer_text or "")
    assert "30 days" in (found.answer_text or "")


def test_a_word_longer_than_any_in_the_knowledge_is_never_spelled_out(reader: Reader,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # A word's one-edit neighbours are quadratic in its length (a 200,000-letter word stalled the server);
    # no neighbour of a word two letters longer than the longest known word can be known, so none are made.
    from warmline.knowledge.language import _spelling

    made: list[int] = []

    def counted(word: str) -> set[str]:
        made.append(len(word))
        return set()

    monkeypatch.setattr(_spelling, "one_edit_away", counted)
    reader.read("shipping " + "x" * 200_000 + " belgum", language="en")

    assert made == [len("belgum")]


def test_a_dutch_follow_up_gets_the_line_it_asks_about_not_the_same_answer_again(reader: Reader) -> None:
    first = reader.read("Hoeveel kost de verzending naar Duitsland?", language="nl")
    again = reader.read("en naar het VK?", language="nl", previous="Hoeveel kost de verzending naar Duitsland?")

    assert _title(again) == "How much does shipping cost?"
    assert again.answer_text == "De rest van de EU kost €11,95, en het VK €14,95."
    assert again.answer_text != first.answer_text


def test_a_follow_up_that_names_a_topic_of_its_own_is_answered_on_that_topic(reader: Reader) -> None:
    found = reader.read("what about gift wrapping?", language="en", previous="How much does shipping cost?")

    assert _title(found) == "Do you offer gift wrapping?"  # not the shipping costs again, however sure
    assert "gift box" in (found.answer_text or "")


def test_an_answer_about_another_country_is_not_the_answer(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("places")
    entries = [
        {"question": "Do you ship to the US?", "answer": "Yes: 3–5 working days with DHL Express, duties included.",
         "phrasings": ["shipping to america", "can you send it to the states", "usa delivery"]},
        {"question": "Which countries do you ship to?", "answer": "Almost everywhere PostNL delivers to.",
         "phrasings": ["do you ship internationally", "worldwide shipping?", "do you ship abroad"]},
        *ENTRIES,
    ]
    (root / "knowledge").mkdir()
    (root / "knowledge" / "faq.yaml").write_text(yaml.safe_dump({"entries": entries}), encoding="utf-8")
    knowledge = KnowledgeBase(bot_name="places", knowledge_dir=root / "knowledge", index_dir=root / "index")
    knowledge.ingest()
    reader = Reader(knowledge)

    mexico = reader.read("do you ship to mexico", language="en")
    assert not mexico.in_scope or _title(mexico) == "Which countries do you ship to?"
    assert _title(reader.read("do you ship to the US?", language="en")) == "Do you ship to the US?"


def test_where_something_goes_and_another_form_of_a_known_word_are_no_unknown_topic(reader: Reader) -> None:
    from warmline.knowledge.language import inflected as _inflected

    found = reader.read("whats the delivery charge to ireland", language="en")

    assert "ireland" not in found.unknown_words
    assert _title(found) == "How much does shipping cost?"
    assert _inflected("scarf", frozenset({"scarves"}))
    assert _inflected("sweaters", frozenset({"sweater"}))
    assert not _inflected("bicycle", frozenset({"sweater"}))


def test_a_city_a_parcel_goes_to_is_no_topic_but_a_shop_in_one_is() -> None:
    from warmline.knowledge.language import unknown_words

    vocabulary = frozenset({"days", "land", "order", "shop", "studio", "beanie"})
    assert unknown_words("how many days till it lands in berlin", vocabulary=vocabulary,
                         common=frozenset({"how", "it", "in"})) == ()
    assert unknown_words("do you have a shop in berlin", vocabulary=vocabulary,
                         common=frozenset({"do", "you", "have", "a", "in"})) == ("berlin",)


def test_a_city_is_searched_with_its_country(reader: Reader) -> None:
    from warmline.knowledge.language import with_countries as _with_countries

    found = reader.read("what does shipping to Manchester cost?", language="en")

    assert _title(found) == "How much does shipping cost?"  # searched as it is or with "in the uk": the surer
    # a city named anywhere else is still a word the knowledge doesn't use: "a shop in Lyon" is no visit
    assert "lyon" in reader.read("do you have a shop in Lyon?", language="en").unknown_words
    # but one in the country the customer asks about is where, not what
    in_australia = reader.read("do you send parcels to Australia? my daughter lives in Melbourne", language="en")
    assert "melbourne" not in in_australia.unknown_words
    assert _with_countries("can you send it to Manchester?", written="") == "can you send it to Manchester in the uk?"
    # "en Miami" says where as the customer wrote it, though the translation dropped the "en"
    assert _with_countries("vivo miami", written="Vivo en Miami") == "vivo miami in the us"
    assert _with_countries("is Bristol a name here", written="") == "is Bristol a name here"
    assert _with_countries("to Amsterdam in the Netherlands", written="") == "to Amsterdam in the Netherlands"


def test_who_a_question_is_for_and_when_name_no_topic(reader: Reader) -> None:
    found = reader.read("can you gift wrap it? it's for my sister's birthday next week", language="en")

    assert found.unknown_words == ()
    assert _title(found) == "Do you offer gift wrapping?"


def test_the_name_that_signs_a_letter_names_no_topic(reader: Reader) -> None:
    found = reader.read("Hello,\n\ncan you gift wrap it for my nephew?\n\nThanks a lot,\nSiobhan", language="en")

    assert found.unknown_words == ()
    assert _title(found) == "Do you offer gift wrapping?"


def test_a_new_question_after_the_last_one_is_not_given_the_same_answer_again(reader: Reader) -> None:
    joined = reader._search("where exactly opening times", language="en")  # as a follow-up is read with it
    assert _title(joined) == "What are your opening hours?"

    # "and where exactly is that?": the hours say nothing about where
    assert reader._repeats(joined, previous=("are you open on sunday?",), focus="and where exactly", language="en")
    # "and on Saturday?": they do
    assert not reader._repeats(joined, previous=("are you open on sunday?",), focus="and on saturday", language="en")
    # a price, for "and how much is it?", is what an answer with an amount speaks to
    costs = reader._search("shipping price delivery cost", language="en")
    assert _title(costs) == "How much does shipping cost?"
    assert not reader._repeats(costs, previous=("is shipping free",), focus="and how much", language="en")
    assert reader._repeats(costs, previous=("is shipping free",), focus="and where exactly", language="en")
    # another answer than the last one's is no repetition
    assert not reader._repeats(joined, previous=("can I send it back?",), focus="and where exactly", language="en")


def test_a_question_that_asks_for_something_the_knowledge_never_names_is_not_answered(reader: Reader) -> None:
    # "… during your opening times" matches the opening hours well; what it asks for, parking, is nowhere
    parking = reader.read("is there parking during your opening times?", language="en")

    assert "parking" in parking.unknown_words
    assert not parking.in_scope
    assert reader.read("is there gift wrapping?", language="en").in_scope


def test_a_new_question_the_last_answer_does_not_answer_gets_the_next_likely_one(reader: Reader) -> None:
    from dataclasses import replace

    from warmline.domain import Retrieval

    hours = reader._search("opening times", language="en")
    costs = reader._search("shipping price delivery cost", language="en")
    assert hours.best is not None
    assert costs.best is not None
    # "and roughly how much would that cost me?" after the hours, read with them: the hours come first, the
    # costs just clear their threshold
    clears = (reader._knowledge.threshold or 0.5) + 0.02
    joined = Retrieval(query="and roughly how much would that cost me", in_scope=True, confidence=0.3,
                       answer_text=hours.best.passage.text,
                       candidates=(hours.best, replace(costs.best, score=clears)))

    instead = reader._next_answer(joined, focus="and roughly how much would that cost me")
    assert instead is not None
    assert _title(instead) == "How much does shipping cost?"
    assert instead.in_scope
    assert not instead.ambiguous
    assert instead.answer_text == costs.best.passage.text
    # the next one must name a word the follow-up uses, and clear its own threshold
    assert reader._next_answer(joined, focus="and where exactly") is None
    weak = replace(joined, candidates=(hours.best, replace(costs.best, score=0.01)))
    assert reader._next_answer(weak, focus="and roughly how much would that cost me") is None


def test_a_price_follow_up_that_names_nothing_asks_about_the_last_topic(reader: Reader) -> None:
    # Alone, "and roughly what would that cost me?" is nearest the shipping costs; it asks about the wrapping.
    found = reader.read("and roughly what would that cost me?", language="en",
                        previous="do you offer gift wrapping?")

    assert _title(found) == "Do you offer gift wrapping?"
    assert "€3.50" in (found.answer_text or "")


def test_the_last_answer_again_gives_way_to_what_a_follow_up_finds_alone(reader: Reader,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    # "and can it be faster?" after the shipping times: read with them, the shipping times come first again,
    # though they say nothing of it; alone, it finds what it asks about.
    hours = reader._search("opening times", language="en")
    wrapping = reader._search("gift wrap", language="en")
    monkeypatch.setattr(reader, "_search", lambda text, **_: hours)  # the question before, and joined
    less_sure = replace(wrapping, confidence=hours.confidence / 2)  # alone, less sure than read with them

    found = reader._as_follow_up(less_sure, text="and can it be pretty?", focus="and can it be pretty",
                                 language="en", previous=("when are you open?",))
    assert found is less_sure
    # "and on saturday?": the hours do speak to it; "and to Spain?": the same question about another place
    for follow_up in ("and on saturday", "and to spain"):
        found = reader._as_follow_up(less_sure, text=f"{follow_up}?", focus=follow_up, language="en",
                                     previous=("when are you open?",))
        assert _title(found) == "What are your opening hours?"


def test_a_question_that_points_back_is_read_with_the_one_before(reader: Reader) -> None:
    # no "and", but "it" is the gift wrapping; alone, "how much is it?" is nearest the shipping costs
    found = reader.read("how much is it?", language="en", previous="do you offer gift wrapping?")
    assert _title(found) == "Do you offer gift wrapping?"
    # answered on its own with a topic of its own: it stays so
    returns = reader.read("can I return it?", language="en", previous="do you offer gift wrapping?")
    assert _title(returns) == "Can I return an item?"
    # the answer before again, with nothing of the question in it, is no answer to "is it far from here?"
    far = reader.read("is it far from the station?", language="en", previous=("when are you open?",))
    assert not far.in_scope or _title(far) != "What are your opening hours?"


def test_a_follow_up_to_a_follow_up_is_read_with_what_that_one_leaned_on(reader: Reader) -> None:
    # "how long does it take?" names nothing: "and how much?" after it is still about the gift wrapping
    found = reader.read("and how much?", language="en",
                        previous=("do you offer gift wrapping?", "how long does it take?"))
    assert _title(found) == "Do you offer gift wrapping?"
    # without the question it leaned on, nothing says what "it" was
    alone = reader.read("and how much?", language="en", previous="how long does it take?")
    assert not alone.in_scope or _title(alone) != "Do you offer gift wrapping?"
    # a question before that stands on its own ends the context: "and how much?" is its shipping again
    shipping = reader.read("and how much?", language="en",
                           previous=("do you offer gift wrapping?", "How much does shipping cost to Germany?"))
    assert _title(shipping) == "How much does shipping cost?"


def test_the_answer_before_keeps_a_follow_up_it_says_all_of(reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    # after the gift wrapping, "and with a handwritten card?" finds the opening hours alone (a stand-in for any
    # other entry, less sure): the wrapping says all it names ("a gift box and a handwritten card")
    hours = reader._search("opening times", language="en")
    wrapping = reader._search("gift wrap", language="en")
    monkeypatch.setattr(reader, "_search", lambda text, **_: replace(wrapping, confidence=0.6))
    previous = ("do you offer gift wrapping?",)

    def continued(alone, focus: str, *, titled_ok: bool = True):  # type: ignore[no-untyped-def]
        return reader._continued(alone, text=f"{focus}?", focus=focus, language="en", previous=previous,
                                 titled_ok=titled_ok)

    less_sure = replace(hours, confidence=0.3)
    assert _title(continued(less_sure, "and with a handwritten card")) == "Do you offer gift wrapping?"
    assert continued(less_sure, "and on saturday") is None  # the wrapping says nothing of it
    assert continued(replace(hours, confidence=0.9), "and with a handwritten card") is None  # surer alone
    # what it finds alone is titled with all it names: that is what is asked, unless the question only points back
    titled = replace(wrapping, confidence=0.3)
    assert continued(titled, "and as a gift", titled_ok=False) is None
    assert continued(titled, "and as a gift", titled_ok=True) is not None


def test_a_question_unsure_alone_goes_on_with_the_topic_before_when_that_says_all_it_names(
        reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from warmline.domain import Retrieval

    wrapping = replace(reader._search("gift wrap", language="en"), confidence=0.6)
    hours = replace(reader._search("opening times", language="en"), confidence=0.6)
    # (alone, not even the gift wrap among its likeliest: a name only it says would settle the question on it)
    nothing = replace(hours, candidates=hours.candidates[:1], in_scope=False, confidence=0.05, searched=None)
    asked = "with a handwritten card?"  # no word leaning back, and nothing sure alone

    def search(before: Retrieval) -> object:
        return lambda text, **_: nothing if text == asked else before

    monkeypatch.setattr(reader, "_search", search(wrapping))
    found = reader.read(asked, language="en", previous="do you offer gift wrapping?")
    assert found.in_scope
    assert _title(found) == "Do you offer gift wrapping?"  # "a gift box and a handwritten card"
    monkeypatch.setattr(reader, "_search", search(hours))
    assert not reader.read(asked, language="en", previous="when are you open?").in_scope  # says nothing of it
    # alone only a guess (.2): the answer before, surer and saying all it names, wins too
    guess = replace(hours, confidence=0.2)
    monkeypatch.setattr(reader, "_search", lambda text, **_: guess if text == asked else wrapping)
    found = reader.read(asked, language="en", previous="do you offer gift wrapping?")
    assert _title(found) == "Do you offer gift wrapping?"


def test_the_greeting_of_the_question_before_is_no_part_of_what_a_follow_up_is_about(reader: Reader) -> None:
    assert reader._context("Hiya, do you offer gift wrapping?", language="en") == ("do you offer gift wrapping?",)
    found = reader.read("and how much is it?", language="en", previous="Hiya, do you offer gift wrapping?")
    assert _title(found) == "Do you offer gift wrapping?"


def test_a_question_is_read_apart_from_the_story_told_around_it(reader: Reader) -> None:
    # as a whole: returns or gift wrapping, which one? (.15)
    story = "he already has three scarves, honestly it was an impulse buy after a long week. can i send it back?"

    found = reader.read(story, language="en")

    assert found.in_scope
    assert _title(found) == "Can I return an item?"
    assert found.query == story


def test_a_word_the_knowledge_never_uses_that_the_question_before_was_answered_with_bars_no_follow_up(
        reader: Reader) -> None:
    # "Kann man bei euch an der Töpferscheibe sitzen?" leaves "sitzen" untranslated and is answered all the same;
    # read with it, "Was kostet das?" is not refused for that word
    before = "when are you open for the zorblax?"
    assert reader._search(before, language="en").unknown_words == ("zorblax",)
    assert reader._search(before, language="en").in_scope
    assert reader._tolerated((before,), language="en") == frozenset({"zorblax"})
    joined = reader._search(f"{before} and how much is the zorblax?", language="en", tolerated=frozenset({"zorblax"}))
    assert not joined.unknown_words
    # a question before that was refused for its word tolerates nothing
    assert reader._tolerated(("is there zorblax parking?",), language="en") == frozenset()


def test_what_a_text_the_shop_wrote_says_to_a_question(reader: Reader) -> None:
    written = ("We look at your photos and send a replacement or a full refund, whichever you prefer. "
               "You don't need to send the broken piece back.")

    said = reader.said_in("do i have to send the broken one back?", language="en", written=written)
    assert said is not None
    assert "You don't need to send the broken piece back." in said
    assert reader.said_in("when are you open?", language="en", written=written) is None  # nothing in common
    dutch = ("We bekijken je foto's en sturen een vervanging of betalen alles terug, wat jij liever hebt. "
             "Het kapotte stuk hoef je niet terug te sturen.")
    translated = reader.said_in("Krijg ik een vervanging of mijn geld terug?", language="nl", written=written,
                                translation=dutch)
    assert translated is not None
    assert translated.startswith("We bekijken je foto's")
    # a question that names one thing shares all it can in that one word ("must i it return"): sent back is returned
    short = reader.said_in("moet ik hem terugsturen?", language="nl", written=written, translation=dutch)
    assert short is not None
    assert "Het kapotte stuk hoef je niet terug te sturen." in short
    assert reader.said_in("moet ik betalen?", language="nl", written=written) is None
    # all the question asks, or more: "and if he doesn't like it, can it go back?" asks about liking too
    assert reader.asks_only_of("moet ik hem terugsturen?", language="nl", written=written)
    assert reader.asks_only_of("do i have to post the broken one back to you?", language="en", written=written)
    assert not reader.asks_only_of("and if he doesn't like it, can it go back?", language="en", written=written)


def test_of_two_answers_the_one_whose_title_the_question_before_named_is_meant(reader: Reader) -> None:
    from warmline.domain import Citation, Passage, Retrieval, ScoredPassage

    def section(title: str, text: str) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, question=None, text=text,
                                             citation=Citation(source="care.md", title=title)), score=0.6)

    wool = section("Washing your wool sweater", "Use the wool programme at 30 °C.")
    cotton = section("Organic cotton knits", "Machine wash at 30 °C on a gentle cycle.")
    both = Retrieval(query="can we wash them in the machine?", candidates=(wool, cotton), confidence=0.6,
                     in_scope=True, ambiguous=True, answer_text=wool.passage.text)

    meant = reader._settled_by_context(both, context=("which wool are your sweaters made of?",), language="en")
    assert not meant.ambiguous
    assert _title(meant) == "Washing your wool sweater"
    # a question before that names neither (or both) leaves the choice to the customer
    assert reader._settled_by_context(both, context=("when are you open?",), language="en") == both
    assert reader._settled_by_context(both, context=("wool or cotton?",), language="en") == both


def test_a_question_about_a_word_only_the_answer_before_says_is_asked_of_that_answer(reader: Reader) -> None:
    # "do i need to bring my own needles?" after the workshops: nothing sure alone, but the answer before says
    # the one word it asks about ("the return label is free")
    found = reader.read("do i have to pay for the label?", language="en", previous="can i return my scarf?")

    assert found.in_scope
    assert _title(found) == "Can I return an item?"
    assert found.query == "do i have to pay for the label?"
    # alone, or after an answer that never says it, it is no question the knowledge answers
    assert not reader.read("do i have to pay for the label?", language="en").in_scope
    assert not reader.read("do i have to pay for the label?", language="en",
                           previous="are you open on saturday?").in_scope


def test_a_follow_up_asking_for_what_the_knowledge_never_speaks_of_is_not_answered_by_the_answer_before(
        reader: Reader) -> None:
    # "do the points ever expire?" after Mossa Friends got the loyalty entry again: it never says they expire
    found = reader.read("does the label ever expire?", language="en", previous="can i return my scarf?")

    assert not found.in_scope
    assert found.asks_for_unknown
    assert "expire" in found.unknown_words
    # a question about a word the answer before says is still asked of it
    assert reader.read("do i have to pay for the label?", language="en", previous="can i return my scarf?").in_scope




def test_a_price_asked_of_what_the_question_before_was_about_is_the_passage_that_prices_it(
        reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    from warmline.domain import Citation, Passage, Retrieval, ScoredPassage

    # "Was kosten die?" after "Ich suche Socken…" was read with it ("what cost they look for socks"), found the socks'
    # sizes (no price) and, sharing no word with "what cost they", was refused for the shipping costs (fresh24)
    sizes = Passage(id="socks", question=None, citation=Citation(source="size-guide.md", title="Socks"),
                    text="Our wool socks come in three sizes: 36–38, 39–42 and 43–46 (EU shoe sizes).")
    catalogue = Passage(id="sell", question="What do you sell?",
                        citation=Citation(source="faq.yaml", title="What do you sell?"),
                        text="Knitwear: the Wadden sweater (€159) and wool socks (€24).")
    read_with_it = Retrieval(query="was kosten die?", searched="what cost they look for socks my father",
                             candidates=(ScoredPassage(passage=sizes, score=0.72),
                                         ScoredPassage(passage=catalogue, score=0.02)),
                             confidence=0.72, in_scope=True, answer_text=sizes.text)
    monkeypatch.setattr(reader, "_as_follow_up", lambda alone, **_: read_with_it)

    priced = reader.read("Was kosten die?", language="de", previous=["Ich suche Socken für meinen Vater"])

    assert _title(priced) == "What do you sell?"
    assert "€24" in (priced.answer_text or "")


def test_a_topic_the_bot_offered_is_answered_as_picked(reader: Reader) -> None:
    offered = ("Can I return an item?", "Do you offer gift wrapping?", "Talk to a person")
    found = reader.chosen(" can i return an item? ", offered=offered, language="en")

    assert found is not None
    assert found.in_scope
    assert not found.ambiguous
    assert _title(found) == "Can I return an item?"
    assert found.confidence == 1.0
    assert "30 days" in (found.answer_text or "")
    # in the customer's language where the shop translated it
    dutch = reader.chosen("How much does shipping cost?", offered=("How much does shipping cost?",), language="nl")
    assert dutch is not None
    assert dutch.answer_language == "nl"
    assert (dutch.answer_text or "").startswith("Binnen Nederland kost verzending €4,95")


@pytest.mark.parametrize(("text", "offered"), [
    ("Can I return an item?", ()),  # typed without being offered: searched like any question
    ("Can I return an item?", ("Do you offer gift wrapping?",)),
    ("Talk to a person", ("Talk to a person",)),  # a button, no topic
])
def test_only_an_offered_topic_is_picked(reader: Reader, text: str, offered: tuple[str, ...]) -> None:
    assert reader.chosen(text, offered=offered, language="en") is None


def test_a_verb_that_holds_the_pronoun_points_back(reader: Reader) -> None:
    # "¿cuánto tiempo tardaría?" after "¿hacéis vajillas por encargo?": how long *it* would take (fresh28)
    assert reader._points_back("¿cuánto tiempo tardaría?", language="es")
    assert not reader._points_back("¿cuánto cuesta el envío a Bélgica?", language="es")
