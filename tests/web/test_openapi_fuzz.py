"""Schemathesis against the app's own OpenAPI document: every operation, with data that fits the schema
and data that does not, must never get a 5xx, and every response must be one the document declares (status
code, content type and body schema). The app runs for real (uvicorn on 127.0.0.1, its own
lifespan and store); the run is bounded by ``max_examples`` so the file stays well under a minute."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode
from tests._shop import with_index, write_test_bot

from warmline.config import Settings
from warmline.web import create_app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, test_shop_index: Path) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("openapi")
    app = create_app(Settings(bot=write_test_bot(root), data_dir=with_index(root / "data", test_shop_index),
                              database_url=f"sqlite:///{root / 'warmline.sqlite3'}",
                              rate_limit_per_source=0, rate_limit_per_customer=0))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, name="openapi-fuzz-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # a bound on start-up (indexing the knowledge), not a measurement
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app under test did not start")
        time.sleep(0.05)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    yield f"http://{host}:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def operations(base_url: str) -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_answers_with_a_server_error(base_url: str, mode: GenerationMode) -> None:
    found = operations(base_url)
    assert {"POST /api/v1/messages", "PUT /api/v1/customers/{customer_id}",
            "POST /api/v1/staff/conversations/{conversation_id}/reply"} <= {op.label for op in found}
    fuzzed: set[str] = set()
    for operation in found:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=8, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        def run(case: schemathesis.Case) -> None:
            response = case.call(base_url=base_url)
            assert response.status_code < 500, (case.method, case.formatted_path, case.body, response.text[:300])
            # Every answer is one the document declares, in the shape it declares (issue 17).
            case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                                     content_type_conformance, response_schema_conformance])

        try:
            run()
        except Unsatisfiable:  # nothing to make invalid (no parameters, no body): the positive run covers it
            assert mode is GenerationMode.NEGATIVE
            continue
        fuzzed.add(operation.label)
    assert {"POST /api/v1/messages", "PUT /api/v1/customers/{customer_id}"} <= fuzzed
