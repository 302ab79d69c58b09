"""``warmline customers import``: a shop's customer export becomes profiles; a bad row stops everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from warmline.cli.customers import import_customers, read_customer_csv
from warmline.cli.main import app
from warmline.config import Settings
from warmline.domain import ValidationError
from warmline.store import create_store

DEMO_EXPORT = Path(__file__).parents[2] / "knowledge" / "demo-shop" / "customers.csv"


def test_the_demo_export_reads_with_every_field() -> None:
    rows = dict(read_customer_csv(DEMO_EXPORT))

    assert len(rows) >= 10
    loyal = max(rows.values(), key=lambda p: p.payments_on_time or 0)
    assert loyal.customer_since is not None
    assert loyal.customer_since.year <= 2018
    assert loyal.account_owner


def test_a_bad_row_names_the_line_and_field_and_imports_nothing(tmp_path: Path, settings: Settings) -> None:
    export = tmp_path / "customers.csv"
    export.write_text("id,name,email,orders_count\nc1,Ana,ana@example.com,3\nc2,Bo,not-an-email,1\n",
                      encoding="utf-8")

    with pytest.raises(ValidationError) as error:
        read_customer_csv(export)

    assert f"{export}:3: email" in str(error.value)


async def test_import_creates_profiles(tmp_path: Path, settings: Settings) -> None:
    export = tmp_path / "customers.csv"
    export.write_text("id,name,email,customer_since,payments_on_time,payments_late,tier\n"
                      "c1,Ana Silva,ana@example.com,2017-03-01,62,0,gold\n", encoding="utf-8")

    assert await import_customers(settings, export) == 1

    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        customer = await store.get_customer("c1")
    finally:
        await store.close()
    assert (customer.name, customer.payments_on_time, customer.tier) == ("Ana Silva", 62, "gold")


def test_the_command_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    export = tmp_path / "customers.csv"
    export.write_text("name\nAna\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["customers", "import", str(export)])

    assert result.exit_code != 0
    assert "id" in str(result.exception)
