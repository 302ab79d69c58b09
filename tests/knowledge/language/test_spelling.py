"""Spelling as customers type: the shop's own word one edit away, shorthand, British and casual words."""

from __future__ import annotations

from warmline.knowledge.language._spelling import Speller


def test_a_british_or_casual_word_is_read_as_the_shops_word_for_it() -> None:
    assert Speller(frozenset({"sweater", "repair"})).correct("can you mend my jumper") == "can you repair my sweater"
    # the shop that writes "jumper" is asked about its jumper
    assert Speller(frozenset({"sweater", "jumper"})).correct("my jumper") == "my jumper"
    assert Speller(frozenset({"hat"})).correct("my jumper") == "my jumper"  # no word of the shop's for it
    assert Speller(frozenset({"close"})).correct("what time do u shut") == "what time do you close"


def test_a_misspelt_word_is_the_shops_word_one_edit_away_but_never_a_real_word() -> None:
    speller = Speller(frozenset({"shipping", "long", "booking"}))
    assert speller.correct("how lnog does shiping take") == "how long does shipping take"
    assert speller.correct("I'm looking for a gift") == "I'm looking for a gift"  # a real word stays
    assert speller.correct("ur order pls") == "your order please"


def test_how_a_size_runs_is_read_in_a_size_guides_words() -> None:
    guide = Speller(frozenset({"fit", "sweaters"}))

    assert guide.correct("do your sweaters run big?") == "do your sweaters fit big?"
    assert guide.correct("it comes up small") == "it fit small"
    assert guide.correct("does it run true to size") == "does it fit true to size"
    assert Speller(frozenset({"sweaters"})).correct("do they run big?") == "do they run big?"  # no guide says "fit"
    assert guide.correct("i run a small shop") == "i run a small shop"


def test_something_sent_back_is_returned_but_what_comes_back_is_a_restock() -> None:
    shop = Speller(frozenset({"return", "sale"}))

    assert shop.correct("got socks in the sale, can they still go back?") == (
        "got socks in the sale, can they still be returned?")
    assert shop.correct("can i send it back to you?") == "can i return it to you?"
    assert shop.correct("can i take the mug back") == "can i return the mug"
    assert shop.correct("when does it come back?") == "when does it come back?"
    assert shop.correct("will it go back in stock") == "will it go back in stock"
    assert shop.correct("can we go back to my first question") == "can we go back to my first question"
    assert Speller(frozenset({"sale"})).correct("can i send it back?") == "can i send it back?"  # no returns page
    assert shop.correct("sent my return back on monday") == "sent my return back on monday"  # not returned twice


def test_money_had_back_is_a_refund() -> None:
    shop = Speller(frozenset({"return", "refund"}))

    # "when will i get it back?" while a double charge waits: "…is refunded the same day" (demo-shop-fresh24)
    assert shop.correct("when will i get it back?") == "when will i be refunded?"
    assert shop.correct("do i get my money back") == "do i be refunded"
    assert shop.correct("when do i get my sweater back from the repair") == (
        "when do i get my sweater back from the repair")  # a thing had back is no refund


def test_the_shops_words_for_moving_a_parcel_and_pieces_that_differ() -> None:
    shop = Speller(frozenset({"redirect", "variations", "photo"}))

    assert shop.correct("can it still be rerouted") == "can it still be redirect"
    assert shop.correct("how much do they vary") == "how much do they variations"
    assert shop.correct("the model in the pics") == "the model in the photo"
    assert Speller(frozenset({"press"})).correct("without wringing it") == "without press it"
