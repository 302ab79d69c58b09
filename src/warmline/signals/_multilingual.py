"""The support lexicon in Dutch, German, Spanish and French: asking for a person, anger, distress, urgency.

Same shape and weights as the English cues in ``_lexicon`` (a cue alone counts for its weight); written by
hand for the phrasings customers use in chat, and checked on the demo question set (bench/questions).
Also here: asking for a *named* person of the shop ("Could Maya get back to me?"), built per bot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._lexicon import Cue

__all__ = ["EMOTION_CUES_I18N", "HUMAN_CUES_I18N", "named_person", "named_person_cues"]


def _cues(label: str, weight: float, *phrases: str) -> list[Cue]:
    return [Cue(label, weight, re.compile(rf"(?<!\w)(?:{phrase})(?!\w)", re.IGNORECASE)) for phrase in phrases]


HUMAN_CUES_I18N: tuple[Cue, ...] = tuple(
    # English phrasings the core lexicon misses.
    _cues("wants_human", 0.9,
          r"(?:rather|prefer|like to) (?:\w+ ){0,3}(?:deal|talk|speak|chat) (?:to|with) (?:someone|somebody|a person|"
          r"a human|one of you|your team)",
          r"(?:someone|somebody|a person) from (?:your|the) (?:team|shop|studio|store)",
          r"than (?:a|the|this|your) (?:bot|robot|machine|chatbot)")
    # Dutch
    + _cues("wants_human", 0.95,
            r"(?:praten|spreken|chatten|bellen) met (?:een |iemand|een echt\w* )?(?:mens|persoon|medewerker|iemand)",
            r"(?:met |een )?(?:echte? )?(?:mens|medewerker) (?:spreken|praten|alsjeblieft|graag)",
            r"(?:kan|mag|wil) ik (?:\w+ ){0,2}(?:iemand|een mens|een medewerker) (?:spreken|bellen)",
            r"(?:geen|niet met een) (?:bot|robot|computer)", r"iemand van (?:het|jullie) team",
            r"(?:met )?iemand van jullie (?:persoonlijk |zelf )?(?:spreken|bespreken|bellen)",
            r"bel (?:me|mij) (?:terug|op)",
            # "ik wil iemand van jullie aan de lijn" (fresh28), "kan iemand me gewoon even bellen?" (fresh25)
            r"iemand (?:van jullie |van het team |echts? )?aan de (?:lijn|telefoon)",
            r"(?:kan|wil|mag) iemand (?:\w+ ){0,2}(?:me|mij) (?:\w+ ){0,2}(?:bellen|terugbellen|opbellen)")
    # German
    + _cues("wants_human", 0.95,
            r"(?:mit )?(?:einem |einer )?(?:echten |richtigen )?(?:menschen|mitarbeiter(?:in)?|person) "
            r"(?:sprechen|reden|chatten)",
            r"(?:sprechen|reden) mit (?:einem |einer )?(?:menschen|mitarbeiter\w*|person|jemandem)",
            r"(?:kann|darf|möchte) ich (?:\w+ ){0,2}(?:jemanden|einen menschen|einen mitarbeiter) "
            r"(?:sprechen|erreichen)",
            r"kein(?:en)? (?:bot|roboter)", r"jemand(?:en)? aus (?:dem|eurem|ihrem) team",
            # "Kann ich das bitte mit jemandem von euch persönlich klären?"
            r"mit jemandem (?:\w+ ){0,3}(?:persönlich |direkt )?(?:klären|besprechen|sprechen|reden)",
            r"jemand(?:em|en)? (?:von euch|von ihnen|aus dem (?:atelier|laden|geschäft|studio))",
            r"ruf(?:en sie)? mich (?:bitte )?(?:zurück|an)",
            r"kann mich (?:\w+ ){0,2}jemand (?:\w+ ){0,2}(?:anrufen|zurückrufen)",
            # "Ich hätte gern einen Mitarbeiter gesprochen"
            r"(?:jemanden|einen menschen|einen mitarbeiter\w*|eine mitarbeiterin|eine person) (?:\w+ ){0,2}gesprochen")
    # Spanish
    + _cues("wants_human", 0.95,
            r"hablar con (?:una |un )?(?:persona|humano|agente|alguien|empleado)",
            r"(?:quiero|necesito|prefiero) (?:\w+ ){0,2}(?:una persona|un humano|un agente|alguien real)",
            r"(?:no|ningún) (?:quiero )?(?:un )?(?:bot|robot)", r"alguien del equipo", r"llámame|llamadme",
            r"alguien (?:me )?(?:puede|podría) (?:\w+ )?(?:llamar|llamarme)",
            # "¿Me pasas con alguien de la tienda, porfa?"
            r"(?:me pasas|me pasáis|pásame|pasadme|me pones|ponme) con (?:alguien|una persona|un humano)",
            r"alguien (?:de la tienda|del estudio|del taller|de vosotros)")
    # French
    + _cues("wants_human", 0.95,
            r"parler (?:à|a|avec) (?:une |un |quelqu'un|quelqu’un)(?:personne|humain|conseiller|agent)?",
            r"(?:je veux|je voudrais|j'aimerais) (?:\w+ ){0,2}(?:une personne|un humain|un conseiller|quelqu'un)",
            r"pas (?:un |de )?(?:bot|robot)", r"quelqu'un de (?:l'équipe|votre équipe|chez vous|la boutique|l'atelier)",
            r"rappelez[- ]moi", r"quelqu'un (?:peut|pourrait) (?:\w+ )?m[e']\s?(?:rappeler|appeler)",
            # "Je préférerais échanger avec un vrai conseiller, c'est possible ?"
            r"(?:échanger|discuter|parler|voir) (?:avec|à) (?:un |une )?(?:vrai |vraie |véritable )?"
            r"(?:conseill[eè]re?|humain|personne|agent)",
            r"(?:un vrai conseiller|une vraie personne|un vrai humain|une vraie conseillère)")
)

EMOTION_CUES_I18N: tuple[Cue, ...] = tuple(
    _cues("anger", 0.7, r"belachelijk", r"schandalig", r"oplichters?", r"woedend", r"waardeloos",
          r"lächerlich", r"unverschämt", r"betrüger", r"wütend", r"frechheit", r"sauer",
          r"ridículo", r"vergüenza", r"estafa(?:dores)?", r"furios[oa]", r"indignante",
          r"ridicule", r"scandaleux", r"arnaque(?:urs)?", r"furieu(?:x|se)", r"inadmissible", r"honteux")
    # "boos", "enfadado", "en colère": how customers say they are angry in chat, a notch below "woedend".
    + _cues("anger", 0.6, r"boos", r"kwaad", r"pisnijdig", r"(?:spuug|kots)zat",
            r"(?:ben|zijn) het (?:echt |helemaal )?zat",
            r"verärgert", r"stinksauer", r"zornig", r"reicht mir",
            r"enfadad[oa]s?", r"enojad[oa]s?", r"cabread[oa]s?", r"indignad[oa]s?",
            r"en colère", r"énervée?s?", r"furax", r"agacée?s?")
    + _cues("frustration", 0.5, r"nog steeds (?:niet|geen|niks)", r"alweer", r"weer (?:niet|geen|niks)",
            r"nog altijd (?:niet|geen|niks)", r"teleurgesteld", r"balen", r"baal",
            r"immer noch (?:nicht|kein)", r"schon wieder", r"wieder (?:nicht|kein|nichts)", r"enttäuscht",
            r"ärgerlich", r"genervt",
            r"todavía no", r"otra vez", r"decepcionad[oa]", r"hart[oa]",
            r"toujours pas", r"encore une fois", r"déçue?", r"marre")
    + _cues("distress", 0.55, r"wanhopig", r"in paniek", r"verzweifelt", r"panik", r"desesperad[oa]",
            r"pánico", r"désespérée?", r"paniqu\w+")
    + _cues("distress", 0.35, r"help(?:t)? me", r"bezorgd", r"hilfe", r"sorgen", r"ayuda", r"preocupad[oa]",
            r"aidez[- ]moi", r"inquiète?")
    + _cues("urgency", 0.45, r"dringend", r"spoed", r"zo snel mogelijk", r"sofort", r"so schnell wie möglich",
            r"urgente", r"cuanto antes", r"lo antes posible", r"urgent", r"au plus vite", r"dès que possible")
)


def named_person(text: str, first_names: Sequence[str]) -> str | None:
    """The one first name of ``first_names`` that ``text`` asks for ("let me talk to Ines please": "Ines"), or
    ``None`` when it asks for none of them, or for two."""
    asked = {name for name in first_names if name
             and any(cue.pattern.search(text) for cue in named_person_cues([name]))}
    return asked.pop() if len(asked) == 1 else None


def named_person_cues(first_names: Sequence[str]) -> tuple[Cue, ...]:
    """ "Could Maya get back to me?", "let me talk to Ines", "ik wil Joris spreken": the shop's own people."""
    names = [re.escape(name) for name in first_names if name]
    if not names:
        return ()
    who = "(?:" + "|".join(names) + ")"
    return tuple(_cues(
        "wants_human", 0.9,
        rf"(?:talk|speak|chat|write)\w* (?:to|with) {who}",
        rf"{who} (?:\w+ )?(?:get|got|come|reply|write|call|ring|email)\w* (?:back )?(?:to )?me",
        rf"(?:can|could|would|may) {who} (?:please )?(?:call|contact|email|help|reply|get back|give me a|get in touch"
        rf"|reach out|message|text|write)",
        rf"{who} (?:\w+ )?(?:get|be|got) in (?:touch|contact) with me",
        rf"(?:ask|want|need|get) {who}",
        rf"is {who} (?:there|around|available|in today|working|at work|on shift|on duty|in the studio)",
        # "can ines send me a proposal directly?": the person asked to do something for the customer
        rf"(?:can|could|would|will) {who} (?:please |just |maybe |also )?\w+ (?:me|us)\b",
        # "can sam pick this up tonight?", "could Maya take this over?": the case handed to them
        rf"(?:can|could|would|will) {who} (?:please |just |maybe |also )?(?:pick (?:this|it|that) up|"
        rf"take (?:this|it|that) (?:on|over)|take over|look (?:into|at) (?:this|it|that)|handle (?:this|it|that)|"
        rf"deal with (?:this|it|that)|sort (?:this|it|that) out|follow (?:this|it|that) up)\b",
        # "Est-ce que Maya est disponible ?", "Is Maya er vandaag?", "Ist Maya da?", "¿Está Maya?"
        rf"{who} est (?:là|disponible|dispo)", rf"is {who} (?:er|beschikbaar|aanwezig)",
        rf"ist {who} (?:da|erreichbar|verfügbar|heute da)", rf"está {who}\b", rf"{who} está disponible",
        rf"(?:met|mit|con|avec|à) {who}",
        # "mag ik Maya even spreken?", "kann ich Ines kurz sprechen?"
        rf"{who} (?:(?:even|eventjes|graag|nog|kurz|mal|gerne|gern|bitte) ){{0,2}}(?:spreken|sprechen|gesprochen)",
        # "could you put me through to Joris?", "can i get Amara on the line?", "please pass this on to Maya"
        rf"(?:put|transfer|connect|pass)\w* (?:me|this|it|my \w+)(?: on| back| over| through)? (?:to|with) {who}",
        rf"get {who} on the (?:line|phone)",
        # "i'd like maya to handle this, she sorted my return last month" (fresh28)
        rf"(?:like|want|prefer|rather have|let) {who} (?:to )?(?:handle|take over|deal with|look (?:into|at)|sort|"
        rf"pick (?:this|it|that) up|follow (?:this|it|that) up)\b",
        # "passez-moi Maya s'il vous plaît", "¿me pasas a Sam?", "¿me puede atender Amara?", "stellen Sie mich zu Ines
        # durch", "geef me Joris even"
        rf"passe[zr]?[- ]moi {who}", rf"(?:pásame|pasadme|me pasas|me pasáis|me pones|ponme) (?:a |con )?{who}",
        rf"(?:me )?(?:puede|podría|pueda) atender {who}", rf"(?:atiéndame|que me atienda) {who}",
        rf"(?:stellen sie|stell|stellt) mich (?:zu|an) {who} durch", rf"geef (?:me|mij) (?:maar |even )?{who}",
        rf"(?:like|want|need) {who} to (?:look|check|call|contact|help|reply|get back|email|ring)",
        # "Kann Ines mich zurückrufen?", "Kan Joris me bellen?", "¿Me puede llamar Sam?", "Amara peut me rappeler ?"
        rf"(?:kann|könnte) {who} (?:mich|mir)\b", rf"(?:kan|kun|zou) {who} (?:me|mij)\b",
        rf"me (?:puede|podría) (?:llamar|escribir) {who}", rf"(?:puede|podría) {who} (?:llamarme|escribirme)",
        rf"{who} (?:peut|pourrait) me",
        # "is Maya vandaag aan het werk? ik wil haar graag spreken", "¿Sam trabaja hoy? quiero hablar con él"
        rf"{who}\b.{{0,60}}\b(?:wil|wou|zou) (?:hem|haar) (?:graag )?(?:even )?spreken",
        rf"{who}\b.{{0,60}}\b(?:möchte|will|würde) (?:ihn|sie) (?:gerne |gern )?sprechen",
        rf"{who}\b.{{0,60}}\b(?:quiero|quisiera|me gustaría) hablar con (?:él|ella)",
        rf"{who}\b.{{0,60}}\b(?:je voudrais|je veux|j'aimerais) (?:lui parler|parler avec (?:lui|elle))",
    ))
