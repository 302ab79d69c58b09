"""Helpers for benchmarks: run ``warmline ingest`` and a ``warmline serve`` subprocess on 127.0.0.1.

The server gets its own data directory, which is also its working directory, and a clean
``WARMLINE_*`` environment (so a developer's environment or ``.env`` file does not change what is
measured; pass the bot file as an absolute path), a free port, and a log file; it is stopped
(SIGTERM, then SIGKILL) when the ``ServerProcess`` context exits.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

REPO = Path(__file__).resolve().parents[1]


class BenchError(RuntimeError):
    """The benchmark could not run (ingest failed, the server did not start, ...)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def warmline_command() -> list[str]:
    """The ``warmline`` console script of the running interpreter's environment."""
    script = Path(sys.executable).with_name("warmline")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from warmline.cli.main import main; main()"]


def server_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """This process's environment without ``WARMLINE_*`` settings, plus a data dir and ``settings``.

    ``settings`` are given without the prefix: ``server_env(d, LLM="...")`` sets ``WARMLINE_LLM``.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARMLINE_")}
    env["WARMLINE_DATA_DIR"] = str(data_dir)
    env["ANONYMIZED_TELEMETRY"] = "False"  # Chroma: no phoning home while we measure
    # One client sends hundreds of requests a minute on purpose: rate limits would measure 429s, not answers.
    env["WARMLINE_RATE_LIMIT_PER_SOURCE"] = env["WARMLINE_RATE_LIMIT_PER_CUSTOMER"] = "0"
    env.update({f"WARMLINE_{k}": v for k, v in settings.items()})
    return env


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def run_ingest(bot: Path, *, env: dict[str, str], log_path: Path, timeout: float = 900) -> float:
    """Run ``warmline ingest --bot BOT``; returns the seconds it took. Output goes to ``log_path``."""
    started = time.perf_counter()
    with log_path.open("wb") as log:
        try:
            done = subprocess.run([*warmline_command(), "ingest", "--bot", str(bot)], env=env,
                                  cwd=env["WARMLINE_DATA_DIR"],
                                  stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"warmline ingest took more than {timeout:.0f} s; log: {log_path}") from exc
    if done.returncode != 0:
        raise BenchError(f"warmline ingest failed (exit {done.returncode}):\n{log_tail(log_path)}")
    return time.perf_counter() - started


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, from /proc/<pid>/status: resident now and its peak."""
    fields: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


def child_pids(pid: int) -> list[int]:
    """Every descendant of ``pid`` (e.g. uvicorn workers), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class ServerProcess:
    """``warmline serve`` on 127.0.0.1 in a subprocess, ready (``/healthz`` answers) inside ``with``."""

    def __init__(self, *, bot: Path, env: dict[str, str], log_path: Path, port: int | None = None,
                 startup_timeout: float = 180) -> None:
        self.bot = bot
        self.env = env
        self.log_path = log_path
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.startup_seconds = 0.0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The server's process id."""
        if self._process is None:
            raise BenchError("the server is not running")
        return self._process.pid

    def start(self) -> None:
        """Start the server and wait until ``/healthz`` answers 200."""
        command = [*warmline_command(), "serve", "--bot", str(self.bot),
                   "--host", "127.0.0.1", "--port", str(self.port)]
        started = time.perf_counter()
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(command, env=self.env, cwd=self.env["WARMLINE_DATA_DIR"],
                                             stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_ready(started)
        self.startup_seconds = time.perf_counter() - started

    def _wait_ready(self, started: float) -> None:
        assert self._process is not None
        with httpx.Client(base_url=self.base_url, timeout=2) as client:
            while time.perf_counter() - started < self.startup_timeout:
                if self._process.poll() is not None:
                    raise BenchError(f"warmline serve exited with {self._process.returncode}:\n"
                                     f"{log_tail(self.log_path)}")
                try:
                    if client.get("/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
        self.stop()
        raise BenchError(f"warmline serve was not ready within {self.startup_timeout:.0f} s:\n"
                         f"{log_tail(self.log_path)}")

    def memory_kib(self) -> tuple[int, int]:
        """(VmRSS, VmHWM) in KiB, summed over the server and its child processes."""
        now = peak = 0
        for pid in [self.pid, *child_pids(self.pid)]:
            try:
                rss, hwm = rss_kib(pid)
            except OSError:
                continue  # exited between listing and reading
            now, peak = now + rss, peak + hwm
        return now, peak

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM the server's process group (it has its own session), SIGKILL if it lingers."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout)
        except ProcessLookupError:
            process.wait(timeout=timeout)  # it exited on its own just now

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
