"""What a text the shop wrote outside the knowledge says to a question, read in the knowledge's language."""

from __future__ import annotations

from warmline.knowledge.reading._said import said_to, says_all_asked

WRITTEN = ("We look at your photos and send a replacement or a full refund, whichever you prefer. "
           "You don't need to send the broken piece back.")


def test_what_it_says_is_cut_to_what_is_asked_and_a_one_word_question_shares_that_word() -> None:
    said = said_to("do i have to post the broken one back?", written=WRITTEN, translation=None, at_least=2)
    assert said is not None
    assert "You don't need to send the broken piece back." in said
    # "moet ik hem terugsturen?" read as "must i it return": one word, and sent back is returned
    assert said_to("must i it return", written=WRITTEN, translation=None, at_least=2) is not None
    assert said_to("when are you open", written=WRITTEN, translation=None, at_least=2) is None


def test_all_a_question_asks_is_said_or_it_asks_more() -> None:
    assert says_all_asked("do i have to post the broken one back to you?", written=WRITTEN)
    assert not says_all_asked("and if he doesn't like it, can it go back?", written=WRITTEN)  # liking
    assert not says_all_asked("how much?", written=WRITTEN)  # names nothing


def test_the_thing_told_of_before_is_no_word_the_shop_must_say() -> None:
    # "moet ik de mok dan terugsturen?" after "de mok heeft een schilfer aan de rand" (demo-shop-fresh27)
    asked, told = "must i the mug then return", "the mug has a chip on the rim"
    assert said_to(asked, written=WRITTEN, translation=None, at_least=2) is None
    assert said_to(asked, written=WRITTEN, translation=None, at_least=2, told=told) is not None
    assert says_all_asked(asked, written=WRITTEN, told=told)
    assert not says_all_asked(asked, written=WRITTEN)
    # what was told makes no other question one about the case, nor one that shares only what was told
    assert said_to("when are you open", written=WRITTEN, translation=None, at_least=2, told=told) is None
    assert said_to("who takes care of my photos", written=WRITTEN, translation=None, at_least=2,
                   told="i sent the photos of the broken mug") is None
