"""Migration operations for one database vendor only, so that SQLite and PostgreSQL both migrate.

PostgreSQL gets what only it has (generated tsvector columns, GIN and trigram indexes); SQLite gets its
own (FTS5 tables kept in step by triggers). Neither sees the other's SQL.
"""

from django.db import migrations


class VendorSQL(migrations.RunSQL):
    """``RunSQL`` that runs on ``vendor`` ("postgresql", "sqlite") and is skipped elsewhere."""

    def __init__(self, vendor, sql, reverse_sql=None, **kwargs):
        self.vendor = vendor
        super().__init__(sql, reverse_sql, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Raw SQL for {self.vendor} only"
