"""``warmline eval``: answer, out-of-scope, emotion, handoff and ETA quality, measured on public data sets
(and on the shop's own history for the ETA)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from warmline.cli.options import BotOption, DatasetsOption, JsonOption, console, settings_for, setup_logging
from warmline.domain import Thresholds, ValidationError

if TYPE_CHECKING:
    from warmline.cli.eval.by_example import Comparison

__all__ = ["eval_app"]

eval_app = typer.Typer(help="Measure answer, out-of-scope and emotion quality on public data sets.",
                       no_args_is_help=True)


def _show_signal(figures: dict[str, Any], text: str, by_example: Sequence[Comparison], *, as_json: bool,
                 title: str) -> None:
    """A signal's figures, then keywords vs examples vs combined: one JSON object, or two tables."""
    from warmline.cli.eval.by_example import format_comparison

    if as_json:
        console.print_json(json.dumps({**figures, "by_example": [c.as_json() for c in by_example]}))
    else:
        console.print(text)
        console.print(format_comparison(title, by_example))


@eval_app.command("intents")
def eval_intents(train: Annotated[Path, typer.Option(help="CSV `sentence,label` used as knowledge.")],
                 test: Annotated[Path, typer.Option(help="CSV `sentence,label`; NO_NODES_DETECTED = out of scope.")],
                 as_json: JsonOption = False,
                 group_phrasings: Annotated[float | None, typer.Option(
                     help="Tune with phrasings this similar (cosine, e.g. 0.75) held out together.")] = None,
                 accept_inscope: Annotated[float | None, typer.Option(
                     min=0.01, max=0.99,
                     help="Threshold that this share of held-out answerable questions clears (e.g. 0.75), "
                          "instead of the best MCC on simulated out-of-scope questions.")] = None,
                 answer_at_least: Annotated[float, typer.Option(
                     min=0.0, max=1.0,
                     help="Lower the threshold until this share of the answerable phrasings held out in "
                          "near-duplicate groups clears it, as a bot file's thresholds.answer_at_least "
                          "(0: never lowered).")] = Thresholds().answer_at_least,
                 as_a_turn: Annotated[bool, typer.Option(
                     help="Read each sentence as a conversation turn does: small talk is not searched, "
                          "misspellings are read as the knowledge's words, a question about words the "
                          "knowledge never uses needs a surer match.")] = False,
                 ) -> None:
    """Accuracy, in-scope accuracy, out-of-scope recall and MCC (HINT3 definitions), and ms per query."""
    from warmline.cli.eval.intents import evaluate_intents, format_intent_result

    setup_logging("WARNING")
    result = evaluate_intents(train=train, test=test, near_duplicate=group_phrasings,
                              accept_inscope=accept_inscope, answer_at_least=answer_at_least,
                              as_a_turn=as_a_turn)
    console.print_json(json.dumps(result.as_json())) if as_json else console.print(format_intent_result(result))


@eval_app.command("emotion")
def eval_emotion(datasets: DatasetsOption = None, as_json: JsonOption = False,
                 split: Annotated[str, typer.Option(help="GoEmotions split.")] = "dev") -> None:
    """Precision/recall of the "upset" signal on GoEmotions, next to VADER alone."""
    from warmline.cli.eval.by_example import emotion_comparisons
    from warmline.cli.eval.signals import evaluate_emotion, format_emotion

    setup_logging("WARNING")
    result = evaluate_emotion(root=datasets, split=split)
    by_example = emotion_comparisons(datasets, split=split)
    _show_signal(result.as_json(), format_emotion(result), by_example, as_json=as_json,
                 title="upset: keywords vs examples vs combined (@ fast lane)")


@eval_app.command("handoff")
def eval_handoff(datasets: DatasetsOption = None, as_json: JsonOption = False) -> None:
    """Precision/recall of the "wants a person" signal on NLU++ and Bitext."""
    from warmline.cli.eval.by_example import handoff_comparisons
    from warmline.cli.eval.signals import evaluate_handoff, format_handoff

    setup_logging("WARNING")
    result = evaluate_handoff(root=datasets)
    by_example = handoff_comparisons(datasets)
    _show_signal(result.as_json(), format_handoff(result), by_example, as_json=as_json,
                 title="wants a person: keywords vs examples vs combined")


@eval_app.command("eta")
def eval_eta(bot: BotOption = None, as_json: JsonOption = False,
             days: Annotated[int, typer.Option(help="How many days of finished handoffs to read.")] = 56,
             test_days: Annotated[int, typer.Option(help="The last N days are scored, the rest fitted on.")] = 7,
             ) -> None:
    """Learned ETAs on the shop's own history: promised vs actual waits and kept rate per case type and person."""
    import dataclasses
    from datetime import UTC, datetime, timedelta

    from warmline.cli.eval.eta import evaluate_eta, format_eta, read_finished_cases

    setup_logging("WARNING")
    if not 0 < test_days < days:
        raise ValidationError(f"--test-days {test_days} with --days {days}", field="--test-days",
                              expected="at least 1 and fewer than --days")
    now = datetime.now(UTC)
    shop, cases = asyncio.run(read_finished_cases(settings_for(bot), now=now, days=days))
    result = evaluate_eta(cases, bot=shop, split_at=now - timedelta(days=test_days))
    console.print_json(json.dumps(dataclasses.asdict(result), default=str)) if as_json else console.print(
        format_eta(result), highlight=False, markup=False)
