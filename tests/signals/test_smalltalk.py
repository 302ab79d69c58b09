"""Small talk: greetings, thanks, goodbyes, acknowledgements and friendly emoji, in five languages."""

from __future__ import annotations

import pytest

from warmline.signals import questions_asked, small_talk


@pytest.mark.parametrize(("text", "kind"), [
    ("hi", "hello"), ("Hello there!", "hello"), ("Hoi", "hello"), ("¡Hola!", "hello"), ("Bonjour", "hello"),
    ("👋", "hello"),
    ("thanks", "thanks"), ("thank you so much!", "thanks"), ("dank je wel", "thanks"), ("Danke schön!", "thanks"),
    ("muchas gracias", "thanks"), ("merci beaucoup", "thanks"), ("thanks Maya", "thanks"),
    ("bye", "bye"), ("ok thanks, bye!", "bye"), ("tot ziens", "bye"), ("au revoir", "bye"),
    ("Merci, bonne soirée", "bye"), ("Danke, schönen Abend!", "bye"),
    ("thanks so much, that's really helpful 🙏", "thanks"), ("¡Muchas gracias, muy amable!", "thanks"),
    ("that's fine", "ack"),
    ("ok", "ack"), ("👍", "ack"), ("perfect", "ack"), ("d'accord", "ack"), ("vale", "ack"),
    ("Ask something else", "ask_else"), ("I have another question", "ask_else"),
    ("hello, can you help me?", "ask_else"), ("Kunt u mij helpen?", "ask_else"), ("pouvez-vous m'aider ?", "ask_else"),
    ("thanks for your help", "thanks"), ("ok - thanks", "thanks"), ("Perfekt, danke!", "thanks"),
    ("are you a bot?", "bot"), ("Hi, are you a real person?", "bot"), ("Êtes-vous un robot ?", "bot"),
    # how people greet and thank in writing beyond the textbook words
    ("hey there, how are you?", "hello"), ("Hoi, alles goed?", "hello"), ("Hola, ¿qué tal?", "hello"),
    ("Bonjour, j'espère que vous allez bien", "hello"), ("ta very much xx", "thanks"), ("tysm!!", "thanks"),
    ("Helemaal goed, dankjewel!", "thanks"), ("¡Perfecto, mil gracias!", "thanks"), ("Tausend Dank!", "thanks"),
    ("no worries", "ack"), ("Is goed", "ack"), ("Alles gut", "ack"), ("De acuerdo", "ack"),
    ("omg thank you so much!! ❤️", "thanks"), ("Haha oké, fijne dag nog!", "bye"),
    ("¡Mil gracias, sois geniales!", "thanks"),
    # stretched, unpunctuated, with a word of affection or a longer thanks (seen in the question sets)
    ("heyyy 👋", "hello"), ("thanksss!!", "thanks"), ("ta, thats all i needed", "thanks"),
    ("¡Muchas gracias, majos!", "thanks"), ("¡Mil gracias, sois un amor! 💚", "thanks"),
    ("Thank you kindly for your patience, that was most helpful.", "thanks"),
    ("amazing thank u sm 💕", "thanks"), ("fine. thanks i guess", "thanks"), ("hoii", "hello"),
    # see you on a day: a goodbye in each language
    ("Top, tot zaterdag 👋", "bye"), ("bis Samstag!", "bye"), ("hasta el sábado", "bye"), ("à demain !", "bye"),
    ("see you friday", "bye"),
    # a question announced, not asked; praise
    ("Hi! I have a question about your sweaters", "ask_else"), ("quick question", "ask_else"),
    ("Hola! Tengo una consulta sobre un pedido", "ask_else"), ("I love your shop!", "compliment"),
    ("Jullie truien zijn echt prachtig!", "compliment"),
    # laughing, looking forward, thanks for trying, and closing for now with what comes next (demo-shop-fresh14)
    ("jajaja vale", "ack"), ("hihi ok", "ack"), ("amazing, can't wait 🥹", "ack"), ("Oké fijn, dank je wel", "thanks"),
    ("D'accord, merci quand même", "thanks"), ("cool see u then", "bye"),
    ("ok thanks, ill have a look at the dates", "thanks"), ("Dank je, ik denk er nog even over na", "thanks"),
    ("ok i will check the size guide", "ack"), ("je vais réfléchir, merci", "thanks"),
    ("ok lo pienso, gracias", "thanks"),
    ("ich melde mich, danke", "thanks"),
    # kind words, a pity taken well, a choice made, good night (demo-shop-fresh15)
    ("you guys are the best honestly 🧡", "thanks"), ("oki", "ack"), ("night!", "bye"),
    ("thanks, sorry for the hassle!", "thanks"), ("brill, cheers", "thanks"), ("ok lesson learned, thx", "thanks"),
    ("great, ill email the wholesale address", "ack"), ("Oké, dan ruil ik hem. Bedankt!", "thanks"),
    ("Danke, sehr hilfreich!", "thanks"), ("Schade, trotzdem danke", "thanks"),
    ("Oké, bedankt voor het meedenken", "thanks"), ("Danke für die schnelle Hilfe!", "thanks"),
    # hoping, pleased for whom it is for, signing off, waiting it out (demo-shop-fresh16)
    ("fingers crossed, thanks a million", "thanks"), ("great stuff, bye for now", "bye"),
    ("he'll love it, ty!!", "thanks"), ("lovely. night night!", "bye"), ("lovely, speak soon x", "bye"),
    ("Helder, top geregeld 👍", "ack"), ("genial, un abrazo 🤗", "bye"),
    ("Oké, ik wacht het af. Fijne avond nog!", "bye"),
    # a drawn-out "ahh", British praise, signing up or ordering as they write (demo-shop-fresh19)
    ("ahh perfect, thank you!!", "thanks"), ("nice one, cheers", "thanks"), ("ok signing up now, bye!", "bye"),
    ("ohh okay", "ack"), ("legend, thanks", "thanks"), ("perfecto, lo pido ahora, gracias", "thanks"),
    ("ok je commande tout de suite, merci", "thanks"), ("ich bestelle ihn gleich, danke", "thanks"),
    # nothing more to ask (demo-shop-fresh20)
    ("nope that's everything, have a good one", "bye"), ("no that's all, thanks", "bye"),
    ("nee, dat was het", "bye"), ("nein, das wars, schönen Tag", "bye"), ("no, eso es todo", "bye"),
    ("non c'est tout, bonne journée", "bye"),
    # "dann" is no stretched "dan", and the wish returned (demo-shop-fresh21)
    ("Danke, bis dann", "bye"), ("merci, bonne journée à vous", "bye"), ("fijne dag, jullie ook!", "bye"),
    ("gracias, igualmente", "thanks"),
    # thanks spelt short, in Swiss German, and for what they were (demo-shop-fresh22)
    ("thnx!", "thanks"), ("Merci vielmal für die Infos", "thanks"), ("bedankt voor de uitleg", "thanks"),
    ("merci pour les infos", "thanks"), ("vielen Dank für die Auskunft", "thanks"),
    # gratitude, and a question let go (demo-shop-fresh23)
    ("perfecto, os lo agradezco", "thanks"), ("je vous remercie", "thanks"), ("lol ok never mind, bye", "bye"),
    ("laat maar, bedankt", "thanks"), ("nvm", "ack"), ("tant pis, merci", "thanks"),
    # found it themselves (demo-shop-fresh24)
    ("nvm figured it out, thanks", "thanks"), ("laat maar, al gevonden", "ack"), ("ah c'est bon j'ai trouvé", "ack"),
    # what the thanks are for, in a few words of their own, and how heartfelt (demo-shop-fresh25)
    ("ok thanks for sorting it", "thanks"), ("thank you for being kind about it", "thanks"),
    ("gracias por avisarme tan rápido", "thanks"), ("danke für die schnelle Rückmeldung", "thanks"),
    ("muchas gracias, de verdad", "thanks"), ("omg you're so sweet thank u", "thanks"),
    # (demo-shop-fresh26)
    ("thanks so much, that really helped", "thanks"), ("this helped a lot, thanks", "thanks"), ("evening!", "hello"),
    ("👍🏻", "ack"), ("😂", "ack"), ("merci, bon week-end !", "bye"), ("buen finde", "bye"), ("okay dokey", "ack"),
    # what was suggested worked, taken note of, touched by a kindness, might come by (demo-shop-fresh27)
    ("ok that worked, thanks!", "thanks"), ("gelukt, dank je", "thanks"), ("es hat geklappt", "ack"),
    ("perfect, might pop by 👋", "ack"), ("Danke, dann bestelle ich gleich!", "thanks"),
    ("perfecto, me lo apunto, ¡gracias!", "thanks"), ("c'est noté, merci", "thanks"),
    ("merci, c'est adorable 🙏", "thanks"), ("good to know, thanks", "thanks"),
    # (fresh28)
    ("you guys are the best, have a lovely weekend", "bye"), ("helemaal top, merci!", "thanks"),
    ("have a great evening", "bye"),
])
def test_small_talk_is_recognised_with_its_kind(text: str, kind: str) -> None:
    talk = small_talk(text)

    assert talk is not None
    assert talk.kind == kind
    assert talk.evidence == text.strip()


@pytest.mark.parametrize("text", [
    "hi, do you ship to Spain?", "where is my order", "thanks but it still hasn't arrived", "no", "😡",
    "ok so how much is it", "is it good?", "hoi, hoe lang duurt de verzending?", "",
    "can someone help me", "help me, my parcel is lost",  # a person, and a question
    "how are you shipping it?", "hi, how are the sizes?", "no worries if not, but can you wrap it?",
    "is that ok", "thanks, it's broken", "that was broken",
    "thanks, majos, where is my order", "heyyy where is my parcel",
    # what comes next, with a condition or a question: still asking
    "ok ill order it if you ship to spain", "ill have a look, do you ship to spain", "ok then I will return it",
    "haha", "thanks anyway, but where is my parcel", "what a shame, my mug broke", "night delivery?",
    "ill get the wadden if it comes in green", "do you love it?", "saludos, ¿envían a Chile?",
    "take care of my order please",
    "ordering now, will it arrive by friday?", "sweet, do you ship to spain?", "ahh ok, and how long does it take?",
    "ich bestelle den pullover in M, geht das?",
    "nope", "that's all i got? no refund?", "nothing else arrived, just the box",
    "never mind the size, how long is shipping?",
    # thanks for something, then a question; or more than a few words of what for: a message of its own
    "thanks for sorting it, when will it arrive?", "thanks for sorting it?",
    "thanks for your help with the order and the refund i asked about last week",
    "echt?", "you're late",
    "that worked for the mugs but not the bowls", "i might pop by, are you open on sunday?", "may i order by phone?",
    "ça fonctionne comment ?", "good to know, is the dijk itchy?",
])
def test_anything_that_says_or_asks_more_is_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


def test_what_an_announced_question_is_about_is_its_context_and_other_small_talk_is_left_out() -> None:
    talk = small_talk("Hoi! Ik heb een vraag over jullie truien")
    assert talk is not None
    assert talk.about == "jullie truien"

    asked = questions_asked(["hi", "Hi! I have a question about your sweaters", "thanks!", "are they itchy?",
                             "quick question", "I love the Wadden sweater"])
    assert asked == ("your sweaters", "are they itchy?", "I love the Wadden sweater")
