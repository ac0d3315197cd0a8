"""What each kind of search result can be narrowed by: outlet, dates, person, tag, status and kind.

The same filters apply whatever the database and whether or not words were typed.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from taggit.models import Tag, TaggedItem

from annotations.models import Annotation
from articles.models import Article, Mention, Outlet, Person, Quotation


@dataclass
class Filters:
    outlet: Outlet | None = None
    person: Person | None = None
    tag: Tag | None = None
    since: date | None = None
    until: date | None = None
    status: str = ""
    kind: str = ""

    @property
    def quotations_only(self):
        """Status and kind are a quotation's: with either, only quotations are searched."""
        return bool(self.status or self.kind)

    def any(self):
        return any(value for value in vars(self).values())


def tagged(model, tag, field="pk"):
    """Rows of ``model`` (by ``field``) carrying ``tag``: a subquery, so no row comes twice."""
    items = TaggedItem.objects.filter(
        tag=tag, content_type=ContentType.objects.get_for_model(model), object_id=OuterRef(field)
    )
    return Exists(items)


def _dated(queryset, filters, prefix=""):
    if filters.outlet:
        queryset = queryset.filter(**{f"{prefix}outlet": filters.outlet})
    if filters.since:
        queryset = queryset.filter(**{f"{prefix}sort_date__date__gte": filters.since})
    if filters.until:
        queryset = queryset.filter(**{f"{prefix}sort_date__date__lte": filters.until})
    return queryset


def articles(filters):
    queryset = _dated(Article.objects.for_list(), filters)
    if filters.tag:
        queryset = queryset.filter(tagged(Article, filters.tag))
    if filters.person:
        named = Mention.objects.filter(article=OuterRef("pk"), person=filters.person)
        quoted = Quotation.objects.shown().filter(article=OuterRef("pk"), speaker=filters.person)
        queryset = queryset.filter(Exists(named) | Exists(quoted))
    return queryset


def quotations(filters):
    queryset = Quotation.objects.select_related("speaker", "article__outlet").defer(
        *(f"article__{name}" for name in Article.LONG_FIELDS)
    )
    queryset = queryset.filter(status=filters.status) if filters.status else queryset.shown()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    queryset = _dated(queryset, filters, "article__")
    if filters.person:
        queryset = queryset.filter(speaker=filters.person)
    if filters.tag:
        queryset = queryset.filter(
            tagged(Quotation, filters.tag) | tagged(Article, filters.tag, "article_id")
        )
    return queryset


def notes(filters, user):
    queryset = Annotation.objects.visible_to(user).exclude(note="").with_article().select_related("author")
    queryset = _dated(queryset, filters, "article__")
    if filters.person:
        queryset = queryset.filter(
            Q(quotation__speaker=filters.person)
            | Exists(Mention.objects.filter(article=OuterRef("article_id"), person=filters.person))
        )
    if filters.tag:
        queryset = queryset.filter(
            tagged(Annotation, filters.tag) | tagged(Article, filters.tag, "article_id")
        )
    return queryset


def people(filters):
    return Person.objects.with_quotation_stats().prefetch_related("aliases")
