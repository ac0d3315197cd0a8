"""A person's stored quotation count and latest quotation date stay right whatever writes: ingestion,
the admin (a form, its bulk actions, a merge), the API, the trash, bulk writes, ``update()`` and a
changed publication date. The same tests run on SQLite and PostgreSQL (database triggers on both)."""

import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.urls import reverse

from archive.counts import recount
from articles.models import Article, Person, Quotation
from articles.pipeline import ingest_bytes
from tests.factories import admin_url, make_article, make_person, quote

pytestmark = pytest.mark.django_db

JANUARY = datetime(2024, 1, 5, tzinfo=UTC)
MARCH = datetime(2024, 3, 9, tzinfo=UTC)


def stats(person):
    """The stored figures, and what counting them afresh gives: both must agree."""
    person.refresh_from_db()
    shown = Quotation.objects.shown().filter(speaker=person)
    dates = [q.article.sort_date for q in shown.select_related("article")]
    assert (person.quotation_count, person.latest_quotation) == (len(dates), max(dates, default=None))
    return person.quotation_count, person.latest_quotation


@pytest.fixture
def speaker():
    return make_person("Ada Quillfeather")


def test_new_quotations_count_and_move_the_latest_date(speaker):
    assert stats(speaker) == (0, None)
    quote(make_article(published_at=JANUARY), "captivity is not a crime,", speaker=speaker)
    assert stats(speaker) == (1, JANUARY)
    quote(make_article(published_at=MARCH), "are glad.", speaker=speaker)
    quote(make_article(published_at=JANUARY), "are glad.", speaker=speaker, status="rejected")
    assert stats(speaker) == (2, MARCH)


def test_rejecting_trashing_deleting_and_moving_quotations_count_again(speaker, alice):
    other = make_person("Bo Windlass")
    early = quote(make_article(published_at=JANUARY), "are glad.", speaker=speaker)
    late = quote(make_article(published_at=MARCH), "are glad.", speaker=speaker)
    late.status = "rejected"
    late.save()
    assert stats(speaker) == (1, JANUARY)
    late.status = "confirmed"
    late.save()
    late.trash(alice)
    assert stats(speaker) == (1, JANUARY)
    Quotation.with_trash.get(pk=late.pk).restore()
    assert stats(speaker) == (2, MARCH)
    late.refresh_from_db()
    late.speaker = other
    late.save()
    assert stats(speaker) == (1, JANUARY) and stats(other) == (1, MARCH)
    early.delete()
    assert stats(speaker) == (0, None)
    late.article.delete()
    assert stats(other) == (0, None)


def test_bulk_writes_and_update_keep_the_counts(speaker):
    article = make_article(published_at=MARCH)
    text = "captivity is not a crime,"
    start = article.body.index(text)
    rows = Quotation.objects.bulk_create(
        [Quotation(article=article, text=text, start=start, end=start + len(text), speaker=speaker)]
    )
    assert stats(speaker) == (1, MARCH)
    Quotation.objects.filter(pk=rows[0].pk).update(status="rejected")
    assert stats(speaker) == (0, None)
    Quotation.objects.filter(pk=rows[0].pk).update(status="suggested", speaker=None)
    assert stats(speaker) == (0, None)
    Quotation.objects.filter(pk=rows[0].pk).update(speaker=speaker)
    assert stats(speaker) == (1, MARCH)


def test_a_changed_publication_date_moves_the_latest_date(speaker):
    article = make_article(published_at=JANUARY)
    quote(article, "are glad.", speaker=speaker)
    article.published_at = MARCH
    article.save()
    assert stats(speaker) == (1, MARCH)
    Article.objects.filter(pk=article.pk).update(published_at=None)
    assert stats(speaker)[0] == 1  # its ingestion date now


def test_the_admin_form_actions_and_merge_keep_the_counts(client, speaker, alice, dan):
    article = make_article(published_at=MARCH)
    chosen = [quote(article, "captivity is not a crime,", speaker=speaker), quote(article, "are glad.")]
    client.force_login(alice)
    client.post(admin_url("quotation"), {"action": "reject", "_selected_action": [q.pk for q in chosen]})
    assert stats(speaker) == (0, None)
    client.post(admin_url("quotation"), {"action": "confirm", "_selected_action": [q.pk for q in chosen]})
    assert stats(speaker) == (1, MARCH)

    twin = make_person("Ada Quilfeather")
    quote(make_article(published_at=JANUARY), "are glad.", speaker=twin)
    client.force_login(dan)
    changelist = reverse("admin:articles_person_changelist")
    client.post(changelist, {"action": "merge", "_selected_action": [speaker.pk, twin.pk]})
    kept = Person.objects.get()
    assert stats(kept) == (2, MARCH)


def test_the_api_keeps_the_counts(client, speaker, alice):
    quotation = quote(make_article(published_at=MARCH), "are glad.")
    client.force_login(alice)
    url = f"/api/quotations/{quotation.uuid}/"

    def patch(changes):
        response = client.patch(url, json.dumps(changes), content_type="application/json")
        assert response.status_code == 200, response.json()

    patch({"speaker": speaker.slug})
    assert stats(speaker) == (1, MARCH)
    patch({"status": "rejected"})
    assert stats(speaker) == (0, None)


def test_ingestion_counts_the_people_it_quotes():
    raw = (
        "Harbour news\n\nMayor Ada Quillfeather said on Monday: “The quay will open in spring.”\n\n"
        "“We are ready,” Quillfeather told reporters.\n"
    ).encode()
    [result] = ingest_bytes(raw, "harbour.txt")
    assert result.status == "created", result.error
    quoted = [person for person in Person.objects.all() if person.quotations.exists()]
    assert quoted
    for person in quoted:
        assert stats(person)[0] >= 1


def test_recount_puts_right_what_the_triggers_did_not_see(speaker):
    quote(make_article(published_at=MARCH), "are glad.", speaker=speaker)
    Person.objects.filter(pk=speaker.pk).update(quotation_count=0, latest_quotation=None)
    recount(connection)
    assert stats(speaker) == (1, MARCH)
