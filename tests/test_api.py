"""The annotation API (W3C JSON-LD) and the quotation, people and tag API, per HTTP verb and per user.

alice owns the annotations; bob is a colleague (an editor: he annotates, and changes only his own);
charlie is a reader; anonymous visitors may read (PUBLIC_READING) and never write.
"""

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from taggit.models import Tag

from annotations import api
from annotations.models import Annotation
from articles.models import Person, Quotation
from newsroom.versions import version
from tests.conftest import make_user
from tests.factories import annotate, make_article, make_person, quote

pytestmark = pytest.mark.django_db

LIST = "/api/annotations/"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def detail(annotation):
    return f"/api/annotations/{annotation.uuid}/"


def send(client, method, url, data, **extra):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return getattr(client, method)(url, body, content_type="application/json", **extra)


def target(article, text, exact=True):
    start = article.body.index(text)
    selectors = [{"type": "TextPositionSelector", "start": start, "end": start + len(text)}]
    if exact:
        selectors.append({"type": "TextQuoteSelector", "exact": text})
    return {"source": f"http://testserver/articles/{article.slug}/", "selector": selectors}


def tag_body(*names):
    return [{"type": "TextualBody", "value": name, "purpose": "tagging"} for name in names]


def note_body(text):
    return [{"type": "TextualBody", "value": text, "format": "text/plain", "purpose": "commenting"}]


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def article():
    return make_article(title="Kadyrov says prisoners are welcome")


@pytest.fixture
def shared(article, alice):
    return annotate(article, "five soldiers", alice, note="Check the number")


@pytest.fixture
def private(article, alice):
    return annotate(article, "are glad.", alice, visibility="private", note="Mine only")


@pytest.fixture
def users(alice, bob, charlie):
    return {"anonymous": None, "alice": alice, "bob": bob, "charlie": charlie}


# The shape


def test_an_annotation_is_a_w3c_annotation(client, article, alice):
    kadyrov = make_person()
    quotation = quote(article, "captivity is not a crime,", speaker=kadyrov)
    annotation = annotate(article, "captivity is not a crime,", alice, note="Check", quotation=quotation)
    annotation.set_tags(["Chechnya"])

    response = client.get(detail(annotation))

    assert response.status_code == 200
    assert response["Content-Type"] == 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    data = response.json()
    start = article.body.index("captivity is not a crime,")
    source = f"http://testserver/articles/{article.slug}/"
    assert data == {
        "@context": CONTEXT,
        "id": f"http://testserver/api/annotations/{annotation.uuid}/",
        "type": "Annotation",
        "motivation": "commenting",
        "created": data["created"],
        "modified": data["modified"],
        "creator": {"type": "Person", "nickname": "alice", "name": "alice"},
        "body": [
            {"type": "TextualBody", "value": "Check", "format": "text/plain", "purpose": "commenting"},
            # A tag's id is its page.
            {
                "type": "TextualBody",
                "id": "http://testserver/tags/chechnya/",
                "value": "chechnya",
                "purpose": "tagging",
            },
            {"id": f"{source}#q-{quotation.uuid}", "purpose": "linking"},
        ],
        "target": {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": "captivity is not a crime,",
                    "prefix": article.body[start - 32 : start],
                    "suffix": article.body[start + 25 : start + 57],
                },
                {"type": "TextPositionSelector", "start": start, "end": start + 25},
            ],
        },
        "colour": "yellow",
        "visibility": "shared",
        "orphaned": False,
        "version": version(annotation),
    }
    assert data["created"].endswith("Z")
    assert response["ETag"] == f'"{data["version"]}"'


@pytest.mark.parametrize(
    ("note", "tags", "motivation"),
    [("", [], "highlighting"), ("", ["x"], "tagging"), ("A note", ["x"], "commenting")],
)
def test_the_motivation_follows_what_the_annotation_holds(client, article, alice, note, tags, motivation):
    annotation = annotate(article, "five soldiers", alice, note=note)
    annotation.set_tags(tags)
    assert client.get(detail(annotation)).json()["motivation"] == motivation


# GET the collection


def test_the_collection_embeds_the_first_page_in_reading_order(client, article, alice, bob):
    later = annotate(article, "are glad.", bob)
    earlier = annotate(article, "five soldiers", alice)

    response = client.get(LIST, {"article": article.slug})

    assert response.status_code == 200
    data = response.json()
    collection = f"http://testserver/api/annotations/?article={article.slug}"
    assert data["@context"] == CONTEXT
    assert (data["type"], data["id"], data["total"]) == ("AnnotationCollection", collection, 2)
    assert data["first"]["type"] == "AnnotationPage"
    assert data["first"]["id"] == data["last"] == collection + "&page=1"
    assert "next" not in data["first"]
    assert [item["id"] for item in data["first"]["items"]] == [
        f"http://testserver{detail(earlier)}",
        f"http://testserver{detail(later)}",
    ]
    assert "csrftoken" in response.cookies


@pytest.mark.parametrize(
    ("username", "sees_private"),
    [("anonymous", False), ("charlie", False), ("bob", False), ("alice", True)],
)
def test_the_collection_leaves_out_others_private_annotations(
    client, users, shared, private, username, sees_private
):
    login(client, users[username])
    items = client.get(LIST, {"article": shared.article.slug}).json()["first"]["items"]
    ids = {item["id"].rsplit("/", 2)[-2] for item in items}
    assert ids == ({str(shared.uuid), str(private.uuid)} if sees_private else {str(shared.uuid)})


def test_the_collection_is_paginated(client, article, alice, monkeypatch):
    monkeypatch.setattr(api, "ANNOTATIONS_PER_PAGE", 2)
    words = ["Chechnya", "head", "Ramzan", "five", "soldiers"]
    for word in words:
        annotate(article, word, alice)

    data = client.get(LIST, {"article": article.slug}).json()
    assert data["total"] == 5
    assert len(data["first"]["items"]) == 2
    assert data["first"]["next"].endswith("&page=2")
    assert data["last"].endswith("&page=3")

    page = client.get(LIST, {"article": article.slug, "page": 3}).json()
    assert page["type"] == "AnnotationPage"
    assert page["partOf"]["total"] == 5
    assert page["startIndex"] == 4
    assert page["prev"].endswith("&page=2") and "next" not in page
    assert [item["target"]["selector"][0]["exact"] for item in page["items"]] == ["soldiers"]

    assert client.get(LIST, {"article": article.slug, "page": 4}).status_code == 404
    assert client.get(LIST, {"article": article.slug, "page": "x"}).json() == {
        "errors": {"page": ["A page is a whole number from 1."]}
    }


def test_a_list_longer_than_a_page_counts_it_in_one_more_query(
    client, article, alice, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(api, "ANNOTATIONS_PER_PAGE", 3)
    make_annotations(article, alice, 7)
    # The article, the page (and one row more, which says there is a next), the count, the tags.
    with django_assert_num_queries(4):
        data = client.get(LIST, {"article": article.slug}).json()
    assert (data["total"], len(data["first"]["items"]), data["last"]) == (7, 3, data["id"] + "&page=3")
    assert client.get(LIST, {"article": article.slug, "page": 0}).status_code == 404


def test_a_listed_annotation_is_the_one_its_own_url_gives(client, article, alice):
    """The list serialises rows, the detail view instances: both give the same JSON."""
    alice.first_name, alice.last_name = "Alice", "Example"
    alice.save()
    quotation = quote(article, "captivity is not a crime,", speaker=make_person())
    linked = annotate(article, "captivity is not a crime,", alice, note="Check", quotation=quotation)
    linked.set_tags(["Zeta", "alpha"])
    tagged = annotate(article, "five soldiers", alice, colour="green")
    tagged.set_tags(["war"])
    anonymous = annotate(article, "are glad.", None, visibility="shared")

    items = client.get(LIST, {"article": article.slug}).json()["first"]["items"]

    assert len(items) == 3
    for item, annotation in zip(items, [tagged, linked, anonymous], strict=True):
        assert item == client.get(detail(annotation)).json()
    assert items[1]["creator"] == {"type": "Person", "nickname": "alice", "name": "Alice Example"}
    assert [body.get("value") for body in items[1]["body"]] == ["Check", "alpha", "zeta", None]
    assert (items[0]["motivation"], items[2]["motivation"]) == ("tagging", "highlighting")
    assert "creator" not in items[2]


def test_the_collection_needs_a_known_article(client, article):
    response = client.get(LIST)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["article"]
    assert client.get(LIST, {"article": "no-such-article"}).status_code == 404


def make_annotations(article, author, count):
    start = article.body.index("five soldiers")
    rows = Annotation.objects.bulk_create(
        Annotation(article=article, author=author, exact="five soldiers", start=start, end=start + 13)
        for _ in range(count)
    )
    for row in rows[:: max(1, count // 10)]:
        row.set_tags(["chechnya", "war"])


@pytest.mark.parametrize("username", ["anonymous", "alice"])
def test_the_collection_costs_the_same_queries_for_10_and_1000_annotations(
    client, users, alice, username, django_assert_num_queries
):
    login(client, users[username])
    small, large = make_article(), make_article()
    make_annotations(small, alice, 10)
    make_annotations(large, alice, 1000)
    # The session and its user (when logged in), the article, the page, the page's tags: a first page
    # that holds every annotation is its own count.
    expected = 3 + (2 if username == "alice" else 0)
    for article, total in ((small, 10), (large, 1000)):
        with django_assert_num_queries(expected):
            response = client.get(LIST, {"article": article.slug})
        assert response.json()["total"] == total
        assert len(response.json()["first"]["items"]) == total


def test_reading_needs_a_login_when_reading_is_not_public(client, settings, shared, charlie):
    settings.PUBLIC_READING = False
    assert client.get(LIST, {"article": shared.article.slug}).status_code == 403
    assert client.get(detail(shared)).status_code == 403
    assert client.get("/api/people/").status_code == 403
    client.force_login(charlie)
    assert client.get(detail(shared)).status_code == 200


# GET one


@pytest.mark.parametrize(
    ("username", "status"), [("anonymous", 404), ("charlie", 404), ("bob", 404), ("alice", 200)]
)
def test_a_private_annotation_is_404_to_everyone_but_its_author(client, users, private, username, status):
    login(client, users[username])
    response = client.get(detail(private))
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"errors": {"__all__": ["No such annotation."]}}


@pytest.mark.parametrize("username", ["anonymous", "charlie", "bob", "alice"])
def test_a_shared_annotation_is_seen_by_everyone(client, users, shared, username):
    login(client, users[username])
    assert client.get(detail(shared)).json()["body"][0]["value"] == "Check the number"


def test_an_unknown_uuid_is_404(client):
    assert client.get("/api/annotations/00000000-0000-0000-0000-000000000000/").status_code == 404


# POST


def test_an_editor_creates_an_annotation(client, article, alice):
    client.force_login(alice)
    data = {
        "target": target(article, "five soldiers"),
        "body": note_body("  Check the number  ") + tag_body("Chechnya", " War  crimes "),
        "colour": "green",
        "visibility": "private",
    }

    response = send(client, "post", LIST, data)

    assert response.status_code == 201, response.json()
    annotation = Annotation.objects.get()
    assert response["Location"] == f"http://testserver{detail(annotation)}"
    assert (annotation.author, annotation.exact, annotation.note) == (
        alice,
        "five soldiers",
        "Check the number",
    )
    assert (annotation.colour, annotation.visibility) == ("green", "private")
    assert sorted(tag.name for tag in annotation.tags.all()) == ["chechnya", "war crimes"]
    # The server fills the context itself.
    assert annotation.prefix == article.body[: annotation.start][-32:]
    assert response.json()["target"]["selector"][0]["suffix"] == annotation.suffix
    assert response.json()["motivation"] == "commenting"


def test_a_position_alone_is_enough_and_the_server_fills_exact(client, article, alice):
    client.force_login(alice)
    response = send(client, "post", LIST, {"target": target(article, "are glad.", exact=False)})
    assert response.status_code == 201
    assert response.json()["target"]["selector"][0]["exact"] == "are glad."
    assert response.json()["motivation"] == "highlighting"


def test_a_quote_alone_is_searched_for(client, article, alice):
    client.force_login(alice)
    # "Kadyrov" is in the body three times: the suffix says which.
    selector = {"type": "TextQuoteSelector", "exact": "Kadyrov", "prefix": "", "suffix": " posted on"}
    source = f"http://testserver/articles/{article.slug}/"
    response = send(client, "post", LIST, {"target": {"source": source, "selector": selector}})
    assert response.status_code == 201
    assert response.json()["target"]["selector"][1]["start"] == article.body.index("Kadyrov posted")


def test_tags_are_one_whatever_their_case(client, article, alice):
    make_article(tags=["Chechnya"])
    client.force_login(alice)
    for name in ("chechnya", "CHECHNYA "):
        response = send(
            client, "post", LIST, {"target": target(article, "five soldiers"), "body": tag_body(name)}
        )
        assert response.status_code == 201
    assert Tag.objects.filter(name__iexact="chechnya").count() == 1
    assert {tag.pk for a in Annotation.objects.all() for tag in a.tags.all()} == {Tag.objects.get().pk}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "target"),
        ({"target": {"source": "http://testserver/people/", "selector": []}}, "target"),
        ({"target": "http://testserver/articles/x/"}, "target"),
        ({"colour": "red"}, "colour"),
        ({"visibility": "public"}, "visibility"),
        ({"motivation": "bookmarking"}, "motivation"),
        ({"body": [{"type": "TextualBody", "value": 3}]}, "body"),
        ({"body": tag_body(" ")}, "body"),
        ({"body": [{"type": "TextualBody", "value": "x", "purpose": "editing"}]}, "body"),
        (
            {"body": [{"id": "http://x/#q-00000000-0000-0000-0000-000000000000", "purpose": "linking"}]},
            "body",
        ),
    ],
)
def test_invalid_fields_are_400_with_a_message_per_field(client, article, alice, data, field):
    client.force_login(alice)
    data = {"target": target(article, "five soldiers")} | data if field != "target" else data
    response = send(client, "post", LIST, data)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert all(isinstance(message, str) and message for message in errors[field])
    assert not Annotation.objects.exists()


def test_exact_must_be_the_text_at_the_position(client, article, alice):
    client.force_login(alice)
    data = {"target": target(article, "five soldiers")}
    data["target"]["selector"][1]["exact"] = "six soldiers"
    response = send(client, "post", LIST, data)
    assert response.status_code == 400
    assert "five soldiers" in response.json()["errors"]["target"][0]


def test_offsets_outside_the_body_are_400(client, article, alice):
    client.force_login(alice)
    selector = {"type": "TextPositionSelector", "start": 5, "end": 10**6}
    source = f"http://testserver/articles/{article.slug}/"
    response = send(client, "post", LIST, {"target": {"source": source, "selector": [selector]}})
    assert response.status_code == 400
    assert "do not fit" in response.json()["errors"]["target"][0]


@pytest.mark.parametrize("body", ["{not json", b"\xff\xfe", "[1, 2]"])
def test_malformed_json_is_400(client, alice, body):
    client.force_login(alice)
    response = send(client, "post", LIST, body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["__all__"]


def test_a_linked_quotation_must_be_of_the_same_article(client, article, alice):
    elsewhere = quote(make_article(), "are glad.")
    here = quote(article, "are glad.")
    client.force_login(alice)
    data = {"target": target(article, "are glad.")}
    data["body"] = [{"id": f"http://testserver/x/#q-{elsewhere.uuid}", "purpose": "linking"}]
    assert send(client, "post", LIST, data).status_code == 400
    data["body"] = [{"id": str(here.uuid), "purpose": "linking"}]
    assert send(client, "post", LIST, data).status_code == 201
    assert Annotation.objects.get().quotation == here


@pytest.mark.parametrize(("username", "status"), [("anonymous", 403), ("charlie", 403), ("bob", 201)])
def test_only_users_with_the_add_permission_annotate(client, users, article, username, status):
    login(client, users[username])
    response = send(client, "post", LIST, {"target": target(article, "five soldiers")})
    assert response.status_code == status
    assert Annotation.objects.exists() == (status == 201)
    if status == 403:
        message = "Log in first." if username == "anonymous" else "You do not have permission to do this."
        assert response.json() == {"errors": {"__all__": [message]}}


# PUT, PATCH, DELETE


@pytest.fixture
def dave(db):
    """An annotator by direct permissions, without a group: an editor's rights on annotations."""
    user = make_user("dave")
    for codename in ("add_annotation", "change_annotation", "delete_annotation"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.mark.parametrize(
    ("username", "status"),
    [("anonymous", 403), ("charlie", 403), ("dave", 403), ("bob", 403), ("dan", 403), ("alice", 200)],
)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_changing_a_shared_annotation(client, users, dave, dan, shared, method, username, status):
    login(client, {"dave": dave, "dan": dan}.get(username) or users[username])
    data = {"body": note_body("Changed"), "colour": "pink"}
    if method == "put":
        data["target"] = target(shared.article, "five soldiers", exact=False)

    response = send(client, method, detail(shared), data)

    assert response.status_code == status
    shared.refresh_from_db()
    assert (shared.note, shared.colour) == (
        ("Changed", "pink") if status == 200 else ("Check the number", "yellow")
    )
    assert shared.author.username == "alice"


@pytest.mark.parametrize("username", ["anonymous", "charlie", "bob"])
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_others_private_annotation_is_404_for_every_write(client, users, private, method, username):
    login(client, users[username])
    response = send(client, method, detail(private), {"body": note_body("Mine now")})
    assert response.status_code == 404
    private.refresh_from_db()
    assert private.note == "Mine only"


def test_patch_changes_only_what_is_sent(client, shared, alice):
    shared.set_tags(["war"])
    client.force_login(alice)
    response = send(client, "patch", detail(shared), {"visibility": "private"})
    assert response.status_code == 200
    shared.refresh_from_db()
    assert (shared.visibility, shared.note, [t.name for t in shared.tags.all()]) == (
        "private",
        "Check the number",
        ["war"],
    )


def test_put_replaces_the_whole_annotation(client, shared, alice):
    shared.set_tags(["war"])
    client.force_login(alice)
    response = send(client, "put", detail(shared), {"target": target(shared.article, "five soldiers")})
    assert response.status_code == 200
    shared.refresh_from_db()
    assert (shared.note, list(shared.tags.all()), shared.colour) == ("", [], "yellow")


def test_a_patched_target_moves_the_annotation_and_reattaches_an_orphan(client, shared, alice):
    Annotation.objects.filter(pk=shared.pk).update(orphaned=True, exact="six soldiers")
    client.force_login(alice)
    response = send(client, "patch", detail(shared), {"target": target(shared.article, "are glad.")})
    assert response.status_code == 200
    shared.refresh_from_db()
    assert (shared.exact, shared.orphaned) == ("are glad.", False)


def test_a_target_cannot_move_to_another_article(client, shared, alice):
    client.force_login(alice)
    response = send(client, "patch", detail(shared), {"target": target(make_article(), "are glad.")})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["target"]


def test_invalid_changes_are_400(client, shared, alice):
    client.force_login(alice)
    assert send(client, "patch", detail(shared), "{").status_code == 400
    response = send(client, "patch", detail(shared), {"colour": "red"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["colour"]


@pytest.mark.parametrize(
    ("username", "status"),
    [("anonymous", 403), ("charlie", 403), ("dave", 403), ("bob", 403), ("dan", 403), ("alice", 204)],
)
def test_deleting_a_shared_annotation(client, users, dave, dan, shared, username, status):
    login(client, {"dave": dave, "dan": dan}.get(username) or users[username])
    response = client.delete(detail(shared))
    assert response.status_code == status
    # Deleted is in the trash: out of every list, still in the database.
    assert Annotation.objects.filter(pk=shared.pk).exists() == (status != 204)
    assert Annotation.with_trash.filter(pk=shared.pk).exists()


def test_an_annotator_changes_and_deletes_their_own(client, dave, article):
    own = annotate(article, "five soldiers", dave)
    client.force_login(dave)
    assert send(client, "patch", detail(own), {"colour": "blue"}).status_code == 200
    assert client.delete(detail(own)).status_code == 204


def test_other_methods_are_not_allowed(client, shared, alice):
    client.force_login(alice)
    assert client.post(detail(shared)).status_code == 405
    assert client.delete(LIST).status_code == 405
    assert client.put("/api/people/").status_code == 405


# CSRF


@pytest.fixture
def csrf_client(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def test_writes_without_the_csrf_token_are_refused(csrf_client, article, shared):
    assert send(csrf_client, "post", LIST, {"target": target(article, "are glad.")}).status_code == 403
    assert send(csrf_client, "patch", detail(shared), {"colour": "pink"}).status_code == 403
    assert (
        send(csrf_client, "put", detail(shared), {"target": target(article, "are glad.")}).status_code == 403
    )
    assert csrf_client.delete(detail(shared)).status_code == 403
    quotation = quotation_data(article, "are glad.")
    assert send(csrf_client, "post", "/api/quotations/", quotation).status_code == 403
    assert Annotation.objects.get() == shared
    shared.refresh_from_db()
    assert shared.colour == "yellow"
    assert not Quotation.objects.exists()


def test_writes_with_the_csrf_token_from_the_cookie_are_accepted(csrf_client, article, shared):
    # The list sets the cookie, as the reading page's first request does.
    token = csrf_client.get(LIST, {"article": article.slug}).cookies["csrftoken"].value
    header = {"headers": {"X-CSRFToken": token}}
    assert (
        send(csrf_client, "post", LIST, {"target": target(article, "are glad.")}, **header).status_code == 201
    )
    assert send(csrf_client, "patch", detail(shared), {"colour": "pink"}, **header).status_code == 200
    assert csrf_client.delete(detail(shared), **header).status_code == 204


# Quotations


def span(article, text):
    start = article.body.index(text)
    return start, start + len(text)


def quotation_data(article, text, **fields):
    start, end = span(article, text)
    return {"article": article.slug, "start": start, "end": end, **fields}


def test_an_editor_makes_a_confirmed_quotation_from_the_reading_view(client, article, alice):
    kadyrov = make_person(role="Chechnya head")
    client.force_login(alice)
    data = quotation_data(article, "are glad.", speaker=kadyrov.slug, cue="noted", kind="partial")

    response = send(client, "post", "/api/quotations/", data)

    assert response.status_code == 201, response.json()
    quotation = Quotation.objects.get()
    assert (quotation.text, quotation.speaker, quotation.cue, quotation.kind) == (
        "are glad.",
        kadyrov,
        "noted",
        "partial",
    )
    assert (quotation.status, quotation.origin, quotation.created_by) == ("confirmed", "editor", alice)
    body = response.json()
    assert response["Location"] == body["id"] == f"http://testserver/api/quotations/{quotation.uuid}/"
    assert body["speaker"] == {
        "name": "Ramzan Kadyrov",
        "slug": kadyrov.slug,
        "role": "Chechnya head",
        "url": f"http://testserver/people/{kadyrov.slug}/",
    }
    assert body["url"] == f"http://testserver/articles/{article.slug}/#q-{quotation.uuid}"
    assert body["citation"] == f"“are glad.” — Ramzan Kadyrov, {article.outlet.name}"


def test_a_quotation_with_a_new_speaker_by_name(client, article, alice):
    existing = make_person("Maria Zakharova")
    client.force_login(alice)
    response = send(
        client, "post", "/api/quotations/", quotation_data(article, "are glad.", speaker_name="New One")
    )
    assert response.status_code == 201
    assert Quotation.objects.get().speaker == Person.objects.get(name="New One")
    # An existing name is reused rather than doubled.
    data = quotation_data(article, "five soldiers", speaker_name=" maria  zakharova")
    assert send(client, "post", "/api/quotations/", data).status_code == 201
    assert Quotation.objects.get(text="five soldiers").speaker == existing


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "are sad."}, "text"),
        ({"article": "nope"}, "article"),
        ({"start": -1}, "start"),
        ({"speaker": "nobody"}, "speaker"),
        ({"kind": "shouted"}, "kind"),
        ({"status": "confirmed"}, "status"),
        ({"speaker": "x", "speaker_name": "Y"}, "speaker_name"),
    ],
)
def test_an_invalid_quotation_is_400_per_field(client, article, alice, fields, field):
    make_person("X")
    client.force_login(alice)
    response = send(client, "post", "/api/quotations/", quotation_data(article, "are glad.") | fields)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Quotation.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("anonymous", 403), ("charlie", 403), ("bob", 201)])
def test_only_users_with_the_add_quotation_permission_make_quotations(
    client, users, article, username, status
):
    login(client, users[username])
    response = send(client, "post", "/api/quotations/", quotation_data(article, "are glad."))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"status": "confirmed"}, ("confirmed", "ramzan-kadyrov", "said")),
        ({"status": "rejected"}, ("rejected", "ramzan-kadyrov", "said")),
        ({"speaker": "maria-zakharova", "cue": "wrote"}, ("suggested", "maria-zakharova", "wrote")),
        ({"speaker": None}, ("suggested", None, "said")),
        ({"speaker_name": "Someone New"}, ("suggested", "someone-new", "said")),
    ],
)
def test_confirming_rejecting_and_reattributing_a_quotation(client, article, alice, changes, expected):
    kadyrov = make_person()
    make_person("Maria Zakharova")
    quotation = quote(article, "are glad.", speaker=kadyrov, cue="said")
    client.force_login(alice)

    response = send(client, "patch", f"/api/quotations/{quotation.uuid}/", changes)

    assert response.status_code == 200, response.json()
    quotation.refresh_from_db()
    assert (quotation.status, quotation.speaker and quotation.speaker.slug, quotation.cue) == expected
    assert quotation.edited
    assert response.json()["status"] == expected[0]


@pytest.mark.parametrize(("username", "status"), [("anonymous", 403), ("charlie", 403), ("bob", 200)])
def test_changing_a_quotation_needs_the_change_permission(client, users, article, username, status):
    quotation = quote(article, "are glad.")
    login(client, users[username])
    response = send(client, "patch", f"/api/quotations/{quotation.uuid}/", {"status": "rejected"})
    assert response.status_code == status
    quotation.refresh_from_db()
    assert quotation.status == ("rejected" if status == 200 else "suggested")
    # Anyone who may read sees it.
    assert client.get(f"/api/quotations/{quotation.uuid}/").status_code == 200


def test_invalid_or_unknown_quotation_changes_are_400(client, article, alice):
    quotation = quote(article, "are glad.")
    client.force_login(alice)
    response = send(
        client, "patch", f"/api/quotations/{quotation.uuid}/", {"article": "x", "status": "maybe"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"article"}
    response = send(client, "patch", f"/api/quotations/{quotation.uuid}/", {"status": "maybe"})
    assert set(response.json()["errors"]) == {"status"}
    assert client.get("/api/quotations/00000000-0000-0000-0000-000000000000/").status_code == 404


# Attaching an orphaned quotation again


@pytest.fixture
def orphan(article, alice):
    """A confirmed quotation of alice's whose words left the article: it keeps its old text and place."""
    quotation = quote(article, "are glad.", status="confirmed", created_by=alice)
    Quotation.objects.filter(pk=quotation.pk).update(orphaned=True, text="are very glad.")
    quotation.refresh_from_db()
    return quotation


def quotation_url(quotation):
    return f"/api/quotations/{quotation.uuid}/"


def assert_span_holds(quotation):
    quotation.refresh_from_db()
    assert not quotation.orphaned
    assert quotation.article.body[quotation.start : quotation.end] == quotation.text
    quotation.check_span()


@pytest.mark.parametrize("username", ["alice", "bob"])
def test_an_orphaned_quotation_is_attached_again_by_its_owner_or_an_editor(
    client, users, article, orphan, username
):
    client.force_login(users[username])
    start, end = span(article, "captivity is not a crime,")

    response = send(
        client,
        "patch",
        quotation_url(orphan),
        {"start": start, "end": end, "text": "captivity is not a crime,"},
    )

    assert response.status_code == 200, response.json()
    assert_span_holds(orphan)
    assert (orphan.text, orphan.start, orphan.end) == ("captivity is not a crime,", start, end)
    assert (orphan.edited, orphan.status, orphan.created_by) == (True, "confirmed", users["alice"])
    data = response.json()
    assert (data["text"], data["start"], data["end"], data["orphaned"]) == (
        "captivity is not a crime,",
        start,
        end,
        False,
    )


def test_without_text_the_quotation_takes_the_bodys_text(client, article, orphan, alice):
    client.force_login(alice)
    start, end = span(article, "are glad.")
    response = send(client, "patch", quotation_url(orphan), {"start": start, "end": end, "cue": "noted"})
    assert response.status_code == 200, response.json()
    assert_span_holds(orphan)
    assert (orphan.text, orphan.cue) == ("are glad.", "noted")


def test_a_quotation_in_place_is_moved_too(client, article, alice):
    quotation = quote(article, "five soldiers")
    client.force_login(alice)
    start, end = span(article, "five soldiers have returned")
    response = send(client, "patch", quotation_url(quotation), {"start": start, "end": end})
    assert response.status_code == 200, response.json()
    assert_span_holds(quotation)
    assert (quotation.text, quotation.edited) == ("five soldiers have returned", True)


@pytest.mark.parametrize(("username", "message"), [("anonymous", "Log in first."), ("charlie", "permission")])
def test_attaching_a_quotation_needs_the_change_permission(client, users, article, orphan, username, message):
    login(client, users[username])
    start, end = span(article, "are glad.")
    response = send(client, "patch", quotation_url(orphan), {"start": start, "end": end})
    assert response.status_code == 403
    assert message in response.json()["errors"]["__all__"][0]
    orphan.refresh_from_db()
    assert (orphan.orphaned, orphan.text, orphan.edited) == (True, "are very glad.", False)


def test_attaching_a_quotation_needs_the_csrf_token(csrf_client, article, orphan):
    start, end = span(article, "are glad.")
    place = {"start": start, "end": end}
    assert send(csrf_client, "patch", quotation_url(orphan), place).status_code == 403
    orphan.refresh_from_db()
    assert orphan.orphaned
    token = csrf_client.get(LIST, {"article": article.slug}).cookies["csrftoken"].value
    response = send(csrf_client, "patch", quotation_url(orphan), place, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert_span_holds(orphan)


@pytest.mark.parametrize(
    ("place", "fields"),
    [
        (lambda n, s, e: {"start": s, "end": n + 5}, {"end"}),
        (lambda n, s, e: {"start": n + 1, "end": n + 2}, {"start", "end"}),
        (lambda n, s, e: {"start": e, "end": s}, {"end"}),
        (lambda n, s, e: {"start": s, "end": s}, {"end"}),
        (lambda n, s, e: {"start": -1, "end": e}, {"start"}),
        (lambda n, s, e: {"start": "x", "end": e}, {"start"}),
        (lambda n, s, e: {"start": s}, {"end"}),
        (lambda n, s, e: {"start": s, "end": None}, {"end"}),
        (lambda n, s, e: {"text": "are glad."}, {"start", "end"}),
        (lambda n, s, e: {"start": s, "end": e, "text": "are very glad."}, {"text"}),
        (lambda n, s, e: {"start": s + 1, "end": e, "text": "are glad."}, {"text"}),
    ],
)
def test_a_place_that_does_not_fit_is_400_per_field(client, article, orphan, alice, place, fields):
    client.force_login(alice)
    start, end = span(article, "are glad.")
    response = send(client, "patch", quotation_url(orphan), place(len(article.body), start, end))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == fields
    assert all(messages and all(messages) for messages in errors.values())
    orphan.refresh_from_db()
    assert (orphan.orphaned, orphan.text, orphan.edited) == (True, "are very glad.", False)


# Autocomplete


def test_people_are_found_by_name_and_by_alias(client, charlie):
    make_person("Ramzan Kadyrov", aliases=["Kadyrov", "Кадыров"], role="Chechnya head")
    make_person("Maria Zakharova")
    client.force_login(charlie)

    assert client.get("/api/people/", {"q": "Кады"}).json() == {
        "results": [
            {
                "name": "Ramzan Kadyrov",
                "role": "Chechnya head",
                "slug": "ramzan-kadyrov",
                "alias": "Кадыров",
                "url": "http://testserver/people/ramzan-kadyrov/",
            }
        ]
    }
    results = client.get("/api/people/", {"q": "ramzan"}).json()["results"]
    assert [(r["name"], r["alias"]) for r in results] == [("Ramzan Kadyrov", None)]
    assert len(client.get("/api/people/").json()["results"]) == 2


def test_tags_are_completed(client, article):
    article.tags.add("Chechnya", "War crimes", "Ukraine")
    results = client.get("/api/tags/", {"q": "ch"}).json()["results"]
    assert results == [{"name": "Chechnya", "slug": "chechnya"}]


def test_the_quotations_of_an_article_in_reading_order_at_a_constant_cost(client, django_assert_num_queries):
    kadyrov = make_person()
    small, large = make_article(), make_article()
    for article, count in ((small, 10), (large, 100)):
        for number in range(count):
            quote(article, "are glad." if number % 2 else "five soldiers", speaker=kadyrov, status="rejected")
        # The article with its outlet, the quotations with their speakers.
        with django_assert_num_queries(2):
            results = client.get("/api/quotations/", {"article": article.slug}).json()["results"]
        assert len(results) == count
        assert [r["start"] for r in results] == sorted(r["start"] for r in results)
    assert results[0]["status"] == "rejected"
    assert client.get("/api/quotations/").status_code == 400
    assert client.get("/api/quotations/", {"article": "nope"}).status_code == 404


# Notes are plain text


def test_a_note_is_kept_and_sent_as_plain_text(client, article, alice):
    client.force_login(alice)
    note = "<script>alert(1)</script> & <b>bold</b>"
    data = {"target": target(article, "five soldiers"), "body": note_body(note)}
    response = send(client, "post", LIST, data)
    assert response.json()["body"][0] == {
        "type": "TextualBody",
        "value": note,
        "format": "text/plain",
        "purpose": "commenting",
    }
    annotation = Annotation.objects.get()
    assert annotation.note == note
    # Pages show it escaped.
    annotation.set_tags(["x"])
    page = client.get("/tags/x/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page


def test_an_orphan_put_back_with_its_old_target_keeps_its_text(client, shared, alice):
    Annotation.objects.filter(pk=shared.pk).update(orphaned=True, exact="six soldiers")
    shared.refresh_from_db()
    client.force_login(alice)
    data = {
        "target": {
            "source": f"http://testserver/articles/{shared.article.slug}/",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "six soldiers", "prefix": "", "suffix": ""},
                {"type": "TextPositionSelector", "start": shared.start, "end": shared.end},
            ],
        },
        "body": note_body("Still here"),
    }

    response = send(client, "put", detail(shared), data)

    assert response.status_code == 200, response.json()
    shared.refresh_from_db()
    assert (shared.orphaned, shared.exact, shared.note) == (True, "six soldiers", "Still here")
    assert response.json()["orphaned"] is True
