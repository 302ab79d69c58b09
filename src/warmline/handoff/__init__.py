"""Handoff: route to a named person on shift, tell the customer who and when, and brief the person."""

from ._announce import announce
from ._context import HandoffContext, build_context, order_lines
from ._routing import Routing, route

__all__ = ["HandoffContext", "Routing", "announce", "build_context", "order_lines", "route"]
