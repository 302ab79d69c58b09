"""A turn's statements run straight on SQLite's driver connection, compiled once.

SQLAlchemy's execution layer (the session's connection lookup, the execution context, the result
wrapper, the compiled-cache key) costs about 0.15 ms a statement: ten times what SQLite itself takes
for the small INSERTs and keyed SELECTs of a customer's turn, which run a dozen of them on the store's
one thread. ``fetch_all``, ``fetch_first``, ``fetch_scalar``, ``execute`` and ``insert_values`` take a Core
statement built once and, on SQLite, run the SQL SQLAlchemy compiled for it (once per statement) on the
transaction's own ``sqlite3`` connection, with the column types' own bind and result processors, so
values go in and come out exactly as through the session. Other databases run them through the session.

They run inside the session's transaction (its ``BEGIN IMMEDIATE`` and ``COMMIT``) but around its unit
of work: ORM objects the session holds are flushed first, and rows changed here are not refreshed in
its identity map, so an operation uses either these or ORM objects for a row, not both.
"""

from __future__ import annotations

import functools
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table
from sqlalchemy import insert as sql_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement, Select
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

__all__ = ["execute", "fetch_all", "fetch_first", "fetch_scalar", "insert_values"]

_CONNECTION = "warmline_sqlite3"  # session.info key: the transaction's sqlite3 connection and dialect
Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Compiled:
    """One statement as SQLite runs it: its SQL, its parameters in order, and how values are converted."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]  # values of binds the statement carries itself (literals)
    binds: tuple[Processor | None, ...]
    row: Callable[..., Any] | None  # a named tuple of the selected columns, for a SELECT
    results: tuple[Processor | None, ...]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        fixed = self.fixed
        return tuple(value if process is None else process(value)
                     for value, process in zip((values[n] if n in values else fixed[n] for n in self.names),
                                               self.binds, strict=True))

    def rows(self, cursor: sqlite3.Cursor) -> list[Any]:
        assert self.row is not None
        make, results = self.row, self.results
        return [make(*(value if process is None else process(value)
                       for value, process in zip(raw, results, strict=True))) for raw in cursor.fetchall()]


_compiled: dict[tuple[Any, ...], tuple[ClauseElement, _Compiled]] = {}


def _compile(statement: ClauseElement, dialect: Dialect, *, key: tuple[Any, ...],
             column_keys: Sequence[str] | None = None) -> _Compiled:
    cached = _compiled.get(key)
    if cached is not None:
        return cached[1]
    compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
    assert isinstance(compiled, SQLCompiler)
    names = tuple(compiled.positiontup or ())
    binds = tuple(compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
    fixed = {name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required}
    row: Callable[..., Any] | None = None
    results: tuple[Processor | None, ...] = ()
    if isinstance(statement, Select):
        columns = list(statement.selected_columns)
        row = namedtuple("Row", [c.key for c in columns], rename=True)  # type: ignore[misc, no-redef]
        results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
    made = _Compiled(sql=compiled.string, names=names, fixed=fixed, binds=binds, row=row, results=results)
    _compiled[key] = (statement, made)  # the statement is kept so its id is not reused while cached
    return made


_Target = tuple[sqlite3.Connection, Dialect]


async def _sqlite3(session: AsyncSession) -> _Target | None:
    """The transaction's ``sqlite3`` connection and its dialect; ``None`` when the database is not SQLite."""
    target = session.info.get(_CONNECTION)
    if target is None:
        if session.new or session.dirty or session.deleted:
            await session.flush()
        bound = await session.connection()
        driver = (await bound.get_raw_connection()).driver_connection if bound.dialect.name == "sqlite" else None
        connection = getattr(driver, "sqlite3_connection", None)
        target = session.info[_CONNECTION] = (connection, bound.dialect) if connection is not None else False
    return target if isinstance(target, tuple) else None


def _run(connection: sqlite3.Connection, compiled: _Compiled,
         parameters: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> sqlite3.Cursor:
    cursor = connection.cursor()
    try:
        if isinstance(parameters, Mapping):
            return cursor.execute(compiled.sql, compiled.parameters(parameters))
        return cursor.executemany(compiled.sql, [compiled.parameters(p) for p in parameters])
    except sqlite3.Error as exc:
        # The same exception the session would raise (IntegrityError for a unique key, ...).
        raise DBAPIError.instance(compiled.sql, parameters, exc, sqlite3.Error) from exc


async def fetch_all(session: AsyncSession, statement: Select[Any], parameters: Mapping[str, Any]) -> list[Any]:
    """The rows of a SELECT built once (``bindparam``s filled from ``parameters``), with attribute access."""
    target = await _sqlite3(session)
    if target is None:
        return list((await session.execute(statement, parameters)).all())
    connection, dialect = target
    compiled = _compile(statement, dialect, key=(id(statement),))
    return compiled.rows(_run(connection, compiled, parameters))


async def fetch_first(session: AsyncSession, statement: Select[Any], parameters: Mapping[str, Any]) -> Any | None:
    """The first row of ``fetch_all``, or ``None``."""
    rows = await fetch_all(session, statement, parameters)
    return rows[0] if rows else None


async def fetch_scalar(session: AsyncSession, statement: Select[Any], parameters: Mapping[str, Any]) -> Any:
    """The first column of the first row, or ``None``."""
    row = await fetch_first(session, statement, parameters)
    return None if row is None else row[0]


async def execute(session: AsyncSession, statement: UpdateBase,
                  parameters: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> None:
    """Run an UPDATE or DELETE built once, with one set of ``parameters`` or once for each in a list."""
    if not isinstance(parameters, Mapping) and not parameters:
        return
    target = await _sqlite3(session)
    if target is None:
        await session.execute(statement, parameters)
        return
    connection, dialect = target
    _run(connection, _compile(statement, dialect, key=(id(statement),)), parameters)


async def insert_values(session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT ``rows`` (all with the same keys) into ``table``; columns left out get their Python-side
    defaults (``default=``), as through the session."""
    if not rows:
        return
    target = await _sqlite3(session)
    if target is None:
        await session.execute(sql_insert(table), list(rows))
        return
    connection, dialect = target
    given = tuple(rows[0])
    defaults = _defaults(table, given)
    if defaults:
        rows = [{**row, **{name: make() for name, make in defaults}} for row in rows]
    keys = (*given, *(name for name, _ in defaults))
    compiled = _compile(sql_insert(table), dialect, key=(table, keys), column_keys=keys)
    _run(connection, compiled, rows)


@functools.cache
def _defaults(table: Table, given: tuple[str, ...]) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """The Python-side defaults of ``table``'s columns not in ``given``: (name, a function making the value)."""
    made = []
    for column in table.columns:
        default = column.default
        if column.key in given or default is None or not (default.is_scalar or default.is_callable):
            continue
        arg = default.arg  # type: ignore[attr-defined]
        made.append((column.key, (lambda value=arg: value) if default.is_scalar
                     else (lambda function=arg: function(None))))
    return tuple(made)
