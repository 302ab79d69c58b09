"""The bot's own sentences in the customer's language: shipped defaults, and the shop's own wording.

Every sentence the bot says by itself (not-sure, which-one, small talk, the wait, the buttons) has an
English original and shipped translations for Dutch, German, Spanish and French; a shop overrides any of
them per language in its bot file (``translations: {nl: {not_sure: "…"}}``). Placeholders: ``{name}``
(" Anna" or nothing), ``{comma_name}`` (", Anna" or nothing), plus the ones a sentence names. Buttons
keep a fixed English identity inside (``canonical_choice``) so a tapped "Met iemand praten" means exactly
what "Talk to a person" means.
"""

from __future__ import annotations

from collections.abc import Mapping

from warmline.domain import Bot, Reply

__all__ = ["PHRASES", "fill", "greeting", "phrase", "small_talk_reply"]

PHRASES: dict[str, dict[str, str]] = {
    "greeting": {
        "en": "Hi{name}! How can I help?",
        "nl": "Hoi{name}! Waarmee kan ik je helpen?",
        "de": "Hallo{name}! Wie kann ich helfen?",
        "es": "¡Hola{name}! ¿En qué puedo ayudarte?",
        "fr": "Bonjour{name} ! Comment puis-je vous aider ?",
    },
    "assistant": {  # "are you a bot?"
        "en": "I'm {shop}'s assistant, not a person. I answer most questions straight away, and I bring in someone "
              "from the team whenever you'd like.",
        "nl": "Ik ben de assistent van {shop}, geen mens. De meeste vragen beantwoord ik meteen, en ik haal iemand "
              "van het team erbij wanneer je wilt.",
        "de": "Ich bin der Assistent von {shop}, kein Mensch. Die meisten Fragen beantworte ich sofort, und ich hole "
              "jemanden aus dem Team dazu, wann immer du möchtest.",
        "es": "Soy el asistente de {shop}, no una persona. Respondo al momento a casi todo, y aviso a alguien del "
              "equipo cuando quieras.",
        "fr": "Je suis l'assistant de {shop}, pas une personne. Je réponds tout de suite à la plupart des questions, "
              "et je fais venir quelqu'un de l'équipe quand vous voulez.",
    },
    "verify_order": {  # the same whether or not the order exists: nobody learns anything from it
        "en": "I'd love to check that for you. To keep order details private, please send me the order "
              "number{sample} together with the email address or postcode the order was placed with.",
        "nl": "Dat zoek ik graag voor je uit. Om bestelgegevens privé te houden: stuur me het bestelnummer{sample} "
              "samen met het e-mailadres of de postcode waarmee de bestelling is geplaatst.",
        "de": "Das schaue ich gern für dich nach. Damit Bestelldaten privat bleiben, schick mir bitte die "
              "Bestellnummer{sample} zusammen mit der E-Mail-Adresse oder Postleitzahl, mit der bestellt wurde.",
        "es": "Con gusto lo miro. Para que los datos del pedido sigan siendo privados, envíame el número de "
              "pedido{sample} junto con el correo electrónico o el código postal con el que se hizo.",
        "fr": "Je regarde ça avec plaisir. Pour que les détails de commande restent privés, envoyez-moi le numéro "
              "de commande{sample} avec l'adresse e-mail ou le code postal utilisés pour la commande.",
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
    "not_sure_topics": {  # after "not_sure", above the nearest topics offered as choices
        "en": "Or is it about one of these?",
        "nl": "Of gaat het over een van deze onderwerpen?",
        "de": "Oder geht es um eines dieser Themen?",
        "es": "¿O se trata de alguno de estos temas?",
        "fr": "Ou s'agit-il de l'un de ces sujets ?",
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
    "compliment": {
        "en": "Thank you, that's so lovely to hear! Is there anything I can help you with?",
        "nl": "Dankjewel, wat fijn om te horen! Kan ik je ergens mee helpen?",
        "de": "Danke, das freut uns sehr! Kann ich dir bei etwas helfen?",
        "es": "¡Gracias, qué alegría leer eso! ¿Te puedo ayudar con algo?",
        "fr": "Merci, ça nous fait très plaisir ! Puis-je vous aider pour quelque chose ?",
    },
    "listening": {
        "en": "Got it{comma_name}! What can I help you with?",
        "nl": "Helder{comma_name}! Waarmee kan ik je helpen?",
        "de": "Alles klar{comma_name}! Womit kann ich helfen?",
        "es": "¡Entendido{comma_name}! ¿En qué te puedo ayudar?",
        "fr": "D'accord{comma_name} ! Que puis-je faire pour vous ?",
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
    "delay_back": {
        "en": "{comma_name_start}this one needs a person on our side. The team is back {when}, and it usually "
              "takes {eta} from then.",
        "nl": "{comma_name_start}hier is iemand van ons team voor nodig. Het team is er weer {when}; daarna duurt "
              "het meestal {eta}.",
        "de": "{comma_name_start}dafür braucht es jemanden aus unserem Team. Das Team ist {when} wieder da; dann "
              "dauert es meist {eta}.",
        "es": "{comma_name_start}esto lo tiene que ver una persona del equipo. El equipo vuelve {when} y desde "
              "entonces suele tardar {eta}.",
        "fr": "{comma_name_start}il faut quelqu'un de l'équipe pour cela. L'équipe est de retour {when}, puis cela "
              "prend en général {eta}.",
    },
    "sorry": {
        "en": "I'm sorry about this{comma_name}. ", "nl": "Het spijt me{comma_name}. ",
        "de": "Das tut mir leid{comma_name}. ", "es": "Lo siento mucho{comma_name}. ",
        "fr": "Je suis désolé{comma_name}. ",
    },
    "thanks_short": {
        "en": "Thanks{comma_name}. ", "nl": "Dank je{comma_name}. ", "de": "Danke{comma_name}. ",
        "es": "Gracias{comma_name}. ", "fr": "Merci{comma_name}. ",
    },
    "handoff_team": {
        "en": "I've passed this to the team with everything you told me, so you won't have to repeat yourself. "
              "Someone will reply here as soon as they can.",
        "nl": "Ik heb dit met alles wat je me vertelde aan het team doorgegeven, dus je hoeft niets te herhalen. "
              "Iemand reageert hier zo snel mogelijk.",
        "de": "Ich habe das mit allem, was du mir gesagt hast, ans Team weitergegeben, du musst also nichts "
              "wiederholen. Jemand antwortet hier so bald wie möglich.",
        "es": "Se lo he pasado al equipo con todo lo que me has contado, así que no tendrás que repetirlo. "
              "Alguien te responderá aquí lo antes posible.",
        "fr": "J'ai transmis tout ce que vous m'avez dit à l'équipe, vous n'aurez donc rien à répéter. "
              "Quelqu'un vous répondra ici dès que possible.",
    },
    "handoff_eta": {
        "en": "I've asked {first}, who'll be with you in {eta}. I've passed on everything, so you won't have to "
              "repeat yourself.",
        "nl": "Ik heb {first} gevraagd; {first} is er over {eta} voor je. Ik heb alles doorgegeven, dus je hoeft "
              "niets te herhalen.",
        "de": "Ich habe {first} gefragt; {first} ist in {eta} für dich da. Ich habe alles weitergegeben, du musst "
              "also nichts wiederholen.",
        "es": "Se lo he pedido a {first}, que estará contigo en {eta}. Le he pasado todo, así que no tendrás que "
              "repetir nada.",
        "fr": "J'ai demandé à {first}, qui sera avec vous dans {eta}. J'ai tout transmis, vous n'aurez donc rien "
              "à répéter.",
    },
    "handoff_back": {
        "en": "I've asked {first} to take this personally. {first} is back at {when} and will pick it up first "
              "thing. I've passed on everything, so you won't have to repeat yourself.",
        "nl": "Ik heb {first} gevraagd dit persoonlijk op te pakken. {first} is er weer {when} en pakt het dan "
              "als eerste op. Ik heb alles doorgegeven, dus je hoeft niets te herhalen.",
        "de": "Ich habe {first} gebeten, sich persönlich darum zu kümmern. {first} ist {when} wieder da und "
              "kümmert sich zuerst darum. Ich habe alles weitergegeben.",
        "es": "Le he pedido a {first} que se encargue personalmente. {first} vuelve {when} y será lo primero "
              "que haga. Le he pasado todo, así que no tendrás que repetir nada.",
        "fr": "J'ai demandé à {first} de s'en occuper personnellement. {first} est de retour {when} et s'en "
              "occupera en premier. J'ai tout transmis, vous n'aurez rien à répéter.",
    },
    "handoff_instead": {
        "en": "If you'd rather not wait, {first} is here now.",
        "nl": "Wil je liever niet wachten? {first} is er nu.",
        "de": "Wenn du lieber nicht warten möchtest: {first} ist jetzt da.",
        "es": "Si prefieres no esperar, {first} está disponible ahora.",
        "fr": "Si vous préférez ne pas attendre, {first} est disponible maintenant.",
    },
    "handoff_instead_back": {
        "en": "If you'd rather not wait that long, {first} is back {when}.",
        "nl": "Wil je liever niet zo lang wachten? {first} is er weer {when}.",
        "de": "Wenn du nicht so lange warten möchtest: {first} ist {when} wieder da.",
        "es": "Si prefieres no esperar tanto, {first} vuelve {when}.",
        "fr": "Si vous préférez ne pas attendre aussi longtemps, {first} est de retour {when}.",
    },
    "handoff_soon": {
        "en": "I've asked {first}, who'll be with you as soon as possible.",
        "nl": "Ik heb {first} gevraagd; {first} is zo snel mogelijk bij je.",
        "de": "Ich habe {first} gefragt; {first} meldet sich so bald wie möglich.",
        "es": "Se lo he pedido a {first}, que estará contigo lo antes posible.",
        "fr": "J'ai demandé à {first}, qui sera avec vous dès que possible.",
    },
}

def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{placeholder}`` of ``values`` replaced (others are left for a later step)."""
    for field, value in values.items():
        text = text.replace("{" + field + "}", value)
    return text


def phrase(key: str, *, language: str, bot: Bot | None = None, first_name: str = "", **values: str) -> str:
    """The sentence ``key`` in ``language``: the shop's own wording first, then ours, then English."""
    own = bot.phrasebook.get(language, key) if bot is not None else None
    table = PHRASES[key]
    text = own if own is not None else table.get(language) or table["en"]
    fields = {"name": f" {first_name}" if first_name else "", "comma_name": f", {first_name}" if first_name else "",
              "comma_name_start": f"{first_name}, " if first_name else "", **values}
    out = fill(text, fields)
    return out[:1].upper() + out[1:]


def greeting(*, bot: Bot, language: str, first_name: str = "") -> str:
    """The shop's greeting in ``language``: its own words when it wrote them, else ours."""
    return bot.greeting(language, first_name) or phrase("greeting", language=language, bot=bot, first_name=first_name)


def small_talk_reply(kind: str, *, bot: Bot, language: str, first_name: str = "", first_turn: bool = False) -> Reply:
    """A fitting reply to small talk ("hello", "thanks", "bye", "ack", "ask_else", "bot", "compliment"): short,
    no buttons."""
    if kind == "hello" and first_turn:
        return Reply(text=greeting(bot=bot, language=language, first_name=first_name))
    if kind == "bot":  # "are you a bot?": honestly, and that a person is there too
        return Reply(text=phrase("assistant", language=language, bot=bot, shop=bot.display_name))
    return Reply(text=phrase(kind if kind in PHRASES else "ack", language=language, bot=bot, first_name=first_name))
