"""Search at /search/ and in the header: articles, quotations, notes (only those the user may see)
and people, ranked and grouped with counts, matched words marked, web-search syntax and filters. The
same tests run on SQLite (FTS5, rapidfuzz) and PostgreSQL (tsvector columns, pg_trgm)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation
from archive.search.syntax import parse, plain_words, to_fts5
from articles.ingest.documents import Document
from articles.models import Article, Quotation
from articles.pipeline.store import store_document
from tests.factories import annotate, make_article, make_outlet, make_person, mention, quote

pytestmark = pytest.mark.django_db


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response, {group.name: group for group in response.context["groups"]}


def titles(group):
    return [hit.object.title for hit in group.hits]


def test_the_header_has_a_search_box(client):
    assert 'action="/search/"' in client.get("/").text


def test_articles_are_found_by_title_and_body_best_first(client):
    make_article("Harbour dredging plan", body="The council voted on dredging.\n\nNothing else.")
    make_article("Council budget", body="The harbour is mentioned once.")
    make_article("Unrelated", body="Apples and pears.")
    _, groups = results(client, q="harbour")
    assert groups["articles"].count == 2
    # A match in the title weighs more than one in the body.
    assert titles(groups["articles"]) == ["Harbour dredging plan", "Council budget"]


def test_matched_words_are_marked_inside_escaped_snippets(client):
    make_article("<b>Bold</b> harbour news", body="A harbour story & one < two\"'> more.")
    response, groups = results(client, q="harbour")
    hit = groups["articles"].hits[0]
    assert "&lt;b&gt;Bold&lt;/b&gt; <mark>harbour</mark> news" in hit.title
    assert "<mark>harbour</mark> story &amp; one &lt; two&quot;&#x27;&gt; more" in hit.snippet
    assert "<b>Bold" not in response.text


def test_english_words_are_found_by_their_stem(client):
    make_article("Strikes", body="Dockers were striking for weeks.")
    _, groups = results(client, q="strike")
    assert titles(groups["articles"]) == ["Strikes"]


def test_web_search_syntax_phrases_or_and_minus(client):
    make_article("One", body="The harbour master resigned.")
    make_article("Two", body="The master of the harbour stayed.")
    make_article("Three", body="A ferry left the harbour.")
    make_article("Four", body="The ferry captain spoke.")

    def found(query):
        return sorted(titles(results(client, q=query)[1]["articles"]))

    assert found('"harbour master"') == ["One"]
    assert found("harbour -ferry") == ["One", "Two"]
    assert found("master or captain") == ["Four", "One", "Two"]
    assert found("harbour ferry") == ["Three"]


def test_phrases_are_found_however_they_are_written_and_only_where_the_words_touch(client):
    make_article("Touching", body="The ferry-boat pier at example.org harbour gates opened.")
    make_article("Apart", body="The gates of the harbour opened; a ferry boat waited.")
    make_article("Stop word", body="The master of the harbour stayed.")
    make_article("Several", body="Harbour gates, ferry boat and pier: the harbour gates closed.")

    def found(query):
        return sorted(titles(results(client, q=query)[1]["articles"]))

    assert found('"harbour gates"') == ["Several", "Touching"]
    assert found('"harbour gates" "ferry boat"') == ["Several", "Touching"]
    assert found('"master of the harbour"') == ["Stop word"]
    assert found('"example.org harbour"') == ["Touching"]
    assert found('"harbour gates" -pier') == []
    assert found('"harbour gates" or "ferry boat"') == ["Apart", "Several", "Touching"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_russian_articles_are_found_by_russian_word_forms(client):
    make_article("Солдаты вернулись", body="Пять солдат вернулись домой.", language="ru")
    _, groups = results(client, q="солдаты")
    assert titles(groups["articles"]) == ["Солдаты вернулись"]


def test_quotations_are_found_with_their_speaker_and_place(client):
    kadyrov = make_person(aliases=["Kadyrov"])
    article = make_article("Captives")
    quotation = quote(article, "captivity is not a crime,", speaker=kadyrov)
    quote(article, "are glad.", status=Quotation.Status.REJECTED)
    response, groups = results(client, q="captivity crime")
    assert [hit.object for hit in groups["quotations"].hits] == [quotation]
    assert "<mark>captivity</mark> is not a <mark>crime</mark>" in groups["quotations"].hits[0].snippet
    assert f"#q-{quotation.uuid}" in response.text
    # Rejected quotations are not offered.
    assert results(client, q="glad")[1]["quotations"].count == 0


def test_notes_are_found_only_where_the_user_may_see_them(client, alice, bob):
    article = make_article()
    annotate(article, "captivity is not a crime", alice, note="Check the ferry timetable")
    annotate(
        article, "are glad", alice, note="Private ferry thought", visibility=Annotation.Visibility.PRIVATE
    )
    _, groups = results(client, q="ferry")
    assert [hit.object.note for hit in groups["notes"].hits] == ["Check the ferry timetable"]
    client.force_login(bob)
    assert results(client, q="ferry")[1]["notes"].count == 1
    client.force_login(alice)
    assert results(client, q="ferry")[1]["notes"].count == 2


def test_people_are_found_by_a_misspelt_name_or_an_alias(client):
    kadyrov = make_person("Ramzan Kadyrov", aliases=["Kadyrov"])
    make_person("Magomed Daudov")
    for typo in ("Kadyrow", "Kadirov", "kadyrov", "Ramzan"):
        _, groups = results(client, q=typo)
        assert [hit.object for hit in groups["people"].hits] == [kadyrov], typo
    other = make_person("Tavo Brelsk", aliases=["Tavo Brelsky"])
    assert [hit.object for hit in results(client, q="Brelski")[1]["people"].hits] == [other]


def test_groups_are_counted_and_link_to_all_their_results(client):
    for number in range(7):
        make_article(f"Harbour story {number}", body=f"A harbour, number {number}.")
    response, groups = results(client, q="harbour")
    assert groups["articles"].count == 7 and len(groups["articles"].hits) == 5
    assert "only=articles" in response.text
    _, only = results(client, q="harbour", only="articles")
    assert list(only) == ["articles"] and len(only["articles"].hits) == 7


def test_filters_narrow_every_kind(client):
    meduza, other = make_outlet("Meduza"), make_outlet("Other")
    kadyrov, daudov = make_person("Ramzan Kadyrov"), make_person("Magomed Daudov")
    early = make_article("Early harbour", outlet=meduza, published_at=datetime(2020, 5, 1, tzinfo=UTC))
    late = make_article(
        "Late harbour", outlet=other, published_at=datetime(2024, 5, 1, tzinfo=UTC), tags=["port"]
    )
    quote(early, "captivity is not a crime,", speaker=kadyrov, kind="partial")
    quote(late, "captivity is not a crime,", speaker=daudov, status=Quotation.Status.CONFIRMED)
    mention(early, kadyrov, "Kadyrov")

    def found(**params):
        groups = results(client, **params)[1]
        return {name: [str(hit.object) for hit in group.hits] for name, group in groups.items()}

    assert found(q="harbour", outlet="meduza")["articles"] == ["Early harbour"]
    assert found(q="harbour", since="2023-01-01")["articles"] == ["Late harbour"]
    assert found(q="harbour", until="2021-01-01")["articles"] == ["Early harbour"]
    assert found(q="harbour", tag="port")["articles"] == ["Late harbour"]
    assert found(q="harbour", person=kadyrov.slug)["articles"] == ["Early harbour"]
    # "What did Kadyrov say about captivity": the person filter plus words.
    said = found(q="captivity", person=kadyrov.slug)
    assert said["quotations"] == ["“captivity is not a crime,”"] and "people" not in said
    assert len(found(q="captivity", status="confirmed")["quotations"]) == 1
    by_kind = found(q="captivity", kind="partial")
    assert len(by_kind["quotations"]) == 1 and list(by_kind) == ["quotations"]
    # Filters alone list what they match, newest first.
    assert found(outlet="other")["articles"] == ["Late harbour"]


def test_bad_filters_say_what_is_wrong(client):
    response = client.get(
        "/search/", {"q": "x", "outlet": "nowhere", "since": "2024-02-01", "until": "2023-01-01"}
    )
    assert response.status_code == 200
    assert "There is no outlet “nowhere”." in response.text
    assert "The start date is after the end date." in response.text


def test_search_follows_every_write_path(client, alice):
    """The search columns are the database's own (generated columns, triggers): ingest, edits,
    bulk writes and deletions are searchable at once."""
    stored, _ = store_document(
        Document(
            title="Ingested", body="A lighthouse keeper.", raw=b"", source_name="t.txt", url="https://e.com/1"
        )
    )
    assert titles(results(client, q="lighthouse")[1]["articles"]) == ["Ingested"]
    store_document(
        Document(
            title="Ingested", body="A windmill keeper.", raw=b"", source_name="t.txt", url="https://e.com/1"
        )
    )
    assert results(client, q="lighthouse")[1]["articles"].count == 0
    assert results(client, q="windmill")[1]["articles"].count == 1
    Article.objects.filter(pk=stored.pk).update(title="Updated in bulk")
    assert titles(results(client, q="windmill")[1]["articles"]) == ["Updated in bulk"]
    Article.objects.bulk_create(
        [Article(title="Bulk", slug="bulk", body="Bulk granary.", content_hash="x" * 64)]
    )
    assert results(client, q="granary")[1]["articles"].count == 1
    Article.objects.filter(slug="bulk").delete()
    assert results(client, q="granary")[1]["articles"].count == 0
    annotation = annotate(Article.objects.get(pk=stored.pk), "windmill", alice, note="first")
    Annotation.objects.filter(pk=annotation.pk).update(note="second thought")
    assert results(client, q="second")[1]["notes"].count == 1


def test_the_search_query_count_does_not_grow_with_results(client, alice):
    def add(count):
        person = make_person(f"Harbour Master {Article.objects.count()}")
        for number in range(count):
            body = f"The harbour {person.pk}-{number}, “the harbour is closed,” he said."
            article = make_article(body=body, tags=["port"])
            quote(article, "the harbour is closed,", speaker=person)
            annotate(article, "harbour", alice, note="harbour note")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            results(client, q="harbour")
        return len(captured)

    add(2)
    few = queries()
    add(8)
    # session and user; per kind: count, page, (tags of the articles), marked snippets of the page;
    # people: the names compared (SQLite) or the match (PostgreSQL), then their aliases
    assert few == queries()
    client.force_login(alice)
    assert queries() == few + 2  # the session and its user


def test_syntax_becomes_fts5_and_plain_words():
    assert [[t.text for t in group] for group in parse('harbour "ferry boat" or ship -rain')] == [
        ["harbour"],
        ["ferry boat", "ship"],
        ["rain"],
    ]
    assert (
        to_fts5('harbour "ferry boat" or ship -rain') == '"harbour" AND ("ferry boat" OR "ship") NOT "rain"'
    )
    assert to_fts5("-rain") is None
    assert to_fts5('say "it"" now') == '"say" AND "it" AND "now"'
    assert plain_words('"Ramzan Kadyrov" -Daudov') == "Ramzan Kadyrov"
