"""Composing the answer from the sentences or rows that address the question; splitting two questions."""

from __future__ import annotations

from warmline.knowledge._compose import compose_answer, question_parts

PRICES = ("Within the Netherlands shipping is €4.95, and free from €75. Belgium, Germany and Luxembourg are €7.95 "
          "(free from €120); the rest of the EU is €11.95. The UK is €14.95, Switzerland and Norway €16.95. "
          "You'll see the exact amount in your basket before you pay.")
PRICES_NL = ("Binnen Nederland kost verzending €4,95, en vanaf €75 is het gratis. België, Duitsland en Luxemburg "
             "kosten €7,95 (gratis vanaf €120); de rest van de EU €11,95. Het VK kost €14,95, Zwitserland en "
             "Noorwegen €16,95. Je ziet het precieze bedrag in je winkelmand voordat je betaalt.")
TITLE = "How much does shipping cost?"
TABLE = """Our sweaters fit true to size.

| Size | Chest | Length |
|---|---|---|
| S | 96 cm | 64 cm |
| M | 104 cm | 67 cm |
| L | 112 cm | 70 cm |"""


def test_the_sentence_that_answers_is_sent_not_the_whole_price_list() -> None:
    answer = compose_answer("how much is shipping to Belgium", PRICES, title=TITLE)

    assert answer == "Belgium, Germany and Luxembourg are €7.95 (free from €120); the rest of the EU is €11.95."


def test_only_topic_words_in_common_sends_the_whole_passage() -> None:
    assert compose_answer("how much does shipping cost", PRICES, title=TITLE) == PRICES


def test_a_short_passage_is_always_sent_whole() -> None:
    short = "Yes! We ship to the US. It takes a week."
    assert compose_answer("do you ship to the US", short, title="Do you ship to the US?") == short


def test_a_table_row_comes_with_the_header() -> None:
    answer = compose_answer("what is the chest size for M", TABLE, title="Sweater sizes")

    assert "| M | 104 cm | 67 cm |" in answer
    assert "| Size | Chest | Length |" in answer
    assert "| S |" not in answer
    assert "| L |" not in answer


def test_the_same_sentences_come_from_the_shops_translation() -> None:
    answer = compose_answer("how much does cost shipping to belgium", PRICES, title=TITLE, translation=PRICES_NL)

    assert answer == "België, Duitsland en Luxemburg kosten €7,95 (gratis vanaf €120); de rest van de EU €11,95."


def test_a_translation_with_other_sentences_is_sent_whole() -> None:
    other = "Binnen Nederland €4,95. Elders meer."
    assert compose_answer("shipping to belgium", PRICES, title=TITLE, translation=other) == other


def test_two_questions_are_split_one_question_is_not() -> None:
    assert question_parts("Do you gift wrap? Also, how long does delivery take?") == (
        "Do you gift wrap?", "Also, how long does delivery take?")
    assert question_parts("Can I return it; and how long do refunds take?") == (
        "Can I return it", "and how long do refunds take?")
    assert question_parts("How long does shipping take to Germany and Austria?") == (
        "How long does shipping take to Germany and Austria?",)
    assert question_parts("Hi? Shipping?") == ("Hi? Shipping?",)


def test_a_long_run_of_spaces_is_still_split_at_the_semicolon() -> None:
    spaces = " " * 100_000
    assert question_parts(f"Can I return it{spaces}; and how long do refunds take?") == (
        "Can I return it", "and how long do refunds take?")
    assert question_parts(spaces + "x") == ("x",)
