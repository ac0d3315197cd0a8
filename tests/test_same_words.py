"""The same quotation across outlets: the same person's near-identical words in several articles are
shown together on each reading page (and on the person's page), the earliest report marked; found by
index, at a cost that does not grow with the reports."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Quotation
from articles.reports import reports_of
from tests.factories import make_article, make_outlet, make_person, quote

pytestmark = pytest.mark.django_db

# Invented words, reported three ways: as said, with a word changed, with other marks and case.
SAID = "The ferry to the islands will run every hour from the first of May"
CHANGED = "The ferry to the islands will run each hour from the first of May"
RETYPED = "the ferry to the islands will run every hour, from the first of May!"


def report(person, words, outlet, day, status=Quotation.Status.CONFIRMED):
    article = make_article(
        title=f"{outlet}: ferries",
        outlet=make_outlet(outlet),
        published_at=datetime(2025, 4, day, 8, tzinfo=UTC),
        body=f"The mayor spoke at the harbour. “{words},” said the mayor.\n\nMore from {outlet} later.",
    )
    return quote(article, words, speaker=person, status=status)


@pytest.fixture
def kell():
    return make_person("Marta Kell", role="Mayor")


def elsewhere(client, quotation):
    """The reported-elsewhere section of the quotation's reading page, as text."""
    html = client.get(quotation.article.get_absolute_url()).content.decode()
    start = html.find('id="reported-elsewhere"')
    return html[start : html.index("</section>", start)] if start >= 0 else ""


def test_each_report_shows_the_others_with_the_earliest_marked(client, kell):
    first = report(kell, SAID, "Harbour Gazette", 2)
    second = report(kell, CHANGED, "Valley Post", 3)
    third = report(kell, RETYPED, "Evening Ledger", 5)

    on_third = elsewhere(client, third)
    assert "Harbour Gazette" in on_third and "Valley Post" in on_third
    assert "Evening Ledger" not in on_third  # the page itself is not listed
    assert (
        f'<a href="{first.article.get_absolute_url()}#q-{first.uuid}" class="earliest" '
        'title="The earliest report">Harbour Gazette</a>' in on_third
    )
    assert on_third.count("(earliest report)") == 1
    assert f'href="#q-{third.uuid}"' in on_third  # back to the quotation on this page

    on_first = elsewhere(client, first)
    assert "This article is the earliest report." in on_first
    assert "Valley Post" in on_first and "Evening Ledger" in on_first
    assert "(earliest report)" not in on_first
    assert "This article is the earliest report." not in elsewhere(client, second)


def test_other_words_other_people_and_rejected_or_deleted_reports_are_not_shown(client, kell):
    alone = report(kell, SAID, "Harbour Gazette", 2)
    report(make_person("Oskar Brandt"), SAID, "Valley Post", 3)  # the same words, someone else's
    report(kell, "The ferry will stop running in winter because of the storms", "Island News", 4)
    report(kell, CHANGED, "Evening Ledger", 5, status=Quotation.Status.REJECTED)
    report(kell, RETYPED, "Morning Wire", 6).trash(None)

    assert elsewhere(client, alone) == ""
    assert reports_of([alone]) == {alone.pk: []}


def test_near_identical_words_are_found_by_their_start_or_their_end(kell):
    said = report(kell, SAID, "Harbour Gazette", 2)
    new_end = report(kell, "The ferry to the islands will run every hour from the 1st of May", "A", 3)
    new_start = report(kell, "A ferry to the islands will run every hour from the first of May", "B", 4)
    both_ends = report(kell, "Our ferry to the islands will run every hour from the first of June", "C", 5)

    assert [q.pk for q in reports_of([said])[said.pk]] == [said.pk, new_end.pk, new_start.pk]
    # Changed at both ends, it shares neither key: the trade for a lookup by index.
    assert reports_of([both_ends]) == {both_ends.pk: []}


def test_the_lookup_uses_the_speaker_indexes(kell):
    said = report(kell, SAID, "Harbour Gazette", 2)
    with CaptureQueriesContext(connection) as queries:
        reports_of([said])
    [query] = queries.captured_queries
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "quotation_speaker_start_idx" in plan and "quotation_speaker_end_idx" in plan
        assert "SCAN articles_quotation" not in plan


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_reading_page_costs_one_query_for_any_number_of_reports(client, kell):
    here = report(kell, SAID, "Harbour Gazette", 1)
    other = make_person("Oskar Brandt")
    report(kell, CHANGED, "Valley Post", 2)
    few = count_queries(client, here.article.get_absolute_url())
    for day in range(3, 28):
        report(kell, RETYPED, f"Outlet {day}", day)
        report(other, SAID, f"Other {day}", day)
    # the article with its outlet, its tags, its quotations with speakers, its mentions, the reports
    assert few == count_queries(client, here.article.get_absolute_url()) == 5
    # The earliest and the next ones, then a link to the rest on the person's page.
    section = elsewhere(client, here)
    assert section.count("<li>") == 11
    assert f'<a href="{kell.get_absolute_url()}">16 more reports</a>' in section


def test_the_person_page_groups_near_identical_words_too(client, kell):
    first = report(kell, SAID, "Harbour Gazette", 2)
    second = report(kell, CHANGED, "Valley Post", 3)
    page = client.get(kell.get_absolute_url()).context["page"]
    by_pk = {q.pk: q for q in page}
    assert [q.pk for q in by_pk[second.pk].reports] == [first.pk, second.pk]
    assert by_pk[first.pk].earliest and not by_pk[second.pk].earliest


def test_reported_words_are_escaped(client, kell):
    words = "<b>Ferries</b> & boats will run every hour from May"
    here = report(kell, words, "Harbour Gazette", 2)
    report(kell, words.replace("every", "each"), "<i>Valley</i> Post", 3)
    section = elsewhere(client, here)
    assert "&lt;b&gt;Ferries&lt;/b&gt; &amp; boats" in section
    assert "&lt;i&gt;Valley&lt;/i&gt; Post" in section
    assert "<b>" not in section and "<i>" not in section
