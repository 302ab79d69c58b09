"""The staff side: what people do with handed-off conversations, and what keeps them honest.

``desk`` is every staff action (claim, reply, resolve, hand back, reassign, teach), shared by the inbox
and Slack; ``promises`` records promises and keeps them (nudges, broken-promise notices); ``rerouting``
moves unclaimed handoffs on; ``alerts`` tells staff what needs them; ``teaching`` turns an answer into
knowledge; ``slack_bridge`` and ``slack_cards`` carry cases to and from Slack threads.
"""
