"""A small, honest stand-in for the sentence model: hashed bag of words, L2-normalised.

Texts sharing words get close vectors, texts sharing none are orthogonal (up to hash collisions), which is
all the example classifier needs to be tested without loading the ONNX model.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

_DIMENSION = 512


def bag_of_words(texts: Sequence[str]) -> np.ndarray:
    """One unit vector per text."""
    out = np.zeros((len(texts), _DIMENSION), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.lower()):
            out[row, zlib.crc32(word.encode()) % _DIMENSION] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.clip(norms, 1e-9, None)
