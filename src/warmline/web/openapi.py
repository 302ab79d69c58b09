"""The OpenAPI document says what the app really answers: its error shape, its status codes, its security.

FastAPI documents a 422 as its own ``{"detail": [{"loc", "msg", "type"}]}``, while every error here is
``{"detail": {"error": …, "field"?: …, "expected"?: …}}`` (the 422's also lists ``errors``, a 429's names
``limit`` and ``setting``); it documents no 401, 404, 409, 413 or 429, though routes answer them. This
rewrites the generated document once: every error response refers to one ``Error`` schema, and each
operation declares the codes its routes can answer. The admin token is the ``adminToken`` bearer scheme,
declared by ``require_admin`` itself (``routes/_deps.py``); the staff side (inbox API, dashboard) declares
the ``staffSession`` cookie scheme instead.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

__all__ = ["ERROR_SCHEMA", "install_openapi"]

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "What is wrong, in words."},
            "field": {"type": "string", "description": "The field (or header) at fault."},
            "expected": {"type": "string", "description": "What would have been accepted."},
            "errors": {"type": "array", "description": "Every invalid field (422).", "items": {
                "type": "object", "properties": {"field": {"type": "string"}, "error": {"type": "string"}}}},
        },
        "additionalProperties": True,
    }},
}
_REF = {"$ref": "#/components/schemas/Error"}
_WHY = {
    "400": "The body could not be read (e.g. not UTF-8).",
    "401": "Missing or wrong admin token (`Authorization: Bearer <WARMLINE_ADMIN_TOKEN>`), or, on the staff "
           "side, not signed in.",
    "403": "Not allowed: a signature or token that does not check out, or a staff action not theirs to take.",
    "404": "No such resource (or, on a webhook, that channel is not configured).",
    "409": "Conflicts with the current state (e.g. a message id already used by another customer).",
    "413": "The body is over `WARMLINE_MAX_BODY_BYTES`.",
    "422": "Invalid input: the field and what was expected.",
    "429": "Over a rate limit (see `Retry-After`); nothing was stored.",
}
_METHODS = ("get", "put", "post", "delete", "patch")
_STAFF_SIDE = ("/api/v1/staff/", "/api/v1/dashboard")
_STAFF_SESSION = {"type": "apiKey", "in": "cookie", "name": "warmline_staff",
                  "description": "A signed-in staff member's session (POST /staff/signin); state-changing "
                                 "requests also send the session's CSRF token in X-CSRF-Token."}


def _codes(path: str, method: str, operation: dict[str, Any]) -> set[str]:
    codes = {code for code in operation.get("responses", {}) if code.startswith("4")}
    if operation.get("security"):
        codes.add("401")
    if "requestBody" in operation:
        codes |= {"400", "413", "422"}
    if "{" in path:
        codes |= {"404", "422"}
    if path.startswith("/api/"):
        codes.add("429")
        if method in ("put", "post"):
            codes.add("409")
    if path.startswith(_STAFF_SIDE):
        codes |= {"401", "403"}  # not signed in; a wrong CSRF token, a role or a case that is not theirs
    if path.startswith(("/webhooks/", "/slack/")):  # 404: that channel is not configured
        codes |= {"403", "404", "422", "429"}
        if method == "post":  # they read the raw body themselves
            codes |= {"400", "413"}
    if path.startswith("/slack/"):
        codes.add("401")  # Slack's signature
    return codes


def _document(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["Error"] = ERROR_SCHEMA
    document["components"].setdefault("securitySchemes", {})["staffSession"] = _STAFF_SESSION
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            if path.startswith(_STAFF_SIDE):
                operation["security"] = [{"staffSession": []}]
            responses = operation.setdefault("responses", {})
            for code in _codes(path, method, operation):
                described = responses.get(code, {}).get("description") or _WHY.get(code, "Refused.")
                responses[code] = {"description": described, "content": {"application/json": {"schema": _REF}}}
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the rewritten document at ``/openapi.json`` (built once, on first request)."""
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
