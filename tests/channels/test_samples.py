"""Every real-shaped payload in ``samples/`` is read by its channel's own parser as the platform meant it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

from warmline.channels.meta import MetaWebhook
from warmline.channels.telegram import parse_update, update_from_json

from .fake_graph import signed_request

SAMPLES = sorted((Path(__file__).parent / "samples").glob("*.json"))
SECRET = "samples-app-secret"


async def read(sample: dict[str, Any]) -> list[tuple[str, str]]:
    body = json.dumps(sample["payload"]).encode()
    if sample["channel"] == "telegram":
        parsed = parse_update(update_from_json(body, Bot(token="123456:samples")))
        return [(m.sender_id, m.text) for m in parsed.messages]
    result = await MetaWebhook(app_secret=SECRET, verify_token="v").handle_webhook(signed_request(SECRET, body))
    assert result.status_code == 200
    return [(m.sender_id, m.text) for m in result.messages]


def test_there_is_a_sample_for_every_channel() -> None:
    names = {path.name.split("_")[0] for path in SAMPLES}
    assert {"messenger", "instagram", "whatsapp", "telegram"} <= names


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
async def test_a_platform_sample_is_read_as_its_messages(path: Path) -> None:
    sample = json.loads(await asyncio.to_thread(path.read_text, encoding="utf-8"))

    messages = await read(sample)

    assert messages == [(m["sender_id"], m["text"]) for m in sample["expect"]]
