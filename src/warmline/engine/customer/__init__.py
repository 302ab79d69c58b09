"""Use cases of a customer's message: orders answered from the shop's own data, and orders taken in."""

from .order_answers import OrderAnswers
from .order_book import OrderBook

__all__ = ["OrderAnswers", "OrderBook"]
