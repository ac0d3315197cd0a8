"""People's stored quotation counts and latest quotation date, kept by triggers (archive.counts), and
counted once for the quotations already stored."""

from django.db import migrations

from archive import counts
from newsroom.vendor import VendorSQL


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_article_word_pairs"),
        ("articles", "0009_person_quotation_stats"),
    ]

    operations = [
        VendorSQL("postgresql", counts.postgresql_forwards(), counts.postgresql_backwards()),
        VendorSQL("sqlite", counts.sqlite_forwards(), counts.sqlite_backwards()),
    ]
