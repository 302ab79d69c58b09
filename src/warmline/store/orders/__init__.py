"""The orders part of the SQL store: orders, products and the order a conversation is about."""

from ._models import ConversationOrderRow, OrderRow, ProductRow
from ._repository import OrderRepository

__all__ = ["ConversationOrderRow", "OrderRepository", "OrderRow", "ProductRow"]
