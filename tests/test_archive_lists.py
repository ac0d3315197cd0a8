"""Lists at an archive's size: cards from stored counts, never the body or raw bytes, and facets that
show the top outlets and tags with a search for the rest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.ingest.documents import Document
from articles.models import Article, Quotation
from articles.pipeline.store import store_document
from tests.factories import admin_url, annotate, make_article, make_outlet, quote
from tests.test_admin import article_form

pytestmark = pytest.mark.django_db


def selected_sql(queryset):
    with CaptureQueriesContext(connection) as queries:
        list(queryset)
    return queries.captured_queries[0]["sql"]


def test_list_querysets_never_select_the_body_or_the_raw_document():
    make_article(tags=["war"])
    from archive.search import filters

    for queryset in (Article.objects.for_list(), filters.articles(filters.Filters())):
        sql = selected_sql(queryset)
        assert '"articles_article"."body"' not in sql
        assert '"articles_article"."raw"' not in sql
        assert '"articles_article"."word_count"' in sql
    sql = selected_sql(filters.quotations(filters.Filters()))
    assert '"articles_article"."body"' not in sql and '"articles_article"."raw"' not in sql


def test_the_word_count_is_stored_when_an_article_is_made_and_when_its_body_changes(alice, client):
    article = make_article(body="One two three.")
    assert Article.objects.get(pk=article.pk).word_count == 3
    article.body = "One two three four five."
    article.save(update_fields=["body"])
    assert Article.objects.get(pk=article.pk).word_count == 5
    # A new version of the article, from its URL, through ingestion.
    stored, _ = store_document(
        Document(title="T", body="A b c d e f g.", raw=b"", source_name="t.txt", url="https://example.com/a")
    )
    assert stored.word_count == 7
    store_document(
        Document(
            title="T", body="A b c d e f g h i.", raw=b"", source_name="t.txt", url="https://example.com/a"
        )
    )
    assert Article.objects.get(pk=stored.pk).word_count == 9
    # Deferring the body does not reset the count.
    light = Article.objects.defer("body").get(pk=stored.pk)
    light.title = "Retitled"
    light.save()
    assert Article.objects.get(pk=stored.pk).word_count == 9


def test_the_admin_keeps_the_word_count_right(alice, client):
    client.force_login(alice)
    article = make_article(body="Short body here.")
    data = article_form(article, body="Now the body has six words.")
    assert client.post(admin_url("article", "change", article.pk), data).status_code == 302
    assert Article.objects.get(pk=article.pk).word_count == 6


def test_cards_show_reading_time_and_quotation_counts_from_a_subquery(client):
    article = make_article(body="Word " * 700 + "“captivity is not a crime,” he said.")
    quote(article, "captivity is not a crime,")
    quote(article, "he said", status=Quotation.Status.REJECTED)
    response = client.get("/")
    assert "3 min read" in response.text and "1 quotation" in response.text
    card = response.context["page"][0]
    assert card.quotation_count == 1
    empty = make_article()
    assert Article.objects.for_list().get(pk=empty.pk).quotation_count == 0
    assert "0 quotations" in client.get("/").text


def test_the_outlet_facet_shows_the_top_outlets_and_finds_the_others(client):
    for number in range(15):
        outlet = make_outlet(f"Outlet {number:02}")
        for _ in range(1 + number % 3):
            make_article(outlet=outlet)
    response = client.get("/")
    assert len(response.context["outlets"]) == 12
    assert response.context["more_outlets"]
    assert 'name="outlets"' in response.text
    found = client.get("/", {"outlets": "outlet 07"})
    assert [outlet.name for outlet in found.context["outlets"]] == ["Outlet 07"]
    assert "No outlet is named like" in client.get("/", {"outlets": "nowhere"}).text


def test_the_tag_facet_shows_the_most_used_tags_and_links_to_all_of_them(client):
    for number in range(20):
        make_article(tags=[f"tag{number}", "common"])
    response = client.get("/")
    assert len(response.context["tags"]) == 12
    assert response.context["tags"][0].name == "common"
    assert 'href="/tags/"' in response.text


def test_the_outlet_and_tag_lists_count_and_their_query_counts_do_not_grow(client, alice):
    outlet = make_outlet("Harbour Gazette")
    for _ in range(3):
        make_article(outlet=outlet, tags=["quay"])

    def listed(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", params)
        assert response.status_code == 200
        return response.context["page"].paginator.count, len(queries)

    listed(tag="quay")  # the facets, counted and cached
    few = listed(tag="quay"), listed(outlet="harbour-gazette"), listed(tag="quay", outlet="harbour-gazette")
    for _ in range(22):
        make_article(outlet=outlet, tags=["quay"])
    listed()
    # the tag (or outlet), the newest ids (articles.freshness), the count, the page, its tags
    assert [queries for _, queries in few] == [7, 7, 8]
    assert listed(tag="quay") == (25, 7)
    assert listed(outlet="harbour-gazette") == (25, 7)
    assert listed(tag="quay", outlet="harbour-gazette") == (25, 8)


def test_a_tag_only_on_a_private_note_has_no_article_list(client, alice):
    article = make_article(tags=["quay"])
    annotate(article, "Kadyrov", alice, note="n", visibility="private").tags.add("secret")
    assert client.get("/", {"tag": "secret"}).status_code == 404
    assert client.get("/", {"tag": "quay"}).context["page"].paginator.count == 1
