"""Exporting annotations (W3C JSON-LD, CSV, Markdown) and importing the JSON-LD back."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.interchange import import_jsonld
from annotations.models import Annotation
from tests.factories import annotate, make_article, make_outlet, quote

pytestmark = pytest.mark.django_db

EXPORT = "/api/annotations/export/"


@pytest.fixture
def annotated(alice, bob):
    """An article with a shared note (tagged, linked to a quotation), a private note of alice, one of bob."""
    article = make_article(
        "Kadyrov says prisoners are welcome", outlet=make_outlet("Meduza"), url="https://meduza.io/x"
    )
    quotation = quote(article, "captivity is not a crime,")
    shared = annotate(
        article, "captivity is not a crime,", alice, note="Is it?", colour="green", quotation=quotation
    )
    shared.set_tags(["Chechnya", "law"])
    mine = annotate(article, "five soldiers", alice, visibility="private", note="Check the number")
    theirs = annotate(article, "are glad.", bob, visibility="private")
    return article, shared, mine, theirs


def ids(collection):
    return {item["id"].rstrip("/").rsplit("/", 1)[-1] for item in collection["first"]["items"]}


def test_the_json_ld_export_is_an_annotation_collection_of_what_the_user_may_see(client, alice, annotated):
    article, shared, mine, theirs = annotated

    response = client.get(EXPORT, {"article": article.slug, "format": "jsonld"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Content-Disposition"] == f'attachment; filename="annotations-{article.slug}.jsonld"'
    data = json.loads(response.content)
    assert (data["@context"], data["type"], data["total"]) == (
        "http://www.w3.org/ns/anno.jsonld",
        "AnnotationCollection",
        1,
    )
    assert ids(data) == {str(shared.uuid)}

    client.force_login(alice)
    data = json.loads(client.get(EXPORT, {"article": article.slug}).content)
    assert ids(data) == {str(shared.uuid), str(mine.uuid)}


def test_the_csv_export_has_a_row_per_highlight_like_readwise(client, annotated):
    article, shared, _, _ = annotated

    response = client.get(EXPORT, {"article": article.slug, "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["Type"] for row in rows] == ["highlight", "quotation"]
    row = rows[0]
    assert (row["Highlight"], row["Title"], row["URL"], row["Note"]) == (
        "captivity is not a crime,",
        "Kadyrov says prisoners are welcome",
        "https://meduza.io/x",
        "Is it?",
    )
    assert (row["Tags"], row["Color"], row["Author"], row["Outlet"], row["Id"]) == (
        "chechnya, law",
        "green",
        "",
        "Meduza",
        str(shared.uuid),
    )
    assert row["Reading URL"] == f"http://testserver/articles/{article.slug}/"


def test_the_markdown_export_lists_each_highlight_with_its_note_and_tags(client, alice, annotated):
    article, _, _, _ = annotated
    client.force_login(alice)

    text = client.get(EXPORT, {"article": article.slug, "format": "md"}).content.decode()

    assert text.startswith("# Kadyrov says prisoners are welcome\n")
    assert "- URL: https://meduza.io/x" in text
    assert "> captivity is not a crime,\n\n**Note:** Is it?\n\n**Tags:** #chechnya #law" in text
    assert "> five soldiers\n\n**Note:** Check the number" in text
    assert text.index("five soldiers") < text.index("captivity")


def test_export_errors(client, annotated):
    article = annotated[0]
    assert client.get(EXPORT, {"article": article.slug, "format": "pdf"}).status_code == 400
    assert client.get(EXPORT).status_code == 400
    assert client.get(EXPORT, {"article": "nope"}).status_code == 404


def test_the_export_costs_the_same_queries_for_10_and_100_annotations(client, alice):
    counts = []
    for total in (10, 100):
        article = make_article()
        for _ in range(total):
            annotate(article, "five soldiers", alice).set_tags(["war"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(EXPORT, {"article": article.slug, "format": "csv"})
        assert response.content.decode().count("five soldiers") == total
        counts.append(len(queries))
    # The articles, the annotations with their authors, quotations and articles, their tags; the
    # article's own quotations.
    assert counts == [4, 4]


@pytest.mark.parametrize(
    ("action", "marker"),
    [
        ("export_annotations_jsonld", b'"AnnotationCollection"'),
        ("export_annotations_csv", b"Highlight,"),
        ("export_annotations_md", b"## Highlights"),
    ],
)
def test_the_admin_exports_a_selection_of_articles(client, alice, annotated, action, marker):
    article, shared, mine, _ = annotated
    other = make_article("Another")
    elsewhere = annotate(other, "are glad.", alice)
    make_article("Not chosen")
    client.force_login(alice)

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk, other.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="annotations.')
    assert marker in response.content
    if action.endswith("jsonld"):
        assert ids(json.loads(response.content)) == {str(shared.uuid), str(mine.uuid), str(elsewhere.uuid)}


def snapshot():
    return [
        (
            a.uuid,
            a.article_id,
            a.author_id,
            a.exact,
            a.start,
            a.end,
            a.prefix,
            a.suffix,
            a.note,
            a.colour,
            a.visibility,
            a.quotation_id,
            a.orphaned,
            sorted(tag.name for tag in a.tags.all()),
            a.created_at,
            a.updated_at,
        )
        for a in Annotation.objects.order_by("uuid")
    ]


def test_export_delete_import_restores_everything(client, annotated, tmp_path):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "password")
    Annotation.objects.filter(pk=annotated[1].pk).update(orphaned=True, exact="captivity was never a crime")
    before = snapshot()
    client.force_login(admin)
    exported = client.get(EXPORT, {"article": annotated[0].slug}).content
    path = tmp_path / "annotations.jsonld"
    path.write_bytes(exported)

    Annotation.objects.all().delete()
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)

    assert out.getvalue().strip() == "created 3, updated 0, orphaned 1, failed 0"
    assert snapshot() == before

    # Importing again updates in place rather than doubling.
    call_command("import_annotations", str(path), stdout=out)
    assert out.getvalue().strip().endswith("created 0, updated 3, orphaned 1, failed 0")
    assert snapshot() == before


def test_an_import_into_a_changed_article_finds_the_text_again_or_orphans_it(client, alice, annotated):
    article, shared, mine, _ = annotated
    client.force_login(alice)
    data = json.loads(client.get(EXPORT, {"article": article.slug}).content)
    Annotation.objects.all().delete()
    sentence = "Kadyrov noted that “captivity is not a crime,” and that the authorities “are glad.”"
    article.body = "A new first paragraph.\n\n" + article.body.replace("five", "six").replace(sentence, "")
    article.save()

    created, updated, orphaned, errors = import_jsonld(data)

    assert (created, updated, orphaned, errors) == (2, 0, 1, [])
    mine = Annotation.objects.get(uuid=mine.uuid)
    assert article.body[mine.start : mine.end] == mine.exact == "six soldiers"
    shared = Annotation.objects.get(uuid=shared.uuid)
    assert shared.orphaned and shared.exact == "captivity is not a crime,"


def test_an_import_reports_the_items_it_cannot_take(client, annotated):
    article = annotated[0]
    data = json.loads(client.get(EXPORT, {"article": article.slug}).content)
    good = data["first"]["items"][0]
    bad_source = json.loads(json.dumps(good)) | {"id": "http://x/api/annotations/new/"}
    bad_source["target"]["source"] = "http://testserver/people/"
    data["first"]["items"] = [bad_source, good, {"type": "Annotation", "target": 3}, "nonsense"]
    Annotation.objects.all().delete()

    created, updated, orphaned, errors = import_jsonld(data)

    assert (created, updated, orphaned) == (1, 0, 0)
    assert [position for position, _ in errors] == [1, 3, 4]


def test_an_import_takes_a_position_alone(annotated):
    article = annotated[0]
    start = article.body.index("five soldiers")
    source = f"http://testserver/articles/{article.slug}/"
    selector = {"type": "TextPositionSelector", "start": start, "end": start + 13}
    items = [
        {"type": "Annotation", "target": {"source": source, "selector": [selector]}},
        {"type": "Annotation", "target": {"source": source, "selector": [selector | {"end": 10**6}]}},
    ]

    created, _, _, errors = import_jsonld(items)

    assert created == 1 and [position for position, _ in errors] == [2]
    assert Annotation.objects.filter(exact="five soldiers", author=None).exists()


def test_the_csv_export_never_runs_a_formula(client, alice):
    article = make_article(body='=HYPERLINK("http://evil") said the minister.')
    annotate(article, '=HYPERLINK("http://evil")', alice, note="+1 for this")
    rows = list(
        csv.DictReader(io.StringIO(client.get(EXPORT, {"article": article.slug, "format": "csv"}).text))
    )
    assert (rows[0]["Highlight"], rows[0]["Note"]) == ('\'=HYPERLINK("http://evil")', "'+1 for this")


def test_a_superuser_imports_an_export_in_the_admin(client, annotated, alice):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "password")
    client.force_login(root)
    exported = client.get(EXPORT, {"article": annotated[0].slug}).content
    Annotation.objects.all().delete()
    url = reverse("admin:annotations_annotation_import")
    assert url in client.get(reverse("admin:annotations_annotation_changelist")).text

    response = client.post(url, {"file": io.BytesIO(exported)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:annotations_annotation_changelist")
    assert "Imported: 3 created, 0 updated, 0 orphaned, 0 left out." in response.text
    assert Annotation.objects.count() == 3

    not_json = client.post(url, {"file": io.BytesIO(b"{nope")})
    assert not_json.status_code == 200 and not_json.context["form"].errors["file"]

    # Editors may not: an import writes under other people's names.
    client.force_login(alice)
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("admin:annotations_annotation_changelist")).text


def test_the_csv_author_column_holds_the_byline_never_the_outlet(client, alice):
    article = make_article(outlet=make_outlet("Daily Lantern"), author="Mira Okafor")
    annotate(article, "five soldiers", alice)

    rows = list(
        csv.DictReader(
            io.StringIO(client.get(EXPORT, {"article": article.slug, "format": "csv"}).content.decode())
        )
    )

    assert (rows[0]["Author"], rows[0]["Outlet"]) == ("Mira Okafor", "Daily Lantern")


def test_every_export_carries_the_articles_quotations_marked_as_such(client, annotated):
    article, shared, _, _ = annotated
    quotation = shared.quotation
    quotation.speaker_text, quotation.cue = "the governor", "said"
    quotation.save()

    rows = list(
        csv.DictReader(
            io.StringIO(client.get(EXPORT, {"article": article.slug, "format": "csv"}).content.decode())
        )
    )
    said = [row for row in rows if row["Type"] == "quotation"]
    assert [(row["Highlight"], row["Speaker"], row["Note"]) for row in said] == [
        ("captivity is not a crime,", "the governor", "said")
    ]

    text = client.get(EXPORT, {"article": article.slug, "format": "md"}).content.decode()
    assert "## Quotations\n\n> captivity is not a crime,\n\n**the governor** (said), suggested" in text

    data = json.loads(client.get(EXPORT, {"article": article.slug, "format": "jsonld"}).content)
    assert [(item["type"], item["speaker"], item["text"]) for item in data["quotations"]] == [
        ("Quotation", "the governor", "captivity is not a crime,")
    ]
    # Quotations are not annotations: importing the export back creates none of them.
    before = Annotation.objects.count()
    import_jsonld(data)
    assert Annotation.objects.count() == before


def test_an_article_with_quotations_and_no_annotation_exports_its_quotations(client):
    article = make_article("A quiet article")
    quote(article, "five soldiers")

    text = client.get(EXPORT, {"article": article.slug, "format": "md"}).content.decode()

    assert text.startswith("# A quiet article\n")
    assert "## Highlights" not in text
    assert "> five soldiers" in text


def test_the_reading_view_links_to_each_export_format(client, alice, annotated):
    article = annotated[0]
    client.force_login(alice)

    html = client.get(article.get_absolute_url()).content.decode()

    links = re.findall(r'<a href="(/api/annotations/export/\?[^"]+)" download>([^<]+)</a>', html)
    assert [label for _, label in links] == ["JSON-LD", "CSV", "Markdown"]
    for href, label in links:
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200, label
        assert "captivity is not a crime," in response.content.decode()
        assert response["Content-Disposition"].startswith(
            f'attachment; filename="annotations-{article.slug}.'
        )
