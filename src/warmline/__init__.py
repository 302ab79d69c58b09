"""Warmline: a self-hosted customer conversation assistant."""

__version__ = "0.1.0"
__all__ = ["__version__"]
