"""The ``warmline`` command: serve, ingest, chat, eval, customers (DESIGN.md contracts)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warmline.cli.eval.commands import eval_app
from warmline.cli.options import BotOption, console, err, settings_for, setup_logging
from warmline.cli.staff import staff_app
from warmline.domain import ValidationError, WarmlineError, new_id

__all__ = ["app", "main"]

app = typer.Typer(help="Warmline: instant answers, honest delays, and handoffs to a named person.",
                  no_args_is_help=True, add_completion=False)
customers_app = typer.Typer(help="Customer profiles from the shop's own systems.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(customers_app, name="customers")
orders_app = typer.Typer(help="Orders from the shop's own systems.", no_args_is_help=True)
app.add_typer(orders_app, name="orders")
app.add_typer(staff_app, name="staff")
@app.command()
def serve(bot: BotOption = None,
          host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
          workers: Annotated[int, typer.Option(min=1, help="Worker processes; on PostgreSQL more than "
                                                            "one needs WARMLINE_REDIS_URL (docs/deployment.md).")] = 1,
          forwarded_allow_ips: Annotated[str | None, typer.Option(
              "--forwarded-allow-ips", help="Proxies whose X-Forwarded-For is believed, comma-separated, or '*' "
                                            "(default: $WARMLINE_FORWARDED_ALLOW_IPS or 127.0.0.1).")] = None,
          ) -> None:
    """Run the whole service: web chat at /, staff inbox at /staff, API at /api/v1 (docs at /docs)."""
    from warmline.runtime.memory import cap_malloc_arenas

    cap_malloc_arenas()  # before any thread starts (runtime/memory.py)
    import uvicorn

    from warmline.runtime.redaction import install_redaction
    from warmline.web.timeouts import server_options

    setup_logging()
    if forwarded_allow_ips is not None:  # the workers read their settings from the environment
        os.environ["WARMLINE_FORWARDED_ALLOW_IPS"] = forwarded_allow_ips
    settings = settings_for(bot)
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
    """(Re)index the bot's knowledge folder; only what changed is embedded again, an interrupted run continues."""
    from warmline.config.botfile import load_bot
    from warmline.knowledge import KnowledgeBase

    setup_logging("WARNING")
    settings = settings_for(bot)
    loaded = load_bot(settings.bot)
    base = KnowledgeBase(bot_name=loaded.name, knowledge_dir=loaded.knowledge_dir,
                         index_dir=settings.index_dir / loaded.name, chroma_url=settings.chroma_url,
                         answer_at_least=loaded.thresholds.answer_at_least)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as progress:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        try:
            result = base.ingest(progress=report)
        except KeyboardInterrupt:
            progress.stop()
            # What was embedded is stored batch by batch; the next run picks it up (``IngestJournal``).
            console.print("[yellow]Ingest interrupted.[/] What was embedded so far is kept: run "
                          f"`warmline ingest --bot {settings.bot}` again to continue where it stopped.")
            raise typer.Exit(130) from None
    if result.resumed:
        console.print("Continued the interrupted ingest: texts it had embedded were reused.")
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

    setup_logging("WARNING")
    customer_id = customer or f"terminal-{new_id()[:12]}"
    asyncio.run(run_terminal_chat(settings_for(bot), customer_id=customer_id, name=name, console=console))


@customers_app.command("import")
def customers_import(file: Annotated[Path, typer.Argument(help="CSV export: id,name,email,phone,customer_since,…")],
                     bot: BotOption = None) -> None:
    """Create or update customer profiles from the shop's customer export."""
    from warmline.cli.customers import import_customers

    settings = settings_for(bot)
    count = asyncio.run(import_customers(settings, file))
    console.print(f"imported {count} customers from {file}")


@orders_app.command("import")
def orders_import(file: Annotated[Path, typer.Argument(help="orders.csv (one row per order line) or orders.json")],
                  bot: BotOption = None) -> None:
    """Create or replace orders from any shop system's export; customers' figures follow."""
    from warmline.cli.orders import import_orders

    settings = settings_for(bot)
    count = asyncio.run(import_orders(settings, file))
    console.print(f"imported {count} orders from {file}")


@orders_app.command("demo")
def orders_demo(bot: BotOption = None,
                seed: Annotated[int, typer.Option(help="Same seed, same order history.")] = 7) -> None:
    """Give the demo shop a believable order history and catalogue (safe to run again: orders are replaced)."""
    from warmline.cli.demo_shop import seed_demo_shop
    from warmline.config.botfile import load_bot

    settings = settings_for(bot)
    export = load_bot(settings.bot).knowledge_dir / "customers.csv"
    orders, products = asyncio.run(seed_demo_shop(settings, customers_csv=export, seed=seed))
    console.print(f"demo shop: {orders} orders and {products} products")


@orders_app.command("sync")
def orders_sync(bot: BotOption = None) -> None:
    """Read every order and product from the connected shop systems (Shopify, WooCommerce) into the store."""
    from warmline.cli.orders import sync_orders

    results = asyncio.run(sync_orders(settings_for(bot)))
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

    setup_logging("WARNING")
    if fmt not in FORMATS:  # before reading anything
        raise ValidationError(f"unknown format {fmt!r}", field="--format", expected=" or ".join(FORMATS))
    settings = settings_for(bot)
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

    setup_logging("WARNING")
    summary = asyncio.run(run_demo_traffic(settings_for(bot), days=days, seed=seed, force=force))
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
