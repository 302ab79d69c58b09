"""Frozen domain objects and the error tree; imports nothing else of Warmline."""

from ._activity import Activity, ConversationActivity, DecisionRecord, HandoffActivity
from ._bot import (
    LANGUAGES,
    LINE_KEYS,
    SENTENCE_KEYS,
    Bot,
    BusinessHours,
    CaseType,
    Phrasebook,
    Shift,
    StaffMember,
    Thresholds,
    Voice,
)
from ._comments import CommentRules, KeywordRule, PostComment
from ._conversation import Author, Citation, Conversation, ConversationState, Message
from ._customer import (
    ChannelIdentity,
    ConversationOrder,
    Customer,
    CustomerProfile,
    Order,
    OrderItem,
    OrderRules,
    OrderStage,
    Product,
    ProductVariant,
    normalize_order_number,
    normalize_phone,
)
from ._decision import Action, Assignee, Decision, Mode, Reply
from ._errors import (
    ConfigError,
    ConflictError,
    DeliveryError,
    KnowledgeError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    WarmlineError,
)
from ._feedback import Feedback
from ._handoff import Handoff, HandoffStatus, Promise, PromiseStatus
from ._history import FinishedCase
from ._ids import new_id
from ._knowledge import Passage, Retrieval, ScoredPassage
from ._messages import ContentKind, InboundMessage, OutboundMessage
from ._signals import Signal, SignalKind, Signals
from ._team import TeamSnapshot

__all__ = [
    "LANGUAGES",
    "LINE_KEYS",
    "SENTENCE_KEYS",
    "Action",
    "Activity",
    "Assignee",
    "Author",
    "Bot",
    "BusinessHours",
    "CaseType",
    "ChannelIdentity",
    "Citation",
    "CommentRules",
    "ConfigError",
    "ConflictError",
    "ContentKind",
    "Conversation",
    "ConversationActivity",
    "ConversationOrder",
    "ConversationState",
    "Customer",
    "CustomerProfile",
    "Decision",
    "DecisionRecord",
    "DeliveryError",
    "Feedback",
    "FinishedCase",
    "Handoff",
    "HandoffActivity",
    "HandoffStatus",
    "InboundMessage",
    "KeywordRule",
    "KnowledgeError",
    "Message",
    "Mode",
    "NotFoundError",
    "Order",
    "OrderItem",
    "OrderRules",
    "OrderStage",
    "OutboundMessage",
    "Passage",
    "PermissionDeniedError",
    "Phrasebook",
    "PostComment",
    "Product",
    "ProductVariant",
    "Promise",
    "PromiseStatus",
    "Reply",
    "Retrieval",
    "ScoredPassage",
    "Shift",
    "Signal",
    "SignalKind",
    "Signals",
    "StaffMember",
    "TeamSnapshot",
    "Thresholds",
    "ValidationError",
    "Voice",
    "WarmlineError",
    "new_id",
    "normalize_order_number",
    "normalize_phone",
]
