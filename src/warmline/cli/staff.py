"""``warmline staff``: each roster member's own sign-in for the staff inbox and dashboard.

``add ID --role owner|lead|agent`` creates an account (the first one, on a new install, is the owner),
``set-password ID`` changes one (signing that person out everywhere), ``set-role`` changes a role, ``list``
shows who can sign in. Passwords are asked twice without echo, or read from standard input with
``--password-stdin`` (for scripts); never taken as an argument, which would land in the shell history.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from warmline.cli.options import BotOption, console
from warmline.config.settings import Settings, load_settings
from warmline.domain import StaffAccount, StaffRole, ValidationError

if TYPE_CHECKING:
    from warmline.engine.staff.accounts import StaffAccounts

__all__ = ["staff_app"]

T = TypeVar("T")
staff_app = typer.Typer(help="Staff sign-in: each roster member's own account and role.", no_args_is_help=True)

StaffId = Annotated[str, typer.Argument(help="The person's id on the roster (the bot file's staff list).")]
RoleOption = Annotated[StaffRole, typer.Option("--role", help="owner, lead (reassign, dashboard) or agent.")]
StdinOption = Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")]


async def _with_accounts(settings: Settings, use: Callable[[StaffAccounts], Awaitable[T]]) -> T:
    # Imported here: ``warmline --help`` and the other commands should not pay for the whole engine.
    from warmline.config.botfile import load_bot
    from warmline.runtime.clock import clock_for
    from warmline.runtime.services import staff_accounts
    from warmline.store import create_store

    bot = load_bot(settings.bot)
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        return await use(staff_accounts(settings, bot=bot, store=store, clock=clock_for(settings)))
    finally:
        await store.close()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ValidationError("nothing on standard input", field="password", expected="one line: the password")
        return password
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _settings(bot: Path | None) -> Settings:
    return load_settings(**({"bot": bot} if bot else {}))


@staff_app.command("add")
def add(staff_id: StaffId, role: RoleOption = StaffRole.AGENT, password_stdin: StdinOption = False,
        bot: BotOption = None) -> None:
    """Create a roster member's account (on a new install: the owner first)."""
    settings, password = _settings(bot), _password(password_stdin)
    account = asyncio.run(_with_accounts(settings, lambda accounts: accounts.create(
        staff_id, role=role, password=password)))
    console.print(f"{account.staff_id} can now sign in at /staff/signin as {account.role.value}")


@staff_app.command("set-password")
def set_password(staff_id: StaffId, password_stdin: StdinOption = False, bot: BotOption = None) -> None:
    """Give someone a new password; their open sessions end."""
    settings, password = _settings(bot), _password(password_stdin)
    asyncio.run(_with_accounts(settings, lambda accounts: accounts.set_password(staff_id, password=password)))
    console.print(f"new password set for {staff_id}; they are signed out everywhere")


@staff_app.command("set-role")
def set_role(staff_id: StaffId, role: RoleOption, bot: BotOption = None) -> None:
    """Make someone owner, lead or agent."""
    account = asyncio.run(_with_accounts(_settings(bot), lambda accounts: accounts.set_role(staff_id, role=role)))
    console.print(f"{account.staff_id} is now {account.role.value}")


@staff_app.command("list")
def list_accounts(bot: BotOption = None) -> None:
    """Who can sign in, and as what."""
    async def read(accounts: StaffAccounts) -> list[StaffAccount]:
        return await accounts.all()

    for account in asyncio.run(_with_accounts(_settings(bot), read)):
        console.print(f"{account.staff_id}\t{account.role.value}\tpassword set {account.password_changed_at:%Y-%m-%d}")
