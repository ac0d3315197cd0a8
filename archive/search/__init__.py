"""One search over the archive: articles, quotations, annotation notes and people, ranked, grouped
and counted, with the matched words marked in each snippet.

    results = search("captivity -crime", Filters(person=kadyrov), user)

The database does the matching (``postgresql`` or ``sqlite``, chosen by the connection); which rows
each kind offers and how filters narrow them is the same for both (``filters``).
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.utils.text import Truncator

from annotations.models import Annotation
from articles.models import Article, Quotation

from . import filters as narrow
from .filters import Filters
from .marks import marked
from .syntax import plain_words

__all__ = ["Filters", "GROUPS", "search"]

# Ranking reads every matching row's whole search vector: a common word in a large archive matches
# tens of thousands. Only the newest CANDIDATES matches of each kind are ranked and counted, in one
# query; the page says "100+" beyond.
CANDIDATES = 100


@dataclass
class Hit:
    object: object
    title: str = ""  # safe HTML, matches marked
    snippet: str = ""  # safe HTML, matches marked


@dataclass
class Group:
    name: str
    label: str
    page: object  # a Paginator page of Hits
    hits: list = field(default_factory=list)

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def capped(self):
        return self.count >= CANDIDATES


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    model: object
    # The fields shown with matches marked: whole (True) or the best fragments (False).
    marked: dict


GROUPS = [
    Kind("articles", "Articles", Article, {"title": True, "body": False}),
    Kind("quotations", "Quotations", Quotation, {"text": True}),
    Kind("notes", "Notes", Annotation, {"note": True}),
    Kind("people", "People", None, {}),
]


def backend():
    if connection.vendor == "postgresql":
        from . import postgresql

        return postgresql
    from . import sqlite

    return sqlite


def search(text, filters, user, only=None, page=1, per_group=5, per_page=20):
    """The groups of results for ``text`` (web-search syntax) narrowed by ``filters``: every group's
    first ``per_group`` hits, or ``page`` of ``per_page`` hits of the group named ``only``."""
    text = " ".join(text.split())
    groups = []
    for kind in GROUPS:
        if only and kind.name != only:
            continue
        queryset = rows(kind, text, filters, user)
        if queryset is None:
            continue
        size = per_page if only else per_group
        if text:
            # The best candidates' ids in one query; then the rows of the page shown only.
            best = candidates(kind, queryset, text)
            result_page = Paginator(best, size).get_page(page if only else 1)
            # People's rows without their search: its trigram comparison is done.
            shown = narrow.people(filters) if kind.model is None else queryset
            found = shown.in_bulk(list(result_page.object_list))
            objects = [found[pk] for pk in result_page.object_list if pk in found]
        else:
            result_page = Paginator(queryset, size).get_page(page if only else 1)
            objects = list(result_page.object_list)
        group = Group(kind.name, kind.label, result_page)
        group.hits = hits(kind, objects, text)
        groups.append(group)
    return groups


def candidates(kind, queryset, text):
    """The ids of the best ``CANDIDATES`` matches of one kind, best first, in one query: counting them
    apart would run the search twice (for people, a trigram comparison with every name)."""
    if kind.model is None:
        return list(queryset.values_list("pk", flat=True)[:CANDIDATES])  # people come closest first
    return backend().best(queryset, text, newest(kind), CANDIDATES)


def newest(kind):
    """The order candidates are taken in: articles by date (an index), the others by id (the order
    they came in)."""
    return ("-sort_date", "-pk") if kind.model is Article else ("-pk",)


def rows(kind, text, filters, user):
    """The rows of one kind that the filters leave (their matching and order come later with words;
    newest first without words); None when this kind is not searched (people once filters narrow to
    something people are not, or without words)."""
    if kind.name == "people":
        words = plain_words(text)
        if not words or filters.any():
            return None
        return narrow.people(filters).search(words)
    if filters.quotations_only and kind.name != "quotations":
        return None
    queryset = {
        "articles": lambda: narrow.articles(filters),
        "quotations": lambda: narrow.quotations(filters),
        "notes": lambda: narrow.notes(filters, user),
    }[kind.name]()
    if text:
        return queryset
    if not filters.any():
        return None
    newest_first = "-sort_date" if kind.model is Article else "-article__sort_date"
    return queryset.order_by(newest_first, "-pk")


def hits(kind, objects, text):
    if kind.model is None or not objects:
        return [Hit(obj) for obj in objects]
    if not text:
        return [Hit(obj, *plain(kind, obj)) for obj in objects]
    marked_fields = backend().headlines(kind.model, [obj.pk for obj in objects], text, kind.marked)
    result = []
    for obj in objects:
        found = marked_fields.get(obj.pk, {})
        if kind.name == "articles":
            result.append(Hit(obj, marked(found.get("title") or obj.title), marked(found.get("body"))))
        else:
            field_name = next(iter(kind.marked))
            result.append(Hit(obj, "", marked(found.get(field_name) or getattr(obj, field_name))))
    return result


def plain(kind, obj):
    """Title and snippet of a row found by its filters alone (no words to mark)."""
    if kind.name == "articles":
        return marked(obj.title), ""
    return "", marked(Truncator(getattr(obj, next(iter(kind.marked)))).words(60))
