"""Tags in the admin: rename, merge, and add or remove a tag on many selected objects at once."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles.models import Article
from tests.factories import admin_url, annotate, make_article, quote

pytestmark = pytest.mark.django_db


def act(client, url, action, pks, name=None):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks]}
    if name is not None:
        data.update(apply="yes", name=name)
    return client.post(url, data)


def test_selected_articles_get_a_tag_and_lose_it(client, alice):
    client.force_login(alice)
    first, second, untouched = make_article(), make_article(tags=["War"]), make_article()
    url = admin_url("article")
    ask = act(client, url, "add_tag", [first.pk, second.pk])
    assert ask.status_code == 200 and "Add a tag" in ask.text and "2 selected articles" in ask.text
    done = act(client, url, "add_tag", [first.pk, second.pk], name="  Chechnya  ")
    assert done.status_code == 302
    assert {a.pk for a in Article.objects.filter(tags__name="chechnya")} == {first.pk, second.pk}
    assert not untouched.tags.exists()
    act(client, url, "remove_tag", [second.pk], name="CHECHNYA")
    assert [a.pk for a in Article.objects.filter(tags__name="chechnya")] == [first.pk]


def test_quotations_and_annotations_take_tags_in_bulk_too(client, alice):
    client.force_login(alice)
    article = make_article()
    quotation = quote(article, "captivity is not a crime,")
    annotation = annotate(article, "Kadyrov", alice)
    act(client, admin_url("quotation"), "add_tag", [quotation.pk], name="war")
    act(client, reverse("admin:annotations_annotation_changelist"), "add_tag", [annotation.pk], name="war")
    assert [t.name for t in quotation.tags.all()] == ["war"]
    assert [t.name for t in annotation.tags.all()] == ["war"]


def test_tags_merge_into_one_and_objects_keep_a_single_copy(client, dan):
    client.force_login(dan)
    both = make_article(tags=["chechnya", "chechenia"])
    one = make_article(tags=["chechenia"])
    sources = Tag.objects.filter(name__in=["chechnya", "chechenia"])
    response = act(
        client, reverse("admin:taggit_tag_changelist"), "merge", [t.pk for t in sources], name="Chechnya"
    )
    assert response.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["chechnya"]
    assert [t.name for t in both.tags.all()] == ["chechnya"] and [t.name for t in one.tags.all()] == [
        "chechnya"
    ]
    assert TaggedItem.objects.count() == 2


def test_renaming_a_tag_keeps_one_spelling(client, dan):
    client.force_login(dan)
    tag = make_article(tags=["war"]).tags.get()
    response = client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "  Armed  Conflict ", "slug": tag.slug}
    )
    assert response.status_code == 302
    assert Tag.objects.get(pk=tag.pk).name == "armed conflict"


def test_tag_actions_need_the_change_permission_and_csrf(charlie, alice):
    article = make_article()
    reader = Client()
    reader.force_login(charlie)
    act(reader, admin_url("article"), "add_tag", [article.pk], name="war")
    assert not article.tags.exists()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert act(strict, admin_url("article"), "add_tag", [article.pk], name="war").status_code == 403
    assert not article.tags.exists()
