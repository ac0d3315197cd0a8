"""A tag used only on someone's private annotation does not exist for anyone else: not in the tag
autocomplete, not as a tag page or an article filter, not in the tag admin, whose tagged items are
read-only but for superusers."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from taggit.models import Tag

from tests.factories import annotate, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(alice):
    article = make_article(tags=["floods"])
    private = annotate(article, "five soldiers", alice, visibility="private")
    private.set_tags(["secret source", "floods"])
    annotate(article, "are glad.", alice).set_tags(["shared lead"])
    return {tag.name: tag for tag in Tag.objects.all()}


def names(client, query):
    return [tag["name"] for tag in client.get(reverse("api-tags"), {"q": query}).json()["results"]]


def test_the_autocomplete_lists_a_private_tag_to_its_author_only(client, tags, alice, bob):
    assert names(client, "s") == ["floods", "shared lead"]
    client.force_login(bob)
    assert names(client, "s") == ["floods", "shared lead"]
    client.force_login(alice)
    assert names(client, "s") == ["floods", "secret source", "shared lead"]


def test_a_private_tags_page_is_404_for_others(client, tags, alice, bob):
    url = reverse("tag-detail", args=[tags["secret source"].slug])
    assert client.get(url).status_code == 404
    assert client.get(reverse("article-list"), {"tag": tags["secret source"].slug}).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200
    root = get_user_model().objects.create_superuser("root", "root@example.com", "password")
    client.force_login(root)
    assert client.get(url).status_code == 200


def test_a_trashed_annotations_tag_is_hidden_too(client, tags, alice, bob):
    shared = tags["shared lead"].taggit_taggeditem_items.get().content_object
    shared.trash(alice)
    client.force_login(bob)
    assert names(client, "shared") == []


def test_the_tag_admin_hides_private_tags_and_their_items(client, tags, alice, bob):
    client.force_login(bob)
    listed = client.get(reverse("admin:taggit_tag_changelist")).context["cl"].result_list
    assert sorted(tag.name for tag in listed) == ["floods", "shared lead"]
    secret = reverse("admin:taggit_tag_change", args=[tags["secret source"].pk])
    assert client.get(secret).status_code == 302  # the admin's "does not exist" redirect
    assert client.get(reverse("admin:taggit_tag_history", args=[tags["secret source"].pk])).status_code == 404

    # No inline of tagged objects (an archive's tag may be on thousands): nothing private shows there.
    page = client.get(reverse("admin:taggit_tag_change", args=[tags["floods"].pk]))
    assert page.context["inline_admin_formsets"] == []


def test_only_the_desk_renames_and_merges_tags(client, tags, bob, dan):
    url = reverse("admin:taggit_tag_change", args=[tags["shared lead"].pk])
    data = {
        "name": "lead",
        "slug": "lead",
        # The tagged items are shown, not posted: nobody but a superuser changes them by hand.
        "taggit_taggeditem_items-TOTAL_FORMS": "0",
        "taggit_taggeditem_items-INITIAL_FORMS": "0",
    }
    client.force_login(bob)
    assert client.post(url, data).status_code == 403
    assert client.get(reverse("admin:taggit_tag_merge_tags")).status_code == 403
    client.force_login(dan)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Tag.objects.filter(name="lead").exists()
    assert Tag.history.filter(name="lead").get().history_user == dan
