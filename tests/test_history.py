"""Every change to an article's body, a quotation, a person (merges too), an annotation and a tag is
kept with who made it, when, and the values before and after (django-simple-history), and shown: in
the admin's history pages and on the quotation in the reading view."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from annotations.models import Annotation
from articles.models import Article, Person, Quotation
from articles.pipeline import extract_article
from tests.factories import admin_url, annotate, article_form, make_article, make_person, quote

pytestmark = pytest.mark.django_db

BODY = "Ann Example said the bridge opens in May. “It will be on time,” Example told reporters."


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def changes(record):
    """{field: (before, after)} of a history record against the one before it."""
    delta = record.diff_against(record.prev_record)
    return {change.field: (change.old, change.new) for change in delta.changes}


def test_a_quotation_changed_through_the_api_keeps_who_and_what(client, bob):
    article = make_article(body=BODY)
    old, new = make_person("Ann Example"), make_person("Ben Sample")
    quotation = quote(article, "It will be on time", speaker=old)
    client.force_login(bob)
    url = reverse("api-quotation", args=[quotation.uuid])

    assert patch(client, url, {"status": "confirmed"}).status_code == 200
    assert patch(client, url, {"speaker": new.slug, "cue": "told reporters"}).status_code == 200
    start = BODY.index("the bridge opens")
    assert patch(client, url, {"start": start, "end": start + 16}).status_code == 200

    made, confirmed, attributed, moved = quotation.history.order_by("history_date")
    assert made.history_type == "+" and made.history_user is None
    assert {confirmed.history_user, attributed.history_user, moved.history_user} == {bob}
    assert changes(confirmed)["status"] == ("suggested", "confirmed")
    assert changes(attributed)["speaker"] == (old.pk, new.pk)
    assert changes(attributed)["cue"] == ("", "told reporters")
    assert changes(moved)["text"] == ("It will be on time", "the bridge opens")
    assert changes(moved)["start"][1] == start


def test_the_reading_view_tells_a_quotations_history_to_the_newsroom(client, bob, charlie):
    article = make_article(body=BODY)
    old, new = make_person("Ann Example"), make_person("Ben Sample")
    quotation = quote(article, "It will be on time", speaker=old)
    client.force_login(bob)
    url = reverse("api-quotation", args=[quotation.uuid])
    patch(client, url, {"status": "confirmed"})
    patch(client, url, {"speaker": new.slug})

    client.force_login(charlie)
    page = client.get(article.get_absolute_url())
    [shown] = page.context["reader"]["quotations"]
    assert shown["history"] == [
        "suggested by extraction",
        "confirmed by bob",
        "speaker changed from Ann Example to Ben Sample by bob",
    ]
    # Sent with json_script: escaped for the page, whole for the panel's script.
    assert "confirmed by bob" in page.content.decode()

    client.logout()
    anonymous = client.get(article.get_absolute_url())
    assert anonymous.context["reader"]["quotations"][0]["history"] == []


def test_the_reading_views_history_costs_the_same_queries_for_many_quotations(client, bob):
    few, many = make_article(body=BODY), make_article(body=" ".join([BODY] * 30))
    quote(few, "It will be on time")
    for occurrence in range(30):
        quote(many, "It will be on time", occurrence=occurrence, status="confirmed")
    client.force_login(bob)
    with CaptureQueriesContext(connection) as one:
        client.get(few.get_absolute_url())
    with CaptureQueriesContext(connection) as thirty:
        client.get(many.get_absolute_url())
    assert len(thirty) == len(one)


def test_an_article_body_edited_in_the_admin_keeps_the_old_body_and_the_moves(client, alice):
    article = make_article(body=BODY)
    quotation = quote(article, "It will be on time")
    client.force_login(alice)
    page = client.get(admin_url("article", "change", article.pk))
    version = page.context["adminform"].form["seen_version"].value()
    data = article_form(article, body="Update: " + BODY, seen_version=version)
    response = client.post(admin_url("article", "change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = Article.history.filter(id=article.pk).first()
    assert (latest.history_user, changes(latest)["body"]) == (alice, (BODY, "Update: " + BODY))
    # Re-anchoring moved the quotation in bulk: its history says so, and by whom.
    moved = quotation.history.first()
    assert (moved.history_user, moved.history_change_reason) == (alice, "re-anchored: the text changed")
    assert changes(moved)["start"] == (quotation.start, quotation.start + len("Update: "))

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200 and "alice" in history.content.decode()


def test_extraction_writes_history_for_its_bulk_rows():
    article = make_article(body=BODY)
    extract_article(article)
    quotations = list(Quotation.objects.filter(article=article))
    assert quotations
    for quotation in quotations:
        [record] = quotation.history.all()
        assert (record.history_type, record.history_change_reason) == ("+", "extracted")
    assert all(person.history.filter(history_change_reason="extracted") for person in Person.objects.all())


def test_a_merge_is_in_the_history_of_the_people_and_quotations_it_moves(client, dan):
    keep, other = make_person("Ann Example", role="Mayor"), make_person("Ann Exampel")
    article = make_article(body=BODY)
    # The one with more quotations is kept.
    quote(article, "the bridge opens", speaker=keep)
    quote(article, "Ann Example said", speaker=keep)
    quotation = quote(article, "It will be on time", speaker=other)
    client.force_login(dan)
    client.post(admin_url("person"), {"action": "merge", "_selected_action": [other.pk, keep.pk]})

    reason = "merged Ann Exampel into Ann Example"
    deleted = Person.history.filter(id=other.pk).first()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == ("-", dan, reason)
    record = quotation.history.first()
    assert (changes(record)["speaker"], record.history_change_reason) == ((other.pk, keep.pk), reason)
    # The reading view names the person merged away from their history.
    shown = client.get(article.get_absolute_url()).context["reader"]["quotations"]
    [shown] = [item for item in shown if item["id"] == str(quotation.uuid)]
    assert shown["history"][-1] == "speaker changed from Ann Exampel to Ann Example by dan"


def test_an_annotation_and_its_tags_keep_their_history(client, alice):
    annotation = annotate(make_article(body=BODY), "It will be on time", alice)
    client.force_login(alice)
    url = reverse("api-annotation", args=[annotation.uuid])
    body = [{"type": "TextualBody", "value": "bridges", "purpose": "tagging"}]
    assert patch(client, url, {"colour": "pink", "body": body}).status_code == 200

    record = annotation.history.first()
    assert (record.history_user, changes(record)["colour"]) == (alice, ("yellow", "pink"))
    tag = Tag.objects.get(name="bridges")
    [created] = tag.history.all()
    [tagged] = Annotation.tags.through.history.filter(tag_id=tag.pk)
    assert (created.history_user, tagged.history_user, tagged.object_id) == (alice, alice, annotation.pk)


def test_the_admin_shows_an_annotations_history_to_whoever_may_see_it(client, alice, bob):
    shared = annotate(make_article(body=BODY), "It will be on time", alice)
    private = annotate(shared.article, "the bridge opens", alice, visibility="private")
    client.force_login(bob)
    assert client.get(reverse("admin:annotations_annotation_history", args=[shared.pk])).status_code == 200
    assert client.get(reverse("admin:annotations_annotation_history", args=[private.pk])).status_code == 404
    record = private.history.first()
    url = reverse("admin:annotations_annotation_simple_history", args=[private.pk, record.history_id])
    assert client.get(url).status_code == 403


def test_a_tag_taken_off_an_annotation_leaves_a_deletion_in_its_history(client, alice):
    annotation = annotate(make_article(body=BODY), "It will be on time", alice)
    client.force_login(alice)
    url = reverse("api-annotation", args=[annotation.uuid])
    tagging = [{"type": "TextualBody", "value": "bridges", "purpose": "tagging"}]
    assert patch(client, url, {"body": tagging}).status_code == 200
    assert patch(client, url, {"body": []}).status_code == 200

    tag = Tag.objects.get(name="bridges")
    kinds = Annotation.tags.through.history.filter(tag_id=tag.pk).order_by("history_date", "history_id")
    assert [(record.history_type, record.history_user) for record in kinds] == [("+", alice), ("-", alice)]
