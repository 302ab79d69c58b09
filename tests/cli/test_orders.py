"""``warmline orders import``: CSV (one row per order line) and JSON, validated like the PUT; a bad row
stops everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warmline.cli.main import app
from warmline.cli.orders import import_orders, read_orders
from warmline.config import Settings
from warmline.domain import OrderItem, ValidationError
from warmline.store import create_store

CSV = ("number,customer_id,email,status,created_at,paid_at,total,item_title,item_variant,item_quantity,item_price\n"
       "MS-1001,ana,ana@example.com,paid,2025-01-02T10:00:00Z,2025-01-02T10:01:00Z,60,Mug,Sand,2,20\n"
       "MS-1001,,,,,,,Beanie,,1,20\n"
       "MS-1002,,bo@example.com,paid,2025-02-02T10:00:00Z,2025-02-02T10:01:00Z,35,Beanie,Moss,1,35\n")


def test_csv_lines_of_one_order_become_one_order(tmp_path: Path) -> None:
    export = tmp_path / "orders.csv"
    export.write_text(CSV, encoding="utf-8")

    first, second = read_orders(export)

    assert (first.number, first.customer_id, first.total) == ("MS-1001", "ana", 60.0)
    assert first.items == (OrderItem(title="Mug", variant="Sand", quantity=2, price=20.0),
                           OrderItem(title="Beanie", quantity=1, price=20.0))
    assert (second.email, second.source) == ("bo@example.com", "import")


def test_json_is_a_list_of_put_bodies_with_their_number(tmp_path: Path) -> None:
    export = tmp_path / "orders.json"
    export.write_text(json.dumps([{"number": "#1042", "email": "ana@example.com", "status": "paid",
                                   "items": [{"title": "Mug", "quantity": 1, "price": 20}]}]), encoding="utf-8")

    (order,) = read_orders(export)

    assert (order.number, order.items[0].title) == ("#1042", "Mug")


@pytest.mark.parametrize(("name", "text", "where"), [
    ("orders.csv", "number,email,total\nMS-1,a@example.com,5\nMS-2,a@example.com,-1\n", "orders.csv:3: total"),
    ("orders.csv", "number,total\nMS-1,5\n", "orders.csv:2: customer_id"),
    ("orders.csv", "email\na@example.com\n", "orders.csv: header"),
    ("orders.json", '[{"number": "MS-1", "email": "a@example.com", "paid_at": "soon"}]', "orders.json[0]: paid_at"),
    ("orders.json", '{"number": "MS-1"}', "orders.json"),
    ("orders.xml", "<orders/>", "orders.xml"),
])
def test_a_bad_file_names_the_row_and_field(tmp_path: Path, name: str, text: str, where: str) -> None:
    export = tmp_path / name
    export.write_text(text, encoding="utf-8")

    with pytest.raises(ValidationError) as error:
        read_orders(export)

    assert str(tmp_path / where) in str(error.value)


async def test_import_stores_orders_and_the_customers_figures_follow(tmp_path: Path, settings: Settings) -> None:
    export = tmp_path / "orders.csv"
    export.write_text(CSV, encoding="utf-8")

    assert await import_orders(settings, export) == 2

    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        ana = await store.get_customer("ana")
        bos = await store.get_order("ms-1002")
    finally:
        await store.close()
    assert (ana.orders_count, ana.lifetime_value, str(ana.customer_since)) == (1, 60.0, "2025-01-02")
    assert bos.customer_id is not None


def test_the_command_reports_a_bad_file(tmp_path: Path) -> None:
    export = tmp_path / "orders.csv"
    export.write_text("email\na@example.com\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["orders", "import", str(export)])

    assert result.exit_code != 0
    assert "number" in str(result.exception)
