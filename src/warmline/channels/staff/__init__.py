"""Staff-facing channels (Slack).

The SDK-free card types are re-exported here; ``warmline.channels.staff.slack`` (which imports
slack_bolt / slack_sdk) is imported only when Slack is configured.
"""

from ._slack_blocks import (
    SLACK_SOURCE_PREFIX,
    CardState,
    HandoffCard,
    RosterOption,
    SlackThread,
    TranscriptLine,
    card_blocks,
)

__all__ = ["SLACK_SOURCE_PREFIX", "CardState", "HandoffCard", "RosterOption", "SlackThread", "TranscriptLine",
           "card_blocks"]
