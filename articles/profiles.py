"""What a person's page shows besides their quotations: quotations per month, the outlets that
quoted them, the people they appear with, the same words reported by several articles, and the
export of their quotations. Each is one query, whatever the number of quotations."""

import csv
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncMonth
from taggit.models import TaggedItem

from .charts import bar_chart
from .models import Article, Mention, Person, Quotation
from .reports import reports_of

SHOWN = 10
REPORTS_SHOWN = 6  # of the same words, beside a quotation on its person's page


@dataclass
class QuotationFilters:
    tag: object = None
    status: str = ""
    outlet: object = None

    def any(self):
        return bool(self.tag or self.status or self.outlet)

    def apply(self, quotations):
        quotations = quotations.filter(status=self.status) if self.status else quotations.shown()
        if self.outlet:
            quotations = quotations.filter(article__outlet=self.outlet)
        if self.tag:
            quotations = quotations.filter(
                tagged(Quotation, self.tag, "pk") | tagged(Article, self.tag, "article_id")
            )
        return quotations


def tagged(model, tag, field):
    """Rows whose ``field`` is the id of a ``model`` carrying ``tag``."""
    items = TaggedItem.objects.filter(
        tag=tag,
        object_id=OuterRef(field),
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
    )
    return Exists(items)


def quotations_of(person, filters):
    """The person's quotations, newest report first, with their article (not its text) and outlet."""
    return (
        filters.apply(person.quotations.all())
        .select_related("article__outlet")
        .defer(*(f"article__{name}" for name in Article.LONG_FIELDS))
        .order_by("-article__sort_date", "article_id", "start")
    )


def months_between(first, last):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def per_month_chart(person):
    """Quotations per month, by the date of the article reporting them; months without any at 0."""
    counts = dict(
        person.quotations.shown()
        .annotate(month=TruncMonth("article__sort_date"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    counts = {month.date() if hasattr(month, "date") else month: count for month, count in counts.items()}
    if not counts:
        return bar_chart("Quotations per month", [])
    points = [(f"{month:%b %Y}", counts.get(month, 0)) for month in months_between(min(counts), max(counts))]
    return bar_chart(f"Quotations of {person.name} per month", points)


def outlets_quoting(person):
    return list(
        person.quotations.shown()
        .filter(article__outlet__isnull=False)
        .order_by()
        .values("article__outlet__name", "article__outlet__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "article__outlet__name")[:SHOWN]
    )


def people_alongside(person):
    """The people most often named in the articles that name or quote ``person``, with how many."""
    articles = (
        Mention.objects.filter(person=person)
        .values("article_id")
        .union(Quotation.objects.shown().filter(speaker=person).values("article_id"))
    )
    counted = (
        Mention.objects.filter(article_id__in=articles)
        .exclude(person=person)
        .order_by()
        .values("person")
        .annotate(count=Count("article_id", distinct=True))
        .order_by("-count", "person")[:SHOWN]
    )
    counts = {row["person"]: row["count"] for row in counted}
    people = Person.objects.in_bulk(list(counts))
    return [(people[pk], count) for pk, count in counts.items()]


def figures(person):
    """What adds up all of a person's quotations, for their page (cached by the view)."""
    return {
        "chart": per_month_chart(person),
        "outlets": outlets_quoting(person),
        "alongside": people_alongside(person),
    }


def mark_reports(quotations):
    """Set ``reports`` on each quotation: the first REPORTS_SHOWN shown quotations of its speaker with
    near-identical words (articles.reports, in any article, this one included), earliest first, and
    ``report_count``, how many there are; ``earliest`` says whether it is the first."""
    reports = reports_of(quotations)
    for quotation in quotations:
        found = reports.get(quotation.pk, [])
        quotation.report_count = len(found)
        quotation.reports = found[:REPORTS_SHOWN]
        quotation.earliest = bool(quotation.reports) and quotation.reports[0].pk == quotation.pk
    return quotations


EXPORT_FIELDS = [
    "id",
    "text",
    "kind",
    "status",
    "cue",
    "speaker",
    "article",
    "url",
    "outlet",
    "date",
    "start",
    "end",
]


def export_rows(person, quotations, build_url):
    for q in quotations.iterator(chunk_size=500):
        article = q.article
        yield {
            "id": str(q.uuid),
            "text": q.text,
            "kind": q.kind,
            "status": q.status,
            "cue": q.cue,
            "speaker": person.name,
            "article": article.title,
            "url": build_url(q.get_absolute_url()),
            "outlet": article.outlet.name if article.outlet else "",
            "date": article.sort_date.date().isoformat(),
            "start": q.start,
            "end": q.end,
        }


class Echo:
    """A file-like object that hands back what is written, for streaming CSV."""

    def write(self, value):
        return value


def csv_lines(rows):
    writer = csv.DictWriter(Echo(), fieldnames=EXPORT_FIELDS)
    yield writer.writeheader()
    for row in rows:
        yield writer.writerow(row)
