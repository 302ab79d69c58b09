"""The bot's own sentences in the customer's language: shipped defaults, and the shop's own wording.

Every sentence the bot says by itself (not-sure, which-one, small talk, the wait, the buttons) has an
English original and shipped translations for Dutch, German, Spanish and French; a shop overrides any of
them per language in its bot file (``translations: {nl: {not_sure: "…"}}``). Placeholders: ``{name}``
(" Anna" or nothing), ``{comma_name}`` (", Anna" or nothing), plus the ones a sentence names. Buttons
keep a fixed English identity inside (``canonical_choice``) so a tapped "Met iemand praten" means exactly
what "Talk to a person" means.
"""

from __future__ import annotations

from collections.abc import Sequence

from warmline.domain import Bot, Reply

__all__ = ["PHRASES", "canonical_choice", "choice_labels", "duration_in", "greeting", "phrase", "small_talk_reply"]

PHRASES: dict[str, dict[str, str]] = {
    "greeting": {
        "en": "Hi{name}! How can I help?",
        "nl": "Hoi{name}! Waarmee kan ik je helpen?",
        "de": "Hallo{name}! Wie kann ich helfen?",
        "es": "¡Hola{name}! ¿En qué puedo ayudarte?",
        "fr": "Bonjour{name} ! Comment puis-je vous aider ?",
    },
    "not_sure": {
        "en": "I'm not sure about that one{comma_name}, and I'd rather not guess. I can bring in a person from "
              "the team, or you can ask me something else.",
        "nl": "Daar weet ik het antwoord niet zeker op{comma_name}, en ik gok liever niet. Ik kan iemand van het "
              "team erbij halen, of je kunt me iets anders vragen.",
        "de": "Da bin ich mir nicht sicher{comma_name}, und raten möchte ich nicht. Ich kann jemanden aus dem "
              "Team dazuholen, oder du fragst mich etwas anderes.",
        "es": "No estoy seguro de eso{comma_name} y prefiero no adivinar. Puedo avisar a una persona del "
              "equipo, o puedes preguntarme otra cosa.",
        "fr": "Je ne suis pas sûr de la réponse{comma_name}, et je préfère ne pas deviner. Je peux faire venir "
              "quelqu'un de l'équipe, ou vous pouvez me poser une autre question.",
    },
    "which_one": {
        "en": "Just to be sure I answer the right thing{comma_name}: which of these do you mean?",
        "nl": "Even zeker weten dat ik het goede antwoord geef{comma_name}: welke van deze bedoel je?",
        "de": "Damit ich das Richtige beantworte{comma_name}: welches davon meinst du?",
        "es": "Para responder lo correcto{comma_name}: ¿a cuál de estas te refieres?",
        "fr": "Pour être sûr de bien répondre{comma_name} : laquelle de ces questions voulez-vous dire ?",
    },
    "in_english": {
        "en": "",
        "nl": "Dit staat in onze informatie (die is in het Engels):",
        "de": "Das steht in unseren Informationen (sie sind auf Englisch):",
        "es": "Esto es lo que dice nuestra información (está en inglés):",
        "fr": "Voici ce que disent nos informations (elles sont en anglais) :",
    },
    "part_unsure": {
        "en": "About “{part}” I'm not sure — a person from the team can help with that.",
        "nl": "Over “{part}” weet ik het niet zeker — iemand van het team kan daarmee helpen.",
        "de": "Bei „{part}“ bin ich mir nicht sicher — jemand aus dem Team kann da helfen.",
        "es": "Sobre «{part}» no estoy seguro: una persona del equipo puede ayudarte con eso.",
        "fr": "Pour « {part} », je ne suis pas sûr — quelqu'un de l'équipe peut vous aider.",
    },
    "hello": {
        "en": "Hi{name}! What can I help you with?",
        "nl": "Hoi{name}! Waarmee kan ik je helpen?",
        "de": "Hallo{name}! Womit kann ich helfen?",
        "es": "¡Hola{name}! ¿En qué te puedo ayudar?",
        "fr": "Bonjour{name} ! Que puis-je faire pour vous ?",
    },
    "thanks": {
        "en": "You're welcome{comma_name}! Anything else I can help with?",
        "nl": "Graag gedaan{comma_name}! Kan ik nog ergens mee helpen?",
        "de": "Gern geschehen{comma_name}! Kann ich sonst noch helfen?",
        "es": "¡De nada{comma_name}! ¿Te ayudo con algo más?",
        "fr": "Avec plaisir{comma_name} ! Puis-je vous aider pour autre chose ?",
    },
    "bye": {
        "en": "Bye{comma_name}, take care! Just write here whenever you need us.",
        "nl": "Doei{comma_name}, fijne dag! Schrijf gerust weer als je ons nodig hebt.",
        "de": "Tschüss{comma_name}, mach's gut! Schreib einfach hier, wenn du uns brauchst.",
        "es": "¡Adiós{comma_name}, cuídate! Escríbenos aquí cuando lo necesites.",
        "fr": "Au revoir{comma_name}, bonne journée ! Écrivez-nous ici quand vous voulez.",
    },
    "ack": {
        "en": "Great! Just write if anything else comes up.",
        "nl": "Top! Schrijf gerust als er nog iets is.",
        "de": "Super! Schreib einfach, wenn noch etwas ist.",
        "es": "¡Genial! Escríbeme si necesitas algo más.",
        "fr": "Parfait ! Écrivez-moi s'il y a autre chose.",
    },
    "ask_else": {
        "en": "Sure — what would you like to know?",
        "nl": "Natuurlijk — wat wil je weten?",
        "de": "Klar — was möchtest du wissen?",
        "es": "Claro, ¿qué te gustaría saber?",
        "fr": "Bien sûr — que voulez-vous savoir ?",
    },
    "delay": {
        "en": "{comma_name_start}this one needs a person on our side: {what}. Right now that takes {eta}.",
        "nl": "{comma_name_start}hier is iemand van ons team voor nodig. Dat duurt nu {eta}.",
        "de": "{comma_name_start}dafür braucht es jemanden aus unserem Team. Das dauert gerade {eta}.",
        "es": "{comma_name_start}esto lo tiene que ver una persona del equipo. Ahora mismo tarda {eta}.",
        "fr": "{comma_name_start}il faut quelqu'un de l'équipe pour cela. En ce moment, cela prend {eta}.",
    },
}

# Every button the bot offers, by its English identity, in each language.
_CHOICES: dict[str, dict[str, str]] = {
    "That helps, thanks": {"nl": "Dat helpt, bedankt", "de": "Das hilft, danke", "es": "Me sirve, gracias",
                           "fr": "Ça m'aide, merci"},
    "Ask something else": {"nl": "Iets anders vragen", "de": "Etwas anderes fragen", "es": "Preguntar otra cosa",
                           "fr": "Poser une autre question"},
    "That's all, thanks": {"nl": "Dat was het, bedankt", "de": "Das war's, danke", "es": "Eso es todo, gracias",
                           "fr": "C'est tout, merci"},
    "Talk to a person": {"nl": "Met iemand praten", "de": "Mit einem Menschen sprechen",
                         "es": "Hablar con una persona", "fr": "Parler à quelqu'un"},
    "Wait here": {"nl": "Hier wachten", "de": "Hier warten", "es": "Esperar aquí", "fr": "Attendre ici"},
    "Email me when it's done": {"nl": "Mail me als het klaar is", "de": "Mail mir, wenn es erledigt ist",
                                "es": "Envíame un correo cuando esté", "fr": "Écrivez-moi quand c'est fait"},
    "Keep chatting": {"nl": "Verder chatten", "de": "Weiter chatten", "es": "Seguir hablando",
                      "fr": "Continuer à discuter"},
    "Yes 👍": {"nl": "Ja 👍", "de": "Ja 👍", "es": "Sí 👍", "fr": "Oui 👍"},
    "Not really": {"nl": "Niet echt", "de": "Nicht wirklich", "es": "No mucho", "fr": "Pas vraiment"},
}
_BY_LABEL = {label.casefold(): english for english, labels in _CHOICES.items() for label in labels.values()}

_DURATION = {
    "minutes": {"en": "about {n} minutes", "nl": "ongeveer {n} minuten", "de": "etwa {n} Minuten",
                "es": "unos {n} minutos", "fr": "environ {n} minutes"},
    "hours": {"en": "about {n} hours", "nl": "ongeveer {n} uur", "de": "etwa {n} Stunden",
              "es": "unas {n} horas", "fr": "environ {n} heures"},
    "day": {"en": "about a day", "nl": "ongeveer een dag", "de": "etwa einen Tag", "es": "más o menos un día",
            "fr": "environ une journée"},
    "days": {"en": "about {n} days", "nl": "ongeveer {n} dagen", "de": "etwa {n} Tage", "es": "unos {n} días",
             "fr": "environ {n} jours"},
}


def phrase(key: str, *, language: str, bot: Bot | None = None, first_name: str = "", **values: str) -> str:
    """The sentence ``key`` in ``language``: the shop's own wording first, then ours, then English."""
    own = bot.phrasebook.get(language, key) if bot is not None else None
    table = PHRASES[key]
    text = own if own is not None else table.get(language) or table["en"]
    fields = {"name": f" {first_name}" if first_name else "", "comma_name": f", {first_name}" if first_name else "",
              "comma_name_start": f"{first_name}, " if first_name else "", **values}
    out = text
    for field, value in fields.items():
        out = out.replace("{" + field + "}", value)
    return out[:1].upper() + out[1:]


def choice_labels(choices: Sequence[str], *, language: str) -> tuple[str, ...]:
    """The buttons as the customer sees them in ``language`` (unknown ones stay as they are)."""
    return tuple(_CHOICES.get(choice, {}).get(language, choice) for choice in choices)


def canonical_choice(text: str) -> str:
    """A tapped or typed translated button back to its English identity; any other text unchanged."""
    return _BY_LABEL.get(text.strip().casefold(), text)


def duration_in(minutes: float, *, language: str) -> str:
    """ "ongeveer 15 minuten": the same rounding as ``duration_phrase``, in ``language``."""
    def pick(kind: str) -> str:
        return _DURATION[kind].get(language) or _DURATION[kind]["en"]
    if minutes < 90:
        return pick("minutes").replace("{n}", str(round(minutes)))
    hours = minutes / 60
    if hours < 20:
        return pick("hours").replace("{n}", f"{round(hours * 2) / 2:g}")
    days = round(hours / 24)
    return pick("day") if days <= 1 else pick("days").replace("{n}", str(days))


def greeting(*, bot: Bot, language: str, first_name: str = "") -> str:
    """The shop's greeting in ``language``: its own words when it wrote them, else ours."""
    return bot.greeting(language, first_name) or phrase("greeting", language=language, bot=bot, first_name=first_name)


def small_talk_reply(kind: str, *, bot: Bot, language: str, first_name: str = "", first_turn: bool = False) -> Reply:
    """A fitting reply to small talk ("hello", "thanks", "bye", "ack", "ask_else"): short, no buttons."""
    if kind == "hello" and first_turn:
        return Reply(text=greeting(bot=bot, language=language, first_name=first_name))
    return Reply(text=phrase(kind if kind in PHRASES else "ack", language=language, bot=bot, first_name=first_name))
