"""Tests of the staff channels (Slack)."""
