"""Praise that asks nothing: "your mugs are gorgeous 😍", "J'adore vos pulls !", and glad news of what came ("my
wadden arrived today and i'm never taking it off 😍"), in five languages. Such a message gets thanks, never a search
of the knowledge (which answered "I'm not sure about that one"). Only a whole message counts: "I love the Wadden
sweater, is it itchy?" asks something, and "love the colour but it arrived chipped" tells of trouble. Pure.
"""

from __future__ import annotations

import re

from ._remarks import GREETING

__all__ = ["is_compliment"]

_MAX_WORDS = 14

_PRAISE = (r"gorgeous|beautiful|stunning|amazing|lovely|gorgeous|perfect|so pretty|pretty|cute|incredible|"
           r"fantastic|wonderful|great|awesome|the best|prachtig|mooi|schitterend|geweldig|prachtig mooi|"
           r"super mooi|fantastisch|gaaf|wunderschön|wunderschoen|so schön|traumhaft|toll|klasse|der hammer|"
           r"precios[oa]s?|bonit[oa]s?|una maravilla|maravillos[oa]s?|chul[oa]s?|magnifiques?|superbes?|"
           r"sublimes?|trop beaux|trop belles?|tellement beaux|tellement belles?|magnifique")
_COMPLIMENTS = re.compile(
    r"^(?:(?:omg|wow|oh|ah|aww+|ooh+|ohh+)[\s,!]+)*"
    rf"(?:{GREETING})"
    # what the customer says of themselves first: "Ich stricke selbst und liebe eure Mützen"
    r"(?:[^?.!,]{0,40}\b(?:and|und|en|y|et) )?"
    r"(?:"
    # "I love your shop", "we adore the new mugs", "me encantan vuestras tazas", "j'adore vos pulls"
    r"(?:(?:i|we) )?(?:really |just |absolutely |totally |so )?(?:love|adore|am obsessed with|'m obsessed with)"
    r" (?:your|ur|the|this|these|those|all your|everything)\b[^?.!]{0,60}|"
    r"(?:(?:ik|wij) )?(?:ben|zijn) (?:zo |echt )?(?:fan van|verliefd op|weg van)\b[^?.!]{0,60}|"
    r"(?:(?:ich |wir )?(?:liebe|lieben)|ich mag) (?:eure|euren|eurer|eures|die|den|das|deine|ihre)\b[^?.!]{0,60}|"
    r"(?:me|nos) (?:encanta|encantan|chifla|chiflan|flipa|flipan)\b[^?.!]{0,60}|"
    r"(?:j'adore|on adore|nous adorons|j'aime trop)\b[^?.!]{0,60}|"
    # "your mugs are gorgeous", "jullie truien zijn prachtig", "eure Tassen sind wunderschön"
    rf"[^?.!]{{0,60}}\b(?:is|are|look|looks|zijn|is echt|sind|ist|son|es|sont|est)"
    rf"(?: so| really| just| absolutely| honestly| truly| seriously| literally| genuinely| echt| zo| heel| wirklich|"
    rf" muy| tan| súper| super| trop| vraiment)*"
    rf" (?:{_PRAISE})|"
    # "what a beautiful shop", "wat mooi!", "qué bonito", "trop beau"
    rf"(?:what (?:a |an )?|wat (?:een )?|wie |qu[ée] |trop |tellement |so )(?:{_PRAISE})\b[^?.!]{{0,40}}"
    r")[\s!.😍🥰❤️♥️💛💚💙🧡💜🤍✨🙌👏😊☺️\ufe0f]*$",
    re.IGNORECASE)
# what turns praise into a complaint or a question: "love the colour but it arrived chipped"
_NOT_ONLY_PRAISE = re.compile(
    r"\b(?:but|though|however|except|not|n't|no|broken|chipped|crack|cracked|wrong|late|never|still|where|when|how|"
    r"maar|niet|geen|kapot|aber|nicht|kein|keine|kaputt|pero|roto|rota|mais|pas|cassé|cassée|ne|"
    # a question without its question mark: "love your stuff, do you ship to spain"
    r"do|does|did|can|could|would|should|kun|kan|kunnen|kunt|kann|können|koennen|puedo|puedes|podéis|peux|pouvez)\b",
    re.IGNORECASE)


# What came, said happily: "my parcel just arrived and it's perfect 😍", "j'ai bien reçu ma commande, merci !"
_ARRIVED = re.compile(
    r"\b(?:arrived|came|landed|got here|is here|received|just got|got my|angekommen|ist da|sind da|binnen|aangekomen|"
    r"gekregen|ontvangen|llegado|llegó|recibido|reçu|reçue|arrivé|arrivée)\b", re.IGNORECASE)
_GLAD = re.compile(
    rf"\b(?:{_PRAISE}|love it|loving it|love them|obsessed|so happy|never taking it off|thank you|thanks|thx|ty|"
    r"danke|dank|bedankt|dank je|gracias|merci|me encanta|me encantan|j'adore|blij|froh|feliz|ravie?)\b|"
    r"[😍🥰❤️💛🧡💚💙💜🤍]",
    re.IGNORECASE)
# ... and trouble told with it: "it arrived damaged, thanks a lot"
_NOT_GLAD = re.compile(r"\b(?:damaged|missing|hole|torn|stain|beschädigt|beschadigd|dañad[oa]|abîmée?|déchiré|yet|"
                       r"nog niet|noch nicht|todavía|aún|pas encore)\b|n't\b", re.IGNORECASE)
# praise that says "never" ("my wadden arrived today and i'm never taking it off 😍")
_NEVER_OFF = re.compile(r"\bnever (?:taking|take|going to take|gonna take) (?:it|them) off\b", re.IGNORECASE)


def is_compliment(text: str) -> bool:
    """Whether the whole message is praise for the shop or what it makes, or glad news of what came, asking
    nothing."""
    cleaned = " ".join(text.replace("’", "'").split())
    if ("?" in cleaned or len(cleaned.split()) > _MAX_WORDS or _NOT_ONLY_PRAISE.search(_NEVER_OFF.sub("", cleaned))
            or _NOT_GLAD.search(cleaned)):
        return False
    return _COMPLIMENTS.match(cleaned) is not None or (
        _ARRIVED.search(cleaned) is not None and _GLAD.search(cleaned) is not None)
