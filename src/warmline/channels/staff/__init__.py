"""Staff-facing channels (Slack)."""
