"""What a staff sign-in costs: argon2id verification at the default and at the tests' cost, and the longest
stall of the event loop while one runs (it runs on a worker thread, so other requests keep flowing).

    nice .venv/bin/python bench/signin.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from warmline.engine.staff.passwords import Passwords

PASSWORD = "correct horse battery staple"
COSTS = {"default (3 passes, 64 MiB)": (3, 64 * 1024), "tests (1 pass, 8 KiB)": (1, 8)}


async def _longest_stall_during(passwords: Passwords, hashed: str) -> float:
    """Milliseconds of the longest gap between 5 ms ticks while one verification runs off the loop."""
    longest, done = 0.0, False

    async def ticker() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            longest, last = max(longest, now - last), now

    task = asyncio.create_task(ticker())
    await asyncio.to_thread(passwords.verify, hashed, PASSWORD)
    done = True
    await task
    return longest * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    for label, (time_cost, memory_kib) in COSTS.items():
        passwords = Passwords(time_cost=time_cost, memory_kib=memory_kib)
        hashed = passwords.hash(PASSWORD)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            passwords.verify(hashed, PASSWORD)
            times.append((time.perf_counter() - start) * 1000)
        stall = asyncio.run(_longest_stall_during(passwords, hashed))
        print(f"{label}: verify median {statistics.median(times):.1f} ms (min {min(times):.1f}), "
              f"longest event-loop stall during one {stall:.1f} ms")


if __name__ == "__main__":
    main()
