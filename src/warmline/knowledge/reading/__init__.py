"""Reading a customer's message against the knowledge base: its language, typos, the questions before it,
two questions in one, and the answer composed from the sentences that address it (``Reader``)."""

from ._reader import Reader, is_follow_up

__all__ = ["Reader", "is_follow_up"]
