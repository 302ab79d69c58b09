"""The bot's buttons in the customer's language, and a tapped or typed button read back.

Every button has a fixed English identity ("Talk to a person") and shipped labels in Dutch, German, Spanish
and French; ``canonical_choice`` turns a tapped "Met iemand praten" (or "Wachten op Maya") back into it, so a
translated button means exactly what the English one means.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["canonical_choice", "choice_labels", "choice_language", "now_label", "wait_for_label"]

# "Wait for Maya": a button with a name in it.
_WAIT_FOR = {"nl": "Wachten op {first}", "de": "Auf {first} warten", "es": "Esperar a {first}",
             "fr": "Attendre {first}"}
# "Maya now": someone on shift now, offered when the person asked for by name is not.
_NOW = {"nl": "{first} nu", "de": "{first} jetzt", "es": "{first} ahora", "fr": "{first} maintenant"}


def _label_pattern(label: str) -> re.Pattern[str]:
    """A button with a name in it, read back. A name after a fixed head ("Wachten op …") may be anything; a name
    in front ("… nu") must look like one (one capitalised word), or "ik wil het nu" would match."""
    head, _, tail = label.partition("{first}")
    name = r"[A-ZÀ-Ý][\w'-]*" if not head else r"\S(?:.*\S)?"
    return re.compile(f"^{re.escape(head)}(?P<first>{name}){re.escape(tail)}$")


# Buttons with a name in them, by their English pattern.
_NAMED: dict[str, dict[str, re.Pattern[str]]] = {
    english: {language: _label_pattern(label) for language, label in table.items()}
    for english, table in (("Wait for {first}", _WAIT_FOR), ("{first} now", _NOW))
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
_LANGUAGES_OF_LABEL: dict[str, set[str]] = {}
for _labels in _CHOICES.values():
    for _language, _label in _labels.items():
        _LANGUAGES_OF_LABEL.setdefault(_label.casefold(), set()).add(_language)


def choice_labels(choices: Sequence[str], *, language: str) -> tuple[str, ...]:
    """The buttons as the customer sees them in ``language`` (unknown ones stay as they are)."""
    return tuple(_CHOICES.get(choice, {}).get(language, choice) for choice in choices)


def wait_for_label(first_name: str, *, language: str) -> str:
    """ "Wait for Maya" in ``language``."""
    return _WAIT_FOR.get(language, "Wait for {first}").replace("{first}", first_name)


def now_label(first_name: str, *, language: str) -> str:
    """ "Maya now" in ``language``: the button that takes someone on shift instead of waiting."""
    return _NOW.get(language, "{first} now").replace("{first}", first_name)


def _named(text: str) -> tuple[str, str, str] | None:
    """(English pattern, language, name) of a translated button with a name in it, or ``None``."""
    for english, patterns in _NAMED.items():
        for language, pattern in patterns.items():
            if (match := pattern.match(text)) is not None:
                return english, language, match.group("first")
    return None


def choice_language(text: str) -> str | None:
    """The language of a tapped translated button ("Verder chatten": "nl"), which the words alone may not tell
    ("chatten" is German too); ``None`` for any other text, or a label two languages share ("Ja 👍")."""
    stripped = text.strip()
    languages = set(_LANGUAGES_OF_LABEL.get(stripped.casefold(), ()))
    if (named := _named(stripped)) is not None:
        languages.add(named[1])
    return languages.pop() if len(languages) == 1 else None


def canonical_choice(text: str) -> str:
    """A tapped or typed translated button back to its English identity; any other text unchanged."""
    stripped = text.strip()
    if (named := _named(stripped)) is not None:
        return named[0].replace("{first}", named[2])
    return _BY_LABEL.get(stripped.casefold(), text)
