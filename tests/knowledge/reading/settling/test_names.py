"""What the reader settles knowing the question's words: ties, places, materials, sections sharing no word and
follow-ups."""

from __future__ import annotations

from dataclasses import replace

from tests.knowledge.reading.passages import found as _found
from tests.knowledge.reading.passages import section as _section

from warmline.domain import Citation, Passage, Retrieval


def _answered_by(passage: Passage, *, score: float = 0.6) -> Retrieval:
    from warmline.domain import ScoredPassage

    return Retrieval(query="q", candidates=(ScoredPassage(passage=passage, score=score),), confidence=score,
                     in_scope=True, answer_text=passage.text)


def test_a_section_answers_only_a_question_that_shares_a_word_with_it() -> None:
    from warmline.knowledge.reading.settling._names import with_words_shared

    team = Passage(id="s", text="Joris packs your parcels and chases the carriers.", question=None,
                   citation=Citation(source="about.md", title="Who you'll talk to"))

    assert not with_words_shared(_answered_by(team), asked="do you deliver flowers").in_scope
    assert with_words_shared(_answered_by(team), asked="who packs my parcel").in_scope
    assert with_words_shared(_answered_by(team, score=0.9), asked="do you deliver flowers").in_scope  # sure
    entry = Passage(id="f", text="We ship within a day.", question="How fast do you ship?",
                    citation=Citation(source="faq.yaml", title="How fast do you ship?"))
    assert with_words_shared(_answered_by(entry), asked="when does it leave").in_scope  # FAQ entries are tuned


def test_an_unsure_faq_answer_sharing_no_word_of_substance_with_what_the_shop_wrote_is_refused() -> None:
    from warmline.knowledge.reading.settling._names import with_substance_shared

    express = Passage(id="x", text="Yes: DHL Express, 1 working day within the Netherlands.",
                      question="Do you have express delivery?",
                      citation=Citation(source="faq.yaml", title="Do you have express delivery?"))
    written = (express.text, "Do you have express delivery?", "can it come faster")

    # "do you deliver on sundays?" found express delivery at .19: nothing of "sundays", "weekend" or "home" is in
    # what the shop wrote for it
    assert not with_substance_shared(_answered_by(express, score=0.19), asked="when are you open on sundays, only "
                                     "home at the weekend", written=written).in_scope
    assert with_substance_shared(_answered_by(express, score=0.19), asked="is there anything faster",
                                 written=written).in_scope  # a phrasing says "faster"
    assert with_substance_shared(_answered_by(express, score=0.5), asked="when are you open on sundays",
                                 written=written).in_scope  # sure enough on its own


def test_a_follow_up_is_answered_by_what_it_names_not_by_the_question_before() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import about_the_follow_up

    def section(title: str, text: str) -> Passage:
        return Passage(id=title, text=text, question=None, citation=Citation(source="care.md", title=title))

    wool = section("Washing your wool sweater", "Hand wash it cold with wool soap.")
    cotton = section("Organic cotton knits", "Machine wash at 30 degrees.")
    drying = section("Drying knitwear", "Dry it flat on a towel.")
    # "how do I wash my wool sweater" + "and the cotton one?", read together: the wool guide comes first
    joined = Retrieval(query="and the cotton one?", in_scope=True, answer_text=wool.text, confidence=0.98,
                       candidates=(ScoredPassage(passage=wool, score=0.98), ScoredPassage(passage=cotton, score=0.94),
                                   ScoredPassage(passage=drying, score=0.92)))

    answered = about_the_follow_up(joined, asked="and the cotton one", threshold=0.3)
    assert answered.best is not None
    assert answered.best.passage is cotton
    assert answered.answer_text == cotton.text
    assert answered.in_scope
    # a follow-up that names nothing of the others, or an answer that already shares its words: unchanged
    assert about_the_follow_up(joined, asked="and the linen one", threshold=0.3) == joined
    assert about_the_follow_up(joined, asked="and the wool soap", threshold=0.3) == joined
    # what it names must be likely enough on its own
    weak = replace(joined, candidates=(joined.candidates[0], ScoredPassage(passage=cotton, score=0.3)))
    assert about_the_follow_up(weak, asked="and the cotton one", threshold=0.3) == weak


def test_an_answer_about_another_country_is_no_choice_to_offer() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import settled_by_place

    def entry(question: str) -> Passage:
        return Passage(id=question, text="We ship there.", question=question,
                       citation=Citation(source="faq.yaml", title=question))

    countries, uk = entry("Which countries do you ship to?"), entry("Do you ship to the UK?")
    # "what about Switzerland?" after "Do you ship to the UK?": read together, the two come out even
    both = Retrieval(query="what about switzerland", in_scope=True, ambiguous=True, confidence=0.3,
                     answer_text=countries.text,
                     candidates=(ScoredPassage(passage=countries, score=0.3), ScoredPassage(passage=uk, score=0.28)))

    settled = settled_by_place(both, asked="what about switzerland")
    assert not settled.ambiguous
    assert settled.in_scope
    assert settled.best is not None
    assert settled.best.passage is countries
    assert settled_by_place(both, asked="what about the UK again").ambiguous  # both fit the UK


def test_a_city_asks_about_its_country_and_the_entry_naming_it_answers() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import settled_by_place

    def entry(question: str, text: str) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=question, text=text, question=question,
                                             citation=Citation(source="faq.yaml", title=question)), score=0.1)

    us = entry("Do you ship to the US?", "Yes, with DHL.")
    tracking = entry("How do I track my order?", "You get a tracking link by email.")
    countries = entry("Which countries do you ship to?", "The EU, the UK, Switzerland and Norway.")
    # "je suis à Genève, vous pouvez m'envoyer un colis ?" found the US entry
    found = Retrieval(query="q", in_scope=True, confidence=0.21, answer_text=us.passage.text,
                      candidates=(us, tracking, countries))

    settled = settled_by_place(found, asked="i am in genève can you ship a parcel")
    assert settled.best is countries
    assert settled_by_place(found, asked="can you ship a parcel").best is us  # no place named: it stands


def test_who_someone_is_is_the_one_likely_passage_that_names_them() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import settled_by_name

    def passage(title: str, text: str) -> ScoredPassage:
        return ScoredPassage(passage=Passage(id=title, text=text, citation=Citation(source="about.md", title=title)),
                             score=0.3)

    team = passage("Who you'll talk to", "Joris van Dijk packs and ships your parcels. Amara looks after payments.")
    story = passage("Our story", "Mossa started at Ines's kitchen table.")
    unsure = Retrieval(query="q", in_scope=False, confidence=0.3, candidates=(story, team))

    joris = settled_by_name(unsure, asked="who's joris? his name was on the shipping email")
    assert joris.in_scope
    assert joris.best is team
    assert joris.answer_text == "Joris van Dijk packs and ships your parcels."  # the sentence that names him
    assert settled_by_name(unsure, asked="Wie is Amara eigenlijk?").best is team
    assert settled_by_name(unsure, asked="Wer ist eigentlich Amara?").best is team  # demo-shop-fresh20
    assert not settled_by_name(unsure, asked="who is Megan?").in_scope  # nobody the knowledge names
    assert not settled_by_name(unsure, asked="where is Joris from?").in_scope  # not who he is


def test_a_tie_is_settled_for_the_answer_whose_title_the_question_names() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import settled_by_title

    def entry(question: str) -> Passage:
        return Passage(id=question, text="The answer.", question=question,
                       citation=Citation(source="faq.yaml", title=question))

    later, methods = entry("Can I pay later or in instalments?"), entry("Which payment methods do you accept?")

    def tie(confidence: float) -> Retrieval:
        return Retrieval(query="q", in_scope=True, ambiguous=True, confidence=confidence, answer_text=later.text,
                         candidates=(ScoredPassage(passage=later, score=confidence),
                                     ScoredPassage(passage=methods, score=0.15)))

    settled = settled_by_title(tie(0.42), asked="can i pay in instalments")
    assert not settled.ambiguous
    assert settled.in_scope
    assert settled_by_title(tie(0.3), asked="can i pay in instalments").ambiguous  # not likely enough
    assert settled_by_title(tie(0.42), asked="which methods, and instalments?").ambiguous  # names the other's too




def test_a_section_gives_way_to_the_next_whose_title_the_question_names_and_that_says_more_of_it() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import settled_by_section_title

    drying = _section("Drying knitwear", "Roll the wet sweater in a towel. Hanging a wet knit stretches it.")
    storing = _section("Storing knitwear", "For summer, wash it first and store it in a cotton bag.")
    found = _found((drying, 0.86), (storing, 0.77))

    settled = settled_by_section_title(found, asked="how to store my sweater in summer")
    assert settled.best is not None
    assert settled.best.passage is storing
    assert settled.answer_text == storing.text
    # the best one speaks of more of it ("hang", "wet"), though the other's title is named ("stor")
    assert settled_by_section_title(found, asked="can i hang my wet sweater or should i store it flat") is found
    far = replace(found, candidates=(found.candidates[0], ScoredPassage(passage=storing, score=0.6)))
    assert settled_by_section_title(far, asked="how to store my sweater in summer") is far  # too unlikely
    entry = Passage(id="f", text="Store it folded.", question="How do I store a sweater?",
                    citation=Citation(source="faq.yaml", title="How do I store a sweater?"))
    calibrated = replace(found, candidates=(ScoredPassage(passage=entry, score=0.86), found.candidates[1]))
    assert settled_by_section_title(calibrated, asked="how to keep my sweater in summer") is calibrated
    # a section saying one word of the question gives way to the next that says more, whatever their titles
    pilling = _section("Pilling", "Remove the bobbles from your sweater with a wool comb.")
    bobbles = _found((_section("Drying knitwear", "Roll the wet sweater in a towel."), 0.88), (pilling, 0.77))
    settled = settled_by_section_title(bobbles, asked="my sweater is getting little bobbles, what do I do")
    assert settled.best is not None
    assert settled.best.passage is pilling
    assert settled_by_section_title(bobbles, asked="my sweater is wet and in a towel") is bobbles  # it says two


def test_an_answer_about_another_material_gives_way_to_a_near_one_about_the_material_asked() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import settled_by_material

    wool = _section("Washing your wool or alpaca sweater", "Hand wash it in lukewarm water with a wool detergent.")
    cotton = _section("Organic cotton knits", "Machine wash at 30 °C on a gentle cycle, inside out.")
    drying = _section("Drying knitwear", "Roll the wet sweater in a towel.")
    found = _found((wool, 0.976), (drying, 0.97), (cotton, 0.966))

    settled = settled_by_material(found, asked="how do i wash my cotton sweater")
    assert settled.best is not None
    assert settled.best.passage is cotton
    assert settled.answer_text == cotton.text
    assert settled.confidence == 0.966
    # the material asked is the one of the title ("merino" is wool), or none is asked: nothing to settle
    assert settled_by_material(found, asked="how do i wash my merino sweater") is found
    assert settled_by_material(found, asked="how do i wash my sweater") is found
    # a follow-up names its material in the turn before: "how should i wash it next time then"
    followed = settled_by_material(found, asked="how should i wash it next time",
                                   before="how should i wash it next time my cotton sweater shrank")
    assert followed.best is not None
    assert followed.best.passage is cotton
    # no near candidate about the material asked: the answer stands
    far = replace(found, candidates=(*found.candidates[:2], ScoredPassage(passage=cotton, score=0.1)))
    assert settled_by_material(far, asked="how do i wash my cotton sweater") is far
    # the best one is about the material asked, the other about another: no choice to offer
    even = replace(found, ambiguous=True, answer_text=cotton.text,
                   candidates=(ScoredPassage(passage=cotton, score=0.95), ScoredPassage(passage=wool, score=0.94)))
    assert not settled_by_material(even, asked="will the cotton one shrink").ambiguous
    assert settled_by_material(even, asked="will it shrink").ambiguous


def test_a_pair_is_settled_for_the_answer_whose_title_words_asked_are_clearly_rarer() -> None:
    from warmline.domain import ScoredPassage
    from warmline.knowledge.reading.settling._names import settled_by_title

    def entry(title: str, text: str, *, case_type: str | None = None) -> Passage:
        return Passage(id=title, text=text, question=title, case_type=case_type,
                       citation=Citation(source="faq.yaml", title=title))

    vegan = entry("Are your products vegan?", "Our ceramics and cotton knits are vegan; ask for a cotton sweater.")
    made = entry("What are your sweaters made of?", "Merino and alpaca, spun in Europe.")
    titles = ("Are your products vegan?", "What are your sweaters made of?", "Washing your wool sweater",
              "How our sweaters fit", "Sweater and cardigan measurements")
    pair = Retrieval(query="q", in_scope=True, ambiguous=True, confidence=0.37, answer_text=vegan.text,
                     candidates=(ScoredPassage(passage=made, score=0.37), ScoredPassage(passage=vegan, score=0.11)))

    # "vegan" is one title's word, "sweater" four titles'; and the vegan entry says more of the question
    settled = settled_by_title(pair, asked="i am vegan, do you have a sweater without wool", titles=titles)
    assert not settled.ambiguous
    assert settled.best is not None
    assert settled.best.passage is vegan
    assert settled.confidence == 0.11
    assert settled_by_title(pair, asked="i am vegan, do you have a sweater without wool").ambiguous  # no titles
    assert settled_by_title(pair, asked="what about a sweater", titles=titles).ambiguous  # nothing rarer named
    # a title word picks an answer, it opens no case
    parcel = entry("My parcel hasn't arrived — what now?", "Send us your order number.", case_type="missing_parcel")
    track = entry("How do I track my order?", "Follow the link in your shipping email.")
    lost = replace(pair, candidates=(ScoredPassage(passage=track, score=0.3),
                                     ScoredPassage(passage=parcel, score=0.28)))
    both = (parcel.citation.title, track.citation.title)
    assert settled_by_title(lost, asked="where can i look up my parcel", titles=both).ambiguous
    # the likelier one of the pair settles it when the other's text says as much: "can i pay in instalments?"
    later = entry("Can I pay later or in instalments?", "With Klarna: pay in 30 days, or in 3 instalments.")
    methods = entry("Which payment methods do you accept?",
                    "iDEAL, cards, PayPal and Klarna (pay later or in instalments).")
    paying = replace(pair, candidates=(ScoredPassage(passage=later, score=0.34),
                                       ScoredPassage(passage=methods, score=0.2)))
    titled = (later.citation.title, methods.citation.title, "What are your sweaters made of?")
    settled = settled_by_title(paying, asked="can i pay in instalments", titles=titled)
    assert not settled.ambiguous
    assert settled.best is not None
    assert settled.best.passage is later
    # the less likely one must still say more than the likelier
    flipped = replace(paying, candidates=paying.candidates[::-1])
    assert settled_by_title(flipped, asked="can i pay in instalments", titles=titled).ambiguous
