"""Full-text search on PostgreSQL: the stored ``search`` columns (``schema``), ``websearch`` queries,
ranking, and headlines computed for the shown rows only (``ts_headline`` re-reads the whole text)."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import BooleanField, Expression

from .marks import START, STOP
from .syntax import parse

CYRILLIC = re.compile("[А-Яа-яЁё]")


def search_config(text):
    """A query in Cyrillic is parsed as Russian; any other as English, which ``russian`` parses alike."""
    return "russian" if CYRILLIC.search(text) else "english"


def _query(text):
    return SearchQuery(text, search_type="websearch", config=search_config(text))


class SearchColumn(Expression):
    """The ``search`` column of the query's own table (``schema`` adds it; the model does not know
    it), under whatever alias the table has: as a subquery, Django renames it."""

    output_field = SearchVectorField()

    def __init__(self, alias=None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        return self.__class__(change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name('search')}", []


class HasPhrasePairs(SearchColumn):
    """True for an article whose ``word_pairs`` (``schema``) hold every pair of words of ``phrase``,
    and for every article when the phrase has no pair (one word, or words apart by stop words). The
    pairs are computed from constants, so the planner computes them once and uses the GIN index."""

    output_field = BooleanField()

    def __init__(self, phrase, config, alias=None):
        super().__init__(alias)
        self.phrase, self.config = phrase, config

    def relabeled_clone(self, change_map):
        return self.__class__(self.phrase, self.config, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name('word_pairs')}"
        pairs = "archive_phrase_pairs(%s::regconfig, %s)"
        return f"({pairs} = '' OR {column} @@ {pairs}::tsquery)", [self.config, self.phrase] * 2


def _document(model):
    return SearchColumn()


def phrases(text):
    """The quoted phrases every match must hold (those not among alternatives, nor left out), as typed."""
    return [
        group[0].quoted
        for group in parse(text)
        if len(group) == 1 and group[0].quoted and not group[0].negated
    ]


def match(queryset, text):
    """``queryset`` narrowed to rows matching ``text``; an article's phrases are looked for among the
    articles with their word pairs first."""
    queryset = queryset.alias(document=_document(queryset.model)).filter(document=_query(text))
    if queryset.model._meta.label == "articles.Article":
        for phrase in phrases(text):
            queryset = queryset.filter(HasPhrasePairs(phrase, search_config(text)))
    return queryset


def best(queryset, text, newest, limit):
    """The ids of the first ``limit`` rows of ``queryset`` in the order ``newest`` that match ``text``,
    best first: one query, which ranks the candidates it took and no other row."""
    candidates = (
        match(queryset, text)
        .annotate(rank=SearchRank(_document(queryset.model), _query(text)))
        .order_by(*newest)
        .values("pk", "rank")[:limit]
    )
    sql, params = candidates.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        # The ranks of the candidates only: ranking every match would read every matching vector.
        cursor.execute(f"SELECT c.pk FROM ({sql}) AS c ORDER BY c.rank DESC, c.pk DESC", params)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


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
