"""The shop's words on a waiting case: what happens to it answers a question about it, and whether that is all the
question asks."""

from __future__ import annotations

from warmline.domain import Customer, Handoff, Retrieval
from warmline.engine.customer.case_pages import CaseAnswer, CasePages
from warmline.knowledge import Reader
from warmline.runtime.services import Services

NOTHING_FOUND = Retrieval(query="", candidates=(), confidence=0.0, in_scope=False)
BROKEN = Handoff(id="h-1", conversation_id="c-1", assignee_id="maya", reasons=("damaged",), case_type="damaged_item")


def _pages(services: Services) -> CasePages:
    return CasePages(bot=services.bot, knowledge=services.knowledge, reader=Reader(services.knowledge))


def _about(services: Services, text: str, *, handoff: Handoff | None = BROKEN,
           given: tuple[str, ...] = ()) -> CaseAnswer | None:
    return _pages(services).about(text, handoff, language="en", given=(*given, text), customer=Customer(id="c"),
                                  retrieval=NOTHING_FOUND)


async def test_a_question_about_what_happens_is_answered_by_the_case_type_and_all_it_asks(services: Services) -> None:
    said = _about(services, "will you send a replacement or a refund?")

    assert said is not None
    assert said.text == "About your case: we look at your photos and send a replacement or a refund."
    assert said.whole  # replacement, refund: nothing the case type does not say


async def test_a_question_asking_more_than_the_case_says_is_not_answered_whole(services: Services) -> None:
    said = _about(services, "will you send a replacement in another colour?")

    assert said is not None
    assert not said.whole  # the colour is no word of what happens to a damaged item


async def test_the_thing_told_of_before_is_the_case_s_own(services: Services) -> None:
    asked = "will you send a replacement for the mug?"
    said = _about(services, asked, given=("my mug arrived with a chip on the rim",))
    untold = _about(services, asked)

    assert said is not None
    assert said.text == "About your case: we look at your photos and send a replacement or a refund."
    assert said.whole  # the mug is the broken piece told of
    assert untold is not None
    assert not untold.whole  # (a mug never told of is more than the case type says)


async def test_what_the_case_still_needs_is_told_and_nothing_else_is_about_it(services: Services) -> None:
    needs = _about(services, "do you need a photo or anything?", given=("my mug arrived broken, order 10234",))

    assert needs is not None
    assert needs.text.startswith("Yes: to sort it out we need a photo.")
    assert needs.whole
    assert _about(services, "when are you open?") is None
    assert _about(services, "will you send a replacement?", handoff=None) is None  # no case waits


async def test_what_the_shop_wrote_only_in_its_own_language_is_said_to_be_in_it(services: Services) -> None:
    # the test shop's damaged-item case has no Dutch "what happens": the English, with a word that it is
    said = _pages(services).about("sturen jullie een vervanging of geld terug?", BROKEN, language="nl",
                                  given=(), customer=Customer(id="c"), retrieval=NOTHING_FOUND)

    assert said is not None
    assert said.text.startswith("Dit staat in onze informatie (die is in het Engels):\n\nOver je zaak: we look at")
