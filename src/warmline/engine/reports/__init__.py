"""The owner's figures: outcomes, waits, promises, likes and unanswered questions over a period."""

from .figures import EtaAccuracy, Figures, compute_figures
from .period import Period, parse_period

__all__ = ["EtaAccuracy", "Figures", "Period", "compute_figures", "parse_period"]
