"""Titles and outlets of documents that do not give them plainly: a dump without a title line, records
whose first paragraph is a photo caption, and pages that name themselves by a copyright notice, a web
address or a tagline. All examples are invented."""

import pytest

from articles.ingest.documents import outlet_name_from, title_from_body
from articles.ingest.text import parse_text_dump
from articles.pipeline import ingest_bytes
from tests.test_ingest_formats import jsonl, record

FIRST_PARAGRAPH = (
    "The regional water board said on Thursday that the reservoir above the valley had fallen to its "
    "lowest level in forty years, and that farmers would be asked to cut their use by a third."
)


# A plain-text dump without a title line


@pytest.mark.django_db
def test_a_dump_without_a_title_line_keeps_its_first_paragraph_and_flags_the_made_up_title():
    assert 150 < len(FIRST_PARAGRAPH) < 300
    dump = (
        f"{FIRST_PARAGRAPH}\n\n“We have no choice,” the board's chair, Mira Solberg, said.\n\nMore later.\n"
    )

    [result] = ingest_bytes(dump.encode(), "untitled.txt")

    article = result.article
    assert article.body.split("\n\n")[0] == FIRST_PARAGRAPH
    assert article.body.count("\n\n") == 2
    assert article.title_generated
    assert (
        article.title
        == "The regional water board said on Thursday that the reservoir above the valley had fallen to its "
        "lowest level in forty…"
    )


@pytest.mark.parametrize(
    "first_line",
    [
        "Water board asks farmers to cut use by a third",
        "Is the valley running dry?",
        "“We have no choice”: water board orders cuts",
        "Water board orders cuts...",
    ],
)
def test_a_headline_line_is_still_the_title(first_line):
    document = parse_text_dump(f"{first_line}\n\n{FIRST_PARAGRAPH}\n".encode(), "a.txt")

    assert (document.title, document.title_generated) == (first_line, False)
    assert document.body == FIRST_PARAGRAPH


def test_a_short_first_sentence_with_a_full_stop_is_the_article_not_its_title():
    document = parse_text_dump(b"The dam held.\n\nEngineers checked it twice.\n", "a.txt")

    assert document.body == "The dam held.\n\nEngineers checked it twice."
    assert (document.title, document.title_generated) == ("The dam held.", True)


def test_a_first_line_that_runs_on_into_its_paragraph_is_not_a_title():
    document = parse_text_dump(
        b"Water board orders cuts\nas the reservoir falls\n\nMore text here.\n", "a.txt"
    )

    assert document.title_generated
    assert document.body.startswith("Water board orders cuts\nas the reservoir falls")


# Photo captions are never titles

CAPTIONS = [
    "Open this photo in gallery Fishing boats lie on the dry bed of the reservoir on Monday. "
    "Ola Berg/The Valley Herald",
    "FILE PHOTO: Farmers queue at the water board's office in the valley town, May 3, 2021.",
    "Photo: The reservoir's dam seen from the north bank.",
    "Fishing boats lie on the dry bed of the reservoir on Monday. Ola Berg/Northern Wire",
]


@pytest.mark.parametrize("caption", CAPTIONS)
def test_a_made_up_title_skips_a_photo_caption(caption):
    assert title_from_body(f"{caption}\n\n{FIRST_PARAGRAPH}").startswith("The regional water board said")


def test_a_sentence_that_names_an_agency_is_not_a_caption():
    body = "The board told Reuters it would decide by Friday.\n\nMore later."

    assert title_from_body(body) == "The board told Reuters it would decide by Friday."


@pytest.mark.django_db
def test_jsonl_records_and_html_pages_without_a_title_do_not_take_a_caption():
    page = (
        "<html><body><article>"
        f"<p>{CAPTIONS[0]}</p><p>{FIRST_PARAGRAPH}</p><p>The board meets again next week.</p>"
        "</article></body></html>"
    )
    records = [
        record(1, text=f"{CAPTIONS[1]}\n\n{FIRST_PARAGRAPH}"),
        record(2, text=None, html=page),
    ]

    results = ingest_bytes(jsonl(*records), "export.jsonl") + ingest_bytes(page.encode(), "page.html")

    for result, caption in zip(results, [CAPTIONS[1], CAPTIONS[0], CAPTIONS[0]], strict=True):
        article = result.article
        assert article.title_generated
        assert article.title.startswith("The regional water board said on Thursday"), article.title
        # The caption stays in the body: nothing is lost.
        assert article.body.split("\n\n")[0] == caption


# Outlets


@pytest.mark.parametrize(
    "name", ["The Valley Herald", "Herald", "valleyherald.example", "Dallas-Fort Worth Gazette"]
)
def test_an_outlet_name_is_kept_as_it_is(name):
    assert outlet_name_from(name) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("© 2019-2024 The Valley Herald. All rights reserved.", "The Valley Herald"),
        ("https://www.valleyherald.example", "valleyherald.example"),
        ("Valley Herald | The valley's favourite news source", "Valley Herald"),
        ("Valley Herald - News, weather and sport", "Valley Herald"),
        ("news from the valley, every day", None),
    ],
)
def test_an_outlet_is_a_name_not_a_notice_an_address_or_a_tagline(name, expected):
    assert outlet_name_from(name) == expected


def test_an_outlet_named_only_by_a_notice_or_a_tagline_is_the_pages_host():
    url = "https://www.valleyherald.example/news/1"

    assert outlet_name_from("Copyright 2014", url) == "valleyherald.example"
    assert outlet_name_from("Expert advice for the keen gardener", url) == "valleyherald.example"
    assert outlet_name_from("Copyright 2014", "") is None


@pytest.mark.django_db
def test_pages_and_records_named_by_a_copyright_an_address_or_a_tagline():
    page = (
        "<html><head><title>Reservoir at a forty-year low</title>"
        '<meta property="og:site_name" content="Copyright 2014">'
        '<link rel="canonical" href="https://www.valleyherald.example/news/reservoir">'
        f"</head><body><article><p>{FIRST_PARAGRAPH}</p><p>More follows.</p></article></body></html>"
    )
    records = [
        record(1, outlet="https://www.valleyherald.example/"),
        record(2, outlet="Valley Herald | Your news, every day"),
    ]

    results = ingest_bytes(page.encode(), "page.html") + ingest_bytes(jsonl(*records), "export.jsonl")

    assert [r.article.outlet.name for r in results] == [
        "valleyherald.example",
        "valleyherald.example",
        "Valley Herald",
    ]


def test_a_source_line_is_cleaned_too():
    dump = f"Water board orders cuts\n\nSource: https://valleyherald.example/news\n\n{FIRST_PARAGRAPH}\n"

    assert parse_text_dump(dump.encode(), "a.txt").outlet_name == "valleyherald.example"
