"""``warmline customers import``: profiles from a shop's customer export (CSV)."""

from __future__ import annotations

import csv
from pathlib import Path

from pydantic import ValidationError as PydanticValidationError

from warmline.config.settings import Settings
from warmline.domain import CustomerProfile, ValidationError
from warmline.store import create_store
from warmline.web.schemas import CustomerProfileIn

__all__ = ["import_customers", "read_customer_csv"]



def read_customer_csv(path: Path) -> list[tuple[str, CustomerProfile]]:
    """Every row as (customer id, profile); the first bad row stops the import before anything is stored."""
    rows: list[tuple[str, CustomerProfile]] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "id" not in reader.fieldnames:
            raise ValidationError("the header must include an `id` column", field=f"{path}: header",
                                  expected="id,name,email,phone,customer_since,orders_count,…")
        for line, row in enumerate(reader, start=2):
            customer_id = (row.pop("id") or "").strip()
            if not customer_id:
                raise ValidationError("empty id", field=f"{path}:{line}: id", expected="a customer id")
            values = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
            try:
                profile = CustomerProfileIn(**values)  # type: ignore[arg-type]
            except PydanticValidationError as exc:
                first = exc.errors()[0]
                raise ValidationError(first["msg"], field=f"{path}:{line}: {first['loc'][0]}") from exc
            rows.append((customer_id, CustomerProfile(**profile.model_dump(exclude_unset=True))))
    return rows


async def import_customers(settings: Settings, path: Path) -> int:
    """Validate the whole file, then upsert every profile; returns how many were imported."""
    rows = read_customer_csv(path)
    store = create_store(settings.resolved_database_url)
    await store.start()
    try:
        for customer_id, profile in rows:
            await store.upsert_profile(customer_id, profile)
    finally:
        await store.close()
    return len(rows)
