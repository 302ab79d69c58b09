"""Composing the answer from the sentences or rows that address the question; splitting two questions."""

from __future__ import annotations

from warmline.knowledge.reading._compose import _items, compose_answer, with_the_row_named

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


REFUND = ("We refund within 5 working days after your return reaches the studio. Depending on your bank it then "
          "takes 1–3 days to show up. It goes back to the way you paid. Store credit never expires.")


def test_a_question_asking_how_long_gets_the_sentences_that_say_how_long() -> None:
    answer = compose_answer("how long until the money is back once it's refunded?", REFUND,
                            title="When will I get my refund?")

    # "back" alone picked "It goes back to the way you paid."
    assert answer.startswith("We refund within 5 working days")
    assert "1–3 days" in answer
    assert "Store credit" not in answer
    # "card" is said by the second sentence only: the first, which also says how long, still comes
    on_card = compose_answer("how long until the money is back on my card", REFUND.replace("bank", "card"),
                             title="When will I get my refund?")
    assert on_card.startswith("We refund within 5 working days")


def test_a_question_asking_which_days_gets_the_sentence_naming_them() -> None:
    pick_up = ("Of course, and it's free. We email you when it's ready (usually within a day) and keep it for two "
               "weeks. Pick-up is during studio hours: Thursday and Friday 12:00–18:00 and Saturday 10:00–16:00.")

    answer = compose_answer("which days are you there?", pick_up, title="Can I pick up my order at the studio?")

    assert "Thursday and Friday" in answer


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


def test_the_header_names_every_column_but_the_row_asked_for_is_sent() -> None:
    # "la taille L fait combien de largeur de poitrine à plat ?" shares three words with the header alone
    answer = compose_answer("the size l how many width of chest flat", TABLE.split("\n\n")[1], title="Sizes")

    assert answer.splitlines() == ["| Size | Chest | Length |", "|---|---|---|", "| L | 112 cm | 70 cm |"]


def test_a_row_named_by_its_first_cell_is_looked_for_in_the_whole_passage() -> None:
    prose = TABLE.split("\n\n")[0]
    assert with_the_row_named("what's the chest width of an M?", passage=TABLE, paragraph=prose) == TABLE
    assert with_the_row_named("is the xl long?", passage=TABLE.replace("| L |", "| XL |"), paragraph=prose) != prose
    assert with_the_row_named("what's the chest width?", passage=TABLE, paragraph=prose) == prose
    assert with_the_row_named("I'm tall", passage=TABLE, paragraph=prose) == prose  # the clitic "m" is no size
    table = TABLE.split("\n\n")[1]  # the paragraph at hand has the row: nothing more is added to it
    assert with_the_row_named("can you knit me an M?", passage=TABLE, paragraph=table) == table
    # prose picked with a row stands apart from the table, or the table is no table
    answer = compose_answer("do they fit true to size in M?", TABLE, title="Sizes")
    assert answer == ("Our sweaters fit true to size.\n\n"
                      "| Size | Chest | Length |\n|---|---|---|\n| M | 104 cm | 67 cm |")


def test_the_same_sentences_come_from_the_shops_translation() -> None:
    answer = compose_answer("how much does cost shipping to belgium", PRICES, title=TITLE, translation=PRICES_NL)

    assert answer == "België, Duitsland en Luxemburg kosten €7,95 (gratis vanaf €120); de rest van de EU €11,95."


def test_a_translation_with_other_sentences_is_sent_whole() -> None:
    other = "Binnen Nederland €4,95. Elders meer."
    assert compose_answer("shipping to belgium", PRICES, title=TITLE, translation=other) == other


STEPS = ("Orders placed before 14:00 leave the studio the same day. From there it's 1–2 working days within the "
         "Netherlands and 2–4 to Belgium. Made-to-order knitwear needs 2–3 weeks first.")
STEPS_NL = ("Bestellingen vóór 14:00 gaan dezelfde dag de deur uit. Daarna duurt het 1–2 werkdagen binnen Nederland "
            "en 2–4 naar België. Breiwerk op bestelling staat eerst 2–3 weken op de naalden.")
STEPS_DE = ("Bestellungen vor 14:00 verlassen das Atelier am selben Tag. Danach dauert es 1–2 Werktage innerhalb der "
            "Niederlande und 2–4 nach Belgien. Strickwaren auf Bestellung brauchen vorher 2–3 Wochen.")


def test_an_answer_never_opens_on_a_sentence_that_leans_on_the_one_before() -> None:
    english = compose_answer("shipping time within the netherlands", STEPS, title="How long does shipping take?")
    dutch = compose_answer("shipping time within the netherlands", STEPS, title="How long does shipping take?",
                           translation=STEPS_NL)
    german = compose_answer("shipping time within the netherlands", STEPS, title="How long does shipping take?",
                            translation=STEPS_DE)

    assert english.startswith("Orders placed before 14:00")
    assert "1–2 working days" in english
    assert dutch.startswith("Bestellingen vóór 14:00")
    assert "1–2 werkdagen binnen Nederland" in dutch
    assert german.startswith("Bestellungen vor 14:00")
    assert "Danach dauert es 1–2 Werktage" in german
    assert "knitwear" not in english  # still only what answers it
    assert "Breiwerk" not in dutch


def test_a_sentence_that_stands_on_its_own_is_sent_without_its_neighbour() -> None:
    answer = compose_answer("do you make knitwear to order", STEPS, title="How long does shipping take?")

    assert answer == "Made-to-order knitwear needs 2–3 weeks first."


def test_a_connective_in_the_translation_alone_still_brings_its_sentence_before() -> None:
    plain = "Orders leave the same day. Delivery is 1–2 days in the Netherlands. Knitwear takes 3 weeks."
    plain_nl = "Bestellingen gaan dezelfde dag weg. Dan duurt het 1–2 dagen in Nederland. Breiwerk duurt 3 weken."

    answer = compose_answer("delivery in the netherlands", plain, title="Shipping", translation=plain_nl)

    assert answer.startswith("Bestellingen gaan dezelfde dag weg.")


def test_a_sentence_opening_with_a_preposition_is_not_a_connective() -> None:
    text = ("Enviamos a toda Europa desde Ámsterdam. En España el envío tarda 3 días laborables. Después de 30 días "
            "no aceptamos devoluciones. El punto por encargo necesita 3 semanas.")
    assert compose_answer("envío España", text, title="Envíos").startswith("En España")
    assert compose_answer("30 días devoluciones", text, title="Envíos").startswith("Después de 30 días")


TIMES = ("Orders leave the studio the same day. From there it's 1–2 working days within the Netherlands, 2–4 to "
         "Belgium, Germany and Luxembourg, 3–6 to the rest of the EU and the UK, 3–5 to the US and Canada, and "
         "6–12 to the rest of the world. Made-to-order knitwear takes 2–3 weeks.")
TIMES_NL = ("Bestellingen gaan dezelfde dag de deur uit. Daarna duurt het 1–2 werkdagen binnen Nederland, 2–4 naar "
            "België, Duitsland en Luxemburg, 3–6 naar de rest van de EU en het VK, 3–5 naar de VS en Canada, en "
            "6–12 naar de rest van de wereld. Breiwerk op bestelling duurt 2–3 weken.")
TITLE = "How long does shipping take?"


def test_a_list_of_figures_is_cut_to_the_one_item_asked_about() -> None:
    belgium = compose_answer("and to Belgium?", TIMES, title=TITLE)
    assert belgium == ("Orders leave the studio the same day. From there it's 1–2 working days within the "
                       "Netherlands, 2–4 to Belgium, Germany and Luxembourg.")
    us = compose_answer("and to the US?", TIMES, title=TITLE)
    assert us.endswith("1–2 working days within the Netherlands, … 3–5 to the US and Canada.")
    assert "Belgium" not in us
    home = compose_answer("how long does shipping take within the netherlands", TIMES, title=TITLE)
    assert home.endswith("From there it's 1–2 working days within the Netherlands.")


def test_the_same_item_comes_from_the_shops_translation() -> None:
    dutch = compose_answer("and to Belgium?", TIMES, title=TITLE, translation=TIMES_NL)
    assert dutch == ("Bestellingen gaan dezelfde dag de deur uit. Daarna duurt het 1–2 werkdagen binnen "
                     "Nederland, 2–4 naar België, Duitsland en Luxemburg.")


def test_a_list_is_sent_whole_when_several_items_or_none_match() -> None:
    world = compose_answer("shipping to the rest of the world", TIMES, title=TITLE)  # "rest": two items
    assert "3–6 to the rest of the EU" in world
    assert "6–12 to the rest of the world" in world
    plain = ("You can pay by card, PayPal or iDEAL, and Klarna lets you pay later. Gift cards work too, at "
             "checkout. We never store card numbers.")
    assert compose_answer("can I pay with klarna", plain, title="Payment") == (
        "You can pay by card, PayPal or iDEAL, and Klarna lets you pay later.")  # not a list of figures: whole


WORLD = ("The UK is €14.95, Switzerland and Norway €16.95, the US and Canada €24.95 (free from €250), and "
         "everywhere else €29.95.")
WORLD_FR = ("Le Royaume-Uni coûte 14,95 €, la Suisse et la Norvège 16,95 €, les États-Unis et le Canada 24,95 € "
            "(gratuit dès 250 €) et le reste du monde 29,95 €.")


def test_a_translation_that_joins_its_last_item_with_and_alone_has_the_same_items() -> None:
    english, french = _items(WORLD), _items(WORLD_FR)

    assert english is not None
    assert french is not None
    assert len(french) == len(english) == 4  # so the item asked about is cut from the translation too
    assert french[-1] == "le reste du monde 29,95 €"
    assert _items("We ship in 2 days and it costs 5 euro.") is None  # not a list of figures


def test_a_range_at_the_end_of_a_list_is_one_item() -> None:
    cards = ("Digital gift cards of €25, €50, €75, €100 or €150, or any amount between €15 and €300. We email it "
             "right away or on the date you pick. It's valid for 2 years, online and in the studio.")

    # "¿de qué importes?" after the gift cards was told "… or any amount between €15." (fresh28)
    assert compose_answer("of what amount do you have gift cards", cards, title="Do you sell gift cards?") == (
        "Digital gift cards of €25, … or any amount between €15 and €300.")
    items = _items(cards.split(". ")[0])
    assert items is not None
    assert items[-1] == "or any amount between €15 and €300"


def test_a_clitic_is_no_word_of_its_own() -> None:
    visit = ("Please do! We're at Gedempt Hamerkanaal 96-D in Amsterdam-Noord: take the ferry and walk 10 minutes. "
             "You'll see the knitting machines, and there's a shelf of second-chance ceramics. "
             "Walk in Thursday to Saturday.")

    # "what's" and "there's" share only an "s": nothing stands out, so the whole passage answers.
    assert compose_answer("what's your address?", visit, title="Can I visit the studio?") == visit


def test_words_that_name_no_topic_pick_no_sentence() -> None:
    passage = ("Every piece is made by hand, so glazes pool a little differently in each firing. Sizes can "
               "differ by a few millimetres. If it's different in a way you don't love, you can exchange or "
               "return it within 30 days.")
    question = "my moss mug came today and its way darker green than on the website, is that normal??"

    assert compose_answer(question, passage, title="Why does my piece look a bit different from the photo?") == passage
