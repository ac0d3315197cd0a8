"""/people/ (typo-tolerant search, sorts, quoted people by default, A to Z), a person's page (chart,
outlets, people alongside, filters, exports, the same words reported by several outlets) and /tags/."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Quotation
from articles.profiles import REPORTS_SHOWN
from tests.factories import annotate, make_article, make_outlet, make_person, mention, quote

pytestmark = pytest.mark.django_db

WORDS = "captivity is not a crime,"


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def names(response):
    return [person.name for person in response.context["page"]]


def quoted(person, published=None, outlet=None, status=Quotation.Status.SUGGESTED, tags=()):
    article = make_article(outlet=outlet, published_at=published, tags=tags)
    return quote(article, WORDS, speaker=person, status=status)


def test_people_who_were_quoted_are_listed_by_default_and_everyone_on_request(client):
    kadyrov, daudov = make_person("Ramzan Kadyrov"), make_person("Magomed Daudov")
    make_person("Never Quoted")
    quoted(kadyrov)
    quoted(daudov, status=Quotation.Status.REJECTED)
    assert names(client.get("/people/")) == ["Ramzan Kadyrov"]
    assert names(client.get("/people/", {"all": "1"})) == ["Magomed Daudov", "Never Quoted", "Ramzan Kadyrov"]


def test_people_are_sorted_by_name_quotations_or_latest_quotation(client):
    anna, boris, clara = make_person("Anna Arle"), make_person("Boris Brun"), make_person("Clara Cole")
    quoted(anna, datetime(2020, 1, 1, tzinfo=UTC))
    for _ in range(3):
        quoted(boris, datetime(2021, 1, 1, tzinfo=UTC))
    quoted(clara, datetime(2024, 1, 1, tzinfo=UTC))
    assert names(client.get("/people/")) == ["Anna Arle", "Boris Brun", "Clara Cole"]
    assert names(client.get("/people/", {"sort": "quotations"}))[0] == "Boris Brun"
    response = client.get("/people/", {"sort": "latest"})
    assert names(response) == ["Clara Cole", "Boris Brun", "Anna Arle"]
    assert "3 quotations, latest" in client.get("/people/").text


def test_sorted_by_name_the_list_pages_from_a_to_z(client):
    quoted(make_person("Anna Arle"))
    quoted(make_person("Boris Brun"))
    response = client.get("/people/")
    assert 'href="?sort=name&amp;letter=B"' in response.text
    assert names(client.get("/people/", {"sort": "name", "letter": "b"})) == ["Boris Brun"]
    assert "letter=B" not in client.get("/people/", {"sort": "quotations"}).text


def test_people_are_found_by_a_misspelt_name(client):
    quoted(make_person("Ramzan Kadyrov", aliases=["Kadyrov"]))
    quoted(make_person("Magomed Daudov"))
    assert names(client.get("/people/", {"q": "Kadyrow"})) == ["Ramzan Kadyrov"]
    assert names(client.get("/people/", {"q": "daudov"})) == ["Magomed Daudov"]
    assert "No one is called" in client.get("/people/", {"q": "Zzyzx"}).text


def test_control_characters_in_a_people_query_are_no_error(client):
    # PostgreSQL refuses a NUL in any comparison: the query loses it (and other controls) first.
    quoted(make_person("Ramzan Kadyrov"))
    assert names(client.get("/people/", {"q": "Kady\x00row\x07"})) == ["Ramzan Kadyrov"]
    response = client.get("/api/people/", {"q": "kady\x00"})
    assert [person["name"] for person in response.json()["results"]] == ["Ramzan Kadyrov"]
    assert client.get("/people/", {"q": "\x00"}).status_code == 200


def test_the_people_list_query_count_does_not_grow(client):
    def add(count):
        for _ in range(count):
            quoted(make_person(f"Person {make_outlet().pk}", aliases=["An alias"]))

    add(2)
    few = count_queries(client, "/people/")
    add(15)
    # the count, the page of people with their counts, their aliases
    assert few == count_queries(client, "/people/") == 3


def test_a_person_page_charts_quotations_per_month_with_the_numbers_in_a_table(client):
    kadyrov = make_person()
    quoted(kadyrov, datetime(2024, 1, 5, tzinfo=UTC))
    quoted(kadyrov, datetime(2024, 1, 20, tzinfo=UTC))
    quoted(kadyrov, datetime(2024, 3, 2, tzinfo=UTC))
    response = client.get(kadyrov.get_absolute_url())
    chart = response.context["chart"]
    assert [(bar.label, bar.value) for bar in chart.bars] == [
        ("Jan 2024", 2),
        ("Feb 2024", 0),
        ("Mar 2024", 1),
    ]
    assert "<svg" in response.text and response.text.count('<rect class="bar"') == 3
    assert '<td>Jan 2024</td><td class="number">2</td>' in response.text


def test_a_person_page_shows_the_outlets_that_quote_them_and_the_people_alongside(client):
    kadyrov, daudov = make_person(), make_person("Magomed Daudov", aliases=["Daudov"])
    meduza = make_outlet("Meduza")
    for _ in range(2):
        article = make_article(outlet=meduza, body=f"Kadyrov and Daudov. {make_outlet().pk}")
        mention(article, kadyrov, "Kadyrov")
        mention(article, daudov, "Daudov")
    quoted(kadyrov, outlet=meduza)
    response = client.get(kadyrov.get_absolute_url())
    assert [(row["article__outlet__name"], row["count"]) for row in response.context["outlets"]] == [
        ("Meduza", 1)
    ]
    assert response.context["alongside"] == [(daudov, 2)]


def test_a_person_page_filters_by_status_outlet_and_tag(client):
    kadyrov = make_person()
    meduza = make_outlet("Meduza")
    quoted(kadyrov, outlet=meduza, tags=["war"])
    quoted(kadyrov, status=Quotation.Status.CONFIRMED)
    rejected = quoted(kadyrov, status=Quotation.Status.REJECTED)
    url = kadyrov.get_absolute_url()
    assert client.get(url).context["page"].paginator.count == 2
    assert client.get(url, {"outlet": "meduza"}).context["page"].paginator.count == 1
    assert client.get(url, {"tag": "war"}).context["page"].paginator.count == 1
    assert list(client.get(url, {"status": "rejected"}).context["page"]) == [rejected]
    assert client.get(url, {"tag": "nothing"}).status_code == 404


def test_a_persons_quotations_export_as_csv_and_json(client):
    kadyrov = make_person()
    meduza = make_outlet("Meduza")
    quotation = quoted(kadyrov, datetime(2024, 1, 5, tzinfo=UTC), outlet=meduza)
    quoted(kadyrov, status=Quotation.Status.REJECTED)
    response = client.get(f"{kadyrov.get_absolute_url()}quotations.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["id"], row["text"], row["outlet"], row["date"]) for row in rows] == [
        (str(quotation.uuid), WORDS, "Meduza", "2024-01-05")
    ]
    assert rows[0]["url"] == f"http://testserver/articles/{quotation.article.slug}/#q-{quotation.uuid}"
    data = json.loads(b"".join(client.get(f"{kadyrov.get_absolute_url()}quotations.json").streaming_content))
    assert [row["id"] for row in data] == [str(quotation.uuid)]
    everything = client.get(f"{kadyrov.get_absolute_url()}quotations.json", {"status": "rejected"})
    assert len(json.loads(b"".join(everything.streaming_content))) == 1
    assert client.get(f"{kadyrov.get_absolute_url()}quotations.xml").status_code == 404


def test_the_same_words_reported_by_several_outlets_are_shown_together_the_earliest_marked(client):
    kadyrov = make_person()
    first = quoted(kadyrov, datetime(2024, 1, 1, tzinfo=UTC), outlet=make_outlet("First Outlet"))
    article = make_article(
        outlet=make_outlet("Second Outlet"),
        published_at=datetime(2024, 2, 1, tzinfo=UTC),
        body="He said: “Captivity is NOT a crime”, again.",
    )
    second = quote(article, "Captivity is NOT a crime", speaker=kadyrov)
    alone = quote(make_article(), "are glad.", speaker=kadyrov)
    page = client.get(kadyrov.get_absolute_url()).context["page"]
    by_pk = {q.pk: q for q in page}
    assert [q.pk for q in by_pk[second.pk].reports] == [first.pk, second.pk]
    assert by_pk[first.pk].earliest and not by_pk[second.pk].earliest
    assert by_pk[alone.pk].reports == []
    assert "Earliest report" in client.get(kadyrov.get_absolute_url()).text


def test_the_person_page_query_count_does_not_grow(client, alice):
    kadyrov, daudov = make_person(aliases=["Kadyrov"]), make_person("Magomed Daudov")

    def add(count):
        for _ in range(count):
            article = make_article(outlet=make_outlet(), tags=["war"])
            quote(article, WORDS, speaker=kadyrov)
            mention(article, kadyrov, "Kadyrov")
            mention(article, daudov, "Kadyrov")

    add(2)
    few = count_queries(client, kadyrov.get_absolute_url())
    add(12)
    # the person (with the count the database keeps), their aliases; the page of quotations; the same
    # words elsewhere; the articles naming them; the newest ids (articles.freshness), which changed,
    # so: per month, outlets, the people alongside counted then fetched
    assert few == count_queries(client, kadyrov.get_absolute_url()) == 12
    assert count_queries(client, kadyrov.get_absolute_url()) == 8  # unchanged: figures cached
    # filtered, the quotations are counted
    assert count_queries(client, f"{kadyrov.get_absolute_url()}?status=suggested") == 9
    assert count_queries(client, f"{kadyrov.get_absolute_url()}quotations.csv") == 2


# Tags


def test_the_tag_index_counts_articles_quotations_and_the_notes_one_may_see(client, alice, bob):
    article = make_article(tags=["war", "peace"])
    quotation = quote(article, WORDS)
    quotation.tags.add("war")
    annotate(article, "Kadyrov", alice, note="n", visibility="private").tags.add("war")
    response = client.get("/tags/")
    rows = {
        tag.name: (tag.article_count, tag.quotation_count, tag.annotation_count)
        for tag in response.context["page"]
    }
    assert rows == {"peace": (1, 0, 0), "war": (1, 1, 0)}
    client.force_login(alice)
    rows = {tag.name: tag.annotation_count for tag in client.get("/tags/").context["page"]}
    assert rows["war"] == 1
    assert [tag.name for tag in client.get("/tags/", {"order": "used"}).context["page"]] == ["war", "peace"]
    assert [tag.name for tag in client.get("/tags/", {"q": "pea"}).context["page"]] == ["peace"]
    assert 'href="/tags/war/"' in response.text


def test_the_tag_index_query_count_does_not_grow(client):
    make_article(tags=["a", "b"])
    few = count_queries(client, "/tags/")
    for number in range(20):
        make_article(tags=[f"tag {number}", "a"])
    # the count, the page of tags, and their uses counted in one grouped query
    assert few == count_queries(client, "/tags/") == 3
    # by use: every tag's uses in one grouped query, their names, and the page's tags
    assert count_queries(client, "/tags/?order=used") == 3


def test_tag_pages_paginate(client):
    for _ in range(25):
        make_article(tags=["war"])
    first = client.get("/tags/war/")
    assert len(first.context["articles"]) == 20
    assert "page=2" in first.text
    assert len(client.get("/tags/war/", {"page": 2}).context["articles"]) == 5


def test_words_reported_many_times_show_the_first_reports_and_how_many_there_are(client):
    kadyrov = make_person()
    reports = [quoted(kadyrov, datetime(2024, 1, day, tzinfo=UTC)) for day in range(1, 10)]
    page = client.get(kadyrov.get_absolute_url())
    by_pk = {q.pk: q for q in page.context["page"]}
    newest = by_pk[reports[-1].pk]
    assert newest.report_count == 9
    assert [q.pk for q in newest.reports] == [q.pk for q in reports[:REPORTS_SHOWN]]
    assert by_pk[reports[0].pk].earliest and not newest.earliest
    assert "(9 reports in all)" in page.text
