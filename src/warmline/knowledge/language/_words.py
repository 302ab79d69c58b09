"""Word lists of the shop languages that reading a question needs: question words, grammar words, places.

``QUESTION_WORDS`` tell a follow-up that asks something new ("and how long?") from one that asks the last
question about something else ("and to the UK?"); ``GRAMMAR_WORDS`` leave a question's subject ("Do you ship
to Austria?" → "ship Austria"); ``places_named`` finds the countries a question or an answer's title names;
``cities_named`` finds the cities it names and their countries; ``GENERAL_WORDS`` are English words that name
no topic ("quite", "must", "afraid"); ``CONTEXT_WORDS`` say who a question is for or when, not what it is
about; ``ENGLISH_VARIANTS`` are the British and casual words for what shops write ("jumper" for "sweater").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["CONTEXT_WORDS", "ENGLISH_VARIANTS", "GENERAL_WORDS", "GRAMMAR_WORDS", "HOW_MUCH_WORDS", "QUESTION_WORDS",
           "cities_named", "country_name",
           "places_named", "with_countries"]

QUESTION_WORDS = frozenset({"how", "what", "when", "where", "which", "why", "much", "long", "hoe", "wat",
    "wanneer", "waar", "welke", "waarom", "hoeveel", "lang", "wie", "was", "wann", "wo", "welche", "warum",
    "wieviel", "lange", "cómo", "como", "qué", "que", "cuándo", "cuando", "dónde", "donde", "cuál", "cuánto",
    "cuanto", "comment", "quoi", "quand", "où", "quel", "quelle", "pourquoi", "combien",
    # what something is made of, with, for: "Und woraus ist der gemacht?", "En waarvan is die gemaakt?"
    "woraus", "wovon", "womit", "wofür", "worin", "waarvan", "waaruit", "waarmee", "waarvoor"})
GRAMMAR_WORDS = frozenset({"i", "you", "we", "it", "me", "my", "your", "our", "he", "she", "him", "her", "his",
    "is", "are", "do", "does", "did", "can", "could", "will", "would", "a", "an", "the", "to", "of", "for", "in",
    "on", "at", "with", "and", "or", "also", "too", "ik", "je", "jij", "u", "jullie", "wij", "het", "de", "een",
    "zijn", "kan", "kunnen", "kun", "kunt",
    "doen", "doet", "naar", "voor", "van", "op", "met", "en", "ook", "ich", "du", "ihr", "sie", "wir", "es", "der",
    "die", "das", "ein", "eine", "ist", "sind", "kann", "können", "könnt", "macht", "nach", "für", "von", "auf",
    "mit", "und", "auch", "yo", "tú", "usted", "vosotros", "nosotros", "el", "la", "los", "las", "un", "una",
    "son", "puedo", "puede", "pueden", "podéis", "hacéis", "con", "para", "por", "y", "también", "tu", "vous",
    "nous", "il", "le", "les", "une", "est", "sont", "peux", "peut", "pouvez", "faites", "à", "au", "aux", "pour",
    "avec", "et", "aussi"})
HOW_MUCH_WORDS = frozenset({"hoeveel", "wieviel", "cuánto", "cuanto", "combien"})

# English words that name no topic of their own, whatever a shop sells: "what's your return policy" is about
# returns, and "I must say I'm afraid it's quite big" about size. A question is only about something the
# shop never mentions when one of its *other* words is one the shop never uses.
GENERAL_WORDS = frozenset({
    "policy", "policies", "info", "information", "question", "questions", "details", "rules", "options",
    "attention", "degree", "degrees",
    "process", "problem", "issue", "thing", "things", "stuff", "really", "actually", "exactly", "anything",
    "something", "everything", "nothing", "possible", "available", "maybe", "perhaps", "usually", "normally",
    "generally", "please", "thanks", "hello", "quick", "quickly", "wondering", "wonder", "curious", "know",
    "tell", "explain", "anymore", "must", "might", "may", "shall", "ought", "quite", "rather", "very", "just",
    "only", "even", "also", "again", "anyway", "anyhow", "though", "although", "however", "because",
    "since", "while", "whether", "either", "neither", "both", "each", "every", "some", "any", "many", "much",
    "more", "most", "less", "least", "enough", "such", "same", "other", "another", "else", "own", "whole",
    "able", "allowed", "afraid", "glad", "happy", "sorry", "worried", "unsure", "doubt", "hesitate",
    "hesitating", "think", "thinking", "thought", "believe", "guess", "suppose", "mean", "means", "meant",
    "seem", "seems", "look", "looks", "looking", "see", "saw", "seen", "find", "found", "make", "made",
    "let", "put", "keep", "kept", "give", "gave", "given", "come", "came", "go", "goes", "going", "went",
    "gone", "try", "tried", "trying", "use", "used", "using", "say", "said", "ask", "asked", "asking",
    "help", "fall", "falls", "happen", "happens", "happened", "work", "works", "worked", "start", "started",
    "stop", "stopped", "way", "ways", "kind", "sort", "type", "part", "case", "time", "times", "bit", "lot",
    "lots", "big", "small", "large", "little", "good", "better", "best", "bad", "worse", "fine", "okay",
    "right", "real", "proper", "certain", "general", "usual", "normal", "simple", "easy", "hard", "fast",
    "slow", "long", "short", "high", "low", "full", "first", "second", "third", "last", "next",
    "ever", "never", "always", "often", "sometimes", "already", "yet", "still", "soon", "now",
    "then", "here", "there", "somewhere", "anywhere", "everywhere", "someone", "anyone", "everyone",
    "somebody", "anybody", "everybody", "yes", "no", "not", "hi", "hey", "dear", "regards", "kindly",
    "greetings", "till", "until", "forgot", "forget", "forgotten", "chance", "roughly", "approximately",
    "approx", "around", "about", "ballpark", "these", "those", "based", "gladly", "happily", "literally",
    "honestly", "basically", "totally", "definitely", "probably", "seriously", "guys", "lol", "omg", "tbh",
    "btw", "haha", "genuinely", "ideally", "obsessed", "thingy", "lil",
    # how, and the other forms of verbs that name nothing: "can I simply call?", "are you making more?",
    # "according to the tracking", "I already spent part of it"
    "somehow", "directly", "simply", "otherwise", "instead", "making", "makes", "taking", "taken",
    "been", "mine", "yours", "receive", "received", "receiving", "spent", "held", "according",
    # what joins a side question to the talk before it: "meanwhile can the good one go in the microwave?"
    "meanwhile", "meantime", "whilst", "besides", "incidentally", "anyways", "additionally",
    "kinda", "sorta", "gonna", "wanna", "gotta", "slightly", "clue", "apply", "applies", "true",
    "together", "complete",
    # what stands for any of the shop's goods: "can made to order stuff be returned like normal items?" is no
    # question about the sale items, the one entry that says "items" (fresh28)
    "item", "items", "like",
    # how long, how much at least, and weighing it up: "sold out forever", "what's the minimum for a first order?",
    # "would you consider selling your mugs through us?" (fresh24)
    "forever", "ages", "minimum", "maximum", "consider", "considering"})

# "for my sister's birthday on Saturday", "my daughter lives there", "two of them": who, when and how many
# name no topic of their own, so a shop that never writes "sister" is still asked about what it does write.
CONTEXT_WORDS = frozenset({
    "mother", "mom", "mum", "mommy", "mummy", "father", "dad", "daddy", "parents", "sister", "brother",
    "daughter", "son", "kids", "kid", "child", "children", "baby", "wife", "husband", "partner", "girlfriend",
    "boyfriend", "friend", "friends", "grandmother", "grandma", "granny", "grandfather", "grandpa", "aunt",
    "uncle", "niece", "nephew", "cousin", "family", "colleague", "colleagues", "boss", "neighbour", "neighbor",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "today",
    "lunch", "lunchtime", "noon", "midday",
    "tonight", "tomorrow", "yesterday", "morning", "afternoon", "evening", "night", "week", "weeks", "month",
    "months", "year", "years", "january", "february", "march", "april", "june", "july", "august",
    "september", "october", "november", "december", "birthday", "anniversary", "wedding", "christmas",
    "xmas", "easter", "holiday", "holidays", "vacation", "occasion", "next", "last", "soon",
    "later", "early", "earlier", "already", "still", "ago", "once", "twice", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred", "half", "couple", "pair", "lives",
    "live", "living", "moved", "visiting", "coming", "staying", "love", "loves", "like", "likes", "want",
    "wants", "need", "needs", "hope", "hoping", "sure", "nice", "lovely", "great", "little", "bit", "lot",
    "lol", "haha", "btw", "atm", "asap", "pretty", "super", "totally", "literally", "basically"})

# British and casual English for the words shops write, each read as the first of its words the shop's
# knowledge uses ("jumper" as "sweater" where the shop writes "sweater", and as itself where it writes "jumper").
ENGLISH_VARIANTS: dict[str, tuple[str, ...]] = {
    "jumper": ("sweater", "pullover", "knitwear"), "jumpers": ("sweaters", "sweater"),
    "pullover": ("sweater",), "pullovers": ("sweaters", "sweater"), "cardi": ("cardigan",),
    "cardis": ("cardigans", "cardigan"), "woolly": ("wool",), "woolen": ("wool",), "woollen": ("wool",),
    "bobble": ("beanie", "hat"), "toque": ("beanie", "hat"), "mitts": ("mittens",), "trainers": ("sneakers",),
    "trousers": ("pants",), "courier": ("delivery", "shipping"), "dispatch": ("ship", "shipping"),
    "dispatched": ("shipped", "ship"), "posted": ("shipped", "sent"), "postage": ("shipping",),
    "post": ("shipping", "mail"), "quicker": ("express", "faster"), "speedy": ("express", "fast"),
    "package": ("parcel",), "parcel": ("package",), "packet": ("parcel", "package"),
    "voucher": ("gift card", "discount code", "code"), "vouchers": ("gift cards", "discount codes"),
    "coupon": ("discount code", "code"), "promo": ("discount",), "mend": ("repair",), "darn": ("repair",),
    "fix": ("repair",), "bobbly": ("pilling", "bobbles"), "bobbles": ("pilling",), "fuzz": ("pilling",),
    "fuzzballs": ("pilling", "bobbles"), "fuzzball": ("pilling", "bobbles"),
    "fluff": ("bobbles", "pilling"),
    "scratchy": ("itchy",), "prickly": ("itchy",), "cup": ("mug",), "cups": ("mugs", "mug"),
    "store": ("shop",), "shop": ("store",), "uni": ("student",), "college": ("student",),
    "telephone": ("phone",), "ring": ("call", "phone"), "present": ("gift",), "presents": ("gifts", "gift"),
    "colour": ("color",), "color": ("colour",), "colours": ("colors", "colour"), "colors": ("colours", "color"),
    "grey": ("gray",), "gray": ("grey",), "favourite": ("favorite",), "favorite": ("favourite",),
    "cancelled": ("canceled", "cancel"), "canceled": ("cancelled", "cancel"), "catalogue": ("catalog",),
    "catalog": ("catalogue",), "jewellery": ("jewelry",), "jewelry": ("jewellery",), "cosy": ("cozy",),
    "cozy": ("cosy",), "personalised": ("personalized", "custom"), "personalized": ("personalised", "custom"),
    "customised": ("customized", "custom"), "customized": ("customised", "custom"), "bespoke": ("custom",),
    "centre": ("center",), "center": ("centre",), "shut": ("close",), "shuts": ("closes", "close"),
    # how customers say what fit, price, packing and material pages write: "are ur sweaters kinda baggy",
    # "you sell mugs with little flaws for cheaper??", "will the postman ask me for extra tax"
    "baggy": ("loose", "oversized", "relaxed"), "boxy": ("relaxed", "loose", "oversized"),
    "oversized": ("relaxed", "loose"), "roomy": ("relaxed", "loose"), "snug": ("fitted", "tight"),
    "tight": ("snug", "fitted", "small"),
    # "losse bolletjes wol" (balls of wool) is yarn; "little balls all over my sweater" is pilling
    "ball": ("yarn", "bobbles"), "balls": ("bobbles", "yarn"), "loose": ("relaxed", "roomy"),
    "cheaper": ("discount", "off"), "cheap": ("discount", "off"), "bargain": ("discount", "sale"),
    "postman": ("delivery", "courier"), "postwoman": ("delivery", "courier"), "postie": ("delivery", "courier"),
    "mailman": ("delivery", "courier"), "website": ("online", "site", "shop"), "webshop": ("online", "shop"),
    "wonky": ("flaws", "imperfect", "flaw"), "imperfect": ("flaws", "flaw"), "synthetic": ("polyester", "acrylic"),
    "synthetics": ("polyester", "acrylic"), "padding": ("packaging", "cushioned"), "sessions": ("workshops", "classes"),
    "lessons": ("workshops", "classes", "course"), "class": ("workshop", "course"), "classes": ("workshops", "course"),
    # selling on ("I run a concept store… could we carry your mugs?"), paying, calling, hanging, packing
    "concept": ("shop", "store"), "boutique": ("shop", "store"), "retailer": ("shop", "store"),
    "retailers": ("shops", "stores"), "stockist": ("stock", "wholesale"), "stockists": ("stock", "wholesale"),
    "carry": ("stock", "sell"), "upfront": ("deposit", "advance"), "spread": ("instalments", "installments"),
    # the words of the shop's pages for moving a parcel, pieces that differ, pictures
    # ("can it still be rerouted?", "how much do they vary?", "the model in the wadden pics") (fresh24)
    "reroute": ("redirect",), "rerouted": ("redirect",), "rerouting": ("redirect",),
    "vary": ("variations", "variation"), "varies": ("variations", "variation"), "pics": ("photos", "photo"),
    "pic": ("photo",), "pictures": ("photos", "photo"), "picture": ("photo",), "wring": ("press",),
    "wringing": ("press",),
    "call": ("phone", "ring"), "hang": ("hanging", "hanger"), "bubble": ("plastic",), "foam": ("plastic",),
    "expensive": ("price", "prices"), "pricey": ("price", "prices"), "environment": ("sustainability", "sustainable"),
    "reel": ("instagram",), "reels": ("instagram",),
    # a currency or a way to pay the shop never names is asked of the page that says which it takes
    "francs": ("euros",), "dollars": ("euros",), "pounds": ("euros",), "kronor": ("euros",), "kroner": ("euros",),
    "currency": ("euros",), "currencies": ("euros",), "swiss": ("switzerland",), "bizum": ("payment",),
    "twint": ("payment",), "venmo": ("payment",), "revolut": ("payment",), "sofort": ("payment",),
    "giropay": ("payment",), "wero": ("payment",), "blik": ("payment",), "mbway": ("payment",),
    "satispay": ("payment",)}

# Country names as the glossary writes them in English, with the other names customers use for them.
_PLACES: dict[str, tuple[str, ...]] = {
    "us": ("the us", "usa", "u.s.", "united states", "america", "the states"),  # "us" alone: see _US
    "uk": ("uk", "united kingdom", "britain", "great britain", "england", "scotland", "wales", "northern ireland"),
    "canada": ("canada",), "mexico": ("mexico",), "brazil": ("brazil",), "argentina": ("argentina",),
    "chile": ("chile",), "australia": ("australia",), "new zealand": ("new zealand",), "japan": ("japan",),
    "china": ("china",), "south korea": ("korea", "south korea"), "india": ("india",),
    "singapore": ("singapore",), "hong kong": ("hong kong",), "israel": ("israel",), "turkey": ("turkey",),
    "south africa": ("south africa",), "switzerland": ("switzerland",), "norway": ("norway",),
    "iceland": ("iceland",), "netherlands": ("netherlands", "holland"), "belgium": ("belgium",),
    "germany": ("germany",), "luxembourg": ("luxembourg",), "france": ("france",), "spain": ("spain",),
    "portugal": ("portugal",), "italy": ("italy",), "austria": ("austria",), "ireland": ("ireland",),
    "denmark": ("denmark",), "sweden": ("sweden",), "finland": ("finland",), "poland": ("poland",),
    "czechia": ("czechia", "czech republic"), "greece": ("greece",), "hungary": ("hungary",),
}
_PLACE_OF = {alias: place for place, aliases in _PLACES.items() for alias in aliases}
_PLACE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(_PLACE_OF, key=len, reverse=True))
                    + r")(?![\w])", re.IGNORECASE)


_US = re.compile(r"\bUS\b")  # in capitals only: "how about us" names no country


def places_named(text: str) -> frozenset[str]:
    """The countries ``text`` names (in English words), by one name each ("the States" and "USA" are "us")."""
    found = {_PLACE_OF[match.lower()] for match in _PLACE.findall(text)}
    return frozenset(found | ({"us"} if _US.search(text) else set()))


# Countries a shop's answer may only speak of as a region: "the rest of the EU is €11.95" answers Italy.
_EU = frozenset({"netherlands", "belgium", "germany", "luxembourg", "france", "spain", "portugal", "italy", "austria",
                 "ireland", "denmark", "sweden", "finland", "poland", "czechia", "greece", "hungary"})


def regions_of_places(text: str, *, written: str) -> str:
    """The regions of the countries ``text`` names that ``written`` does not ("the EU" for Italy, "everywhere
    else in the world" for Japan), as words a sentence of ``written`` may share; "" when none."""
    unnamed = places_named(text) - places_named(written)
    regions = {"the eu" if place in _EU else "everywhere else in the world" for place in unnamed}
    return " ".join(sorted(regions))


# What things are made of, by one name each: a care guide's "Washing your wool or alpaca sweater" is no answer
# to how a cotton one is washed ("Läuft mein Baumwollpulli beim Waschen ein?").
_MATERIALS: dict[str, tuple[str, ...]] = {
    "wool": ("wool", "woollen", "woolen", "woolly", "merino", "lambswool"), "alpaca": ("alpaca",),
    "cotton": ("cotton",), "linen": ("linen",), "silk": ("silk",), "cashmere": ("cashmere",),
    "mohair": ("mohair",), "leather": ("leather",), "wood": ("wood", "wooden"), "glass": ("glass",),
}
_MATERIAL_OF = {alias: material for material, aliases in _MATERIALS.items() for alias in aliases}
_MATERIAL = re.compile(r"\b(" + "|".join(sorted(_MATERIAL_OF, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def materials_named(text: str) -> frozenset[str]:
    """The materials ``text`` names (in English words), by one name each ("merino" is "wool")."""
    return frozenset(_MATERIAL_OF[match.lower()] for match in _MATERIAL.findall(text))


# A city is read as one only where a place goes ("to Manchester", "in Köln"): "Bristol" could be a name.
_WHERE = r"\b(?:to|in|from|near|around|naar|uit|nach|aus|bei|en|de|cerca|à|a|près)\s+(?:de\s+)?"


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, str], re.Pattern[str]]:
    raw = yaml.safe_load(resources.files("warmline.knowledge").joinpath("data/cities.yaml").read_text("utf-8"))
    country_of = {str(city).lower(): str(country) for country, cities in raw.items() for city in cities or ()}
    names = "|".join(re.escape(city) for city in sorted(country_of, key=len, reverse=True))
    return country_of, re.compile(_WHERE + r"(" + names + r")(?![\w'-])", re.IGNORECASE)


_COUNTRY_NAMES = {"us": "the us", "uk": "the uk", "netherlands": "the netherlands"}


def country_name(country: str) -> str:
    """A country as a sentence names it ("the uk" for "uk")."""
    return _COUNTRY_NAMES.get(country, country)


def cities_named(text: str) -> tuple[tuple[str, str], ...]:
    """The cities ``text`` names where a place goes, each with its country ("manchester", "uk")."""
    country_of, pattern = _cities()
    return tuple((city.lower(), country_of[city.lower()]) for city in pattern.findall(text))


def with_countries(text: str, *, written: str) -> str:
    """ "send it to Manchester" as "send it to Manchester in the uk": the knowledge names countries, not cities.
    ``written`` is the message as the customer wrote it, where "en Miami" still says Miami is a place."""
    for city, country in dict.fromkeys(cities_named(written) + cities_named(text)):
        name = country_name(country)
        match = re.search(rf"(?i)\b{re.escape(city)}\b", text)
        if match is not None and name not in text.lower():
            text = f"{text[:match.end()]} in {name}{text[match.end():]}"
    return text
