"""`warmline eval emotion|handoff`: the measuring code, on tiny data sets written in the test's folder.

The real data sets are used (and skipped when absent) only to check the loaders read every row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warmline.cli.eval.signals import (
    BinaryScores,
    datasets_dir,
    evaluate_emotion,
    evaluate_handoff,
    format_emotion,
    format_handoff,
    load_goemotions,
    load_handoff,
)
from warmline.domain import ConfigError

EMOTIONS = "admiration amusement anger annoyance approval caring confusion curiosity desire disappointment " \
           "disapproval disgust embarrassment excitement fear gratitude grief joy love nervousness optimism " \
           "pride realization relief remorse sadness surprise neutral"


def _write_datasets(root: Path) -> Path:
    goemotions = root / "goemotions"
    goemotions.mkdir(parents=True)
    (goemotions / "emotions.txt").write_text("\n".join(EMOTIONS.split()), encoding="utf-8")
    rows = [("This is absolutely ridiculous and useless!", "2"),       # anger
            ("I'm so annoyed, this is the worst", "3,9"),              # annoyance + disappointment
            ("Thanks, that's lovely", "15"),                           # gratitude
            ("What time is it in Tokyo?", "27")]                       # neutral
    (goemotions / "dev.tsv").write_text("".join(f"{t}\t{ids}\tid{i}\n" for i, (t, ids) in enumerate(rows)),
                                        encoding="utf-8")
    banking = root / "nlupp" / "data" / "banking"
    banking.mkdir(parents=True)
    (banking / "fold0.json").write_text(json.dumps([
        {"text": "Just let me talk to a real person", "intents": ["handoff"]},
        {"text": "How do I get a new pin?", "intents": ["pin", "new"]},
    ]), encoding="utf-8")
    bitext = root / "bitext_customer_support"
    bitext.mkdir()
    (bitext / "Bitext_Sample_Customer_Support_Training_Dataset.csv").write_text(
        "instruction,intent\n"
        "I want to talk to a human agent,contact_human_agent\n"
        "how do I track my order,track_order\n"
        "help me find the customer service hours,contact_customer_service\n", encoding="utf-8")
    hint3 = root / "hint3" / "v2" / "train"
    hint3.mkdir(parents=True)
    (hint3 / "shop.csv").write_text("sentence,label\nTalk to an agent,CHAT_WITH_AGENT\n"
                                    "You are useless and pathetic,CHAT_WITH_AGENT\n"
                                    "What sizes do you have,SIZES\n", encoding="utf-8")
    return root


def test_binary_scores() -> None:
    scores = BinaryScores.of([True, True, False, False], [True, False, True, False])
    assert (scores.precision, scores.recall, scores.f1, scores.accuracy) == (0.5, 0.5, 0.5, 0.5)
    assert BinaryScores.of([False], [False]).f1 == 0.0


def test_evaluate_emotion_on_a_tiny_set(tmp_path: Path) -> None:
    result = evaluate_emotion(root=_write_datasets(tmp_path))
    assert result.dataset == "goemotions/dev"
    assert result.scores.examples == 4
    assert result.scores.positives == 2
    assert result.scores.true_positives == 2  # both upset comments are caught
    assert [t for t, _ in result.sweep] == sorted(t for t, _ in result.sweep)
    data = result.as_json()
    assert data["scores"]["examples"] == 4
    assert json.loads(json.dumps(data)) == data
    assert "VADER alone" in format_emotion(result)


def test_evaluate_handoff_on_a_tiny_set(tmp_path: Path) -> None:
    result = evaluate_handoff(root=_write_datasets(tmp_path))
    assert result.scores.examples == 5
    assert result.scores.positives == 2
    assert result.scores.recall == 1.0
    assert result.scores.precision == 1.0
    assert dict(result.per_source)["nlupp"].examples == 2
    assert set(result.as_json()["per_source"]) == {"nlupp", "bitext"}
    assert "bitext" in format_handoff(result)
    real = dict(result.real_traffic)
    assert real["hint3 signal"].true_positives == 1  # "Talk to an agent"
    assert real["hint3 handoff"].true_positives == 2  # … and the angry one, through the emotion rule
    assert real["hint3 handoff"].predicted == 2


def test_threshold_changes_the_prediction(tmp_path: Path) -> None:
    root = _write_datasets(tmp_path)
    assert evaluate_emotion(root=root, threshold=1.01).scores.predicted == 0


def test_missing_data_set_names_the_path_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        evaluate_emotion(root=tmp_path / "nowhere")
    assert "WARMLINE_DATASETS" in str(caught.value)
    assert "nowhere" in str(caught.value)


def test_datasets_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WARMLINE_DATASETS", str(tmp_path))
    assert datasets_dir() == tmp_path
    assert datasets_dir(Path("/elsewhere")) == Path("/elsewhere")


REAL = datasets_dir()


@pytest.mark.skipif(not (REAL / "goemotions").exists(), reason="shared data sets not present")
def test_real_loaders_read_every_row() -> None:
    dev_lines = (REAL / "goemotions" / "dev.tsv").read_text(encoding="utf-8").count("\n")
    rows = load_goemotions(REAL)
    assert len(rows) == dev_lines
    assert 0 < sum(upset for _, upset in rows) < len(rows)
    handoff = load_handoff(REAL)
    assert {source for _, _, source in handoff} == {"nlupp", "bitext"}
    assert sum(wants for _, wants, _ in handoff) > 100
