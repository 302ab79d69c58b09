"""The use cases: what Warmline does with a customer's message and with a staff member's action.

``customer/`` is one customer message's story (the pipeline that decides, intake of what was sent,
feedback after a close, outbound replies and their delivery, one customer at a time); ``staff/`` is the
staff side (the desk's claim / reply / resolve / hand back, the promise keeper, re-routing unclaimed
handoffs, alerts, teaching, the Slack bridge); ``reports/`` computes the owner's figures. ``events``
is the publish/subscribe interface the use cases announce changes on, and ``ports`` the other small
interfaces the running process provides. No web framework and no command line here.
"""
