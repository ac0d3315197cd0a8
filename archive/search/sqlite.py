"""Full-text search on SQLite through FTS5 (``schema``), joined by the ORM (``archive.models``):
bm25 ranking, and ``snippet``/``highlight`` for the shown rows only."""

from django.db.models.expressions import RawSQL

from archive.models import AnnotationText, ArticleText, QuotationText

from .marks import START, STOP
from .syntax import to_fts5

TABLES = {"article": ArticleText, "quotation": QuotationText, "annotation": AnnotationText}


def match(queryset, text):
    """``queryset`` narrowed to rows matching ``text``."""
    query = to_fts5(text)
    if query is None:
        return queryset.none()
    return queryset.filter(fulltext__document=query)


def ranked(queryset, text):
    """``queryset`` (rows that match) best first: FTS5's rank needs the match in the same query."""
    return match(queryset, text).order_by("fulltext__rank", "-pk")


def best(queryset, text, newest, limit):
    """The ids of the first ``limit`` rows of ``queryset`` in the order ``newest`` that match ``text``,
    best first (bm25), in one query."""
    candidates = match(queryset, text).order_by(*newest).values("pk")[:limit]
    return list(ranked(queryset.filter(pk__in=candidates), text).values_list("pk", flat=True))


def headlines(model, pks, text, fields):
    """{pk: {field: html}} for the rows ``pks`` only, matched words marked: each of ``fields`` whole
    (True, FTS5's ``highlight``) or as the fragment that matches best (False, ``snippet``)."""
    table = TABLES[model._meta.model_name]
    name = table._meta.db_table
    columns = [field.name for field in table._meta.local_fields if field.name not in ("rank", "document")][1:]
    marked = {}
    for field, whole in fields.items():
        column = columns.index(field)
        if whole:
            sql, params = f"highlight({name}, {column}, %s, %s)", [START, STOP]
        else:
            sql, params = f"snippet({name}, {column}, %s, %s, '…', 30)", [START, STOP]
        marked[f"marked_{field}"] = RawSQL(sql, params)  # noqa: S611 (names of our own tables)
    rows = table.objects.filter(document=to_fts5(text), pk__in=pks).values("pk", **marked)
    return {row.pop("pk"): {name.removeprefix("marked_"): html for name, html in row.items()} for row in rows}
