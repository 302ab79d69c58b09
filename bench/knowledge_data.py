"""Where the evaluation data sets live (read at run time, never copied into the repository)."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def datasets_dir() -> Path:
    """``$WARMLINE_DATASETS``, or ``../shared/datasets`` next to the repository."""
    path = Path(os.environ.get("WARMLINE_DATASETS", REPO.parent / "shared" / "datasets"))
    if not path.is_dir():
        raise SystemExit(f"datasets not found at {path}; set WARMLINE_DATASETS")
    return path


def intents_module() -> ModuleType:
    """``warmline.cli.eval.intents`` loaded on its own, without importing the whole app package."""
    import importlib.util

    path = REPO / "src" / "warmline" / "cli" / "eval" / "intents.py"
    spec = importlib.util.spec_from_file_location("warmline_eval_intents", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module
