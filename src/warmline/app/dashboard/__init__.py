"""The owner's dashboard: figures from the store's activity report, drawn as server-side SVG charts."""

from .figures import Figures, compute_figures
from .period import Period, parse_period

__all__ = ["Figures", "Period", "compute_figures", "parse_period"]
