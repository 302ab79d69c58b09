"""Staff-facing channels (Slack).

The SDK-free card types are re-exported here; ``warmline.channels.staff.slack`` (which imports
slack_bolt / slack_sdk) is imported only when Slack is configured.
"""

from ._slack_blocks import CardState, HandoffCard, RosterOption, SlackThread, TranscriptLine, card_blocks

__all__ = ["CardState", "HandoffCard", "RosterOption", "SlackThread", "TranscriptLine", "card_blocks"]
