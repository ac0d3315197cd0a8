"""The permission matrix: every URL of the app (and the admin pages of annotations, quotations and
tags) with every method it takes, for the author of the annotations (alice), another editor (bob),
the Desk (dan), a reader (charlie) and an anonymous visitor, with PUBLIC_READING on and off.

What one may not see is 404, never 403 (a private annotation, the tag used only on it); what one sees
but may not change is 403 in the API. A case may name a private marker: text only its author's
answer may hold (a private note, a private tag), whatever the status.
"""

import json
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import annotate, make_article, make_person, quote

ROLES = ("alice", "bob", "dan", "charlie", "anonymous")
PRIVATE_NOTE = "Mine only, unguessable"
PRIVATE_TAG = "secret source"
PRIVATE_EXACT = "Kadyrov posted on Telegram"

# How an anonymous visitor is refused when PUBLIC_READING is off: pages send to the login page, the
# API answers 403; "same" where reading is not the question (the login page, the admin, 405s).
PAGE, API, SAME = 302, 403, None


@dataclass
class Case:
    name: str  # the URL's name, for the check that every URL is here
    method: str
    url: object  # a function of the world
    expected: tuple  # the status for each of ROLES, PUBLIC_READING on
    when_closed: int | None = API
    body: object = None
    query: dict = field(default_factory=dict)
    private: str = ""

    def __str__(self):
        return f"{self.method} {self.name}" + (f" {self.label}" if self.label else "")

    @property
    def label(self):
        return getattr(self.url, "label", "")


def on(label, function):
    function.label = label
    return function


def annotation_body(world):
    article = world["article"]
    start = article.body.index("are glad.")
    return {
        "target": {
            "source": f"http://testserver/articles/{article.slug}/",
            "selector": [{"type": "TextPositionSelector", "start": start, "end": start + 9}],
        }
    }


def quotation_body(world):
    start = world["article"].body.index("captivity is not a crime")
    return {"article": world["article"].slug, "start": start, "end": start + 24}


def url(name, *keys):
    """A URL reversed with the world's objects named by ``keys`` (their slug, uuid or pk)."""

    def build(world):
        args = [world[key] for key in keys]
        return reverse(name, args=args)

    return on(" ".join(keys), build)


ALL_200 = (200, 200, 200, 200, 200)
EDITORS_ONLY = (200, 200, 200, 403, 403)
AUTHOR_ONLY_OR_404 = (200, 404, 404, 404, 404)
NOT_ALLOWED = (405, 405, 405, 405, 405)
# The admin: staff see it, others are sent to its login page (whatever PUBLIC_READING says).
STAFF = (200, 200, 200, 302, 302)

CASES = [
    # Reading pages
    Case("article-list", "GET", url("article-list"), ALL_200, PAGE),
    Case(
        "article-list",
        "GET",
        on("?tag=private", lambda w: reverse("article-list")),
        (404,) * 5,
        PAGE,
        query={"tag": "secret-source"},
    ),
    Case("article-detail", "GET", url("article-detail", "article_slug"), ALL_200, PAGE),
    Case("person-list", "GET", url("person-list"), ALL_200, PAGE),
    Case("person-detail", "GET", url("person-detail", "person_slug"), ALL_200, PAGE),
    Case("tag-detail", "GET", url("tag-detail", "public_tag"), ALL_200, PAGE),
    Case("tag-index", "GET", url("tag-index"), ALL_200, PAGE),
    Case("dashboard", "GET", url("dashboard"), ALL_200, PAGE),
    Case("search", "GET", url("search"), ALL_200, PAGE, query={"q": "Kadyrov"}),
    Case(
        "person-quotations-export",
        "GET",
        on("person_slug csv", lambda w: reverse("person-quotations-export", args=[w["person_slug"], "csv"])),
        ALL_200,
        PAGE,
    ),
    Case(
        "tag-detail", "GET", url("tag-detail", "private_tag"), AUTHOR_ONLY_OR_404, PAGE, private=PRIVATE_TAG
    ),
    Case("login", "GET", url("login"), ALL_200, SAME),
    Case("logout", "POST", url("logout"), (302,) * 5, SAME),
    # The annotation API
    Case(
        "api-annotations",
        "GET",
        url("api-annotations"),
        ALL_200,
        query={"article": "slug"},
        private=PRIVATE_NOTE,
    ),
    Case("api-annotations", "POST", url("api-annotations"), (201, 201, 201, 403, 403), body=annotation_body),
    Case("api-annotations", "DELETE", url("api-annotations"), NOT_ALLOWED, SAME),
    Case("api-annotation", "GET", url("api-annotation", "shared"), ALL_200),
    Case("api-annotation", "GET", url("api-annotation", "private"), AUTHOR_ONLY_OR_404, private=PRIVATE_NOTE),
    Case(
        "api-annotation",
        "PATCH",
        url("api-annotation", "shared"),
        (200, 403, 403, 403, 403),
        body={"colour": "pink"},
    ),
    Case(
        "api-annotation",
        "PUT",
        url("api-annotation", "shared"),
        (200, 403, 403, 403, 403),
        body=annotation_body,
    ),
    Case("api-annotation", "DELETE", url("api-annotation", "shared"), (204, 403, 403, 403, 403)),
    Case(
        "api-annotation",
        "PATCH",
        url("api-annotation", "private"),
        AUTHOR_ONLY_OR_404,
        body={"colour": "pink"},
    ),
    Case("api-annotation", "PUT", url("api-annotation", "private"), AUTHOR_ONLY_OR_404, body=annotation_body),
    Case("api-annotation", "DELETE", url("api-annotation", "private"), (204, 404, 404, 404, 404)),
    Case("api-annotation", "POST", url("api-annotation", "shared"), NOT_ALLOWED, SAME),
    Case(
        "api-annotation-hide",
        "POST",
        url("api-annotation-hide", "shared"),
        (403, 403, 204, 403, 403),
        body={"reason": "Off topic"},
    ),
    Case(
        "api-annotation-hide",
        "POST",
        url("api-annotation-hide", "private"),
        (403, 404, 404, 404, 404),
        body={"reason": "Off topic"},
    ),
    Case(
        "api-annotation-restore", "POST", url("api-annotation-restore", "trashed"), (200, 404, 200, 404, 404)
    ),
    Case("api-annotation-restore", "POST", url("api-annotation-restore", "shared"), (404,) * 5),
    Case("api-annotations-trash", "GET", url("api-annotations-trash"), (200, 200, 200, 200, 403)),
    Case(
        "api-annotations-export",
        "GET",
        url("api-annotations-export"),
        ALL_200,
        query={"article": "slug", "format": "csv"},
        private=PRIVATE_NOTE,
    ),
    Case("api-tags", "GET", url("api-tags"), ALL_200, query={"q": "secret"}, private=PRIVATE_TAG),
    # The quotation and people API
    Case("api-quotations", "GET", url("api-quotations"), ALL_200, query={"article": "slug"}),
    Case("api-quotations", "POST", url("api-quotations"), (201, 201, 201, 403, 403), body=quotation_body),
    Case("api-quotation", "GET", url("api-quotation", "quotation"), ALL_200),
    Case(
        "api-quotation",
        "PATCH",
        url("api-quotation", "quotation"),
        EDITORS_ONLY,
        body={"status": "confirmed"},
    ),
    Case("api-quotation", "DELETE", url("api-quotation", "quotation"), (204, 204, 204, 403, 403)),
    Case("api-quotation", "PUT", url("api-quotation", "quotation"), NOT_ALLOWED, SAME),
    Case("api-quotation-restore", "POST", url("api-quotation-restore", "trashed_quotation"), EDITORS_ONLY),
    Case("api-quotations-trash", "GET", url("api-quotations-trash"), EDITORS_ONLY, query={"article": "slug"}),
    Case("api-people", "GET", url("api-people"), ALL_200, query={"q": "Ann"}),
    Case("api-people", "PUT", url("api-people"), NOT_ALLOWED, SAME),
    # The admin of what is private or anyone's
    Case("admin", "GET", url("admin:annotations_annotation_changelist"), STAFF, SAME, private=PRIVATE_EXACT),
    Case("admin", "GET", url("admin:annotations_annotation_change", "shared_pk"), STAFF, SAME),
    Case(
        "admin",
        "GET",
        url("admin:annotations_annotation_change", "private_pk"),
        (200, 302, 302, 302, 302),
        SAME,
        private=PRIVATE_NOTE,
    ),
    Case(
        "admin",
        "GET",
        url("admin:annotations_annotation_history", "private_pk"),
        (200, 404, 404, 302, 302),
        SAME,
        private=PRIVATE_EXACT,
    ),
    Case("admin", "GET", url("admin:taggit_tag_changelist"), STAFF, SAME, private=PRIVATE_TAG),
    Case(
        "admin",
        "GET",
        url("admin:taggit_tag_change", "private_tag_pk"),
        (200, 302, 302, 302, 302),
        SAME,
        private=PRIVATE_TAG,
    ),
    Case("admin", "GET", url("admin:articles_quotation_changelist"), STAFF, SAME),
    Case("admin", "GET", url("admin:articles_quotation_history", "quotation_pk"), STAFF, SAME),
]


@pytest.fixture
def world(alice, bob, charlie, dan):
    article = make_article()
    shared = annotate(article, "five soldiers", alice, note="Check the number")
    private = annotate(article, PRIVATE_EXACT, alice, visibility="private", note=PRIVATE_NOTE)
    private.set_tags([PRIVATE_TAG])
    trashed = annotate(article, "the authorities", alice)
    trashed.trash(alice)
    article.tags.add("captives")
    person = make_person("Ann Example")
    quotation = quote(article, "five soldiers have returned", speaker=person)
    trashed_quotation = quote(article, "War should be no reason")
    trashed_quotation.trash(alice)
    private_tag = private.tags.get()
    return {
        "users": {"alice": alice, "bob": bob, "dan": dan, "charlie": charlie, "anonymous": None},
        "article": article,
        "article_slug": article.slug,
        "slug": article.slug,
        "person_slug": person.slug,
        "public_tag": "captives",
        "private_tag": private_tag.slug,
        "private_tag_pk": private_tag.pk,
        "shared": shared.uuid,
        "shared_pk": shared.pk,
        "private": private.uuid,
        "private_pk": private.pk,
        "trashed": trashed.uuid,
        "quotation": quotation.uuid,
        "quotation_pk": quotation.pk,
        "trashed_quotation": trashed_quotation.uuid,
    }


def expected_status(case, role, public):
    status = case.expected[ROLES.index(role)]
    if not public and role == "anonymous" and case.when_closed is not SAME:
        return case.when_closed
    return status


CELLS = [(case, role, public) for case in CASES for role in ROLES for public in (True, False)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "role", "public"), CELLS, ids=[f"{c}-{r}-{'public' if p else 'closed'}" for c, r, p in CELLS]
)
def test_the_permission_matrix(client, settings, world, case, role, public):
    settings.PUBLIC_READING = public
    if (user := world["users"][role]) is not None:
        client.force_login(user)
    query = {key: world.get(value, value) for key, value in case.query.items()}
    body = case.body(world) if callable(case.body) else case.body
    response = client.generic(
        case.method,
        case.url(world) + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        json.dumps(body) if body is not None else "",
        content_type="application/json",
    )
    assert response.status_code == expected_status(case, role, public)
    if case.private and response.status_code == 200:
        content = b"".join(response) if response.streaming else response.content
        assert (case.private in content.decode()) == (role == "alice")


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def test_every_url_of_the_app_is_in_the_matrix():
    assert set(url_names(get_resolver().url_patterns)) <= {case.name for case in CASES}
