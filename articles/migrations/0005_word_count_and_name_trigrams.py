"""Store each article's word count (lists show reading times without loading bodies), and, on
PostgreSQL, trigram indexes for finding people by a misspelt name or alias."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from newsroom.vendor import VendorSQL


def count_words(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.only("pk", "body").iterator(chunk_size=500):
        article.word_count = len(article.body.split())
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["word_count"])
            batch = []
    Article.objects.bulk_update(batch, ["word_count"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_ingestbatch_lease"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="word_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Words in the body, counted whenever the article is saved.",
            ),
        ),
        migrations.RunPython(count_words, migrations.RunPython.noop),
        # Skips itself on other databases.
        TrigramExtension(),
        # People by a name or alias near the one typed ("Kadyrow"): PersonQuerySet.search.
        VendorSQL(
            "postgresql",
            [
                "CREATE INDEX person_name_trgm_idx ON articles_person USING gin (name gin_trgm_ops)",
                "CREATE INDEX alias_name_trgm_idx ON articles_personalias USING gin (name gin_trgm_ops)",
            ],
            [
                "DROP INDEX IF EXISTS person_name_trgm_idx",
                "DROP INDEX IF EXISTS alias_name_trgm_idx",
            ],
        ),
    ]
