"""Whether a message asks, and a question announced but not yet asked: five languages."""

from __future__ import annotations

import pytest

from warmline.signals._remarks import (
    after_greeting,
    announced_question,
    asks,
    asks_nothing,
    asks_shop_to,
    asks_without_trouble,
    greets,
    only_tells,
)


@pytest.mark.parametrize(("text", "about"), [
    ("Hi! I have a question about your sweaters", "your sweaters"),
    ("Hallo, ich hätte mal eine Frage zu euren Tassen", "euren Tassen"),
    ("Hola! Tengo una consulta sobre un pedido", "un pedido"),
    ("Goedemiddag, ik heb een vraagje over de workshops", "de workshops"),
    ("j'ai une question concernant ma commande", "ma commande"),
    ("Bonjour, j'ai une petite question", ""), ("quick question", ""), ("hi, can I ask you something?", ""),
    ("Tengo una duda", ""), ("hello I have a quick q", ""),
])
def test_a_question_announced_is_read_with_what_it_is_about(text: str, about: str) -> None:
    assert announced_question(text) == about


@pytest.mark.parametrize("text", [
    "I have a question about the sweater, is it itchy?", "I have a question about the sweater is it itchy?",
    "question: do you ship to spain?", "do you ship to spain?", "my question about the refund was never answered",
])
def test_a_message_that_asks_or_says_more_is_no_announcement(text: str) -> None:
    assert announced_question(text) is None


@pytest.mark.parametrize(("text", "tells"), [
    ("Hola! Escribo desde Valencia 👋", True), ("hi! we're getting married next september 💍", True),
    ("Bonjour, j'ai reçu mon écharpe il y a trois semaines", True), ("it was a present for my mum", True),
    ("Hallo! Ich hab zum Geburtstag einen Mossa-Gutschein bekommen 🎉", True),
    ("holaa 👋 os escribo desde Sevilla", True),
    # a question or a request, even without its question mark; a fragment speaks of nobody: it asks
    ("how long does shipping take", False), ("i want to know the shipping cost to mars", False),
    ("hi, do you ship to mars", False), ("kunnen jullie naar Mars sturen", False), ("shipping to mars", False),
    ("Vous avez des tasses bleues", False), ("is it still available?", False),
    # trouble a case reading may have missed
    ("Ich habe bei MS-77310 die falsche Hausnummer angegeben und das Paket ist schon unterwegs!", False),
    ("my order 48213 never came", False), ("Hola, puse mal el código postal", False),
    ("hi, there's an issue with my scarf", False), ("my mug came chipped", False),
    # a need of some number of things asks for them (demo-shop-fresh24)
    ("we'd need 20 mugs with our logo by mid march", False), ("Wir bräuchten 20 Tassen mit unserem Logo", False),
    ("i need to think about it", True),
    # a wish for what the shop's policies speak of, and a question typed fast (demo-shop-fresh26)
    ("Ich möchte den Pulli umtauschen", False), ("ik wil de Polder sjaal terugsturen, hij is nog ongedragen", False),
    ("je voudrais échanger mon pull", False), ("i would like to cancel my order", False),
    ("im inbetween S and M wich one should i go for", False), ("we got married last week and love the mugs", True),
])
def test_a_message_that_only_tells_something_asks_nothing(text: str, tells: bool) -> None:
    assert asks_nothing(text) is tells


@pytest.mark.parametrize(("text", "tells"), [
    ("la devolución os llegó el día 3", True), ("the parcel came back to you last week", True),
    ("my mug came chipped", True),  # trouble told is still only told
    ("opening hours saturday", False), ("your opening hours on saturday", False),  # fragments ask
    ("la devolución os llegó el día 3?", False), ("when did the return arrive", False),
    ("can you check the return", False), ("please check the return", False),
])
def test_a_message_that_asks_and_requests_nothing_only_tells(text: str, tells: bool) -> None:
    assert only_tells(text) is tells


def test_a_greeting_opens_the_message() -> None:
    assert greets("Hola! Escribo desde Valencia")
    assert greets("¡Hola! Me regalaron una tarjeta regalo")  # the Spanish opening mark too
    assert greets("hi there, first time here")
    assert not greets("hiking socks in stock")
    assert not greets("my order")


@pytest.mark.parametrize(("text", "said"), [
    ("hi, trying to pay with ideal and it keeps failing", "trying to pay with ideal and it keeps failing"),
    ("Hallo Sam! Mein Paket ist kaputt angekommen", "Mein Paket ist kaputt angekommen"),
    ("¡Hola! ¿hacéis envíos a Barcelona?", "¿hacéis envíos a Barcelona?"),
    ("Hi,\nI ordered two mugs last week", "I ordered two mugs last week"),
    # no greeting set apart, or too little after it: the message itself
    ("hi trying to pay", "hi trying to pay"), ("hi! MS-1234", "hi! MS-1234"),
    ("hiking socks in stock?", "hiking socks in stock?"),
])
def test_what_a_message_says_after_its_greeting(text: str, said: str) -> None:
    assert after_greeting(text) == said


@pytest.mark.parametrize("text", [
    "Kan ik achteraf betalen met Klarna?", "my toddler eats off everything, is there any lead in your glazes?",
    "do you sell the pattern for the haven beanie", "¿Vendéis el patrón del gorro?",
    # a question word opening it asks without "?"; a refund asked about is no refund gone missing
    "how long until the money is back on my card", "paid with klarna, when does the refund land once u get the return?",
    "is that on purpose? still ok to eat off?",
    # asked before buying: what it names went wrong with nothing the customer has (demo-shop-fresh14, fresh19)
    "do the fine lines in the speckled glaze mean it's cracked? asking before i buy",
    "Avant d'acheter : les fines craquelures dans l'émail des pièces mouchetées, c'est normal ?",
])
def test_a_question_that_tells_of_nothing_gone_wrong_only_asks(text: str) -> None:
    assert asks_without_trouble(text)


@pytest.mark.parametrize("text", [
    "the mug arrived chipped, can I get a new one?", "you charged me twice??", "Wo bleibt MS-77310?",
    "Mi taza llegó rota, ¿qué hago?", "my parcel never arrived", "I love your mugs",
    # time gone by, or still nothing
    "where is my refund, it's been 3 weeks", "returned the scarf 3 weeks ago and still no refund, whats going on?",
    "Waar blijft mijn geld? Nog steeds niets ontvangen",
    "MS-20417 arrived cracked, I checked it before I bought it in the studio, what now?",
])
def test_trouble_told_or_no_question_asked_is_not_only_asking(text: str) -> None:
    assert not asks_without_trouble(text)


@pytest.mark.parametrize(("text", "work"), [
    ("Could you knit the Noord cardigan in rust?", "knit"),
    ("can you me the bigger send and i send the here back", "send"),  # "könnt ihr mir die größere schicken"
    ("would you maybe make 8 mugs with our initials", "make"),
    ("can I buy your yarn?", None), ("can you ship to the US?", None), ("you knit them by hand?", None),
    # someone of the shop by name; read in English words with the verb last ("Könnt ihr mir den Noord Cardigan
    # in Waldgrün in XS stricken?"); not the customer's own work, nor a verb in another sentence
    ("could ines knit the dijk in forest green but with 5cm longer sleeves?", "knit"),
    ("can you me the noord cardigan in forest green in xs knit", "knit"),
    ("do you sell the pattern? i would like knit it myself", None), ("can you help? i want to send it back", None),
    ("can you make sure the price isnt in the box", None),
    ("ok can you switch it to an M then? MS-90116", "switch"), ("could you change it to the oat one?", "change"),
    ("can i change my mind later?", None),
    # an idiom asks for nothing made (demo-shop-fresh20: handed to a person as work nothing speaks of)
    ("need it in paris by thursday, can you make that happen?", None), ("can you make it work by friday?", None),
    ("can you make it in green?", "make"),
    # a gift sent to someone else is delivery (demo-shop-fresh24)
    ("can you send it straight to her with a card and no price on it?", None),
    ("can you send the mug to my mum?", None), ("could you send me the S instead?", "send"),
])
def test_work_asked_of_the_shop_is_named_by_its_verb(text: str, work: str | None) -> None:
    assert asks_shop_to(text) == work


@pytest.mark.parametrize(("text", "asking"), [
    ("Mein Paket sollte letzte Woche kommen und die Sendungsverfolgung bewegt sich seit Tagen nicht.", False),
    ("wo kann ich sehen, wo mein Paket ist", True),
    # an emoji ends a clause as a mark does
    ("the sand moss mug has been sold out FOREVER 😭 when r u making more", True),
    ("love it ❤️ how much is it", True),
    ("my parcel never came 😡", False),
])
def test_a_message_asks_with_a_question_mark_or_a_clause_that_opens_as_a_question(text: str, asking: bool) -> None:
    assert asks(text) is asking


@pytest.mark.parametrize("text", [
    "the socks i got are way too big, can i swap them for 39–42?", "de trui is te groot, kan ik ruilen?",
    "der Pulli ist zu klein, kann ich ihn umtauschen?", "le pull est trop petit, je peux l'échanger ?",
])
def test_a_size_that_does_not_fit_is_trouble_told(text: str) -> None:
    assert not asks_without_trouble(text)
    assert asks_without_trouble("how long is the sweater in size L?")
