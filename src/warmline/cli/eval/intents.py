"""`warmline eval intents`: HINT3-style intent evaluation through the real knowledge-base search path.

The train CSV (``sentence,label``) becomes a temporary bot whose FAQ has one entry per label (its
sentences are the phrasings, the label in words its answer); every test sentence goes through
``KnowledgeBase.search``. As in the HINT3 paper, the label ``NO_NODES_DETECTED`` means out of scope, and
"no answer" (``in_scope`` False) counts as predicting it; MCC is multi-class over all labels including it.
``as_a_turn`` reads each test sentence as a conversation turn reads an English message instead
(``searcher``).
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from warmline.domain import Retrieval, Thresholds, ValidationError
from warmline.knowledge import KnowledgeBase, Reader
from warmline.signals import small_talk

__all__ = ["OUT_OF_SCOPE", "IntentEvalResult", "evaluate_intents", "format_intent_result", "label_as_answer",
           "read_intents", "searcher"]

OUT_OF_SCOPE = "NO_NODES_DETECTED"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntentEvalResult:
    """HINT3 metrics of one train/test pair."""

    accuracy: float
    inscope_accuracy: float | None
    oos_recall: float | None
    mcc: float
    ms_per_query: float
    n: int
    n_inscope: int
    n_oos: int
    intents: int
    threshold: float
    tuned: bool
    ingest_seconds: float
    as_a_turn: bool = False

    def as_json(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict (keys: accuracy, inscope_accuracy, oos_recall, mcc, …)."""
        return asdict(self)


def read_intents(path: Path) -> list[tuple[str, str]]:
    """(sentence, label) pairs of a HINT3-style CSV; extra columns are ignored."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            if "sentence" not in fields or "label" not in fields:
                raise ValidationError("the header must contain sentence,label", field=str(path),
                                      expected="a CSV with columns sentence,label")
            reader.fieldnames = fields
            return [(row["sentence"].strip(), row["label"].strip()) for row in reader
                    if (row.get("sentence") or "").strip() and (row.get("label") or "").strip()]
    except OSError as exc:
        raise ValidationError(f"cannot read the file ({exc.strerror})", field=str(path),
                              expected="a readable CSV file") from exc


def label_as_answer(label: str) -> str:
    """What stands for an intent's answer in its FAQ entry: the label in words ("[check wallet balance]").

    An answer is searched like the shop's own words (``KeyKind.ANSWER``), so the intent's name helps find it. On
    the grouped HINT3 v1 folds (``bench/knowledge_hint3_search.py``) the label in words gave MCC .647 / .584 /
    .385 against .637 / .575 / .384 for the label as written ("[CHECK_WALLET_BALANCE]").
    """
    return "[" + " ".join(label.replace("_", " ").split()).lower() + "]"


def _write_knowledge(pairs: list[tuple[str, str]], folder: Path) -> None:
    by_label: dict[str, list[str]] = {}
    for sentence, label in pairs:
        if label != OUT_OF_SCOPE:
            by_label.setdefault(label, []).append(sentence)
    entries = [{"question": sentences[0], "answer": label_as_answer(label), "phrasings": sentences[1:],
                "tags": [label]} for label, sentences in by_label.items()]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "intents.yaml").write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True),
                                         encoding="utf-8")


def searcher(knowledge: KnowledgeBase, *, as_a_turn: bool = False) -> Callable[[str], Retrieval | None]:
    """How a test sentence is read: a bare ``search``, or (``as_a_turn``) as a conversation turn reads an
    English message: small talk is never searched (``None``), the rest goes through ``Reader`` (a misspelt
    word read as the knowledge's own, the bar on words the knowledge never uses, two questions in one)."""
    if not as_a_turn:
        return lambda text: knowledge.search(text, k=2)
    reader = Reader(knowledge)
    return lambda text: None if small_talk(text) else reader.read(text, language="en")


def evaluate_intents(*, train: Path, test: Path, work_dir: Path | None = None,
                     near_duplicate: float | None = None,
                     accept_inscope: float | None = None,
                     answer_at_least: float = Thresholds().answer_at_least,
                     as_a_turn: bool = False) -> IntentEvalResult:
    """Ingest the train CSV as a bot, run every test sentence through search, and score it.

    ``near_duplicate``: tune with near-duplicate phrasings held out together (``KnowledgeBase``);
    ``accept_inscope``: pick the threshold that this share of held-out answerable questions clears;
    ``answer_at_least``: lower the threshold until this share of them clears it (as the bot file's);
    ``as_a_turn``: read each sentence as a conversation turn does (``searcher``).
    """
    from sklearn.metrics import matthews_corrcoef

    train_pairs, test_pairs = read_intents(train), read_intents(test)
    if not train_pairs or not test_pairs:
        raise ValidationError("no sentence,label rows", field=str(train if not train_pairs else test),
                              expected="at least one labelled sentence")
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        root = Path(tmp)
        _write_knowledge(train_pairs, root / "knowledge")
        kb = KnowledgeBase(bot_name="intent-eval", knowledge_dir=root / "knowledge",
                           index_dir=root / "index", near_duplicate=near_duplicate,
                           accept_inscope=accept_inscope, answer_at_least=answer_at_least)
        report = kb.ingest()
        truth, predicted = [], []
        search = searcher(kb, as_a_turn=as_a_turn)
        started = time.perf_counter()
        for sentence, label in test_pairs:
            retrieval = search(sentence)
            best = retrieval.best if retrieval else None
            predicted.append(best.passage.tags[0] if retrieval and retrieval.in_scope and best else OUT_OF_SCOPE)
            truth.append(label)
        elapsed = time.perf_counter() - started
    inscope = [(t, p) for t, p in zip(truth, predicted, strict=True) if t != OUT_OF_SCOPE]
    oos = [p for t, p in zip(truth, predicted, strict=True) if t == OUT_OF_SCOPE]
    return IntentEvalResult(
        accuracy=sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth),
        inscope_accuracy=sum(t == p for t, p in inscope) / len(inscope) if inscope else None,
        oos_recall=sum(p == OUT_OF_SCOPE for p in oos) / len(oos) if oos else None,
        mcc=float(matthews_corrcoef(truth, predicted)), ms_per_query=1000 * elapsed / len(truth),
        n=len(truth), n_inscope=len(inscope), n_oos=len(oos),
        intents=len({label for _, label in train_pairs if label != OUT_OF_SCOPE}),
        threshold=report.threshold, tuned=report.tuned, ingest_seconds=report.seconds, as_a_turn=as_a_turn)


def format_intent_result(result: IntentEvalResult) -> str:
    """A small human-readable table."""
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{100 * value:.1f}%"

    rows = [
        ("accuracy", pct(result.accuracy)),
        ("in-scope accuracy", pct(result.inscope_accuracy)),
        ("out-of-scope recall", pct(result.oos_recall)),
        ("MCC", f"{result.mcc:.3f}"),
        ("ms per query", f"{result.ms_per_query:.1f}"),
        ("test sentences", f"{result.n} ({result.n_inscope} in scope, {result.n_oos} out of scope)"),
        ("intents", str(result.intents)),
        ("answer threshold", f"{result.threshold:.3f}" + ("" if result.tuned else " (default)")),
        ("read", "as a conversation turn" if result.as_a_turn else "by search alone"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)
