"""The steps of one turn once the pipeline has stored the message and knows the bot must speak.

``result`` is what a turn returns; ``replying`` records and sends a decided reply (or the bot's silence);
``handing_off`` routes a case to a named person and queues it; ``responding`` runs the chain a customer
message goes through (a warm close, small talk, an order question, then knowledge) and ``knowledge_step``
is that chain's last link: retrieve, score the signals, let the policy decide, compose, route.
"""

from warmline.engine.customer.turn.handing_off import HandOff
from warmline.engine.customer.turn.knowledge_step import KnowledgeStep
from warmline.engine.customer.turn.replying import Replier
from warmline.engine.customer.turn.responding import Responder
from warmline.engine.customer.turn.result import HISTORY_FOR_SIGNALS, MessageIdTaken, StoredUnanswered, TurnResult

__all__ = ["HISTORY_FOR_SIGNALS", "HandOff", "KnowledgeStep", "MessageIdTaken", "Replier", "Responder",
           "StoredUnanswered", "TurnResult"]
