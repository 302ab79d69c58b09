"""Knowledge through a Chroma server (``WARMLINE_CHROMA_URL``): a real ``chroma run`` on 127.0.0.1.

Ingest puts the vectors in the server (nothing in the local ``chroma`` folder); a second knowledge
base, as another worker would open it, searches the same vectors; a re-ingest embeds nothing again.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
import yaml
from tests._processes import stop_process

from warmline.knowledge import KnowledgeBase

FAQ = yaml.safe_dump({"entries": [
    {"question": "How long does shipping take?", "answer": "Orders ship within 1 business day.",
     "phrasings": ["when will my order arrive", "delivery time", "how fast do you ship"]},
    {"question": "Can I return an item?", "answer": "Yes, within 30 days, and the return label is free.",
     "phrasings": ["how do returns work", "can I send it back", "refund for something I don't want"]},
    {"question": "What payment methods do you accept?", "answer": "Visa, Mastercard, PayPal and Klarna.",
     "phrasings": ["can I pay with paypal", "payment options", "do you take credit cards"]},
    {"question": "What are your opening hours?", "answer": "Tuesday to Saturday, 10:00 to 17:00.",
     "phrasings": ["when are you open", "opening times", "can I visit the studio"]},
]})
START_TIMEOUT_S = 60.0


def _chroma_program() -> str:
    beside_python = Path(sys.executable).with_name("chroma")
    found = str(beside_python) if beside_python.is_file() else shutil.which("chroma")
    if found is None:
        pytest.fail("the `chroma` program (from the chromadb package) is not installed", pytrace=False)
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server for this module, stopped afterwards."""
    data = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with (data / "server.log").open("wb") as log:
        server = subprocess.Popen([_chroma_program(), "run", "--host", "127.0.0.1", "--port", str(port),
                                   "--path", str(data / "db")], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while server.poll() is None and time.monotonic() < deadline and not _up(url):
            time.sleep(0.1)
        if not _up(url):
            pytest.fail(f"chroma run did not start:\n{(data / 'server.log').read_text(errors='replace')[-2000:]}",
                        pytrace=False)
        yield url
    finally:
        stop_process(server, timeout=15)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "faq.yaml").write_text(FAQ, encoding="utf-8")
    return knowledge


def test_ingest_and_search_go_through_the_server(chroma_url: str, folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    base = KnowledgeBase(bot_name="served-shop", knowledge_dir=folder, index_dir=index, chroma_url=chroma_url)
    report = base.ingest()
    assert report.passages == 4
    assert not (index / "chroma").exists()  # nothing embedded locally: the vectors live in the server

    port = int(chroma_url.rsplit(":", 1)[1])
    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    collections = [c for c in client.list_collections() if "served-shop" in c.name]
    assert len(collections) == 1
    assert collections[0].count() == report.keys

    # Another worker opens the same index (its state files, the server's vectors) and answers alike.
    other = KnowledgeBase(bot_name="served-shop", knowledge_dir=folder, index_dir=index, chroma_url=chroma_url)
    other.load()
    for kb in (base, other):
        hit = kb.search("how fast do you ship?")
        assert hit.in_scope
        assert hit.candidates[0].passage.question == "How long does shipping take?"
    assert not other.search("do you repair bicycles?").in_scope

    again = base.ingest()
    assert again.embedded == 0  # the server still had every vector: nothing embedded twice
    assert again.unchanged == 4
