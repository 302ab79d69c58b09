"""The bot file loader: the demo bot loads, and every kind of mistake names the file, the field and the fix."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from warmline.config.botfile import BotFileError, load_bot
from warmline.domain import ConfigError

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "bots" / "demo-shop.yaml"

BASE: dict[str, Any] = {
    "name": "tiny-shop",
    "display_name": "Tiny Shop",
    "knowledge": "knowledge/tiny-shop",
    "voice": {"greeting": "Hi{name}!", "sign_off": "Bye!"},
    "business_hours": {"timezone": "Europe/Amsterdam",
                       "shifts": [{"days": "mon-fri", "start": "09:00", "end": "18:00"}]},
    "staff": [
        {"id": "maya", "name": "Maya Lindqvist", "lead": True, "skills": ["returns"],
         "timezone": "Europe/Amsterdam", "shifts": [{"days": ["mon", "tue"], "start": "09:00", "end": "17:00"}],
         "slack_user_id": "U1"},
        {"id": "joris", "name": "Joris van Dijk", "skills": ["shipping"], "slack_user_id": "U2"},
    ],
    "case_types": [
        {"name": "damaged_item", "description": "Arrived broken", "what_happens": "we send a new one",
         "handling_minutes": 30, "skills": ["returns"], "needs": ["order number"]},
        {"name": "missing_parcel", "description": "Not arrived", "what_happens": "we ask the carrier",
         "handling_minutes": 45, "skills": ["shipping"]},
    ],
    "thresholds": {"handoff_emotion": 0.7},
}


def _write_bot(tmp_path: Path, data: Any) -> Path:
    """A repo-like layout: bots/tiny-shop.yaml next to knowledge/tiny-shop/."""
    (tmp_path / "knowledge" / "tiny-shop").mkdir(parents=True, exist_ok=True)
    (tmp_path / "bots").mkdir(exist_ok=True)
    path = tmp_path / "bots" / "tiny-shop.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_demo_bot_loads() -> None:
    bot = load_bot(DEMO)

    assert bot.name == "demo-shop"
    assert bot.knowledge_dir == (REPO / "knowledge" / "demo-shop").resolve()
    assert len(bot.staff) >= 3
    assert [m.id for m in bot.staff if m.lead] == ["maya"]
    assert len({m.timezone for m in bot.staff}) >= 2, "routing across time zones needs staff in several zones"
    assert 5 <= len(bot.case_types) <= 7
    roster_skills = {skill for member in bot.staff for skill in member.skills}
    for case in bot.case_types:
        assert set(case.skills) <= roster_skills
        assert case.needs
        assert case.examples
        assert case.handling_minutes > 0
    saturday = next(s for s in bot.business_hours.shifts if s.days == (5,))
    assert (saturday.start, saturday.end) == (time(10, 0), time(16, 0))


def test_demo_bot_loads_from_the_bots_folder_with_unquoted_times(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # YAML 1.1 reads an unquoted 10:00 as the number 600; the loader must still see ten o'clock.
    text = DEMO.read_text(encoding="utf-8").replace('"10:00"', "10:00").replace('"18:00"', "18:00")
    assert "start: 10:00" in text
    (tmp_path / "demo-shop.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "knowledge" / "demo-shop").mkdir(parents=True)

    expected = load_bot(DEMO)
    monkeypatch.chdir(tmp_path)
    bot = load_bot(Path("demo-shop.yaml"))

    assert bot.business_hours == expected.business_hours
    assert bot.staff == expected.staff
    assert bot.knowledge_dir == (tmp_path / "knowledge" / "demo-shop").resolve()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``staff.0.shifts.0.start`` (dots; numbers index lists) to ``value``."""
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = data
        for part in parents:
            target = target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value
    return mutate


_DELETE = object()


def _rename(path: str, new_key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[new_key] = target.pop(last)
    return mutate


ERROR_CASES = [
    pytest.param(_set("staff.0.shifts.0.start", "9am"), "staff[0].shifts[0].start", "'09:00'", id="bad-time"),
    pytest.param(_set("staff.0.shifts.0.start", 9), "staff[0].shifts[0].start", "'09:00'", id="time-as-number"),
    pytest.param(_set("staff.0.shifts.0.end", "06:00"), "staff[0].shifts[0].end", "overnight: true",
                 id="shift-ends-before-start"),
    pytest.param(_set("business_hours.shifts.0.days", "mun-fri"), "business_hours.shifts[0].days", "mon-fri",
                 id="bad-weekday"),
    pytest.param(_set("staff.0.timezone", "Europe/Amsterdm"), "staff[0].timezone", "'Europe/Amsterdam'",
                 id="unknown-timezone"),
    pytest.param(_rename("case_types.0.handling_minutes", "handling_minute"), "case_types[0].handling_minute",
                 "did you mean 'handling_minutes'", id="misspelt-key"),
    pytest.param(_set("thresholds.handof_emotion", 0.8), "thresholds.handof_emotion", "'handoff_emotion'",
                 id="misspelt-threshold"),
    pytest.param(_set("case_types.1.what_happens", _DELETE), "case_types[1].what_happens", "add what_happens",
                 id="missing-field"),
    pytest.param(_set("case_types.1.translations", {"it": "controlliamo"}), "case_types[1].translations.it",
                 "en, nl, de, es, fr", id="case-type-translation-in-an-unknown-language"),
    pytest.param(_set("staff.1.capacity", "six"), "staff[1].capacity", "whole number", id="not-a-number"),
    pytest.param(_set("thresholds.handoff_emotion", 1.5), "thresholds.handoff_emotion", "<= 1",
                 id="threshold-out-of-range"),
    pytest.param(_set("thresholds.answer_at_least", 1.2), "thresholds.answer_at_least", "<= 1",
                 id="answer-share-out-of-range"),
    pytest.param(_set("staff.1.id", "Joris V"), "staff[1].id", "lowercase", id="bad-id"),
    pytest.param(_set("staff.1.id", "maya"), "staff[1].id", "their own id", id="duplicate-staff-id"),
    pytest.param(_set("staff.1.slack_user_id", "U1"), "staff[1].slack_user_id", "Slack profile",
                 id="duplicate-slack-id"),
    pytest.param(_set("case_types.1.name", "damaged_item"), "case_types[1].name", "rename",
                 id="duplicate-case-type"),
    pytest.param(_set("case_types.1.skills", ["shiping"]), "case_types[1].skills[0]", "did you mean 'shipping'",
                 id="skill-nobody-has"),
    pytest.param(_set("knowledge", "knowledge/elsewhere"), "knowledge", "create the folder",
                 id="knowledge-folder-missing"),
    pytest.param(_set("voice.greeting", "Hi {first_name}!"), "voice.greeting", "{name}", id="bad-placeholder"),
    pytest.param(_set("staff.0.email", "maya-at-example"), "staff[0].email", "maya@example.com", id="bad-email"),
    pytest.param(_set("staff", {"id": "maya"}), "staff", "a list", id="mapping-instead-of-list"),
    pytest.param(_set("languages", ["en", "it"]), "languages[1]", "use one of: en, nl, de, es, fr",
                 id="unserved-language"),
    pytest.param(_set("translations", {"nl": {"not_shure": "Weet ik niet"}}), "translations.nl.not_shure",
                 "did you mean 'not_sure'?", id="misspelt-sentence-key"),
    pytest.param(_set("glossary", {"xx": {"trui": "sweater"}}), "glossary.xx", "use one of", id="glossary-language"),
    pytest.param(_set("orders", {"case_type": "missing_parcle"}), "orders.case_type", "did you mean 'missing_parcel'",
                 id="orders-case-type-unknown"),
    pytest.param(_set("voice.lines", {"ack_presnt": ["Oh no!"]}), "voice.lines.ack_presnt",
                 "did you mean 'ack_present'?", id="misspelt-line-key"),
    pytest.param(_set("voice.lines", {"ack_present": ["Oh no {first_name}!"]}), "voice.lines.ack_present[0]",
                 "{comma_name}", id="bad-line-placeholder"),
    pytest.param(_set("voice.lines", {"ack_present": []}), "voice.lines.ack_present", "at least one",
                 id="no-line-variants"),
]


@pytest.mark.parametrize(("mutate", "field", "fix"), ERROR_CASES)
def test_each_mistake_names_file_field_and_fix(tmp_path: Path, mutate: Callable[[dict[str, Any]], None],
                                               field: str, fix: str) -> None:
    data = copy.deepcopy(BASE)
    mutate(data)
    path = _write_bot(tmp_path, data)

    with pytest.raises(ConfigError) as caught:
        load_bot(path)

    error = caught.value
    assert error.file == str(path)
    assert error.field == field
    assert error.fix is not None
    assert fix in error.fix
    assert str(path) in str(error)
    assert field in str(error)
    assert fix in str(error)
    assert len(error.problems) == 1, str(error)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "field", "fix"), [
    pytest.param("name: tiny-shop\nstaff:\n  - id: maya\n   name: Maya\n", "line 4, column", "indentation",
                 id="broken-yaml"),
    pytest.param("name: tiny-shop\nname: other\n", "line 2, column", "each key only once", id="duplicate-key"),
    pytest.param("- name: tiny-shop\n", "(top level)", "name: your-shop", id="not-a-mapping"),
])
def test_unreadable_yaml_names_the_line(tmp_path: Path, text: str, field: str, fix: str) -> None:
    path = tmp_path / "bot.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_bot(path)

    assert caught.value.file == str(path)
    assert caught.value.field is not None
    assert caught.value.field.startswith(field)
    assert caught.value.fix is not None
    assert fix in caught.value.fix


def test_missing_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "bots" / "nope.yaml"

    with pytest.raises(ConfigError) as caught:
        load_bot(path)

    assert caught.value.file == str(path)
    assert caught.value.fix is not None
    assert "--bot" in caught.value.fix


def test_several_mistakes_are_reported_together_typo_first(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    _set("staff.1.capacity", 0)(data)
    _rename("case_types.0.description", "descripton")(data)
    path = _write_bot(tmp_path, data)

    with pytest.raises(BotFileError) as caught:
        load_bot(path)

    fields = [problem.field for problem in caught.value.problems]
    assert fields == ["case_types[0].descripton", "staff[1].capacity"]
    assert caught.value.field == "case_types[0].descripton"
    assert "staff[1].capacity" in str(caught.value)
    assert ">= 1" in str(caught.value)


def test_languages_translations_and_glossary_reach_the_bot(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE) | {"languages": ["en", "nl", "nl", "de"],
                                  "translations": {"nl": {"greeting": "Hoi{name}!", "not_sure": "Geen idee.",
                                                          "waiting_asap": "{who} pakt het zo snel mogelijk op."}},
                                  "glossary": {"nl": {"Trui": "sweater"}}}

    bot = load_bot(_write_bot(tmp_path, data))

    assert bot.languages == ("en", "nl", "de")
    assert bot.knowledge_language == "en"
    assert bot.greeting("nl", "Sanne") == "Hoi Sanne!"
    assert bot.greeting("de") is None  # no own German greeting: the shipped one is used
    assert bot.phrasebook.get("nl", "not_sure") == "Geen idee."
    assert bot.phrasebook.get("nl", "waiting_asap") == "{who} pakt het zo snel mogelijk op."
    assert bot.phrasebook.glossary() == {"nl": {"trui": "sweater"}}


def test_the_demo_shop_serves_five_languages() -> None:
    assert load_bot(DEMO).languages == ("en", "nl", "de", "es", "fr")


def test_the_shops_own_sentence_variants_reach_the_bot(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE) | {"voice": {"lines": {
        "ack_present": ["Oh no{comma_name}, a present!", "A present, of all things!"]}}}
    bot = load_bot(_write_bot(tmp_path, data))
    assert bot.voice.own_lines("ack_present") == ("Oh no{comma_name}, a present!", "A present, of all things!")
    assert bot.voice.own_lines("ack_again") is None


def test_comment_rules_and_the_email_signature_load(tmp_path: Path) -> None:
    data = {**BASE, "voice": {**BASE["voice"], "email_signature": "Maya & the team\nmossa.example"},
            "comments": {"public_reply": "Sent you a DM 💌", "ignore_words": ["crypto"], "ignore_links": True,
                         "keywords": [{"keyword": "SIZE", "reply": "Our size guide: …", "posts": ["p-1"],
                                       "limit_per_person": 2}]}}

    bot = load_bot(_write_bot(tmp_path, data))

    assert bot.voice.email_signature == "Maya & the team\nmossa.example"
    assert bot.comments.public_reply == "Sent you a DM 💌"
    assert bot.comments.ignore_words == ("crypto",)
    assert bot.comments.ignore_links
    [rule] = bot.comments.keywords
    assert (rule.keyword, rule.reply, rule.posts, rule.limit_per_person) == ("SIZE", "Our size guide: …", ("p-1",), 2)


def test_a_keyword_rule_without_a_reply_names_the_field(tmp_path: Path) -> None:
    data = {**BASE, "comments": {"keywords": [{"keyword": "SIZE"}]}}

    with pytest.raises(BotFileError, match=r"comments\.keywords\[0\]\.reply|comments\.keywords\.0\.reply"):
        load_bot(_write_bot(tmp_path, data))
