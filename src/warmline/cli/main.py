"""The ``warmline`` command: serve, ingest, chat, eval, customers (DESIGN.md contracts)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warmline.cli.staff import staff_app
from warmline.config.settings import Settings, load_settings
from warmline.domain import ValidationError, WarmlineError, new_id

__all__ = ["app", "main"]

app = typer.Typer(help="Warmline: instant answers, honest delays, and handoffs to a named person.",
                  no_args_is_help=True, add_completion=False)
eval_app = typer.Typer(help="Measure answer, out-of-scope and emotion quality on public data sets.",
                       no_args_is_help=True)
customers_app = typer.Typer(help="Customer profiles from the shop's own systems.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(customers_app, name="customers")
orders_app = typer.Typer(help="Orders from the shop's own systems.", no_args_is_help=True)
app.add_typer(orders_app, name="orders")
app.add_typer(staff_app, name="staff")
console = Console()
err = Console(stderr=True)

BotOption = Annotated[Path | None, typer.Option("--bot", help="Bot file (default: $WARMLINE_BOT).")]
DatasetsOption = Annotated[Path | None, typer.Option(
    "--datasets", help="Data set folder (default: $WARMLINE_DATASETS or ../shared/datasets).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def _settings(bot: Path | None) -> Settings:
    return load_settings(**({"bot": bot} if bot else {}))


def _setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # bm25s sets its own logger to DEBUG and reports every index build; that is not news to a shop owner.
    logging.getLogger("bm25s").setLevel(logging.WARNING)


@app.command()
def serve(bot: BotOption = None,
          host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
          workers: Annotated[int, typer.Option(min=1, help="Worker processes; more than one needs "
                                                            "WARMLINE_REDIS_URL (docs/deployment.md).")] = 1,
          forwarded_allow_ips: Annotated[str | None, typer.Option(
              "--forwarded-allow-ips", help="Proxies whose X-Forwarded-For is believed, comma-separated, or '*' "
                                            "(default: $WARMLINE_FORWARDED_ALLOW_IPS or 127.0.0.1).")] = None,
          ) -> None:
    """Run the whole service: web chat at /, staff inbox at /staff, API at /api/v1 (docs at /docs)."""
    import uvicorn

    from warmline.runtime.redaction import install_redaction
    from warmline.web.timeouts import server_options

    _setup_logging()
    if forwarded_allow_ips is not None:  # the workers read their settings from the environment
        os.environ["WARMLINE_FORWARDED_ALLOW_IPS"] = forwarded_allow_ips
    settings = _settings(bot)
    install_redaction(secrets=settings.secret_values)  # before anything logs a customer's message
    settings.check_can_listen(host)
    console.print(f"Warmline on http://{host}:{port}  (web chat /, staff inbox /staff, API docs /docs)")
    if workers > 1:  # each worker builds its own app from the same settings (runtime/workers.py)
        # The supervisor only checks, builds the index in a child process and starts the workers: it
        # never imports the app, so it does not hold a copy of the model and the index itself.
        from warmline.runtime.workers import prepare_workers

        prepare_workers(settings, bot=bot, workers=workers)
        # A busy worker (embedding on a saturated CPU) answers uvicorn's health ping late; 5 s (the
        # default) got healthy workers killed and restarted under load on 2 cores.
        uvicorn.run("warmline.web.workers:create_worker_app", factory=True, host=host, port=port,
                    workers=workers, log_level="info", timeout_worker_healthcheck=30, **server_options(settings))
        return
    from warmline.web.factory import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", **server_options(settings))


@app.command()
def ingest(bot: BotOption = None) -> None:
    """(Re)index the bot's knowledge folder; only what changed is embedded again."""
    from warmline.config.botfile import load_bot
    from warmline.knowledge import KnowledgeBase

    _setup_logging("WARNING")
    settings = _settings(bot)
    loaded = load_bot(settings.bot)
    base = KnowledgeBase(bot_name=loaded.name, knowledge_dir=loaded.knowledge_dir,
                         index_dir=settings.index_dir / loaded.name, chroma_url=settings.chroma_url)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as progress:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        result = base.ingest(progress=report)
    console.print(f"[bold]{loaded.display_name}[/]: {result.passages} passages indexed in {result.seconds:.1f} s "
                  f"({result.added} new, {result.updated} changed, {result.removed} removed, "
                  f"{result.unchanged} unchanged; {result.embedded} texts embedded)")
    threshold = f"{result.threshold:.2f}" if result.threshold is not None else "the default"
    console.print(f"Answers when its confidence is at least {threshold}: {result.note}.")


@app.command()
def chat(bot: BotOption = None,
         customer: Annotated[str | None, typer.Option(
             help="Who you are to the bot; give the same id again to carry on an earlier conversation. "
                  "Unset: a new customer, so a new conversation, every run.")] = None,
         name: Annotated[str | None, typer.Option(help="Your name, for a personal greeting.")] = None) -> None:
    """Talk to the bot in the terminal (the same engine, store and knowledge as `serve`)."""
    from warmline.cli.chat import run_terminal_chat

    _setup_logging("WARNING")
    customer_id = customer or f"terminal-{new_id()[:12]}"
    asyncio.run(run_terminal_chat(_settings(bot), customer_id=customer_id, name=name, console=console))


@eval_app.command("intents")
def eval_intents(train: Annotated[Path, typer.Option(help="CSV `sentence,label` used as knowledge.")],
                 test: Annotated[Path, typer.Option(help="CSV `sentence,label`; NO_NODES_DETECTED = out of scope.")],
                 as_json: JsonOption = False,
                 group_phrasings: Annotated[float | None, typer.Option(
                     help="Tune with phrasings this similar (cosine, e.g. 0.75) held out together.")] = None,
                 ) -> None:
    """Accuracy, in-scope accuracy, out-of-scope recall and MCC (HINT3 definitions), and ms per query."""
    from warmline.cli.eval.intents import evaluate_intents, format_intent_result

    _setup_logging("WARNING")
    result = evaluate_intents(train=train, test=test, near_duplicate=group_phrasings)
    console.print_json(json.dumps(result.as_json())) if as_json else console.print(format_intent_result(result))


@eval_app.command("emotion")
def eval_emotion(datasets: DatasetsOption = None, as_json: JsonOption = False,
                 split: Annotated[str, typer.Option(help="GoEmotions split.")] = "dev") -> None:
    """Precision/recall of the "upset" signal on GoEmotions, next to VADER alone."""
    from warmline.cli.eval.by_example import emotion_comparisons, format_comparison
    from warmline.cli.eval.signals import evaluate_emotion, format_emotion

    _setup_logging("WARNING")
    result = evaluate_emotion(root=datasets, split=split)
    by_example = emotion_comparisons(datasets, split=split)
    if as_json:
        console.print_json(json.dumps({**result.as_json(), "by_example": [c.as_json() for c in by_example]}))
    else:
        console.print(format_emotion(result))
        console.print(format_comparison("upset: keywords vs examples vs combined (@ fast lane)", by_example))


@eval_app.command("handoff")
def eval_handoff(datasets: DatasetsOption = None, as_json: JsonOption = False) -> None:
    """Precision/recall of the "wants a person" signal on NLU++ and Bitext."""
    from warmline.cli.eval.by_example import format_comparison, handoff_comparisons
    from warmline.cli.eval.signals import evaluate_handoff, format_handoff

    _setup_logging("WARNING")
    result = evaluate_handoff(root=datasets)
    by_example = handoff_comparisons(datasets)
    if as_json:
        console.print_json(json.dumps({**result.as_json(), "by_example": [c.as_json() for c in by_example]}))
    else:
        console.print(format_handoff(result))
        console.print(format_comparison("wants a person: keywords vs examples vs combined", by_example))


@eval_app.command("eta")
def eval_eta(bot: BotOption = None, as_json: JsonOption = False,
             days: Annotated[int, typer.Option(help="How many days of finished handoffs to read.")] = 56,
             test_days: Annotated[int, typer.Option(help="The last N days are scored, the rest fitted on.")] = 7,
             ) -> None:
    """Learned ETAs on the shop's own history: promised vs actual waits and kept rate per case type and person."""
    import dataclasses
    from datetime import UTC, datetime, timedelta

    from warmline.cli.eval.eta import evaluate_eta, format_eta, read_finished_cases

    _setup_logging("WARNING")
    if not 0 < test_days < days:
        raise ValidationError(f"--test-days {test_days} with --days {days}", field="--test-days",
                              expected="at least 1 and fewer than --days")
    now = datetime.now(UTC)
    shop, cases = asyncio.run(read_finished_cases(_settings(bot), now=now, days=days))
    result = evaluate_eta(cases, bot=shop, split_at=now - timedelta(days=test_days))
    console.print_json(json.dumps(dataclasses.asdict(result), default=str)) if as_json else console.print(
        format_eta(result), highlight=False, markup=False)


@customers_app.command("import")
def customers_import(file: Annotated[Path, typer.Argument(help="CSV export: id,name,email,phone,customer_since,…")],
                     bot: BotOption = None) -> None:
    """Create or update customer profiles from the shop's customer export."""
    from warmline.cli.customers import import_customers

    settings = _settings(bot)
    count = asyncio.run(import_customers(settings, file))
    console.print(f"imported {count} customers from {file}")


@orders_app.command("import")
def orders_import(file: Annotated[Path, typer.Argument(help="orders.csv (one row per order line) or orders.json")],
                  bot: BotOption = None) -> None:
    """Create or replace orders from any shop system's export; customers' figures follow."""
    from warmline.cli.orders import import_orders

    settings = _settings(bot)
    count = asyncio.run(import_orders(settings, file))
    console.print(f"imported {count} orders from {file}")


@orders_app.command("demo")
def orders_demo(bot: BotOption = None,
                seed: Annotated[int, typer.Option(help="Same seed, same order history.")] = 7) -> None:
    """Give the demo shop a believable order history and catalogue (safe to run again: orders are replaced)."""
    from warmline.cli.demo_shop import seed_demo_shop
    from warmline.config.botfile import load_bot

    settings = _settings(bot)
    export = load_bot(settings.bot).knowledge_dir / "customers.csv"
    orders, products = asyncio.run(seed_demo_shop(settings, customers_csv=export, seed=seed))
    console.print(f"demo shop: {orders} orders and {products} products")


@orders_app.command("sync")
def orders_sync(bot: BotOption = None) -> None:
    """Read every order and product from the connected shop systems (Shopify, WooCommerce) into the store."""
    from warmline.cli.orders import sync_orders

    results = asyncio.run(sync_orders(_settings(bot)))
    if not results:
        raise ValidationError("no shop system is connected", field="WARMLINE_SHOPIFY_SHOP / WARMLINE_WOOCOMMERCE_URL",
                              expected="the shop's credentials (docs/orders.md)")
    for name, result in results.items():
        console.print(f"{name}: {result.orders} orders, {result.products} products")


@app.command("export")
def export(out: Annotated[Path, typer.Option("--out", help="Folder to write into (created if missing).")],
           fmt: Annotated[str, typer.Option("--format", help="csv (one file per table) or json (one file).")] = "csv",
           since: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (the shop's time zone).")] = None,
           until: Annotated[str | None, typer.Option(help="Last day, included, YYYY-MM-DD (default: today).")] = None,
           days: Annotated[int | None, typer.Option(help="The last N days instead of --since (default 30).")] = None,
           channel: Annotated[str | None, typer.Option(help="Only this channel (web, instagram…).")] = None,
           bot: BotOption = None) -> None:
    """Conversations, decisions, handoffs, promises and feedback of a period, as CSV or JSON."""
    from warmline.cli.export import FORMATS, read_activity, write_export
    from warmline.runtime.clock import clock_for

    _setup_logging("WARNING")
    if fmt not in FORMATS:  # before reading anything
        raise ValidationError(f"unknown format {fmt!r}", field="--format", expected=" or ".join(FORMATS))
    settings = _settings(bot)
    shop, activity = asyncio.run(read_activity(settings, now=clock_for(settings)(), since=since, until=until,
                                               days=days if days is not None or since else 30, channel=channel))
    result = write_export(activity, out=out, fmt=fmt, shop=shop, channel=channel)
    counts = ", ".join(f"{count} {name}" for name, count in result.rows)
    console.print(f"{result.since:%Y-%m-%d %H:%M} – {result.until:%Y-%m-%d %H:%M} UTC: {counts}")
    for path in result.files:
        console.print(f"  wrote {path}")


@app.command("demo-traffic")
def demo_traffic(bot: BotOption = None,
                 days: Annotated[int, typer.Option(help="How many days of customers, ending now.")] = 7,
                 seed: Annotated[int, typer.Option(help="Same seed, same week of customers.")] = 7,
                 force: Annotated[bool, typer.Option("--force", help="Add to a database that already has "
                                                                     "conversations.")] = False) -> None:
    """Play a believable week of customers through the real engine, so the dashboard has figures to show."""
    from warmline.cli.demo import run_demo_traffic

    _setup_logging("WARNING")
    summary = asyncio.run(run_demo_traffic(_settings(bot), days=days, seed=seed, force=force))
    actions = ", ".join(f"{count} {action}" for action, count in sorted(summary.actions.items()))
    console.print(f"{summary.customers} customers wrote {summary.messages} messages ({actions}); staff replied "
                  f"{summary.staff_replies} times, {summary.rerouted} handoffs re-routed, {summary.feedback} "
                  "answered \"Did you like it?\". See http://127.0.0.1:8000/dashboard after `warmline serve`.")


def main() -> None:
    """Entry point: a ``WarmlineError`` is shown as one clear line and exit code 2, never a traceback."""
    try:
        app()
    except WarmlineError as exc:
        err.print(f"[red]error:[/] {exc}")
        sys.exit(2)
