"""One customer message, from arrival to delivered replies.

``pipeline`` decides (store first, identify, relay to a person or let the bot answer / clarify / delay /
hand off, through the steps in ``turn/``); ``intake`` reads what was sent (choices, contact details,
unreadable content); ``feedback`` takes the answer to "did you like it?"; ``outbound`` stores and
announces replies; ``delivery`` sends the outbox to the platforms with retries; ``ordering`` keeps one
customer's messages in order; ``order_answers`` answers order and stock questions from the shop's own
data (verified customers only) and ``order_book`` takes orders and products in from the shop's systems.
"""
