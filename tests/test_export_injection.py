"""Exports never carry a live payload: no CSV cell runs as a spreadsheet formula (every CSV export,
every text column, usernames included), and the Markdown export, rendered by a CommonMark parser,
holds no link or HTML that the exported text did not mean as plain text."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from markdown_it import MarkdownIt

from articles.models import Outlet
from tests.factories import annotate, make_article, make_person, quote

pytestmark = pytest.mark.django_db

FORMULAS = ["=cmd|' /C calc'!A0", "-1+1", "+1+1", "@SUM(A1:A2)", "\t=1", "\r=1"]


def inert(cell):
    return cell == "" or not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.fixture
def hostile_article():
    outlet = Outlet.objects.create(name='=HYPERLINK("http://evil.example")')
    article = make_article(
        title="-2+3 [click](javascript:alert(1))",
        outlet=outlet,
        author="@author",
        url="https://news.example/<javascript:alert(1)>",
    )
    return article


def test_every_cell_of_the_annotation_csv_is_inert_the_creator_too(client, alice, hostile_article):
    for number, formula in enumerate(FORMULAS):
        user = get_user_model().objects.create_user(f"{formula}{number}", password="x")
        annotation = annotate(hostile_article, "five soldiers", user, note=formula)
        annotation.set_tags([f"{formula} tag"])
    client.force_login(alice)

    response = client.get("/api/annotations/export/", {"article": hostile_article.slug, "format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert len(rows) == len(FORMULAS)
    for row in rows:
        assert all(inert(cell) for cell in row), row
    creators = sorted(row[11] for row in rows)
    assert creators == sorted(f"'{formula}{number}" for number, formula in enumerate(FORMULAS))


def test_every_cell_of_the_quotation_csv_is_inert(client, alice, hostile_article):
    speaker = make_person(name="-1+1", role="=role")
    quote(hostile_article, "five soldiers", speaker=speaker, cue="@cue")
    quote(hostile_article, "captivity is not a crime", speaker_text="+speaker")
    alice.is_superuser = True
    alice.save()
    client.force_login(alice)

    response = client.post(
        "/admin/articles/article/", {"action": "export_csv", "_selected_action": [hostile_article.pk]}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert len(rows) == 2
    for row in rows:
        assert all(inert(cell) for cell in row), row
    assert {row[4] for row in rows} == {"'-1+1", "'+speaker"}


def links_and_html(markdown):
    """Every link target and HTML piece a CommonMark renderer makes of ``markdown``."""
    found = []
    for token in MarkdownIt("commonmark").parse(markdown):
        for child in [token, *(token.children or [])]:
            if child.type == "link_open":
                found.append(child.attrGet("href"))
            if child.type in ("html_inline", "html_block", "image"):
                found.append(child.content)
    return found


PAYLOADS = [
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "![img](javascript:alert(1))",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "\\[escaped\\](javascript:alert(1))",
]


def test_the_markdown_export_makes_no_link_of_exported_text(client, alice, hostile_article):
    for payload in PAYLOADS:
        annotate(hostile_article, "five soldiers", alice, note=payload).set_tags([payload])
    client.force_login(alice)

    response = client.get("/api/annotations/export/", {"article": hostile_article.slug, "format": "md"})

    markdown = response.content.decode()
    # The export writes no link of its own in the highlights, and makes none of the text.
    assert links_and_html(markdown) == []
    html = MarkdownIt("commonmark").render(markdown)
    assert "[click](javascript:alert(1))" in html
    assert "&lt;javascript:alert(1)&gt;" in html
