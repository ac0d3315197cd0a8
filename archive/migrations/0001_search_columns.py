"""Full-text search columns: generated tsvector columns with GIN indexes on PostgreSQL, FTS5 tables
with triggers on SQLite (archive.search.schema)."""

from django.db import migrations

from archive.search import schema
from newsroom.vendor import VendorSQL


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_word_count_and_name_trigrams"),
        ("annotations", "0001_initial"),
    ]

    operations = [
        VendorSQL("postgresql", schema.postgresql_forwards(), schema.postgresql_backwards()),
        VendorSQL("sqlite", schema.sqlite_forwards(), schema.sqlite_backwards()),
    ]
