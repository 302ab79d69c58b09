"""Words put back where English reads them before a question is read word by word."""

from __future__ import annotations

from warmline.knowledge.language import in_english_order

_PHRASES = frozenset({"zurückschicken", "geld terug"})


def _verb(word: str) -> bool:
    return word in {"zurückschicke", "terugstuur"}


def test_a_particle_at_the_end_joins_its_verb_or_stays_with_its_phrase() -> None:
    # (a clause its particle was looked at in is spaced apart from its mark)
    assert in_english_order("wie schicke ich etwas zurück?", "de", phrases=_PHRASES,
                            is_verb=_verb) == "wie zurückschicke ich etwas ?"
    assert in_english_order("wann krieg ik mijn geld terug?", "nl", phrases=_PHRASES,
                            is_verb=_verb) == "wann krieg ik mijn geld terug ?"
    # a particle no verb of the message takes says little alone
    assert in_english_order("meld ik me af", "nl", phrases=_PHRASES, is_verb=_verb) == "meld ik me"


def test_an_article_ending_its_clause_is_the_pronoun_it_stands_for() -> None:
    assert in_english_order("was kosten die?", "de", phrases=_PHRASES, is_verb=_verb) == "was kosten they ?"


def test_a_time_ago_is_ago_and_other_words_stay() -> None:
    assert in_english_order("il y a 2 semaines", "fr", phrases=_PHRASES, is_verb=_verb) == "2 semaines ago"
    assert in_english_order("vor einer woche", "de", phrases=_PHRASES, is_verb=_verb) == "einer woche ago"
    assert in_english_order("il y a un problème", "fr", phrases=_PHRASES, is_verb=_verb) == "il y a un problème"
    assert in_english_order("il y a 2 semaines", "en", phrases=_PHRASES, is_verb=_verb) == "il y a 2 semaines"
