"""Start a throwaway IMAP server for the tests, from Debian's ``dovecot-imapd`` package.

Dovecot runs in the foreground of a child process (``-F``), on 127.0.0.1 and a free port, with its own
configuration, run and state folders and Maildir storage in a temporary folder that is removed afterwards;
it never reads /etc/dovecot. One user, a plain-text password file, no TLS (loopback only). Dovecot will not
store mail as root, so when the tests run as root the mail belongs to Dovecot's own ``dovecot`` user
(created by the package).
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests._processes import stop_process

logger = logging.getLogger(__name__)

HOW_TO_GET_IT = "install the Debian package with `.ci/install-system-deps` (or `apt-get install dovecot-imapd`)"
_START_ATTEMPTS = 3
_START_TIMEOUT_S = 20.0

_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


class DovecotUnavailable(RuntimeError):
    """No IMAP server can be started here; the message says why and how to fix it."""


@dataclass(frozen=True, slots=True)
class ImapAccount:
    """One mailbox on the throwaway server."""

    host: str
    port: int
    user: str
    password: str

    @property
    def url(self) -> str:
        """As ``WARMLINE_IMAP_URL`` takes it (the ``@`` of the user name escaped)."""
        return f"imap://{self.user.replace('@', '%40')}:{self.password}@{self.host}:{self.port}/INBOX"


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapAccount]:
    """A running Dovecot with the mailbox ``shop@mossa.test``. Fails (never skips) when Dovecot is missing."""
    try:
        with throwaway_dovecot(user="shop@mossa.test", password="mailbox-pass-1") as account:
            yield account
    except DovecotUnavailable as error:
        pytest.fail(f"the e-mail channel cannot be tested: {error}", pytrace=False)


def find_server() -> str | None:
    """The ``dovecot`` program on ``PATH`` or in Debian's place, else ``None``."""
    found = shutil.which("dovecot")
    if found:
        return found
    debian = Path("/usr/sbin/dovecot")
    return str(debian) if debian.is_file() else None


def _mail_owner() -> tuple[int, int]:
    """Who owns the stored mail: the current user, or Dovecot's own user when that is root."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    try:
        entry = pwd.getpwnam("dovecot")
    except KeyError as exc:
        raise DovecotUnavailable(f"running as root but there is no 'dovecot' user; {HOW_TO_GET_IT}") from exc
    return entry.pw_uid, entry.pw_gid


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _greets(port: int) -> bool:
    """True once the server sends its ``* OK`` greeting."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            return conn.recv(64).startswith(b"* OK")
    except OSError:
        return False


@contextmanager
def throwaway_dovecot(*, user: str, password: str) -> Iterator[ImapAccount]:
    """Start a new Dovecot with one account and yield it; stop it and remove its files afterwards."""
    server = find_server()
    if server is None:
        raise DovecotUnavailable(f"dovecot not found; {HOW_TO_GET_IT}")
    uid, gid = _mail_owner()
    root = Path(tempfile.mkdtemp(prefix="warmline-dovecot-"))
    root.chmod(0o755)  # Dovecot's unprivileged processes must reach their sockets and the mail
    (root / "mail").mkdir()
    os.chown(root / "mail", uid, gid)
    (root / "users").write_text(f"{user}:{{PLAIN}}{password}\n")
    try:
        for attempt in range(1, _START_ATTEMPTS + 1):
            port = _free_port()
            config = root / "dovecot.conf"
            config.write_text(_CONFIG.format(root=root, uid=uid, gid=gid, port=port))
            process = subprocess.Popen([server, "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.STDOUT, cwd=root)
            deadline = time.monotonic() + _START_TIMEOUT_S
            while process.poll() is None and time.monotonic() < deadline and not _greets(port):
                time.sleep(0.05)
            if process.poll() is None and _greets(port):
                logger.info("throwaway Dovecot started on 127.0.0.1:%d", port)
                try:
                    yield ImapAccount(host="127.0.0.1", port=port, user=user, password=password)
                finally:
                    stop_process(process)
                return
            stop_process(process)
            log = root / "dovecot.log"
            output = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
            if attempt == _START_ATTEMPTS:
                raise DovecotUnavailable(f"dovecot did not start on port {port}:\n{output}")
            logger.warning("Dovecot did not start on port %d (attempt %d); retrying", port, attempt)
    finally:
        shutil.rmtree(root, ignore_errors=True)
