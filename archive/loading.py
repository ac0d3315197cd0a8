"""Writing many rows fast, for ``generate_corpus``: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

Rows are plain dicts by attribute name (``article_id``, not ``article``); a field left out gets its
default, as ``Model()`` would give it (``auto_now`` fields: now). On PostgreSQL the ids are taken from
the table's sequence first (one query), so that rows written by ``COPY`` can be referred to at once,
and the secondary indexes of the tables loaded can be dropped for the load and built again after it
(``indexes_built_after``): one sort per index instead of one insertion per row, GIN ones above all.
"""

from contextlib import contextmanager

from django.db import connection
from django.utils import timezone


def _filler(field, now):
    """How to fill ``field`` for a row that does not give it."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda: now
    if field.has_default() and callable(field.default):
        return field.get_default  # one value per row (a uuid, the time)
    value = field.get_default()  # "" for text that may be blank, None where null is allowed
    return lambda: value


class Loader:
    """Inserts rows of any model in the current transaction; ``insert`` returns their ids."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"

    def insert(self, model, rows):
        if not rows:
            return []
        if not self.postgresql:
            return [obj.pk for obj in model._base_manager.bulk_create(model(**row) for row in rows)]
        ids = self._reserve(model, len(rows))
        now = timezone.now()
        fields = [field for field in model._meta.concrete_fields if not field.generated]
        fill = {field.attname: _filler(field, now) for field in fields}
        names = [field.attname for field in fields]
        table = model._meta.db_table
        quoted = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        pk_name = model._meta.pk.attname
        statement = f"COPY {table} ({quoted}) FROM STDIN"  # noqa: S608 (our own names)
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for pk, row in zip(ids, rows, strict=True):
                row[pk_name] = pk
                copy.write_row([row[name] if name in row else fill[name]() for name in names])
        return ids

    @staticmethod
    def _reserve(model, count):
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]


def secondary_indexes(models):
    """(name, definition) of the indexes of ``models``' tables that no constraint owns (PostgreSQL)."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ORDER BY i.indexname
            """,
            [tables],
        )
        return cursor.fetchall()


@contextmanager
def indexes_built_after(models, drop=True):
    """Drop the secondary indexes of ``models``' tables for a bulk load and build them again after it,
    even if the load fails (PostgreSQL; elsewhere, or without ``drop``, nothing happens)."""
    if connection.vendor != "postgresql" or not drop:
        yield
        return
    indexes = secondary_indexes(models)
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _, definition in indexes:
                cursor.execute(definition)
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def gather_statistics():
    """Tell the query planner what was loaded. SQLite keeps no statistics until ANALYZE runs, and
    without them it takes a much-quoted person's page the slow way (seven times slower at 20,000
    articles); PostgreSQL's autovacuum would gather its own, later."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
