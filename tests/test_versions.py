"""Versions: a changed text from an article's URL keeps the old text, updates the article and moves its
quotations, mentions and annotations; the same text again changes nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.ingest import Document
from articles.models import Article, ArticleVersion, Quotation
from articles.pipeline import ingest_bytes
from articles.pipeline import store as store_module
from articles.pipeline.store import store_document
from tests.factories import BODY, annotate, make_article, make_person, mention, quote

pytestmark = pytest.mark.django_db

URL = "https://meduza.io/en/news/kadyrov"
# The article as first published, then corrected: a paragraph added at the top, a word changed, and
# the last paragraph rewritten without its quotation.
FIRST = BODY
SECOND = "Updated: the soldiers met their families on Monday.\n\n" + BODY.replace(
    "five soldiers", "six soldiers"
).replace(
    "Kadyrov noted that “captivity is not a crime,” and that the authorities “are glad.”",
    "Kadyrov added nothing.",
)


def document(body, title="Kadyrov and the POWs", **fields):
    return Document(title=title, body=body, raw=body.encode(), source_name="kadyrov.txt", url=URL, **fields)


@pytest.fixture
def article(alice):
    article, status = store_document(document(FIRST, outlet_name="Meduza"), user=alice)
    assert status == "created"
    return article


def test_a_changed_text_from_the_same_url_is_a_new_version(article, bob):
    old = Article.objects.get(pk=article.pk)

    updated, status = store_document(
        document(SECOND, title="Kadyrov and the POWs (updated)", author="Meduza staff"), user=bob
    )

    assert status == "updated"
    assert updated.pk == article.pk
    updated.refresh_from_db()
    assert (updated.title, updated.body, updated.author) == (
        "Kadyrov and the POWs (updated)",
        SECOND,
        "Meduza staff",
    )
    assert bytes(updated.raw) == SECOND.encode()
    assert updated.content_hash == Article.hash_body(SECOND)
    # Its address and its outlet stay.
    assert (updated.slug, updated.outlet.name) == (old.slug, "Meduza")

    [version] = updated.versions.all()
    assert (version.title, version.body, bytes(version.raw), version.content_hash) == (
        old.title,
        FIRST,
        FIRST.encode(),
        old.content_hash,
    )
    assert version.replaced_by == bob


def test_the_same_text_from_the_same_url_changes_nothing(article):
    updated_at = article.updated_at

    again, status = store_document(document(FIRST.replace("\n\n", "\n\n\n")))

    assert (again, status) == (article, "duplicate")
    article.refresh_from_db()
    assert (article.body, article.updated_at) == (FIRST, updated_at)
    assert not ArticleVersion.objects.exists()


def test_quotations_mentions_and_annotations_are_moved_or_orphaned_never_deleted(article, alice):
    kadyrov = make_person(aliases=["Kadyrov"])
    war = quote(article, "War should be no reason to fall into captivity,", speaker=kadyrov)
    crime = quote(article, "captivity is not a crime,", speaker=kadyrov)
    named = mention(article, kadyrov, "Ramzan Kadyrov")
    note = annotate(article, "posted on Telegram", alice, note="Which channel?")
    gone = annotate(article, "the authorities “are glad.”", alice)

    updated, status = store_document(document(SECOND))

    assert status == "updated"
    for span in (war, crime, named, note, gone):
        span.refresh_from_db()
    # Found again in the new text, further on.
    for span, text in ((war, war.text), (named, named.text), (note, note.exact)):
        assert not span.orphaned
        assert SECOND[span.start : span.end] == text
    assert note.prefix == SECOND[note.start - 32 : note.start]
    assert note.suffix == SECOND[note.end : note.end + 32]
    # Gone from the new text: kept as orphans, with their old text.
    assert (crime.orphaned, crime.text) == (True, "captivity is not a crime,")
    assert (gone.orphaned, gone.exact) == (True, "the authorities “are glad.”")
    assert Quotation.objects.count() == 2


def test_a_made_up_title_does_not_replace_a_real_one(article):
    store_document(document(SECOND, title="Updated: the soldiers met", title_generated=True))

    article.refresh_from_db()
    assert (article.title, article.title_generated) == ("Kadyrov and the POWs", False)


def test_a_failed_update_leaves_the_article_as_it_was(article, monkeypatch):
    def fail(article, old_body):
        raise RuntimeError("re-anchoring failed")

    monkeypatch.setattr(store_module, "reanchor_article", fail)

    with pytest.raises(RuntimeError):
        store_document(document(SECOND))

    article.refresh_from_db()
    assert article.body == FIRST
    assert not ArticleVersion.objects.exists()


def jsonl(body):
    return json.dumps({"id": "meduza-1", "url": URL, "title": "Kadyrov", "text": body}).encode()


def test_ingesting_a_changed_record_reports_it_updated(alice):
    [first] = ingest_bytes(jsonl(FIRST), "a.jsonl", user=alice)
    [again] = ingest_bytes(jsonl(FIRST), "a.jsonl", user=alice)
    [changed] = ingest_bytes(jsonl(SECOND), "b.jsonl", user=alice)

    assert (first.status, again.status, changed.status) == ("created", "duplicate", "updated")
    assert changed.article == first.article
    assert ArticleVersion.objects.get().body == FIRST


def test_the_admin_shows_an_update_and_the_earlier_versions(client, alice):
    client.force_login(alice)
    for body in (FIRST, SECOND):
        response = client.post(
            reverse("admin:articles_article_ingest"),
            {"files": [SimpleUploadedFile("meduza.jsonl", jsonl(body))], "outlet": "", "new_outlet": ""},
            follow=True,
        )
    [item] = response.context["page"]
    assert item.status == "updated"
    assert b"Updated (new version)" in response.content
    assert response.context["batch"].updated == 1

    article = Article.objects.get()
    version = ArticleVersion.objects.get()
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert reverse("admin:articles_articleversion_change", args=[version.pk]).encode() in response.content

    # An editor reads an earlier version, and cannot change it.
    response = client.get(reverse("admin:articles_articleversion_change", args=[version.pk]))
    assert response.status_code == 200
    assert b"captivity is not a crime" in response.content
    assert not response.context["has_change_permission"]
    assert client.get(reverse("admin:articles_articleversion_add")).status_code == 403
    assert client.get(reverse("admin:articles_articleversion_changelist")).status_code == 200


def test_a_reader_cannot_see_versions(client, charlie):
    version = ArticleVersion.keep(make_article())
    client.force_login(charlie)

    response = client.get(reverse("admin:articles_articleversion_change", args=[version.pk]))

    assert response.status_code == 302
