"""Full-text search on PostgreSQL: the stored ``search`` columns (``schema``), ``websearch`` queries,
ranking, and headlines computed for the shown rows only (``ts_headline`` re-reads the whole text)."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db.models.expressions import RawSQL

from .marks import START, STOP

CYRILLIC = re.compile("[А-Яа-яЁё]")


def search_config(text):
    """A query in Cyrillic is parsed as Russian; any other as English, which ``russian`` parses alike."""
    return "russian" if CYRILLIC.search(text) else "english"


def _query(text):
    return SearchQuery(text, search_type="websearch", config=search_config(text))


def match(queryset, text):
    """``queryset`` narrowed to rows matching ``text``, best first."""
    table = queryset.model._meta.db_table
    document = RawSQL(f'"{table}"."search"', [], output_field=SearchVectorField())  # noqa: S611 (a model's table)
    query = _query(text)
    return (
        queryset.alias(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(document, query))
        .order_by("-rank", "-pk")
    )


def headlines(model, pks, text, fields):
    """{pk: {field: html}} for the rows ``pks`` only, matched words marked: each of ``fields`` whole
    (True) or as the fragments that match best (False)."""
    query, config = _query(text), search_config(text)
    options = {"config": config, "start_sel": START, "stop_sel": STOP}
    marked = {
        f"marked_{field}": SearchHeadline(field, query, highlight_all=True, **options)
        if whole
        else SearchHeadline(field, query, max_fragments=2, min_words=12, max_words=30, **options)
        for field, whole in fields.items()
    }
    rows = model.objects.filter(pk__in=pks).values("pk", **marked)
    return {row.pop("pk"): {name.removeprefix("marked_"): html for name, html in row.items()} for row in rows}
