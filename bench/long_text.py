"""How the time to handle one message grows with its length: it must grow linearly, never with the square.

Two parts, offline, in process:

1. Every regular expression compiled at module level in ``warmline`` is run (``findall``) over texts of
   20,000 and 80,000 characters of several shapes (one long word, digits, spaces, ``a.a.a.``, ``ab1-``,
   ordinary words), best of 3. Each pattern's growth is divided by that of one pass over the text (the
   machine's own cost of 4× the text): linear ≈ 1, quadratic ≈ 4. Over 2.5 (and over 5 ms) is listed.
2. The demo shop's ``Pipeline.handle`` is given messages of 10k, 40k and 200k characters of each shape (a
   new customer each), timed, with the longest stall of the event loop meanwhile (a ticker every 5 ms).

    nice .venv/bin/python bench/long_text.py [--bot bots/demo-shop.yaml] [--sizes 10000,40000,200000]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib
import pkgutil
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import warmline
from warmline.config import Settings
from warmline.domain import InboundMessage
from warmline.runtime.services import Services

SHAPES: dict[str, Callable[[int], str]] = {
    "word": lambda n: ("abcdefghij" * (n // 10 + 1))[:n],
    "digits": lambda n: "4" * n,
    "spaces": lambda n: "hi" + " " * (n - 3) + "x",
    "order  ": lambda n: "order" + " " * (n - 6) + "x",  # a keyword, then spaces: the order-number pattern
    "a.a.": lambda n: ("a." * n)[:n],
    "ab1-": lambda n: ("ab1-" * n)[:n],
    "words": lambda n: ("where is my parcel shiping " * (n // 27 + 1))[:n],
}
_QUADRATIC_HINT = 2.5  # relative growth: linear ≈ 1, quadratic ≈ 4 for 4× the text


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(warmline.__path__, "warmline."):
        if info.name.endswith("migrations.env"):
            continue  # runs Alembic on import
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(f"{info.name}.{name}", value)
    return found


def _timed(work: Callable[[], object], *, repeat: int = 3) -> float:
    """The best of ``repeat`` runs: on a shared machine the slower ones measure the neighbours."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def regexes(short: int, long: int) -> None:
    # On a shared machine a 4× longer text costs more than 4× even for linear work (caches, neighbours), so
    # each pattern's growth is divided by that of a pattern that touches every character once: linear work
    # comes out near 1, quadratic near 4.
    baseline = re.compile(r"[^\W\d_]+|\d+|\s+|.", re.DOTALL)
    patterns = _patterns()
    rows: list[tuple[float, str, str, float, float]] = []
    for shape, make in SHAPES.items():
        small, large = make(short), make(long)
        growth = _timed(functools.partial(baseline.findall, large)) / _timed(
            functools.partial(baseline.findall, small))
        for name, pattern in patterns.items():
            t_small = _timed(functools.partial(pattern.findall, small))
            t_large = _timed(functools.partial(pattern.findall, large))
            rows.append((t_large / max(t_small, 1e-6) / growth, name, shape, t_small, t_large))
    rows.sort(reverse=True)
    flagged = [row for row in rows if row[0] > _QUADRATIC_HINT and row[4] > 0.005]
    print(f"regular expressions: {len(patterns)} patterns × {len(SHAPES)} shapes, {short:,} vs {long:,} characters")
    print(f"  growth relative to one pass over the text: > {_QUADRATIC_HINT:g} (and > 5 ms): {len(flagged)}; "
          "the 10 largest (on a busy machine, timings of a few ms are noisy: check a flagged pattern alone):")
    for relative, name, shape, t_small, t_large in rows[:10]:
        print(f"  {name:<55} {shape:<7} {t_small * 1000:8.2f} ms → {t_large * 1000:8.2f} ms  ×{relative:.1f}")


async def pipeline(bot: Path, sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as data:
        services = await Services.start(Settings(bot=bot, data_dir=Path(data)))
        try:
            await services.pipeline.handle(InboundMessage(channel="api", sender_id="warm", text="hi, shipping?"))
            print(f"\npipeline ({bot.name}): seconds per message, longest event-loop stall meanwhile")
            print(f"  {'shape':<7} " + "".join(f"{n:>18,}" for n in sizes) + "   ratio last/first")
            for shape, make in SHAPES.items():
                cells, times = [], []
                for size in sizes:
                    seconds, stall = await _handle(services, InboundMessage(
                        channel="api", sender_id=f"{shape}-{size}", text=make(size)))
                    times.append(seconds)
                    cells.append(f"{seconds:7.3f} s ({stall * 1000:4.0f} ms)")
                print(f"  {shape:<7} " + "".join(f"{c:>18}" for c in cells) + f"   ×{times[-1] / times[0]:.1f}")
        finally:
            await services.stop()


async def _handle(services: Services, message: InboundMessage) -> tuple[float, float]:
    stall = 0.0

    async def ticker() -> None:
        nonlocal stall
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            stall = max(stall, time.perf_counter() - before - 0.005)

    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    started = time.perf_counter()
    await services.pipeline.handle(message)
    seconds = time.perf_counter() - started
    ticking.cancel()
    return seconds, stall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bot", type=Path, default=Path("bots/demo-shop.yaml"))
    parser.add_argument("--sizes", default="10000,40000,200000", help="message lengths for the pipeline")
    args = parser.parse_args()
    regexes(20_000, 80_000)
    asyncio.run(pipeline(args.bot, [int(s) for s in args.sizes.split(",")]))


if __name__ == "__main__":
    main()
