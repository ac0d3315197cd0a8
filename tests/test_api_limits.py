"""Hostile requests to the JSON API: limits with a JSON 400 or 413, never a 500 nor a stall.

Each request goes through the real URL with a logged-in editor (alice). The bodies are what an
attacker or a broken client sends: too large, too deep, of the wrong types, with text no database
column can hold.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag, TaggedItem

from annotations.models import Annotation
from annotations.w3c import TAGS_MAX
from articles.models import Person, Quotation
from newsroom.jsonapi import JSON_MAX_DEPTH
from tests.factories import annotate, make_article, quote

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def article():
    return make_article(title="The harbour bridge")


@pytest.fixture
def editor(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def endpoints(article, alice):
    """Every JSON write: (method, URL) of the annotation and quotation API."""
    annotation = annotate(article, "five soldiers", alice)
    quotation = quote(article, "captivity is not a crime")
    return [
        ("post", "/api/annotations/"),
        ("put", f"/api/annotations/{annotation.uuid}/"),
        ("patch", f"/api/annotations/{annotation.uuid}/"),
        ("post", "/api/quotations/"),
        ("patch", f"/api/quotations/{quotation.uuid}/"),
    ]


def send(client, method, url, body):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return getattr(client, method)(url, raw, content_type="application/json")


def errors(response):
    assert response["Content-Type"] == "application/json"
    return response.json()["errors"]


def annotation_payload(article, text="five soldiers", **fields):
    start = article.body.index(text)
    return {
        "target": {
            "source": f"http://testserver/articles/{article.slug}/",
            "selector": {"type": "TextPositionSelector", "start": start, "end": start + len(text)},
        },
        **fields,
    }


def tags(*names):
    return [{"type": "TextualBody", "purpose": "tagging", "value": name} for name in names]


# Size and depth


def test_a_10_mb_body_gets_a_json_413_on_every_write(editor, endpoints):
    body = json.dumps({"body": "x" * 10 * MB}).encode()

    for method, url in endpoints:
        response = send(editor, method, url, body)

        assert response.status_code == 413, url
        assert errors(response) == {
            "__all__": ["The request body is larger than the limit of 1,048,576 bytes."]
        }


def test_the_body_limit_is_a_setting_and_holds_where_django_refuses_first(editor, article, settings):
    # A JSON limit above Django's own: Django refuses to read the body, and the answer is still JSON.
    settings.JSON_MAX_BYTES = 10 * MB
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = send(editor, "post", "/api/annotations/", annotation_payload(article, note="x" * 2000))

    assert response.status_code == 413
    assert "larger than the limit of 10,485,760 bytes" in errors(response)["__all__"][0]


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 200_000 + b"]" * 200_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        # Unbalanced: still refused before the parser sees it.
        b"[" * 5_000_000,
    ],
    ids=["arrays", "objects", "unbalanced"],
)
def test_deep_nesting_is_refused_before_parsing_on_every_write(editor, endpoints, body):
    for method, url in endpoints:
        response = send(editor, method, url, body)

        assert response.status_code in (400, 413), url
        assert errors(response)


def test_nesting_just_past_the_limit_is_refused_and_brackets_in_strings_do_not_count(editor, article):
    deep = annotation_payload(article)
    deep["extra"] = json.loads("[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH)

    response = send(editor, "post", "/api/annotations/", deep)

    assert response.status_code == 400
    assert errors(response) == {"__all__": [f"The JSON is nested more than {JSON_MAX_DEPTH} levels deep."]}

    note = '[[[{{{ "quoted \\" [[[ ' * 500
    response = send(editor, "post", "/api/annotations/", annotation_payload(article, bodyValue=note))

    assert response.status_code == 201
    assert Annotation.objects.get(uuid=response.json()["id"].split("/")[-2]).note == note.strip()


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"a": "' + b'\\"' * 300_000,
        b'["a", "' + b"x" * 1000 + b"\\",
        b"\xff\xfe\x00",
        b"NaN",
        b'{"start": Infinity}',
        b'{"start": ' + b"9" * 5000 + b"}",
    ],
    ids=["cut", "unterminated", "trailing-backslash", "bytes", "nan", "infinity", "5000-digits"],
)
def test_what_is_not_json_is_a_400(editor, endpoints, body):
    for method, url in endpoints:
        response = send(editor, method, url, body)

        assert response.status_code == 400, url
        assert errors(response)["__all__"][0].startswith("The request body is not valid JSON")


# Text that no column can hold


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "nul \x00 here"])
def test_a_lone_surrogate_or_a_nul_in_any_string_is_a_400(editor, article, text):
    for payload in (
        annotation_payload(article, bodyValue=text),
        annotation_payload(article, body=tags(text)),
        {**annotation_payload(article), text: 1},
    ):
        response = send(editor, "post", "/api/annotations/", payload)

        assert response.status_code == 400
        assert "NUL character or a lone surrogate" in errors(response)["__all__"][0]
    assert not Annotation.objects.exists()


# Fields and their types


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cue", {"a": 1}, "Send a string, not an object."),
        ("speaker_name", ["x"], "Send a string, not a list."),
        ("kind", 3, "Send a string, not a whole number."),
        ("start", "12", "Send a whole number, not a string."),
        ("start", True, "Send a whole number, not true or false."),
        ("end", 12.5, "Send a whole number, not a number with a fraction."),
        ("article", ["a"], "Send a string, not a list."),
    ],
)
def test_every_quotation_field_has_one_json_type(editor, article, field, value, message):
    payload = {"article": article.slug, "start": 0, "end": 5, field: value}

    created = send(editor, "post", "/api/quotations/", payload)
    quotation = quote(article, "five soldiers")
    changed = send(editor, "patch", f"/api/quotations/{quotation.uuid}/", {field: value})

    assert created.status_code == 400
    assert errors(created) == {field: [message]}
    if field != "article":
        assert changed.status_code == 400
        assert errors(changed) == {field: [message]}
    assert not Person.objects.exists()
    assert Quotation.objects.count() == 1


def test_offsets_far_past_the_body_are_a_400(editor, article):
    quotation = quote(article, "five soldiers")
    for start, end in ((10**12, 10**12 + 1), (0, 2**63), (2**70, 2**71)):
        created = send(
            editor, "post", "/api/quotations/", {"article": article.slug, "start": start, "end": end}
        )
        moved = send(editor, "patch", f"/api/quotations/{quotation.uuid}/", {"start": start, "end": end})
        annotated = send(
            editor,
            "post",
            "/api/annotations/",
            {
                "target": {
                    "source": f"/articles/{article.slug}/",
                    "selector": {"type": "TextPositionSelector", "start": start, "end": end},
                }
            },
        )

        assert (created.status_code, moved.status_code, annotated.status_code) == (400, 400, 400)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target": {"source": "http://[bad", "selector": []}}, "target"),
        ({"target": {"source": "/articles/x/", "selector": {"type": ["TextQuoteSelector"]}}}, "target"),
        ({"bodyValue": 12}, "body"),
        ({"body": [{"purpose": "linking", "id": 12}]}, "body"),
        ({"body": [{"purpose": ["tagging"], "value": "x"}]}, "body"),
        ({"body": [{"purpose": "tagging", "value": {"a": 1}}]}, "body"),
        ({"colour": ["yellow"]}, "colour"),
        ({"visibility": {"shared": True}}, "visibility"),
        ({"motivation": [{"a": 1}]}, "motivation"),
    ],
)
def test_annotation_fields_of_the_wrong_type_are_a_400(editor, article, change, field):
    response = send(editor, "post", "/api/annotations/", annotation_payload(article) | change)

    assert response.status_code == 400
    assert field in errors(response)


def test_a_quote_selectors_prefix_must_be_text(editor, article):
    payload = {
        "target": {
            "source": f"/articles/{article.slug}/",
            "selector": {"type": "TextQuoteSelector", "exact": "five soldiers", "prefix": {"a": 1}},
        }
    }

    response = send(editor, "post", "/api/annotations/", payload)

    assert response.status_code == 400
    assert errors(response) == {"target": ["A TextQuoteSelector's prefix and suffix are strings."]}


def test_a_page_number_in_other_digits_is_a_400(editor, article):
    for page in ("²", "٣", "1.0", "-1"):
        response = editor.get("/api/annotations/", {"article": article.slug, "page": page})

        assert response.status_code == 400
        assert errors(response) == {"page": ["A page is a whole number from 1."]}


# Tags: bounded, and written in a fixed number of queries


def test_more_tags_than_the_limit_are_refused_and_nothing_is_written(editor, article):
    payload = annotation_payload(article, body=tags(*(f"tag {n}" for n in range(TAGS_MAX + 1))))

    response = send(editor, "post", "/api/annotations/", payload)

    assert response.status_code == 400
    assert errors(response) == {"body": [f"An annotation has at most {TAGS_MAX} tags, not {TAGS_MAX + 1}."]}
    assert not Tag.objects.exists()
    assert not Annotation.objects.exists()


def count_queries(client, payload):
    with CaptureQueriesContext(connection) as queries:
        response = send(client, "post", "/api/annotations/", payload)
    assert response.status_code == 201, response.content
    return len(queries)


def test_tags_are_written_in_the_same_number_of_queries_however_many(editor, article):
    Tag.objects.create(name="Old One")
    few = count_queries(editor, annotation_payload(article, body=tags("old one", "new 1")))
    many = count_queries(
        editor,
        annotation_payload(article, body=tags("OLD ONE", *(f"other {n}" for n in range(TAGS_MAX - 1)))),
    )

    assert many == few
    assert Tag.objects.filter(name__iexact="old one").count() == 1
    assert Annotation.objects.order_by("pk").last().tags.count() == TAGS_MAX


def test_replacing_tags_keeps_the_ones_still_wanted(editor, article, alice):
    annotation = annotate(article, "five soldiers", alice)
    annotation.set_tags(["keep", "drop"])
    kept = annotation.tags.get(name="keep")

    response = send(editor, "patch", f"/api/annotations/{annotation.uuid}/", {"body": tags("Keep", "new")})

    assert response.status_code == 200
    assert sorted(annotation.tags.names()) == ["keep", "new"]
    assert annotation.tags.get(name="keep").pk == kept.pk
    assert TaggedItem.objects.filter(object_id=annotation.pk, tag__name="keep").count() == 1


def test_tags_whose_slugs_clash_each_get_their_own_slug(editor, article):
    Tag.objects.create(name="war crimes")
    payload = annotation_payload(article, body=tags("war-crimes", "war_crimes", "!!!", "???"))

    response = send(editor, "post", "/api/annotations/", payload)

    assert response.status_code == 201
    made = Tag.objects.filter(name__in=["war-crimes", "war_crimes", "!!!", "???"])
    assert made.count() == 4
    assert len({tag.slug for tag in Tag.objects.all()}) == Tag.objects.count()


def test_every_tag_has_a_page_whatever_its_letters(editor, article):
    payload = annotation_payload(article, body=tags("Чечня", "!!!", "???"))

    response = send(editor, "post", "/api/annotations/", payload)

    assert response.status_code == 201
    # A tag's id is its page; a name with nothing to slugify gets a slug of its own, never an empty one.
    ids = {body["value"]: body["id"] for body in response.json()["body"]}
    assert ids == {
        "чечня": "http://testserver/tags/%D1%87%D0%B5%D1%87%D0%BD%D1%8F/",
        "!!!": "http://testserver/tags/tag-1/",
        "???": "http://testserver/tags/tag-2/",
    }
    for url in [*ids.values(), "/tags/", article.get_absolute_url()]:
        assert editor.get(url).status_code == 200, url
    assert "“чечня”" in editor.get(ids["чечня"]).text


def test_an_old_tag_without_a_slug_is_listed_without_a_link(editor, article, alice):
    annotation = annotate(article, "five soldiers", alice)
    annotation.tags.add(Tag.objects.create(name="@@@", slug=""))

    index = editor.get("/tags/")
    data = editor.get(f"/api/annotations/{annotation.uuid}/").json()

    assert index.status_code == 200 and "@@@" in index.text
    assert data["body"] == [{"type": "TextualBody", "value": "@@@", "purpose": "tagging"}]


# Control characters and bidi overrides


def test_control_characters_and_bidi_overrides_leave_tags_and_new_speakers(editor, article):
    payload = annotation_payload(article, body=tags("exe\u202e.png", "line\u0007bell"))

    response = send(editor, "post", "/api/annotations/", payload)
    created = send(
        editor,
        "post",
        "/api/quotations/",
        {"article": article.slug, "start": 0, "end": 5, "speaker_name": "Ann\u2066a Obi\u2069"},
    )

    assert response.status_code == 201
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["exe.png", "linebell"]
    assert created.status_code == 201
    assert Person.objects.get().name == "Anna Obi"
