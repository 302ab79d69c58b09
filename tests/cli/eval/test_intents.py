"""`warmline eval intents` core: HINT3 metrics through the real knowledge-base search path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from warmline.cli import app as cli_app
from warmline.cli.eval.intents import (
    OUT_OF_SCOPE,
    IntentEvalResult,
    _write_knowledge,
    evaluate_intents,
    format_intent_result,
    label_as_answer,
    read_intents,
    searcher,
)
from warmline.domain import ValidationError
from warmline.knowledge import KnowledgeBase

INTENTS = {
    "HOURS": ["what are your opening hours", "when are you open", "what time do you close",
              "are you open on saturday", "opening times please", "when does the shop open"],
    "SHIPPING_COST": ["how much is shipping", "delivery cost", "do you charge for delivery",
                      "is shipping free", "what does postage cost", "shipping fee"],
    "RETURNS": ["how do I return an item", "return policy", "can I send it back",
                "I want to return my order", "how do returns work", "refund for a return"],
    "PAYMENT": ["what payment methods do you accept", "can I pay with paypal", "do you take credit cards",
                "payment options", "can I pay by invoice", "do you accept apple pay"],
    "SIZES": ["what sizes do the sheets come in", "do you have king size", "sheet dimensions",
              "bed linen sizes", "is there a single size", "what size is the duvet cover"],
}
TEST = [
    ("when do you open tomorrow", "HOURS"),
    ("how much does delivery cost", "SHIPPING_COST"),
    ("I'd like to send my order back", "RETURNS"),
    ("can I pay with mastercard", "PAYMENT"),
    ("do you sell queen size sheets", "SIZES"),
    ("what's the weather in berlin", OUT_OF_SCOPE),
    ("who won the football match", OUT_OF_SCOPE),
    ("recommend me a pizza place", OUT_OF_SCOPE),
]


def write_csv(path: Path, rows: list[tuple[str, str]], *, extra_column: bool = False) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sentence", "label", ""] if extra_column else ["sentence", "label"])
        writer.writerows([(*row, "") if extra_column else row for row in rows])
    return path


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> IntentEvalResult:
    root = tmp_path_factory.mktemp("eval")
    train = write_csv(root / "train.csv", [(s, label) for label, ss in INTENTS.items() for s in ss],
                      extra_column=True)  # powerplay11's CSV has a trailing empty column
    test = write_csv(root / "test.csv", TEST)
    return evaluate_intents(train=train, test=test, work_dir=root)


def test_counts_and_ranges(result: IntentEvalResult) -> None:
    assert (result.n, result.n_inscope, result.n_oos, result.intents) == (8, 5, 3, 5)
    assert result.tuned
    for value in (result.accuracy, result.inscope_accuracy, result.oos_recall):
        assert value is not None
        assert 0.0 <= value <= 1.0
    assert -1.0 <= result.mcc <= 1.0
    assert result.ms_per_query > 0


def test_small_clear_faq_is_answered_and_unrelated_questions_are_refused(result: IntentEvalResult) -> None:
    assert result.inscope_accuracy is not None
    assert result.oos_recall is not None
    assert result.inscope_accuracy >= 0.8
    assert result.oos_recall >= 2 / 3
    assert result.mcc > 0.5


def test_metrics_follow_the_hint3_definitions(result: IntentEvalResult) -> None:
    assert result.inscope_accuracy is not None
    assert result.oos_recall is not None
    # Accuracy is the in-scope and out-of-scope hits together.
    hits = result.inscope_accuracy * result.n_inscope + result.oos_recall * result.n_oos
    assert result.accuracy == pytest.approx(hits / result.n)


def test_json_and_table(result: IntentEvalResult) -> None:
    data = result.as_json()
    assert {"accuracy", "inscope_accuracy", "oos_recall", "mcc", "ms_per_query"} <= set(data)
    assert data["mcc"] == result.mcc
    table = format_intent_result(result)
    assert "MCC" in table
    assert f"{result.mcc:.3f}" in table
    assert "out-of-scope recall" in table


def test_bad_csv_names_the_file_and_the_expected_header(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("text,intent\nhi,GREETING\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="sentence,label"):
        read_intents(bad)
    with pytest.raises(ValidationError, match="readable"):
        read_intents(tmp_path / "missing.csv")


def test_the_share_to_answer_never_raises_the_threshold(tmp_path: Path,
                                                                 result: IntentEvalResult) -> None:
    train = write_csv(tmp_path / "train.csv", [(s, label) for label, ss in INTENTS.items() for s in ss])
    test = write_csv(tmp_path / "test.csv", TEST)
    by_mcc = evaluate_intents(train=train, test=test, work_dir=tmp_path, answer_at_least=0.0)
    every_phrasing = evaluate_intents(train=train, test=test, work_dir=tmp_path, answer_at_least=1.0)
    # This small FAQ's held-out phrasings all clear the MCC threshold already: the floor never raises it.
    assert every_phrasing.threshold <= by_mcc.threshold
    assert result.threshold <= by_mcc.threshold
    assert every_phrasing.inscope_accuracy == by_mcc.inscope_accuracy == 1.0


def test_the_command_refuses_a_share_above_one(tmp_path: Path) -> None:
    train = write_csv(tmp_path / "train.csv", [(s, label) for label, ss in INTENTS.items() for s in ss])
    outcome = CliRunner().invoke(cli_app, ["eval", "intents", "--train", str(train), "--test", str(train),
                                           "--answer-at-least", "1.5"])
    assert outcome.exit_code != 0
    assert "answer-at-least" in outcome.output


@pytest.mark.parametrize(("label", "answer"), [
    ("CHECK_WALLET_BALANCE", "[check wallet balance]"),
    ("card_arrival", "[card arrival]"),
    ("100_NIGHT_TRIAL_OFFER", "[100 night trial offer]"),
])
def test_an_intents_answer_is_its_label_in_words(label: str, answer: str) -> None:
    assert label_as_answer(label) == answer


def test_each_intent_is_one_entry_whose_answer_names_it(tmp_path: Path) -> None:
    _write_knowledge([("where is my card", "card_arrival"), ("card still not here", "card_arrival"),
                      ("what is the weather", OUT_OF_SCOPE)], tmp_path)
    written = yaml.safe_load((tmp_path / "intents.yaml").read_text(encoding="utf-8"))
    assert written["entries"] == [{"question": "where is my card", "answer": "[card arrival]",
                                   "phrasings": ["card still not here"], "tags": ["card_arrival"]}]


@pytest.fixture(scope="module")
def intents_bot(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("intents-bot")
    train = write_csv(root / "train.csv", [(s, label) for label, ss in INTENTS.items() for s in ss])
    _write_knowledge(read_intents(train), root / "knowledge")
    kb = KnowledgeBase(bot_name="intents", knowledge_dir=root / "knowledge", index_dir=root / "index")
    kb.ingest()
    return kb


def test_read_as_a_turn_small_talk_is_not_searched_and_misspellings_are_read(intents_bot: KnowledgeBase) -> None:
    by_search, as_a_turn = searcher(intents_bot), searcher(intents_bot, as_a_turn=True)
    assert by_search("thanks a lot!") is not None
    assert as_a_turn("thanks a lot!") is None  # a turn answers it as small talk, never with an entry
    misspelt = "what does postage cots"
    read = as_a_turn(misspelt)
    assert read is not None
    assert read.searched == "what does postage cost"
    assert by_search(misspelt).searched in (None, misspelt)  # type: ignore[union-attr]


def test_the_command_reads_as_a_turn_when_asked(tmp_path: Path) -> None:
    train = write_csv(tmp_path / "train.csv", [(s, label) for label, ss in INTENTS.items() for s in ss])
    test = write_csv(tmp_path / "test.csv", [*TEST, ("thank you so much!", OUT_OF_SCOPE)])
    outcome = CliRunner().invoke(cli_app, ["eval", "intents", "--train", str(train), "--test", str(test),
                                           "--as-a-turn", "--json"])
    assert outcome.exit_code == 0, outcome.output
    figures = json.loads(outcome.output)
    assert figures["as_a_turn"] is True
    assert figures["n"] == len(TEST) + 1
