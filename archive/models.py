"""SQLite's full-text tables, seen by the ORM so that searches join them like any table.

They are FTS5 tables (``archive.search.schema``) that exist on SQLite only: Django neither creates
nor flushes them (``managed = False``), and only ``archive.search.sqlite`` queries them. The
``document`` column is FTS5's hidden column named after the table: ``document = "words"`` is a
full-text match, and ``rank`` its bm25 score (lower is better).
"""

from django.db import models

from annotations.models import Annotation
from articles.models import Article, Quotation


class FullText(models.Model):
    rank = models.FloatField()

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"Full text of {self.pk}"


class ArticleText(FullText):
    article = models.OneToOneField(
        Article, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="fulltext"
    )
    document = models.TextField(db_column="archive_article_fts")
    title = models.TextField()
    body = models.TextField()

    class Meta(FullText.Meta):
        db_table = "archive_article_fts"


class QuotationText(FullText):
    quotation = models.OneToOneField(
        Quotation, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="fulltext"
    )
    document = models.TextField(db_column="archive_quotation_fts")
    text = models.TextField()

    class Meta(FullText.Meta):
        db_table = "archive_quotation_fts"


class AnnotationText(FullText):
    annotation = models.OneToOneField(
        Annotation, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="fulltext"
    )
    document = models.TextField(db_column="archive_annotation_fts")
    note = models.TextField()

    class Meta(FullText.Meta):
        db_table = "archive_annotation_fts"
