"""Tests of the customer channel adapters (each against a local fake of its platform)."""
