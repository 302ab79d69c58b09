"""Same customer, different moments (DESIGN principle 5), on the demo shop's own knowledge as it is written
(its tags say ``products``, not ``product``): relaxed gets warmth and a fitting suggestion, hurried or upset
the shortest path and none."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from tests._clock import ManualClock
from tests._shop import with_index

from warmline.config import Settings
from warmline.domain import Action, InboundMessage, Mode
from warmline.runtime.services import Services

REPO = Path(__file__).resolve().parents[3]
DEMO_BOT = REPO / "bots" / "demo-shop.yaml"
DEMO_KNOWLEDGE = REPO / "knowledge" / "demo-shop"
QUESTION = "Can I put my merino jumper in the washing machine?"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, demo_shop_index: Path) -> Path:
    """The demo bot and its knowledge as shipped, copied with its index into a temporary folder."""
    root = tmp_path_factory.mktemp("demo-moments")
    with_index(root / "data", demo_shop_index)
    shutil.copytree(DEMO_KNOWLEDGE, root / "knowledge")
    spec = yaml.safe_load(DEMO_BOT.read_text(encoding="utf-8"))
    spec["knowledge"] = "knowledge"
    (root / "demo-shop.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture
async def demo(demo_dir: Path, tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    settings = Settings(bot=demo_dir / "demo-shop.yaml", data_dir=demo_dir / "data",
                        database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}")
    started = await Services.start(settings, clock=clock)
    yield started
    await started.stop()


async def _ask(services: Services, text: str, sender: str) -> tuple[Action, Mode, list[str], list[str]]:
    turn = await services.pipeline.handle(InboundMessage(channel="api", sender_id=sender, text=text,
                                                         sender_name="Lotte Visser"))
    return (turn.decision.action, turn.decision.mode, [r.text for r in turn.replies],
            [c for r in turn.replies for c in r.choices])


async def test_a_relaxed_customer_gets_a_warm_answer_and_a_suggestion_from_the_shops_products(
        demo: Services) -> None:
    action, mode, texts, choices = await _ask(demo, f"I love your mugs! {QUESTION}", "relaxed")

    assert action is Action.ANSWER
    assert mode is Mode.CONCIERGE
    assert texts[0].startswith("Hi Lotte!")
    assert len(texts) == 2
    assert texts[1].startswith("By the way")
    suggested = next(c for c in choices if c.endswith("?"))
    assert suggested.lower() not in texts[0].lower()  # something new, not the answer again
    # The suggested question is one the shop answers: tapping it gets that answer.
    follow = await demo.pipeline.handle(InboundMessage(channel="api", sender_id="relaxed", text=suggested))
    assert follow.decision.action is Action.ANSWER
    assert follow.decision.citations


@pytest.mark.parametrize("text", [
    f"Quick please, I'm in a hurry: {QUESTION}",
    f"I'm so annoyed, this is the second mug that cracked. {QUESTION}",
])
async def test_a_hurried_or_upset_customer_gets_the_shortest_path_and_no_suggestion(demo: Services,
                                                                                   text: str) -> None:
    _, mode, texts, choices = await _ask(demo, text, "hurried")

    assert mode is Mode.FAST_LANE
    assert not any(t.startswith("By the way") for t in texts)
    assert not any(t.startswith("Hi Lotte") for t in texts)
    assert all(not c.endswith("?") for c in choices)


async def test_a_relaxed_customer_writing_in_another_language_gets_no_english_aside(demo: Services) -> None:
    _, mode, texts, _ = await _ask(demo, "¡Me encantan vuestras tazas! ¿Cómo cuido mi cerámica?", "spanish")

    assert mode is Mode.CONCIERGE
    assert not any(t.startswith("By the way") for t in texts)
