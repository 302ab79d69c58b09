"""How an answer sounds: the policy-speak and process language no customer should ever read."""

from ._policy_speak import POLICY_SPEAK_PATTERNS, policy_speak

__all__ = ["POLICY_SPEAK_PATTERNS", "policy_speak"]
