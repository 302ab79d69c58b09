"""Customer channels: one module per platform behind one interface, plus staff/ for Slack."""

from ._base import Capabilities, CustomerChannel, WebhookRequest, WebhookResult, numbered_choices, with_source

__all__ = ["Capabilities", "CustomerChannel", "WebhookRequest", "WebhookResult", "numbered_choices", "with_source"]
