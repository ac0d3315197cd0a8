"""/dashboard/: most quoted people, quotations per outlet and per month, the share of statuses,
narrowed by dates, outlet and tag; SVG charts with the same numbers in tables and as CSV."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Quotation
from tests.factories import make_article, make_outlet, make_person, quote

pytestmark = pytest.mark.django_db

WORDS = "captivity is not a crime,"


@pytest.fixture
def quotations():
    meduza, other = make_outlet("Meduza"), make_outlet("Other")
    kadyrov, daudov = make_person(), make_person("Magomed Daudov")

    def said(person, outlet, when, status=Quotation.Status.SUGGESTED, tags=()):
        article = make_article(outlet=outlet, published_at=datetime(*when, tzinfo=UTC), tags=tags)
        return quote(article, WORDS, speaker=person, status=status)

    said(kadyrov, meduza, (2024, 1, 5), tags=["war"])
    said(kadyrov, meduza, (2024, 3, 5), Quotation.Status.CONFIRMED)
    said(kadyrov, other, (2024, 3, 9))
    said(daudov, other, (2023, 12, 1), Quotation.Status.REJECTED)
    said(daudov, other, (2024, 2, 1))


def tables(response):
    return {
        table.name: [(label, count) for label, count, _ in table.rows] for table in response.context["tables"]
    }


def test_the_dashboard_counts_who_is_quoted_where_and_when(client, quotations):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    figures = tables(response)
    assert figures["people"] == [("Ramzan Kadyrov", 3), ("Magomed Daudov", 1)]
    assert figures["outlets"] == [("Meduza", 2), ("Other", 2)]
    assert figures["months"] == [("Jan 2024", 1), ("Feb 2024", 1), ("Mar 2024", 2)]
    assert figures["statuses"] == [("Suggested", 3), ("Confirmed", 1), ("Rejected", 1)]
    # Each chart is drawn on the server, its numbers in a table beside it.
    assert response.text.count("<svg") == 4
    assert (
        '<td><a href="/people/ramzan-kadyrov/">Ramzan Kadyrov</a></td><td class="number">3</td>'
        in response.text
    )


def test_the_dashboard_is_narrowed_by_dates_outlet_and_tag(client, quotations):
    assert tables(client.get("/dashboard/", {"outlet": "meduza"}))["people"] == [("Ramzan Kadyrov", 2)]
    assert tables(client.get("/dashboard/", {"tag": "war"}))["months"] == [("Jan 2024", 1)]
    narrowed = tables(client.get("/dashboard/", {"since": "2024-02-01", "until": "2024-02-28"}))
    assert narrowed["people"] == [("Magomed Daudov", 1)]
    wrong = client.get("/dashboard/", {"outlet": "nowhere"})
    assert "There is no outlet “nowhere”." in wrong.text and not wrong.context["tables"]


def test_the_dashboard_numbers_download_as_csv(client, quotations):
    response = client.get("/dashboard/", {"outlet": "meduza", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["figure", "label", "quotations"]
    assert ["Most quoted people", "Ramzan Kadyrov", "2"] in rows
    assert ["Quotations by status", "Confirmed", "1"] in rows


def test_the_dashboard_query_count_does_not_grow(client, quotations):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/dashboard/", {"tag": "war"})
        return len(queries)

    few = count()
    for number in range(10):
        quote(make_article(outlet=make_outlet(), tags=["war"]), WORDS, speaker=make_person(f"P {number}"))
    # the tag; the newest article, quotation and tagging (the cache key, articles.freshness), which
    # changed: people, outlets, months, statuses
    assert few == count() == 8
    assert count() == 4  # unchanged: from the cache


def test_the_dashboard_refuses_writes(client):
    assert client.post("/dashboard/").status_code == 405
