"""The OpenAPI document matches what the app answers: one error shape, the status codes routes really
answer, and the admin token as a bearer security scheme."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from warmline.web.openapi import ERROR_SCHEMA


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def test_the_admin_token_is_a_bearer_scheme_on_the_api(document: dict[str, Any]) -> None:
    assert document["components"]["securitySchemes"]["adminToken"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"][
            "adminToken"]["description"]}
    assert document["paths"]["/api/v1/messages"]["post"]["security"] == [{"adminToken": []}]
    assert "security" not in document["paths"]["/healthz"]["get"]


def test_the_staff_side_declares_the_session_cookie_not_the_admin_token(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["staffSession"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "cookie", "warmline_staff")
    reply = document["paths"]["/api/v1/staff/conversations/{conversation_id}/reply"]["post"]
    assert reply["security"] == [{"staffSession": []}]
    assert {"401", "403"} <= set(reply["responses"])
    assert document["paths"]["/api/v1/dashboard"]["get"]["security"] == [{"staffSession": []}]


def test_every_error_response_is_the_one_error_shape(document: dict[str, Any]) -> None:
    text = json.dumps(document)
    assert "HTTPValidationError" not in text
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for code, response in operation.get("responses", {}).items():
                if code.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, code)


@pytest.mark.parametrize(("path", "method", "codes"), [
    ("/api/v1/messages", "post", {"401", "409", "413", "422", "429"}),
    ("/api/v1/customers/{customer_id}", "get", {"401", "404", "422", "429"}),
    ("/webhooks/telegram", "post", {"403", "413", "422", "429"}),
])
def test_the_status_codes_routes_answer_are_declared(document: dict[str, Any], path: str, method: str,
                                                     codes: set[str]) -> None:
    assert codes <= set(document["paths"][path][method]["responses"])


@pytest.mark.parametrize("body", [
    {"customer_id": "c-1", "text": "hi", "channel": "telegram"},
    {"customer_id": "c-1"},
    {"customer_id": "c-1", "text": "x" * 4001},
])
def test_a_422_body_matches_the_documented_error_schema(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/v1/messages", json=body)

    assert response.status_code == 422
    jsonschema.validate(response.json(), ERROR_SCHEMA)
