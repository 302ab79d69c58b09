"""Offline evaluations behind `warmline eval …` (each module is one evaluation)."""
