"""open_knowledge: the bot file's knowledge thresholds reach the index it builds."""

from __future__ import annotations

from pathlib import Path

import yaml
from tests._shop import write_test_bot

from warmline.config.botfile import load_bot
from warmline.config.settings import Settings
from warmline.runtime.services import open_knowledge


def _with_answer_share(bot_file: Path, share: float) -> Path:
    spec = yaml.safe_load(bot_file.read_text(encoding="utf-8"))
    spec.setdefault("thresholds", {})["answer_at_least"] = share
    bot_file.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return bot_file


def test_the_share_to_answer_in_the_bot_file_sets_how_low_the_tuned_threshold_may_go(tmp_path: Path) -> None:
    thresholds = {}
    for share in (0.0, 1.0):  # 0: the threshold tuned by cross-validation; 1: lowered to answer every phrasing
        root = tmp_path / str(share)
        bot_file = _with_answer_share(write_test_bot(root), share)
        settings = Settings(bot=bot_file, data_dir=root / "data")
        knowledge = open_knowledge(settings, load_bot(bot_file))
        thresholds[share] = knowledge.threshold
    assert thresholds[1.0] is not None
    assert thresholds[0.0] is not None
    assert thresholds[1.0] < thresholds[0.0]
