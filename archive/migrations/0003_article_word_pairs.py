"""Word pairs of articles on PostgreSQL, with a GIN index: phrases of common words found at once
(archive.search.schema)."""

from django.db import migrations

from archive.search import schema
from newsroom.vendor import VendorSQL


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_fulltext_tables"),
    ]

    operations = [
        VendorSQL("postgresql", schema.word_pairs_forwards(), schema.word_pairs_backwards()),
    ]
