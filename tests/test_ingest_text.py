"""Page dumps beyond title and body: the outlet from a known name, the date, each outlet's own boilerplate."""

from datetime import UTC, datetime

import pytest

from articles.ingest.text import parse_date_line, parse_text_dump
from articles.models import Outlet
from articles.pipeline import ingest_bytes
from tests.factories import make_outlet
from tests.test_ingest import SEED, SEED_TITLE

SEED_WITHOUT_SOURCE = SEED.read_bytes().replace(b"Source: Meduza\n", b"")

PAGE = """\
Skip to content
The Daily Lantern
Menu

Harbour bridge to close for repairs next spring

December 30, 2024, 9:15 am

The city council voted on Tuesday to close the harbour bridge for six months.

Listen to this article (2 min)

“We cannot wait any longer,” said the council's engineer, Dana Ilves.

Reuters reported the same on Monday.

© 2024 The Daily Lantern. All rights reserved.
"""


def test_a_known_outlet_named_in_the_boilerplate_is_the_outlet():
    document = parse_text_dump(SEED_WITHOUT_SOURCE, "seed.txt", outlets={"Meduza": [], "BBC News": []})

    assert document.outlet_name == "Meduza"
    assert document.title == SEED_TITLE


def test_an_outlet_named_only_in_the_article_is_not_the_outlet():
    page = b"Title\n\nThe minister told Meduza that he would resign.\n\nHe did not."

    document = parse_text_dump(page, "a.txt", outlets={"Meduza": []})

    assert document.outlet_name is None


def test_without_known_outlets_a_dump_without_a_source_line_has_no_outlet():
    assert parse_text_dump(SEED_WITHOUT_SOURCE, "seed.txt").outlet_name is None


def test_the_source_line_wins_over_known_names():
    document = parse_text_dump(SEED.read_bytes(), "seed.txt", outlets={"Meduza in English": []})

    assert document.outlet_name == "Meduza"


def test_a_masthead_a_date_line_and_a_copyright_line():
    document = parse_text_dump(PAGE.encode(), "lantern.txt", outlets={"the daily lantern": [], "Reuters": []})

    assert document.outlet_name == "the daily lantern"
    assert document.title == "Harbour bridge to close for repairs next spring"
    assert document.published_at == datetime(2024, 12, 30, 9, 15, tzinfo=UTC)
    assert document.body.split("\n\n") == [
        "The city council voted on Tuesday to close the harbour bridge for six months.",
        "Listen to this article (2 min)",
        "“We cannot wait any longer,” said the council's engineer, Dana Ilves.",
        "Reuters reported the same on Monday.",
        "© 2024 The Daily Lantern. All rights reserved.",
    ]


def test_an_outlets_own_patterns_remove_whole_lines():
    outlets = {"The Daily Lantern": [r"Listen to this article \(\d+ min\)", r"© \d{4} The Daily Lantern\..*"]}

    document = parse_text_dump(PAGE.encode(), "lantern.txt", outlets=outlets)

    assert "Listen to this article" not in document.body
    assert "©" not in document.body
    assert document.body.endswith("Reuters reported the same on Monday.")


def test_patterns_match_whole_lines_only():
    outlets = {"The Daily Lantern": [r"Listen"]}

    document = parse_text_dump(PAGE.encode(), "lantern.txt", outlets=outlets)

    assert "Listen to this article (2 min)" in document.body


def test_the_chosen_outlets_patterns_apply():
    outlets = {"Lantern Radio": [r"Reuters reported.*"]}

    document = parse_text_dump(PAGE.encode(), "lantern.txt", outlet_name="Lantern Radio", outlets=outlets)

    assert document.outlet_name == "Lantern Radio"
    assert "Reuters" not in document.body


def test_an_invalid_pattern_is_skipped():
    outlets = {"The Daily Lantern": ["(unclosed", r"Listen to this article.*"]}

    document = parse_text_dump(PAGE.encode(), "lantern.txt", outlets=outlets)

    assert "Listen" not in document.body


@pytest.mark.django_db
def test_boilerplate_set_on_the_outlet_in_the_admin_is_used():
    make_outlet("Meduza", boilerplate="Chechnya head Ramzan Kadyrov said .*\nKadyrov held up one soldier.*")

    [result] = ingest_bytes(SEED_WITHOUT_SOURCE, "seed.txt")

    assert result.article.outlet == Outlet.objects.get(name="Meduza")
    assert result.article.body.startswith("“As I see it")
    assert "Kadyrov held up one soldier" not in result.article.body


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December 30, 2024", datetime(2024, 12, 30, tzinfo=UTC)),
        ("Published: Dec. 30, 2024, 9:15 pm", datetime(2024, 12, 30, 21, 15, tzinfo=UTC)),
        ("Updated 2024-12-30 09:15", datetime(2024, 12, 30, 9, 15, tzinfo=UTC)),
        ("Monday, 30 December 2024", datetime(2024, 12, 30, tzinfo=UTC)),
        ("9:15 am, December 30, 2024", datetime(2024, 12, 30, 9, 15, tzinfo=UTC)),
        ("30 декабря 2024, 12:15", datetime(2024, 12, 30, 12, 15, tzinfo=UTC)),
        ("30.12.2024", datetime(2024, 12, 30, tzinfo=UTC)),
        ("Kadyrov said so.", None),
        ("May 2024 was hot", None),
        ("Chapter 12, 2024", None),
        ("February 30, 2024", None),
    ],
)
def test_date_lines(line, expected):
    assert parse_date_line(line) == expected


def test_a_date_far_down_the_page_is_not_the_publication_date():
    paragraphs = [f"Paragraph {n} of the article." for n in range(6)]
    page = "\n\n".join(["Title", *paragraphs, "January 5, 2020", "More text."]).encode()

    document = parse_text_dump(page, "a.txt")

    assert document.published_at is None
    assert "January 5, 2020" in document.body
