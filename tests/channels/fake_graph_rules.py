"""What Meta's Graph API refuses, as its documentation describes it, for the local fake (``fake_graph``).

Each check returns ``None`` when the request is one the platform would accept, or the HTTP status and
the Graph error object it would answer with (``{"error": {"message", "type", "code", "fbtrace_id"}}``):

- the access token: missing (code 104) or not one the fake issued (code 190, ``OAuthException``), from the
  ``Authorization: Bearer`` header or the ``access_token`` query parameter;
- the path: a versioned ``/vNN.N/`` prefix, then one of the endpoints the channels use (code 2500 otherwise);
- the body: Send API (``/me/messages``: ``recipient`` with one of ``id``/``user_ref``/``comment_id``, and
  ``message`` with ``text`` of at most 2,000 characters and at most 13 quick replies of at most 20
  characters, or a ``sender_action``), WhatsApp Cloud API (``/{phone-number-id}/messages``:
  ``messaging_product: whatsapp``, ``to`` or ``recipient``, a ``type`` whose object is present, text of at
  most 4,096 characters) and comment replies (``/{comment-id}/comments|replies``: a ``message``) — code 100
  (``invalid parameter``) otherwise.

References: developers.facebook.com/docs/graph-api/guides/error-handling,
/docs/messenger-platform/reference/send-api, /docs/whatsapp/cloud-api/reference/messages.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Refusal", "check_request"]

_VERSIONED = re.compile(r"\A/v\d+\.\d+/(?P<rest>.+)\Z")
_NUMERIC = re.compile(r"\A\d+\Z")
_COMMENT_REPLY = re.compile(r"\A(?P<comment>[\w.-]+)/(?:comments|replies)\Z")
_SEND_RECIPIENT_KEYS = {"id", "user_ref", "comment_id", "post_id"}
_SENDER_ACTIONS = {"typing_on", "typing_off", "mark_seen"}
_MESSAGING_TYPES = {"RESPONSE", "UPDATE", "MESSAGE_TAG"}
_WHATSAPP_TYPES = {"text", "interactive", "template", "image", "document", "audio", "video", "sticker",
                   "location", "contacts", "reaction"}
MESSENGER_TEXT_LIMIT = 2000
WHATSAPP_TEXT_LIMIT = 4096
MAX_QUICK_REPLIES = 13
QUICK_REPLY_TITLE_LIMIT = 20


@dataclass(frozen=True)
class Refusal:
    """The status and Graph error body the platform answers a request it refuses with."""

    status: int
    code: int
    message: str
    kind: str = "OAuthException"

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "code": self.code, "fbtrace_id": "AFakeTrace"}}


def _bad_param(message: str) -> Refusal:
    return Refusal(400, 100, f"(#100) {message}")


def check_token(headers: Mapping[str, str], query: Mapping[str, str], tokens: Collection[str]) -> Refusal | None:
    """The token in the Authorization header or ``access_token`` query parameter must be one we issued."""
    auth = headers.get("authorization", "")
    token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else query.get("access_token", "")
    if not token:
        return Refusal(400, 104, "An access token is required to request this resource.")
    if token not in tokens:
        return Refusal(400, 190, "Invalid OAuth access token - Cannot parse access token")
    return None


def _check_send_api(body: Mapping[str, Any]) -> Refusal | None:
    target = body.get("recipient")
    if not isinstance(target, dict) or len(set(target) & _SEND_RECIPIENT_KEYS) != 1:
        return _bad_param("param recipient must be an object with one of id, user_ref or comment_id")
    if "messaging_type" in body and body["messaging_type"] not in _MESSAGING_TYPES:
        return _bad_param(f"param messaging_type must be one of {sorted(_MESSAGING_TYPES)}")
    if ("message" in body) == ("sender_action" in body):
        return _bad_param("exactly one of message or sender_action must be set")
    if "sender_action" in body:
        return None if body["sender_action"] in _SENDER_ACTIONS else _bad_param("param sender_action is invalid")
    message = body["message"]
    if not isinstance(message, dict) or not (isinstance(message.get("text"), str) or "attachment" in message):
        return _bad_param("param message must have text or an attachment")
    if len(message.get("text") or "") > MESSENGER_TEXT_LIMIT:
        return _bad_param(f"param message[text] must be UTF-8 encoded with at most {MESSENGER_TEXT_LIMIT} characters")
    quick = message.get("quick_replies", [])
    if not isinstance(quick, list) or len(quick) > MAX_QUICK_REPLIES:
        return _bad_param(f"param message[quick_replies] must be a list of at most {MAX_QUICK_REPLIES}")
    for item in quick:
        title = item.get("title", "") if isinstance(item, dict) else None
        if not isinstance(title, str) or len(title) > QUICK_REPLY_TITLE_LIMIT or not item.get("payload"):
            return _bad_param("each quick reply needs a title of at most 20 characters and a payload")
    return None


def _check_whatsapp(body: Mapping[str, Any]) -> Refusal | None:
    if body.get("messaging_product") != "whatsapp":
        return _bad_param("The parameter messaging_product is required.")
    if not isinstance(body.get("to") or body.get("recipient"), str):
        return _bad_param("The parameter to is required.")
    kind = body.get("type", "text")
    if kind not in _WHATSAPP_TYPES or not isinstance(body.get(kind), dict):
        return _bad_param(f"The parameter {kind} is required.")
    if kind == "text":
        text = body["text"].get("body")
        if not isinstance(text, str) or not text or len(text) > WHATSAPP_TEXT_LIMIT:
            return _bad_param(f"Param text['body'] must be at most {WHATSAPP_TEXT_LIMIT} characters long.")
    return None


def check_request(*, method: str, path: str, headers: Mapping[str, str], query: Mapping[str, str], body: Any,
                  tokens: Collection[str]) -> Refusal | None:
    """``None`` for a request the Graph API would accept; otherwise what it answers."""
    versioned = _VERSIONED.match(path)
    if versioned is None:
        return Refusal(400, 2500, f"Unknown path components: {path}")
    refused = check_token(headers, query, tokens)
    if refused is not None:
        return refused
    if method != "POST":
        return None  # the channels only read what they sent; reads are not checked beyond the token
    if not isinstance(body, dict):
        return _bad_param("the request body must be a JSON object")
    rest = versioned.group("rest")
    if rest == "me/messages":
        return _check_send_api(body)
    if rest.endswith("/messages") and _NUMERIC.match(rest.removesuffix("/messages")):
        return _check_whatsapp(body)
    if _COMMENT_REPLY.match(rest):
        return None if isinstance(body.get("message"), str) and body["message"] else _bad_param(
            "param message must be a non-empty string")
    return Refusal(400, 2500, f"Unknown path components: /{rest}")
