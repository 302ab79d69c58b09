"""The waiting room's sentences in the customer's language: English originals, shipped Dutch, German, Spanish
and French.

A Dutch customer who was handed over in Dutch hears the wait in Dutch too: where the case stands, when the
person replies, the acknowledgement when they get upset, the e-mail offer. Each situation keeps its variants,
so a conversation never hears the same one twice. Placeholders: ``{who}`` (a first name, or the team),
``{when}`` and ``{back}`` (a moment from ``_time_words.human_time``), ``{due}``, ``{name}`` (", Anna" or nothing),
``{lead}``, ``{address}``, ``{stand}``.
"""

from __future__ import annotations

import re

from warmline.domain import WAITING_SENTENCE_KEYS, Bot

from ._phrases import fill

__all__ = ["NO_LONGER_NEEDED", "OPENINGS", "PING", "REWORDABLE", "VARIANTS", "WILL_WAIT", "WORDS", "words"]

PING = re.compile(
    r"\b(?:any(?:one|body)|some(?:one|body)|a (?:real )?(?:person|human))\b.{0,20}\b(?:there|here|around|home)\b|"
    # a few words pressed with "??" ("today??", "still nothing??"); "does the money get taken each time??" asks
    r"^\s*(?:hello|hallo|hi|hey)\s*\?+|^\W*(?:[\w']+\W+){0,2}[\w']+\s*\?{2,}\s*$|"
    r"\bstill waiting\b|\bany (?:news|update)\b|"
    # "how long until someone replies?" asks about the case; "how long until the money is back once it's refunded?"
    # asks the refund page
    r"\bhow (?:much )?long (?:will|must|do|should) (?:i|we) (?:have to |need to )?(?:wait|be waiting)\b|"
    r"\bhow (?:much )?long (?:until|till|before|will|is) (?:some(?:one|body)|any(?:one|body)|you|she|he|they|"
    r"i (?:hear|get (?:an? )?(?:answer|reply|response))|(?:a|the) (?:person|human|team|reply|answer|wait))\b|"
    r"\bhow (?:much )?long (?:is|will) (?:it|this|that) (?:going to|gonna)? ?(?:take|be)\b[\s?!.]*$|"
    r"\b(?:today|now|soon),? please\b|\bhurry\b|\basap\b|\bwhen will (?:she|he|they|someone|anyone)\b|"
    # Dutch, German, Spanish, French: "is er al iemand?", "ist da jemand?", "¿hay alguien?", "il y a quelqu'un ?"
    r"\bis er (?:al |nog )?iemand\b|\bnog steeds (?:aan het )?wachten\b|\bal nieuws\b|\bhoe lang nog\b|"
    r"\bist (?:da )?(?:jemand|wer)\b|\bwarte (?:immer )?noch\b|\bschon was neues\b|\bwie lange noch\b|"
    r"\bhay alguien\b|\bsigo esperando\b|\balguna novedad\b|\bcu[aá]nto falta\b|"
    r"\by a(?:-t-il)? quelqu'un\b|\bj'attends toujours\b|^\W*(?:des |toujours pas de )?nouvelles\W*$|"
    r"\bcombien de temps encore\b|"
    # "how long does that take?" with nothing after it: the case, not a question for the knowledge
    r"\b(?:hoe lang duurt (?:het|dit|dat)|wie lange dauert (?:das|es)|cu[aá]nto (?:tarda|tardar[aá]) (?:esto|eso)|"
    r"combien de temps (?:ça|cela) (?:va )?prend(?:re)?)(?: nog| noch| encore)?[\s?]*$|"
    r"\bhow long (?:would|will|could|does) (?:that|it|this) (?:take|be)[\s?!.]*$|"
    r"\bwhen will i (?:hear|get an answer)\b",
    re.IGNORECASE)


# "Thanks, I'll wait" (the whole message): the customer chose to wait, as the button says.
WILL_WAIT = re.compile(
    r"^(?:(?:thanks|thank you|ok|okay|gracias|vale|danke|merci|bedankt|dank je|prima)[\s,.!]*+)?"
    r"(?:i['’]?ll wait|i will wait|i can wait|happy to wait|ik wacht(?: wel| graag)?|ich warte(?: gern)?|"
    r"espero|esperaré|j['’]attends|je vais attendre)[\s,.!]*+$")

# "never mind, I found it": the customer no longer needs the person (who closes the case: handing back to
# the bot stays a staff action).
NO_LONGER_NEEDED = re.compile(
    r"\b(?:never ?mind|forget it|i found it|found it myself|no longer need|don['’]?t need (?:it|help|a person) "
    r"any ?more|all sorted|problem solved|sorted it out|laat maar|ik heb het (?:al )?gevonden|niet meer nodig|"
    r"hat sich erledigt|schon erledigt|nicht mehr nötig|ich habe es gefunden|ya no hace falta|ya lo encontré|"
    r"ya está resuelto|olvídalo|laissez tomber|j['’]ai trouvé|plus besoin)\b", re.IGNORECASE)


# What a waiting customer hears first, by the message's intent (``WaitingIntent`` values).
OPENINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "ping": {
        "en": ("Yes, I'm here, and your messages reach the team.", "Still here!", "I'm right here.",
               "You're not forgotten."),
        "nl": ("Ja, ik ben er, en je berichten komen bij het team aan.", "Nog steeds hier!", "Ik ben er gewoon.",
               "Je bent niet vergeten."),
        "de": ("Ja, ich bin da, und deine Nachrichten kommen beim Team an.", "Immer noch da!", "Ich bin hier.",
               "Du bist nicht vergessen."),
        "es": ("Sí, aquí estoy, y tus mensajes le llegan al equipo.", "¡Sigo aquí!", "Aquí estoy.",
               "No nos olvidamos de ti."),
        "fr": ("Oui, je suis là, et vos messages arrivent bien à l'équipe.", "Toujours là !", "Je suis là.",
               "On ne vous oublie pas."),
    },
    "other": {
        "en": ("Thanks, I've added that to your case so nobody has to ask again.",
               "Got it, that's with your case now.", "Noted, and passed on.", "Thanks, added."),
        "nl": ("Dank je, ik heb dat aan je zaak toegevoegd, zodat niemand het opnieuw hoeft te vragen.",
               "Begrepen, dat zit nu bij je zaak.", "Genoteerd en doorgegeven.", "Dank je, toegevoegd."),
        "de": ("Danke, ich habe das zu deinem Anliegen hinzugefügt, damit niemand noch einmal fragen muss.",
               "Verstanden, das liegt jetzt bei deinem Anliegen.", "Notiert und weitergegeben.",
               "Danke, hinzugefügt."),
        "es": ("Gracias, lo he añadido a tu caso para que nadie tenga que volver a preguntarlo.",
               "Entendido, ya está en tu caso.", "Anotado y transmitido.", "Gracias, añadido."),
        "fr": ("Merci, je l'ai ajouté à votre dossier pour que personne n'ait à vous le redemander.",
               "C'est noté, c'est dans votre dossier.", "Noté et transmis.", "Merci, c'est ajouté."),
    },
    # a question nothing the shop wrote answers for sure: it goes with the case, and is said to
    "question": {
        "en": ("I can't answer that one for sure myself, so your question is with your case: it gets answered there "
               "too.", "That one's for the team: your question is with your case now.",
               "I've passed that question on with your case."),
        "nl": ("Dat kan ik zelf niet zeker beantwoorden, dus je vraag zit bij je zaak: daar wordt hij ook "
               "beantwoord.", "Die is voor het team: je vraag zit nu bij je zaak.",
               "Ik heb die vraag met je zaak doorgegeven."),
        "de": ("Das kann ich selbst nicht sicher beantworten, deshalb liegt deine Frage bei deinem Anliegen: Dort "
               "wird sie auch beantwortet.", "Die ist fürs Team: Deine Frage liegt jetzt bei deinem Anliegen.",
               "Ich habe die Frage mit deinem Anliegen weitergegeben."),
        "es": ("Eso no te lo puedo responder con seguridad, así que tu pregunta está en tu caso: allí te la "
               "responden también.", "Esa es para el equipo: tu pregunta ya está en tu caso.",
               "He pasado esa pregunta junto con tu caso."),
        "fr": ("Je ne peux pas vous répondre avec certitude, alors votre question est dans votre dossier : on y "
               "répondra aussi.", "Celle-ci est pour l'équipe : votre question est dans votre dossier.",
               "J'ai transmis cette question avec votre dossier."),
    },
    "wait": {
        "en": ("Good, you'll stay in line.", "Great, you keep your place.", "Sure."),
        "nl": ("Goed, je blijft in de rij.", "Prima, je houdt je plek.", "Zeker."),
        "de": ("Gut, du bleibst in der Reihe.", "Prima, du behältst deinen Platz.", "Klar."),
        "es": ("Bien, sigues en la cola.", "Perfecto, mantienes tu lugar.", "Claro."),
        "fr": ("Bien, vous gardez votre place dans la file.", "Parfait, vous gardez votre place.", "Bien sûr."),
    },
    "withdrawn": {
        "en": ("Glad it's sorted! I've told the team, so they can close your case. Anything else I can help with?",),
        "nl": ("Fijn dat het gelukt is! Ik heb het team laten weten dat je zaak dicht kan. Kan ik nog ergens mee "
               "helpen?",),
        "de": ("Schön, dass es sich erledigt hat! Ich habe dem Team Bescheid gegeben, damit es dein Anliegen "
               "schließen kann. Kann ich sonst noch helfen?",),
        "es": ("¡Qué bien que se haya resuelto! Se lo he dicho al equipo para que cierre tu caso. ¿Te ayudo con "
               "algo más?",),
        "fr": ("Tant mieux si c'est réglé ! J'ai prévenu l'équipe pour qu'elle ferme votre dossier. Puis-je vous "
               "aider pour autre chose ?",),
    },
    "keep_chatting": {
        "en": ("Sure, ask me anything meanwhile: your case stays in line.",
               "Of course. Your place in line is kept while we talk.", "Happy to."),
        "nl": ("Natuurlijk, vraag me intussen gerust iets: je zaak blijft in de rij.",
               "Zeker. Je plek in de rij blijft bewaard terwijl we praten.", "Graag."),
        "de": ("Klar, frag mich in der Zwischenzeit gern etwas: dein Anliegen bleibt in der Reihe.",
               "Natürlich. Dein Platz bleibt erhalten, während wir schreiben.", "Gern."),
        "es": ("Claro, pregúntame lo que quieras mientras tanto: tu caso sigue en la cola.",
               "Por supuesto. Mantienes tu lugar mientras hablamos.", "Con gusto."),
        "fr": ("Bien sûr, posez-moi vos questions en attendant : votre dossier garde sa place.",
               "Bien sûr. Vous gardez votre place pendant qu'on discute.", "Avec plaisir."),
    },
}

# Situations with several wordings, each said once per conversation where possible.
VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "unchanged": {  # where the case stands, when it was said already and nothing changed
        "en": ("Nothing has changed: {who} will reply {when}.", "{who} is still due to reply {when}.",
               "Your reply from {who} is still due {when}.", "{who} knows you're waiting; {when} at the latest."),
        "nl": ("Er is niets veranderd: {who} reageert {when}.", "{who} reageert nog steeds {when}.",
               "Je antwoord van {who} komt nog steeds {when}.", "{who} weet dat je wacht; uiterlijk {when}."),
        "de": ("Es hat sich nichts geändert: {who} antwortet {when}.", "{who} antwortet weiterhin {when}.",
               "Deine Antwort von {who} kommt weiterhin {when}.", "{who} weiß, dass du wartest; spätestens {when}."),
        "es": ("No ha cambiado nada: {who} te responderá {when}.", "{who} sigue contando con responderte {when}.",
               "La respuesta de {who} sigue prevista {when}.",
               "{who} sabe que estás esperando; {when} como muy tarde."),
        "fr": ("Rien n'a changé : {who} vous répondra {when}.", "{who} doit toujours vous répondre {when}.",
               "La réponse de {who} est toujours prévue {when}.",
               "{who} sait que vous attendez ; {when} au plus tard."),
    },
    "distress": {
        "en": ("I'm so sorry{name}. I can hear how much this matters to you.",
               "That sounds really upsetting{name}, and I'm sorry."),
        "nl": ("Het spijt me zo{name}. Ik merk hoeveel dit voor je betekent.",
               "Dat klinkt echt naar{name}, en het spijt me."),
        "de": ("Das tut mir so leid{name}. Ich merke, wie wichtig dir das ist.",
               "Das klingt wirklich belastend{name}, und es tut mir leid."),
        "es": ("Lo siento mucho{name}. Entiendo lo importante que es esto para ti.",
               "Suena muy angustiante{name}, y lo siento."),
        "fr": ("Je suis vraiment désolé{name}. Je vois à quel point c'est important pour vous.",
               "Ça a l'air vraiment pénible{name}, et j'en suis désolé."),
    },
    "upset": {
        "en": ("I'm sorry{name}. Waiting without an answer is frustrating.",
               "I understand{name}, and I'm sorry it's taking this long.", "You're right to chase this{name}.",
               "I hear you{name}."),
        "nl": ("Het spijt me{name}. Wachten zonder antwoord is frustrerend.",
               "Ik begrijp het{name}, en het spijt me dat het zo lang duurt.",
               "Je hebt gelijk dat je erachteraan zit{name}.", "Ik hoor je{name}."),
        "de": ("Es tut mir leid{name}. Ohne Antwort zu warten ist frustrierend.",
               "Ich verstehe{name}, und es tut mir leid, dass es so lange dauert.",
               "Du hast recht, nachzuhaken{name}.", "Ich höre dich{name}."),
        "es": ("Lo siento{name}. Esperar sin respuesta es frustrante.",
               "Lo entiendo{name}, y siento que esté tardando tanto.", "Haces bien en insistir{name}.",
               "Te escucho{name}."),
        "fr": ("Je suis désolé{name}. Attendre sans réponse, c'est frustrant.",
               "Je comprends{name}, et je suis désolé que ce soit si long.", "Vous avez raison de relancer{name}.",
               "Je vous entends{name}."),
    },
    "still_urgent": {
        "en": ("Your case is already marked urgent and {who} knows.", "{who} has your case marked urgent.",
               "It's still at the top of {who}'s list."),
        "nl": ("Je zaak staat al op urgent en {who} weet het.", "{who} heeft je zaak als urgent gemarkeerd.",
               "Het staat nog steeds bovenaan de lijst van {who}."),
        "de": ("Dein Anliegen ist schon als dringend markiert, und {who} weiß Bescheid.",
               "{who} hat dein Anliegen als dringend markiert.",
               "Es steht weiterhin ganz oben auf der Liste von {who}."),
        "es": ("Tu caso ya está marcado como urgente y {who} lo sabe.", "{who} tiene tu caso marcado como urgente.",
               "Sigue en lo más alto de la lista de {who}."),
        "fr": ("Votre dossier est déjà marqué urgent et {who} est au courant.",
               "{who} a votre dossier marqué urgent.", "Il est toujours en haut de la liste de {who}."),
    },
    # Non-English thanks while waiting (English ones are the shop's ``voice.lines``, see ``_lines``).
    "thanks": {
        "nl": ("Graag gedaan{name}!", "Met plezier{name}.", "Geen dank{name}!"),
        "de": ("Gern geschehen{name}!", "Sehr gern{name}.", "Keine Ursache{name}!"),
        "es": ("¡De nada{name}!", "Con mucho gusto{name}.", "¡No hay de qué{name}!"),
        "fr": ("Avec plaisir{name} !", "Je vous en prie{name}.", "De rien{name} !"),
    },
    "ack": {
        "nl": ("Goed{name}.", "Prima{name}.", "Top{name}."),
        "de": ("Gut{name}.", "Alles klar{name}.", "Prima{name}."),
        "es": ("Bien{name}.", "Perfecto{name}.", "Genial{name}."),
        "fr": ("Bien{name}.", "Parfait{name}.", "Très bien{name}."),
    },
}

# One wording per situation.
WORDS: dict[str, dict[str, str]] = {
    "late": {
        "en": "It's taking longer than I told you, and I'm sorry. I've nudged {who} again, and you'll hear from us "
              "here.",
        "nl": "Het duurt langer dan ik je zei, en dat spijt me. Ik heb {who} nog een keer aangespoord; je hoort het "
              "hier van ons.",
        "de": "Es dauert länger, als ich dir gesagt habe, und das tut mir leid. Ich habe {who} noch einmal "
              "erinnert; du hörst hier von uns.",
        "es": "Está tardando más de lo que te dije, y lo siento. Le he vuelto a avisar a {who}; te responderemos "
              "aquí.",
        "fr": "C'est plus long que ce que je vous ai dit, et j'en suis désolé. J'ai relancé {who}, et vous aurez "
              "notre réponse ici.",
    },
    "off_shift": {
        "en": "{who} isn't working right now: {who} is back {back}{due}. Everything you wrote is with your case.",
        "nl": "{who} werkt nu niet: {who} is er weer {back}{due}. Alles wat je schreef zit bij je zaak.",
        "de": "{who} arbeitet gerade nicht: {who} ist {back} wieder da{due}. Alles, was du geschrieben hast, liegt "
              "bei deinem Anliegen.",
        "es": "{who} no está trabajando ahora: vuelve {back}{due}. Todo lo que escribiste está en tu caso.",
        "fr": "{who} ne travaille pas en ce moment : {who} revient {back}{due}. Tout ce que vous avez écrit est "
              "dans votre dossier.",
    },
    "off_shift_due": {"en": " and will reply {when}", "nl": " en reageert {when}", "de": " und antwortet {when}",
                      "es": " y te responderá {when}", "fr": " et vous répondra {when}"},
    "due": {"en": "{who} has your case and will reply {when}.", "nl": "{who} heeft je zaak en reageert {when}.",
            "de": "{who} hat dein Anliegen und antwortet {when}.", "es": "{who} tiene tu caso y te responderá {when}.",
            "fr": "{who} a votre dossier et vous répondra {when}."},
    "asap": {"en": "{who} has your case and will reply here as soon as possible.",
             "nl": "{who} heeft je zaak en reageert hier zo snel mogelijk.",
             "de": "{who} hat dein Anliegen und antwortet hier so bald wie möglich.",
             "es": "{who} tiene tu caso y te responderá aquí lo antes posible.",
             "fr": "{who} a votre dossier et vous répondra ici dès que possible."},
    "the_team": {"en": "the team", "nl": "het team", "de": "das Team", "es": "todo el equipo", "fr": "l'équipe"},
    "meanwhile": {"en": "(Meanwhile: {stand})", "nl": "(Intussen: {stand})", "de": "(Übrigens: {stand})",
                  "es": "(Mientras tanto: {stand})", "fr": "(En attendant : {stand})"},
    "about_case": {"en": "About your case: {what}", "nl": "Over je zaak: {what}", "de": "Zu deinem Anliegen: {what}",
                   "es": "Sobre tu caso: {what}", "fr": "Concernant votre dossier : {what}"},
    "case_needs": {
        "en": "Yes: to sort it out we need {what}. Send it here and it goes straight to your case.",
        "nl": "Ja: om het op te lossen hebben we {what} nodig. Stuur het hier, dan komt het meteen bij je zaak.",
        "de": "Ja: dafür brauchen wir {what}. Schick es einfach hier, dann kommt es direkt zu deinem Anliegen.",
        "es": "Sí: para resolverlo necesitamos {what}. Envíalo aquí y va directo a tu caso.",
        "fr": "Oui : pour régler cela, il nous faut {what}. Envoyez-le ici, il rejoint directement votre dossier."},
    "still_here": {"en": "I'm still here{name}.", "nl": "Ik ben er nog{name}.", "de": "Ich bin noch da{name}.",
                   "es": "Sigo aquí{name}.", "fr": "Je suis toujours là{name}."},
    "marked_urgent": {
        "en": "I've marked your case urgent and told {who} right now.",
        "nl": "Ik heb je zaak als urgent gemarkeerd en {who} meteen ingelicht.",
        "de": "Ich habe dein Anliegen als dringend markiert und {who} sofort informiert.",
        "es": "He marcado tu caso como urgente y acabo de avisar a {who}.",
        "fr": "J'ai marqué votre dossier comme urgent et prévenu {who} à l'instant.",
    },
    "marked_urgent_lead": {
        "en": "I've marked your case urgent and told {who} and {lead}, who leads the team, right now.",
        "nl": "Ik heb je zaak als urgent gemarkeerd en {who} en {lead}, die het team leidt, meteen ingelicht.",
        "de": "Ich habe dein Anliegen als dringend markiert und {who} sowie {lead} aus der Teamleitung sofort "
              "informiert.",
        "es": "He marcado tu caso como urgente y acabo de avisar a {who} y a {lead}, que dirige el equipo.",
        "fr": "J'ai marqué votre dossier comme urgent et prévenu {who} et {lead}, qui dirige l'équipe, à l'instant.",
    },
    "email_off": {
        "en": "E-mail isn't set up for this shop, so the reply will come here.",
        "nl": "E-mail is voor deze winkel niet ingesteld, dus het antwoord komt hier.",
        "de": "E-Mail ist für diesen Shop nicht eingerichtet, die Antwort kommt also hier.",
        "es": "El correo no está configurado en esta tienda, así que la respuesta llegará aquí.",
        "fr": "L'e-mail n'est pas configuré pour cette boutique, la réponse arrivera donc ici.",
    },
    "email_ask": {"en": "Which e-mail address should I send it to?", "nl": "Naar welk e-mailadres mag ik het sturen?",
                  "de": "An welche E-Mail-Adresse soll ich es schicken?",
                  "es": "¿A qué dirección de correo te lo envío?", "fr": "À quelle adresse e-mail dois-je l'envoyer ?"},
    "email_done": {
        "en": "Done: I'll e-mail {address} as soon as {who} replies, and you'll see it here too.",
        "nl": "Klaar: ik mail {address} zodra {who} reageert, en je ziet het hier ook.",
        "de": "Erledigt: Ich schreibe an {address}, sobald {who} antwortet, und du siehst es auch hier.",
        "es": "Hecho: escribiré a {address} en cuanto {who} responda, y también lo verás aquí.",
        "fr": "C'est fait : j'écrirai à {address} dès que {who} répondra, et vous le verrez aussi ici.",
    },
}

OPENINGS["email"] = {language: (text,) for language, text in WORDS["email_off"].items()}



def words(key: str, *, language: str, bot: Bot | None = None, **values: str) -> str:
    """The sentence ``key`` in ``language``, its placeholders filled: the shop's own wording (``waiting_<key>``
    under ``translations:`` in the bot file) first, then ours, then English."""
    own = bot.phrasebook.get(language, f"waiting_{key}") if bot is not None else None
    return fill(own if own is not None else WORDS[key].get(language) or WORDS[key]["en"], values)


REWORDABLE = frozenset(key.removeprefix("waiting_") for key in WAITING_SENTENCE_KEYS)
