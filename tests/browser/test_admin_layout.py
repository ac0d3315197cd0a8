"""The admin's article page as an editor sees it in Chromium: every column of the quotation rows in
sight at 1280 px, and on a phone each row stacked as a card under its own labels, nothing behind a
sideways scroll."""

import pytest

from tests.factories import make_article, make_person, quote

pytestmark = pytest.mark.browser

# Invented for this test.
BODY = (
    "The ferry operator said on Friday that the night crossing would stop in winter. "
    "“We cannot fill a boat at three in the morning,” its director, Mara Lind, told the council."
)

COLUMNS = ["text", "start", "end", "orphaned", "speaker", "speaker_text", "cue", "kind", "status"]


@pytest.fixture
def ferry(transactional_db):
    article = make_article("Night ferry to stop in winter", body=BODY)
    lind = make_person("Mara Lind", role="Ferry director")
    quote(article, "We cannot fill a boat at three in the morning,", speaker=lind, status="confirmed")
    quote(article, "the night crossing would stop in winter", speaker=None, kind="indirect")
    return article


def open_article_page(open_page, user, article, width, height):
    page = open_page(user)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#quotations-group").wait_for()
    return page


def sideways_overflow(page):
    """How many pixels the page and the quotation table would scroll sideways."""
    return page.evaluate(
        """() => {
            const table = document.querySelector('#quotations-group .tabular');
            const page = document.documentElement;
            return [page.scrollWidth - page.clientWidth, table.scrollWidth - table.clientWidth];
        }"""
    )


def test_at_1280_every_column_of_a_quotation_row_is_in_sight(open_page, alice, ferry):
    page = open_article_page(open_page, alice, ferry, 1280, 900)
    assert sideways_overflow(page) == [0, 0]
    row = page.locator("#quotations-0")
    for column in COLUMNS:
        box = row.locator(f"td.field-{column}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, column
    # One row a line: the columns share the row's top.
    tops = {round(row.locator(f"td.field-{column}").bounding_box()["y"]) for column in COLUMNS}
    assert len(tops) == 1


def test_on_a_phone_each_quotation_row_is_a_card_of_labelled_fields(open_page, alice, ferry):
    page = open_article_page(open_page, alice, ferry, 390, 844)
    assert sideways_overflow(page) == [0, 0]
    assert page.locator("#quotations-group thead").is_hidden()
    row = page.locator("#quotations-0")
    labels = row.locator("td").evaluate_all(
        "(cells) => cells.map((cell) => getComputedStyle(cell, '::before').content)"
    )
    assert labels[1:] == [
        '"Text"',
        '"Start"',
        '"End"',
        '"Orphaned"',
        '"Speaker"',
        '"Speaker as written"',
        '"Cue"',
        '"Kind"',
        '"Status"',
        '"Delete?"',
    ]
    # The quotation's heading line stands above its fields, whole, not over them.
    heading = row.locator("td.original p").bounding_box()
    text = row.locator("td.field-text").bounding_box()
    assert heading["y"] + heading["height"] <= text["y"]
    for column in COLUMNS:
        box = row.locator(f"td.field-{column}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, column
    # The form still saves from a phone.
    row.locator("td.field-cue input").fill("said on Friday")
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    assert ferry.quotations.filter(cue="said on Friday").count() == 1
