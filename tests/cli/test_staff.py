"""``warmline staff``: accounts for roster members, from the command line, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests._shop import write_test_bot
from typer.testing import CliRunner

from warmline.cli.main import app


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bot = write_test_bot(tmp_path)
    monkeypatch.setenv("WARMLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WARMLINE_PASSWORD_HASH_TIME_COST", "1")
    monkeypatch.setenv("WARMLINE_PASSWORD_HASH_MEMORY_KIB", "8")
    return bot


def _staff(shop: Path, *args: str, password: str = "") -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(app, ["staff", *args, "--bot", str(shop)], input=password)
    return result.exit_code, result.output, result.exception


def test_the_owner_is_added_then_listed_and_a_role_changed(shop: Path) -> None:
    code, output, _ = _staff(shop, "add", "maya", "--role", "owner", "--password-stdin",
                             password="correct horse battery\n")
    assert code == 0, output
    assert "maya can now sign in" in output
    assert _staff(shop, "add", "leo", password="another long password\nanother long password\n")[0] == 0  # asked

    assert _staff(shop, "set-role", "leo", "--role", "lead")[0] == 0
    code, output, _ = _staff(shop, "list")
    assert [line.split()[:2] for line in output.splitlines()] == [["leo", "lead"], ["maya", "owner"]]


@pytest.mark.parametrize(("args", "password", "says"), [
    (("add", "mallory", "--password-stdin"), "correct horse battery\n", "not on the roster"),
    (("add", "maya", "--password-stdin"), "short\n", "password"),
    (("set-password", "leo", "--password-stdin"), "correct horse battery\n", "staff account"),
    (("add", "maya", "--password-stdin"), "\n", "nothing on standard input"),
])
def test_bad_input_is_refused_and_names_what_to_fix(shop: Path, args: tuple[str, ...], password: str,
                                                    says: str) -> None:
    code, _, exception = _staff(shop, *args, password=password)
    assert code != 0
    assert says in str(exception)
