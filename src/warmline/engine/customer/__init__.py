"""One customer message, from arrival to delivered replies.

``pipeline`` decides (store first, identify, relay to a person or let the bot answer / clarify / delay /
hand off); ``intake`` reads what was sent (choices, contact details, unreadable content); ``feedback``
takes the answer to "did you like it?"; ``outbound`` stores and announces replies; ``delivery`` sends
the outbox to the platforms with retries; ``ordering`` keeps one customer's messages in order.
"""
