"""Deleting an annotation or a quotation moves it to the trash, from which it is restored (API and
admin); the Desk hides others' annotations there, saying why, and never changes them."""

import json

import pytest
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Quotation
from tests.factories import admin_url, annotate, article_form, make_article, management_form, quote

pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def article():
    return make_article()


@pytest.fixture
def shared(article, alice):
    note = annotate(article, "five soldiers", alice, note="Check the number")
    note.set_tags(["captives"])
    return note


def test_a_deleted_annotation_waits_in_its_authors_trash_and_comes_back(client, alice, bob, shared):
    client.force_login(alice)
    assert client.delete(reverse("api-annotation", args=[shared.uuid])).status_code == 204
    assert client.get(reverse("api-annotation", args=[shared.uuid])).status_code == 404
    listed = client.get(reverse("api-annotations"), {"article": shared.article.slug}).json()
    assert listed["total"] == 0

    [item] = client.get(reverse("api-annotations-trash")).json()["items"]
    assert (item["id"].split("/")[-2], item["trashed"]["by"]) == (str(shared.uuid), "alice")
    client.force_login(bob)
    assert client.get(reverse("api-annotations-trash")).json()["items"] == []
    assert post(client, reverse("api-annotation-restore", args=[shared.uuid])).status_code == 404

    client.force_login(alice)
    restored = post(client, reverse("api-annotation-restore", args=[shared.uuid]))
    assert restored.status_code == 200
    shared.refresh_from_db()
    assert (shared.in_trash, shared.note, [t.name for t in shared.tags.all()]) == (
        False,
        "Check the number",
        ["captives"],
    )
    assert [r.history_change_reason for r in shared.history.all()[:2]] == [
        "restored from the trash",
        "moved to the trash",
    ]


def test_the_desk_hides_anothers_annotation_with_a_reason_and_only_the_desk_restores_it(
    client, alice, bob, dan, shared
):
    url = reverse("api-annotation-hide", args=[shared.uuid])
    client.force_login(bob)
    assert post(client, url, {"reason": "Off topic"}).status_code == 403
    client.force_login(dan)
    assert post(client, url, {"reason": "  "}).json()["errors"]["reason"]
    assert post(client, url, {"reason": "Names a private person"}).status_code == 204

    shared.refresh_from_db()
    assert (shared.trashed_by, shared.trash_reason, shared.note) == (
        dan,
        "Names a private person",
        "Check the number",
    )
    record = shared.history.first()
    assert (record.history_user, record.history_change_reason) == (
        dan,
        "moved to the trash: Names a private person",
    )

    client.force_login(alice)
    [item] = client.get(reverse("api-annotations-trash")).json()["items"]
    assert item["trashed"] | {"at": None} == {"at": None, "by": "dan", "reason": "Names a private person"}
    assert post(client, reverse("api-annotation-restore", args=[shared.uuid])).status_code == 403
    client.force_login(dan)
    assert post(client, reverse("api-annotation-restore", args=[shared.uuid])).status_code == 200


def test_the_desk_cannot_change_or_delete_anothers_annotation(client, dan, shared):
    client.force_login(dan)
    url = reverse("api-annotation", args=[shared.uuid])
    response = client.patch(url, json.dumps({"colour": "pink"}), content_type="application/json")
    assert response.status_code == 403
    assert client.delete(url).status_code == 403
    assert (
        post(
            client, reverse("api-annotation-hide", args=[annotate_own(dan).uuid]), {"reason": "x"}
        ).status_code
        == 403
    )


def annotate_own(user):
    return annotate(make_article(), "are glad.", user)


def test_a_restored_annotation_whose_text_left_the_article_is_an_orphan(client, alice, shared):
    shared.trash(alice)
    article = shared.article
    article.body = article.body.replace("five soldiers", "some people")
    article.save()
    client.force_login(alice)
    response = post(client, reverse("api-annotation-restore", args=[shared.uuid]))
    assert response.status_code == 200 and response.json()["orphaned"] is True


def test_a_deleted_quotation_goes_to_the_trash_and_comes_back(client, alice, charlie, article):
    quotation = quote(article, "are glad.")
    url = reverse("api-quotation", args=[quotation.uuid])
    client.force_login(charlie)
    assert client.delete(url).status_code == 403
    client.force_login(alice)
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert quotation.uuid not in [
        q["uuid"] for q in client.get(reverse("api-quotations"), {"article": article.slug}).json()["results"]
    ]
    trash = client.get(reverse("api-quotations-trash"), {"article": article.slug}).json()["results"]
    assert [q["uuid"] for q in trash] == [str(quotation.uuid)]

    assert post(client, reverse("api-quotation-restore", args=[quotation.uuid])).status_code == 200
    assert client.get(url).status_code == 200
    assert quotation.history.first().history_change_reason == "restored from the trash"


def test_the_admin_moves_deleted_quotations_to_the_trash_and_restores_them(client, alice, article):
    quotation = quote(article, "are glad.")
    client.force_login(alice)
    response = client.post(admin_url("quotation", "delete", quotation.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Quotation.objects.filter(pk=quotation.pk).exists()
    assert Quotation.with_trash.get(pk=quotation.pk).trashed_by == alice

    listed = client.get(admin_url("quotation"))
    assert quotation.pk not in [row.pk for row in listed.context["cl"].result_list]
    trash = client.get(admin_url("quotation"), {"trash": "yes"})
    assert [row.pk for row in trash.context["cl"].result_list] == [quotation.pk]
    # In the trash it is shown, not changed.
    change = client.get(admin_url("quotation", "change", quotation.pk))
    assert change.status_code == 200 and not change.context["has_change_permission"]

    client.post(
        admin_url("quotation") + "?trash=yes", {"action": "restore", "_selected_action": [quotation.pk]}
    )
    assert Quotation.objects.filter(pk=quotation.pk).exists()


def test_a_quotation_deleted_inline_on_its_article_goes_to_the_trash(client, alice, article):
    quotation = quote(article, "are glad.")
    client.force_login(alice)
    row = {"id": quotation.pk, "article": article.pk, "text": quotation.text, "start": quotation.start}
    row |= {"end": quotation.end, "speaker": "", "speaker_text": "", "cue": "", "kind": "direct"}
    row |= {"status": "suggested", "DELETE": "on"}
    data = article_form(article, **management_form("quotations", 1, initial=1))
    data |= {f"quotations-0-{name}": value for name, value in row.items()}
    response = client.post(admin_url("article", "change", article.pk), data)
    assert response.status_code == 302
    assert Quotation.with_trash.get(pk=quotation.pk).in_trash


def test_the_admin_trash_of_annotations_is_the_authors_and_the_desks(client, alice, bob, dan, shared):
    client.force_login(bob)
    # bob may select alice's annotation; deleting it does nothing.
    client.post(
        admin_url("annotation"), {"action": "delete_selected", "_selected_action": [shared.pk], "post": "yes"}
    )
    assert Annotation.objects.filter(pk=shared.pk).exists()

    client.force_login(dan)
    confirm = client.post(admin_url("annotation"), {"action": "hide", "_selected_action": [shared.pk]})
    assert confirm.status_code == 200 and "Hide annotations" in confirm.content.decode()
    blank = client.post(
        admin_url("annotation"), {"action": "hide", "_selected_action": [shared.pk], "reason": ""}
    )
    assert blank.context["form"].errors["reason"]
    client.post(
        admin_url("annotation"), {"action": "hide", "_selected_action": [shared.pk], "reason": "Duplicate"}
    )
    shared = Annotation.with_trash.get(pk=shared.pk)
    assert (shared.trashed_by, shared.trash_reason) == (dan, "Duplicate")

    client.force_login(bob)
    assert client.get(admin_url("annotation"), {"trash": "yes"}).context["cl"].result_count == 0
    client.force_login(alice)
    assert client.get(admin_url("annotation"), {"trash": "yes"}).context["cl"].result_count == 1
    client.post(
        admin_url("annotation") + "?trash=yes", {"action": "restore", "_selected_action": [shared.pk]}
    )
    assert Annotation.with_trash.get(pk=shared.pk).in_trash
    client.force_login(dan)
    client.post(
        admin_url("annotation") + "?trash=yes", {"action": "restore", "_selected_action": [shared.pk]}
    )
    assert not Annotation.with_trash.get(pk=shared.pk).in_trash
