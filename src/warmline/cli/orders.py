"""``warmline orders import FILE.csv|json``: orders from any shop system, validated like
``PUT /api/v1/orders/{number}``.

JSON: a list of order objects, each the PUT body plus its ``number``. CSV: one row per order line, the
way most shop exports write them: ``number`` plus the order's columns (``email``, ``status``,
``created_at``…; taken from the number's first row) and ``item_title``, ``item_variant``,
``item_quantity``, ``item_price`` for the line. The first bad row stops the import before anything is
stored, and names the file, the row and the field.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from warmline.config.settings import Settings
from warmline.domain import Order, OrderItem, ValidationError
from warmline.engine.customer.order_book import OrderBook
from warmline.runtime.shop_setup import SyncResult, build_shops, sync_shop
from warmline.store import create_store
from warmline.web.schemas import ORDER_NUMBER_PATTERN, OrderIn

__all__ = ["import_orders", "read_orders", "sync_orders"]

_ITEM_COLUMNS = {"item_title": "title", "item_variant": "variant", "item_quantity": "quantity",
                 "item_price": "price", "item_sku": "sku"}


def _order(where: str, number: str, values: Mapping[str, Any], *, source: str) -> Order:
    if not re.match(ORDER_NUMBER_PATTERN, number):
        raise ValidationError(f"{number!r} is not an order number", field=f"{where}: number",
                              expected="the number as the shop shows it, like MS-1042 or #1042")
    try:
        body = OrderIn(**values)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ValidationError(first["msg"], field=f"{where}: {field}") from exc
    if not (body.customer_id or body.email):
        raise ValidationError("whose order is this?", field=f"{where}: customer_id",
                              expected="customer_id and/or email")
    items = tuple(OrderItem(**item.model_dump()) for item in body.items)
    return Order(number=number, items=items, source=source, **body.model_dump(exclude={"items"}))


def _read_json(path: Path) -> list[Order]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValidationError(f"not JSON ({exc.msg} at line {exc.lineno})", field=str(path),
                              expected="a list of orders") from exc
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ValidationError("not a list of orders", field=str(path), expected='[{"number": "MS-1042", …}]')
    orders = []
    for index, entry in enumerate(data):
        values = dict(entry)
        number = str(values.pop("number", "") or "")
        orders.append(_order(f"{path}[{index}]", number, values, source="import"))
    return orders


def _read_csv(path: Path) -> list[Order]:
    grouped: dict[str, tuple[int, dict[str, Any]]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "number" not in reader.fieldnames:
            raise ValidationError("the header must include a `number` column", field=f"{path}: header",
                                  expected="number,email,status,created_at,…,item_title,item_quantity,item_price")
        for line, row in enumerate(reader, start=2):
            number = (row.pop("number") or "").strip()
            values = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
            item = {_ITEM_COLUMNS[k]: values.pop(k) for k in list(values) if k in _ITEM_COLUMNS}
            _, order = grouped.setdefault(number, (line, values))
            if item:
                order.setdefault("items", []).append(item)
    return [_order(f"{path}:{line}", number, values, source="import") for number, (line, values) in grouped.items()]


_READERS: dict[str, Callable[[Path], list[Order]]] = {".json": _read_json, ".csv": _read_csv}


def read_orders(path: Path) -> list[Order]:
    """Every order in the file; a ``ValidationError`` naming the file, row and field for the first bad one."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ValidationError(f"can't read {path.suffix or 'a file without extension'}", field=str(path),
                              expected="a .csv or .json file")
    return reader(path)


async def import_orders(settings: Settings, path: Path) -> int:
    """Validate the whole file, then store every order under its customer; returns how many were imported."""
    orders = read_orders(path)
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        await OrderBook(store=store).save_many(orders)
    finally:
        await store.close()
    return len(orders)


async def sync_orders(settings: Settings) -> dict[str, SyncResult]:
    """Sync every connected shop system into the store; what each read, by name (empty: none connected)."""
    shops = build_shops(settings)
    if not shops:
        return {}
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        book = OrderBook(store=store)
        return {name: await sync_shop(connector, book) for name, connector in shops.items()}
    finally:
        for connector in shops.values():
            await connector.close()
        await store.close()
