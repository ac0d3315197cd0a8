"""Who gets quoted: the numbers behind /dashboard/, narrowed by dates, outlet and tag.

Every figure is one grouped query over the quotations (suggested and confirmed, except the share of
statuses, which counts rejected ones too); charts and tables are drawn from the same rows.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from taggit.models import Tag

from articles.charts import bar_chart
from articles.models import Outlet, Quotation
from articles.profiles import months_between

from .search.filters import tagged

TOP = 15


@dataclass
class DashboardFilters:
    since: date | None = None
    until: date | None = None
    outlet: Outlet | None = None
    tag: Tag | None = None

    def apply(self, quotations):
        if self.since:
            quotations = quotations.filter(article__sort_date__date__gte=self.since)
        if self.until:
            quotations = quotations.filter(article__sort_date__date__lte=self.until)
        if self.outlet:
            quotations = quotations.filter(article__outlet=self.outlet)
        if self.tag:
            from articles.models import Article

            quotations = quotations.filter(
                tagged(Quotation, self.tag) | tagged(Article, self.tag, "article_id")
            )
        return quotations.order_by()


@dataclass
class Table:
    """One figure: its rows as (label, number, link or ""), and its chart."""

    name: str
    title: str
    heading: str
    rows: list
    chart: object = None


def most_quoted(filters):
    rows = (
        filters.apply(Quotation.objects.shown().filter(speaker__isnull=False))
        .values("speaker__name", "speaker__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "speaker__name")[:TOP]
    )
    return [(row["speaker__name"], row["count"], f"/people/{row['speaker__slug']}/") for row in rows]


def per_outlet(filters):
    rows = (
        filters.apply(Quotation.objects.shown().filter(article__outlet__isnull=False))
        .values("article__outlet__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "article__outlet__name")[:TOP]
    )
    return [(row["article__outlet__name"], row["count"], "") for row in rows]


def per_month(filters):
    rows = dict(
        filters.apply(Quotation.objects.shown())
        .annotate(month=TruncMonth("article__sort_date"))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    counts = {month.date() if hasattr(month, "date") else month: count for month, count in rows.items()}
    if not counts:
        return []
    return [
        (f"{month:%b %Y}", counts.get(month, 0), "") for month in months_between(min(counts), max(counts))
    ]


def statuses(filters):
    counts = dict(
        filters.apply(Quotation.objects.all())
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return [(label, counts.get(value, 0), "") for value, label in Quotation.Status.choices]


def figures(filters):
    """Every table of the dashboard, each with its chart."""
    tables = [
        Table("people", "Most quoted people", "Person", most_quoted(filters)),
        Table("outlets", "Quotations per outlet", "Outlet", per_outlet(filters)),
        Table("months", "Quotations per month", "Month", per_month(filters)),
        Table("statuses", "Quotations by status", "Status", statuses(filters)),
    ]
    for table in tables:
        table.chart = bar_chart(table.title, [(label, count) for label, count, _ in table.rows])
    return tables
