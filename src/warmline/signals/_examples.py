"""The shipped example set the signal classifier learns from: what asking for a person, being upset, a
complaint, payment trouble and an ordinary message look like, in English, Dutch, German, Spanish and French.

Written by hand for this project (no data set was copied); licence: the project's own (same as the code).
The public data sets (NLU++, Bitext, GoEmotions) are only used to *measure* it (``warmline eval``), so the
figures there are held out for these examples. A bot's own case-type examples are added at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COMPLAINT", "OTHER", "PAYMENT", "SHIPPED_EXAMPLES", "UPSET", "WANTS_HUMAN", "LabelledExample"]

WANTS_HUMAN, UPSET, COMPLAINT, PAYMENT, OTHER = "wants_human", "upset", "complaint", "payment_trouble", "other"


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """One example message, what it shows, and its language."""

    text: str
    label: str
    language: str = "en"


def _examples(label: str, language: str, block: str) -> tuple[LabelledExample, ...]:
    return tuple(LabelledExample(line.strip(), label, language) for line in block.strip().splitlines()
                 if line.strip())


SHIPPED_EXAMPLES: tuple[LabelledExample, ...] = (
    _examples(WANTS_HUMAN, "en", """
        I want to talk to a real person
        can I speak to someone from your team please
        I'd rather deal with a human than a bot
        put me through to an agent
        is there anyone I can actually talk to
        get me a manager
        let me talk to a customer service representative
        can somebody call me back
        I need a human to look at this
        stop the bot, I want a person
        connect me with a live agent
        could one of your staff get back to me
        can someone help me
        can a real person help me please
    """)
    + _examples(WANTS_HUMAN, "nl", """
        ik wil een mens spreken
        kan ik iemand van jullie team spreken
        liever een echte medewerker dan een bot
        verbind me door met een medewerker
        kan iemand mij terugbellen
        ik wil met een persoon praten
        kan iemand me helpen
    """)
    + _examples(WANTS_HUMAN, "de", """
        ich möchte mit einem Menschen sprechen
        kann ich bitte einen Mitarbeiter sprechen
        lieber eine echte Person als ein Bot
        verbinden Sie mich mit einem Mitarbeiter
        kann mich jemand zurückrufen
        ich will mit jemandem aus dem Team reden
        kann mir jemand helfen
    """)
    + _examples(WANTS_HUMAN, "es", """
        quiero hablar con una persona
        puedo hablar con alguien del equipo
        prefiero un humano, no un bot
        pásame con un agente
        que alguien me llame por favor
        necesito hablar con un empleado
        alguien me puede ayudar
    """)
    + _examples(WANTS_HUMAN, "fr", """
        je veux parler à quelqu'un
        je voudrais parler à un conseiller
        je préfère un humain plutôt qu'un robot
        passez-moi un agent s'il vous plaît
        quelqu'un peut me rappeler
        je veux parler à une vraie personne
        quelqu'un peut m'aider
    """)
    + _examples(UPSET, "en", """
        this is absolutely ridiculous
        I'm furious, nobody answers my emails
        third time I'm writing about this!!
        I'm so disappointed with your service
        I'm panicking, the gift is for tomorrow
        you people are useless
        I'm really worried, I can't afford to lose this money
        fed up with waiting
    """)
    + _examples(UPSET, "nl", """
        dit is echt belachelijk
        ik ben woedend, niemand reageert
        ik ben zo teleurgesteld
        ik raak in paniek, het cadeau is voor morgen
        ik ben echt boos op jullie
    """)
    + _examples(UPSET, "de", """
        das ist eine Frechheit
        ich bin stinksauer, niemand antwortet
        ich bin total enttäuscht
        ich bin verzweifelt, das Geschenk ist für morgen
    """)
    + _examples(UPSET, "es", """
        esto es ridículo
        estoy furioso, nadie contesta
        estoy muy decepcionada
        estoy desesperada, el regalo es para mañana
    """)
    + _examples(UPSET, "fr", """
        c'est complètement ridicule
        je suis furieux, personne ne répond
        je suis très déçue
        je panique, le cadeau est pour demain
        je suis en colère contre vous
    """)
    + _examples(COMPLAINT, "en", """
        I want to make a complaint
        the mug arrived chipped
        there's a crack in the bowl
        the quality is terrible, it fell apart after one wash
        the item is not what I ordered
        I'm unhappy with how my order was handled
    """)
    + _examples(COMPLAINT, "nl", """
        ik wil een klacht indienen
        mijn mok is kapot aangekomen
    """)
    + _examples(COMPLAINT, "de", """
        ich möchte mich beschweren
        die Tasse kam kaputt an
    """)
    + _examples(COMPLAINT, "es", """
        quiero poner una queja
        la taza llegó rota
    """)
    + _examples(COMPLAINT, "fr", """
        je veux faire une réclamation
        la tasse est arrivée cassée
    """)
    + _examples(PAYMENT, "en", """
        my card was declined
        I was charged twice
        the payment failed but the money left my account
        I can't pay, the checkout gives an error
        my refund hasn't arrived yet
        I got a payment reminder but I already paid
    """)
    + _examples(PAYMENT, "nl", """
        mijn betaling is mislukt
        er is twee keer afgeschreven
    """)
    + _examples(PAYMENT, "de", """
        meine Zahlung ist fehlgeschlagen
        mir wurde doppelt abgebucht
    """)
    + _examples(PAYMENT, "es", """
        mi tarjeta fue rechazada
        me cobraron dos veces
    """)
    + _examples(PAYMENT, "fr", """
        mon paiement a échoué
        j'ai été débité deux fois
    """)
    + _examples(OTHER, "en", """
        how long does shipping take
        what are your opening hours
        do you ship to Germany
        how do I contact customer service
        what's your phone number
        can I change my delivery address
        which sizes do you have
        how do I reset my password
        what payment methods do you accept
        can I return an item
        is this sweater machine washable
        thanks, that helps
        hi there
        no need to transfer me, I found it
        where can I see my order history
        I'd like to open an account
        how do I cancel my order
        do you have a gift card
        what is the exchange rate
        can I book a room for two nights
        how do I track my parcel
    """)
    + _examples(OTHER, "nl", """
        hoe lang duurt de verzending
        wat zijn jullie openingstijden
        kan ik een artikel retourneren
        welke maten hebben jullie
        bedankt, top
    """)
    + _examples(OTHER, "de", """
        wie lange dauert der Versand
        wann habt ihr geöffnet
        kann ich etwas zurückschicken
        welche Größen gibt es
        danke, super
        habt ihr eine Expresslieferung
        welche Zahlungsarten akzeptiert ihr
        was kostet der Versand nach Österreich
        verkauft ihr Gutscheine
    """)
    + _examples(OTHER, "es", """
        cuánto tarda el envío
        cuál es el horario
        puedo devolver un artículo
        qué tallas tienen
        gracias, genial
        cómo puedo seguir mi paquete
        qué formas de pago aceptan
        cuánto cuesta el envío a España
        venden tarjetas regalo
    """)
    + _examples(OTHER, "fr", """
        combien de temps prend la livraison
        quels sont vos horaires
        puis-je retourner un article
        quelles tailles avez-vous
        merci, super
        comment suivre mon colis
        quels moyens de paiement acceptez-vous
        combien coûte la livraison en Belgique
        vendez-vous des cartes cadeaux
    """)
)
