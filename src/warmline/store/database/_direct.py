"""A turn's statements run straight on the driver's connection, compiled once.

SQLAlchemy's execution layer (the session's connection lookup, the execution context, the result
wrapper, the compiled-cache key) costs about 0.15 ms a statement: ten times what SQLite itself takes
for the small INSERTs and keyed SELECTs of a customer's turn, which runs a dozen of them. ``fetch_all``,
``fetch_first``, ``fetch_scalar``, ``execute`` and ``insert_values`` take a Core statement built once and
run the SQL SQLAlchemy compiled for it (once per statement and dialect) on the transaction's own driver
connection — ``sqlite3`` on the store's thread, asyncpg on the event loop — with the column types' own
bind and result processors, so values go in and come out exactly as through the session, and errors are
SQLAlchemy's (``IntegrityError`` for a unique key). Any other driver runs them through the session.

They run inside the session's transaction (its ``BEGIN`` and ``COMMIT``) but around its unit of work:
ORM objects the session holds are flushed first, and rows changed here are not refreshed in its identity
map, so an operation uses either these or ORM objects for a row, not both.
"""

from __future__ import annotations

import functools
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

from sqlalchemy import Table
from sqlalchemy import insert as sql_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement, Select
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.types import TypeEngine

__all__ = ["execute", "fetch_all", "fetch_first", "fetch_scalar", "insert_values"]

_RUNNER = "warmline_direct"  # session.info key: the transaction's runner (False: through the session)
Processor = Callable[[Any], Any]
Parameters = Mapping[str, Any] | Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class _Compiled:
    """One statement as the driver runs it: its SQL, its parameters in order, and how values are converted."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]  # values of binds the statement carries itself (literals)
    binds: tuple[Processor | None, ...]
    row: Callable[..., Any] | None  # a named tuple of the selected columns, for a SELECT
    columns: tuple[TypeEngine[Any], ...]  # their types
    results: tuple[Processor | None, ...]  # their result processors, where the driver's column types do not matter

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        fixed = self.fixed
        return tuple(value if process is None else process(value)
                     for value, process in zip((values[n] if n in values else fixed[n] for n in self.names),
                                               self.binds, strict=True))

    def rows(self, raw_rows: Sequence[Sequence[Any]], results: Sequence[Processor | None]) -> list[Any]:
        assert self.row is not None
        make = self.row
        return [make(*(value if process is None else process(value)
                       for value, process in zip(raw, results, strict=True))) for raw in raw_rows]


_compiled: dict[tuple[Any, ...], tuple[ClauseElement, _Compiled]] = {}
# The statements are built once (module constants), so this holds a few dozen; the bound only keeps a caller
# that builds a new statement for every call from growing it without end.
_MAX_COMPILED = 1024


def _compile(statement: ClauseElement, dialect: Dialect, *, key: tuple[Any, ...],
             column_keys: Sequence[str] | None = None) -> _Compiled:
    key = (dialect.name, *key)
    cached = _compiled.get(key)
    if cached is not None:
        return cached[1]
    compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
    assert isinstance(compiled, SQLCompiler)
    names = tuple(compiled.positiontup or ())
    binds = tuple(compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
    fixed = {name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required}
    row: Callable[..., Any] | None = None
    columns: tuple[TypeEngine[Any], ...] = ()
    if isinstance(statement, Select):
        selected = list(statement.selected_columns)
        row = namedtuple("Row", [c.key for c in selected], rename=True)  # type: ignore[misc, no-redef]
        columns = tuple(c.type.dialect_impl(dialect) for c in selected)
    results = tuple(t.result_processor(dialect, None) for t in columns) if dialect.name == "sqlite" else ()
    made = _Compiled(sql=compiled.string, names=names, fixed=fixed, binds=binds, row=row, columns=columns,
                     results=results)
    if len(_compiled) >= _MAX_COMPILED:
        _compiled.clear()
    _compiled[key] = (statement, made)  # the statement is kept so its id is not reused while cached
    return made


class _Runner(Protocol):
    dialect: Dialect

    async def fetch(self, compiled: _Compiled, parameters: Mapping[str, Any]) -> list[Any]: ...

    async def run(self, compiled: _Compiled, parameters: Parameters) -> None: ...


class _Sqlite:
    """Statements on the transaction's ``sqlite3`` connection (on the store's thread: plain calls)."""

    def __init__(self, connection: sqlite3.Connection, dialect: Dialect) -> None:
        self.connection, self.dialect = connection, dialect

    async def fetch(self, compiled: _Compiled, parameters: Mapping[str, Any]) -> list[Any]:
        return compiled.rows(self._cursor(compiled, parameters).fetchall(), compiled.results)

    async def run(self, compiled: _Compiled, parameters: Parameters) -> None:
        self._cursor(compiled, parameters)

    def _cursor(self, compiled: _Compiled, parameters: Parameters) -> sqlite3.Cursor:
        cursor = self.connection.cursor()
        try:
            if isinstance(parameters, Mapping):
                return cursor.execute(compiled.sql, compiled.parameters(parameters))
            return cursor.executemany(compiled.sql, [compiled.parameters(p) for p in parameters])
        except sqlite3.Error as exc:
            raise DBAPIError.instance(compiled.sql, parameters, exc, sqlite3.Error) from exc


class _Asyncpg:
    """Statements on the asyncpg connection under SQLAlchemy's adapter, in the transaction it keeps.

    It leans on the adapter's ``_connection``, ``_transaction``, ``_start_transaction`` and
    ``_handle_exception`` (SQLAlchemy 2's asyncpg dialect): ``for_session`` checks they are there, and
    without them statements go through the session.
    """

    def __init__(self, adapter: Any, dialect: Dialect) -> None:
        self.adapter, self.dialect = adapter, dialect

    @staticmethod
    def fits(adapter: Any) -> bool:
        return all(hasattr(adapter, name) for name in ("_connection", "_transaction", "_start_transaction",
                                                        "_handle_exception"))

    async def fetch(self, compiled: _Compiled, parameters: Mapping[str, Any]) -> list[Any]:
        connection = await self._in_transaction()
        try:
            records = await connection.fetch(compiled.sql, *compiled.parameters(parameters))
        except Exception as exc:
            self._raise(exc, compiled, parameters)
        return compiled.rows(records, await self._results(connection, compiled))

    async def _results(self, connection: Any, compiled: _Compiled) -> tuple[Processor | None, ...]:
        """The result processors of ``compiled``'s columns, which on asyncpg depend on the columns' types in
        the database (read once, from the prepared statement)."""
        results = _ASYNCPG_RESULTS.get(compiled.sql)
        if results is None:
            prepared = await connection.prepare(compiled.sql)
            results = tuple(type_.result_processor(self.dialect, attribute.type.oid)
                            for type_, attribute in zip(compiled.columns, prepared.get_attributes(), strict=True))
            _ASYNCPG_RESULTS[compiled.sql] = results
        return results

    async def run(self, compiled: _Compiled, parameters: Parameters) -> None:
        connection = await self._in_transaction()
        try:
            if isinstance(parameters, Mapping):
                await connection.execute(compiled.sql, *compiled.parameters(parameters))
            else:
                await connection.executemany(compiled.sql, [compiled.parameters(p) for p in parameters])
        except Exception as exc:
            self._raise(exc, compiled, parameters)

    async def _in_transaction(self) -> Any:
        # The adapter begins its transaction at the first statement; a direct one may come first.
        if self.adapter._transaction is None:
            await self.adapter._start_transaction()
        return self.adapter._connection

    def _raise(self, exc: Exception, compiled: _Compiled, parameters: Parameters) -> NoReturn:
        try:
            self.adapter._handle_exception(exc)  # the adapter's DB-API error (IntegrityError, ...)
        except Exception as translated:
            error_class = self.dialect.loaded_dbapi.Error
            if not isinstance(translated, error_class):
                raise
            raise DBAPIError.instance(compiled.sql, parameters, translated, error_class) from exc
        raise exc  # pragma: no cover - _handle_exception always raises


_ASYNCPG_RESULTS: dict[str, tuple[Processor | None, ...]] = {}


async def _runner(session: AsyncSession) -> _Runner | None:
    """The transaction's runner; ``None`` when its driver has none (statements go through the session)."""
    runner = session.info.get(_RUNNER)
    if runner is None:
        if session.new or session.dirty or session.deleted:
            await session.flush()
        bound = await session.connection()
        raw = await bound.get_raw_connection()
        dialect = bound.dialect
        driver: Any = raw.driver_connection
        runner = False
        if dialect.name == "sqlite" and hasattr(driver, "sqlite3_connection"):
            runner = _Sqlite(driver.sqlite3_connection, dialect)
        elif dialect.driver == "asyncpg" and _Asyncpg.fits(raw.dbapi_connection):
            runner = _Asyncpg(raw.dbapi_connection, dialect)
        session.info[_RUNNER] = runner
    return runner if isinstance(runner, (_Sqlite, _Asyncpg)) else None


async def fetch_all(session: AsyncSession, statement: Select[Any], parameters: Mapping[str, Any]) -> list[Any]:
    """The rows of a SELECT built once (``bindparam``s filled from ``parameters``), with attribute access."""
    runner = await _runner(session)
    if runner is None:
        return list((await session.execute(statement, parameters)).all())
    return await runner.fetch(_compile(statement, runner.dialect, key=(id(statement),)), parameters)


async def fetch_first(session: AsyncSession, statement: Select[Any], parameters: Mapping[str, Any]) -> Any | None:
    """The first row of ``fetch_all``, or ``None``."""
    rows = await fetch_all(session, statement, parameters)
    return rows[0] if rows else None


async def fetch_scalar(session: AsyncSession, statement: Select[Any], parameters: Mapping[str, Any]) -> Any:
    """The first column of the first row, or ``None``."""
    row = await fetch_first(session, statement, parameters)
    return None if row is None else row[0]


async def execute(session: AsyncSession, statement: UpdateBase, parameters: Parameters) -> None:
    """Run an UPDATE or DELETE built once, with one set of ``parameters`` or once for each in a list."""
    if not isinstance(parameters, Mapping) and not parameters:
        return
    runner = await _runner(session)
    if runner is None:
        await session.execute(statement, parameters)
        return
    await runner.run(_compile(statement, runner.dialect, key=(id(statement),)), parameters)


async def insert_values(session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT ``rows`` (all with the same keys) into ``table``; columns left out get their Python-side
    defaults (``default=``), as through the session."""
    if not rows:
        return
    runner = await _runner(session)
    if runner is None:
        await session.execute(sql_insert(table), list(rows))
        return
    given = tuple(rows[0])
    defaults = _defaults(table, given)
    if defaults:
        rows = [{**row, **{name: make() for name, make in defaults}} for row in rows]
    keys = (*given, *(name for name, _ in defaults))
    compiled = _compile(sql_insert(table), runner.dialect, key=(table, keys), column_keys=keys)
    await runner.run(compiled, rows)


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
