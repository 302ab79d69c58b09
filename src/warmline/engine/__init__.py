"""The use cases, one room per story: a customer's message (``engine.customer``) and the staff side."""
