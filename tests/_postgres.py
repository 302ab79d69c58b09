"""Start a throwaway PostgreSQL server for the tests, from the Debian ``postgresql`` package.

The server lives in a temporary directory: a fresh cluster (trust authentication, superuser
``postgres``), listening on 127.0.0.1 on a free port and on a Unix socket inside that directory,
with durability switched off (``fsync``, ``synchronous_commit``, ``full_page_writes``) because
nothing in it must survive the session. It is stopped with ``pg_ctl stop -m immediate`` and the
directory removed when the ``with`` block ends.

``initdb`` refuses to run as root, so as root (as on CI) the cluster is created and run as the
``postgres`` system user that the Debian package creates, through ``runuser``.
"""

from __future__ import annotations

import logging
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

SUPERUSER = "postgres"
"""The cluster's superuser, and the system user that runs the server when we are root."""

HOW_TO_GET_IT = (
    "install the Debian package with `.ci/install-system-deps` (or `apt-get install postgresql`), "
    "or set WARMLINE_TEST_POSTGRES_URL to a server the tests may create databases on"
)

_DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
_START_ATTEMPTS = 3  # a free port can be taken between choosing it and the server binding it
_START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why and how to fix it."""


def find_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL ``bin`` folder holding ``initdb`` and ``pg_ctl``, else the
    folder of an ``initdb`` on ``PATH`` that has ``pg_ctl`` beside it, else ``None``."""
    candidates = [Path(p) for p in Path("/").glob(_DEBIAN_BIN_GLOB.lstrip("/"))]
    candidates.sort(key=_version_key, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version_key(bin_dir: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,); numeric, so 10 sorts after 9.6.
    return tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as() -> list[str]:
    """The command prefix that runs a PostgreSQL program as a user it accepts (not root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise PostgresUnavailable(
            f"running as root, and initdb refuses root, but there is no '{SUPERUSER}' system user "
            f"to run it as; {HOW_TO_GET_IT}") from None
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", SUPERUSER, "--"]
    raise PostgresUnavailable(f"running as root, and initdb refuses root, but `runuser` is missing; {HOW_TO_GET_IT}")


def _run(command: Sequence[str], *, what: str, cwd: Path, log_file: Path | None = None) -> None:
    # cwd: the server's own folder, which the ``postgres`` user can enter (the checkout may not be).
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd,
                            timeout=_START_TIMEOUT_S + 30)
    if result.returncode != 0:
        log = log_file.read_text(errors="replace")[-2000:] if log_file and log_file.exists() else ""
        raise PostgresUnavailable(
            f"{what} failed (exit {result.returncode}): {' '.join(command)}\n"
            f"{result.stdout}{result.stderr}{log}")


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a new PostgreSQL server and yield its URL,
    ``postgresql://postgres@127.0.0.1:<port>/postgres``; stop it and delete its files afterwards.

    Raises ``PostgresUnavailable`` when the programs are missing or the server does not start.
    """
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(f"PostgreSQL server programs (initdb, pg_ctl) not found; {HOW_TO_GET_IT}")
    run_as = _run_as()
    # Short path under /tmp: the Unix socket path inside it must stay under ~100 characters.
    root = Path(tempfile.mkdtemp(prefix="warmline-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
    data_dir, log_file = root / "data", root / "server.log"
    try:
        if run_as:
            user = pwd.getpwnam(SUPERUSER)
            os.chown(root, user.pw_uid, user.pw_gid)
        _run([*run_as, str(bin_dir / "initdb"), "--pgdata", str(data_dir), "--username", SUPERUSER,
              "--auth", "trust", "--encoding", "UTF8", "--locale", "C", "--no-sync"],
             what="initdb", cwd=root)
        port = _start(bin_dir, run_as, data_dir=data_dir, socket_dir=root, log_file=log_file)
        try:
            yield f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
        finally:
            _stop(bin_dir, run_as, data_dir=data_dir)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _start(bin_dir: Path, run_as: list[str], *, data_dir: Path, socket_dir: Path, log_file: Path) -> int:
    """Start the server on a free loopback port and return the port, retrying if it was taken."""
    for attempt in range(1, _START_ATTEMPTS + 1):
        port = _free_port()
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={socket_dir} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        try:
            _run([*run_as, str(bin_dir / "pg_ctl"), "start", "--pgdata", str(data_dir), "--log", str(log_file),
                  "--wait", "--timeout", str(_START_TIMEOUT_S), "--silent", "-o", options],
                 what="pg_ctl start", cwd=socket_dir, log_file=log_file)
        except PostgresUnavailable:
            if attempt == _START_ATTEMPTS:
                raise
            logger.warning("PostgreSQL did not start on port %d (attempt %d); retrying", port, attempt)
            continue
        logger.info("throwaway PostgreSQL started on 127.0.0.1:%d in %s", port, data_dir)
        return port
    raise AssertionError("unreachable")


def _stop(bin_dir: Path, run_as: list[str], *, data_dir: Path) -> None:
    # Immediate: no checkpoint, the data is deleted right after anyway.
    subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "stop", "--pgdata", str(data_dir), "--mode", "immediate",
                    "--wait", "--silent"], capture_output=True, check=False, cwd=data_dir.parent, timeout=60)
