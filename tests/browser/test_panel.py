"""The side panel's quotation actions in a real Chromium: a change someone else made meanwhile is never
overwritten, each quotation's history follows what the panel does, tags link to their pages, and an
organisation speaks under its own name."""

import datetime

import pytest

from annotations.models import Annotation
from articles.models import Quotation
from tests.browser.test_annotate import FIRST_QUOTE, select_text, visit
from tests.factories import annotate, make_person, quote

pytestmark = pytest.mark.browser


def entry(page, quotation):
    return page.locator(f"#annotation-list li[data-id='{quotation.uuid}']")


def wait_status(page, quotation, status):
    page.wait_for_function(
        "([id, status]) => document.querySelector(`#annotation-list li[data-id='${id}']`)?.dataset.status"
        " === status",
        arg=[str(quotation.uuid), status],
    )


def history(page, quotation):
    line = entry(page, quotation).locator(".panel-history")
    return line.text_content() if line.count() else ""


# Nothing is overwritten silently


def test_a_change_made_in_another_session_is_not_overwritten_and_the_panel_says_so(
    open_page, article, alice, bob
):
    kadyrov = make_person("Ramzan Kadyrov")
    make_person("Dmitry Peskov")
    quotation = quote(article, FIRST_QUOTE, speaker=kadyrov)
    mine = visit(open_page(alice), article)
    theirs = visit(open_page(bob), article)
    # The refused PATCH is logged by the browser as a failed request.
    open_page.allow("status of 412")

    # bob confirms first; alice's page still has the quotation as it was.
    entry(theirs, quotation).get_by_role("button", name="Confirm").click()
    wait_status(theirs, quotation, "confirmed")
    entry(mine, quotation).get_by_role("button", name="Reject").click()

    notice = entry(mine, quotation).get_by_role("alert")
    notice.wait_for()
    assert "Someone else changed this quotation (by bob) since you opened it" in notice.text_content()
    quotation.refresh_from_db()
    assert quotation.status == "confirmed"
    assert entry(mine, quotation).get_attribute("data-status") == "suggested"

    # bob re-attributes it meanwhile: alice's edit of the cue is refused too.
    row = entry(theirs, quotation)
    row.get_by_role("button", name="Re-attribute").click()
    row.get_by_role("combobox", name="New speaker").press_sequentially("Peskov")
    theirs.get_by_role("option", name="Dmitry Peskov").wait_for()
    row.get_by_role("combobox", name="New speaker").press("Enter")
    theirs.wait_for_function(
        "(id) => document.querySelector(`mark[data-quotation='${id}']`).dataset.speaker === 'Dmitry Peskov'",
        arg=str(quotation.uuid),
    )
    row = entry(mine, quotation)
    row.get_by_role("button", name="Edit").click()
    row.get_by_label("Cue").fill("wrote")
    row.get_by_role("button", name="Save").click()
    mine.wait_for_function(
        "(id) => document.querySelector(`#nr-status`).textContent.startsWith('Not saved: Someone else')",
        arg=str(quotation.uuid),
    )
    quotation.refresh_from_db()
    assert (quotation.speaker.name, quotation.cue) == ("Dmitry Peskov", "")

    # "Show their version": the entry, the mark and the label are bob's now; alice's next change counts.
    entry(mine, quotation).get_by_role("button", name="Show their version").click()
    wait_status(mine, quotation, "confirmed")
    assert entry(mine, quotation).get_by_role("alert").count() == 0
    assert entry(mine, quotation).locator(".panel-speaker").text_content() == "Dmitry Peskov"
    label = mine.locator(f".quote-speaker[data-for='{quotation.uuid}']")
    assert label.get_attribute("data-speaker") == "Dmitry Peskov"
    entry(mine, quotation).get_by_role("button", name="Reject").click()
    mine.wait_for_function(
        "(id) => !document.querySelector(`#annotation-list li[data-id='${id}']`)", arg=str(quotation.uuid)
    )
    quotation.refresh_from_db()
    assert quotation.status == "rejected"


def test_a_quotation_deleted_meanwhile_leaves_the_page(open_page, article, alice, bob):
    quotation = quote(article, FIRST_QUOTE)
    page = visit(open_page(alice), article)
    open_page.allow("status of 412")
    open_page.allow("status of 404")
    quotation.trash(bob)
    entry(page, quotation).get_by_role("button", name="Confirm").click()
    # A trashed quotation is not found at all: the change is refused, never applied to it.
    notice = entry(page, quotation).get_by_role("alert")
    notice.wait_for()
    assert "Someone else moved this quotation to the trash" in notice.text_content()
    assert Quotation.with_trash.get().status == "suggested"
    notice.get_by_role("button", name="Show their version").click()
    page.wait_for_function(
        "(id) => !document.querySelector(`#annotation-list li[data-id='${id}']`)", arg=str(quotation.uuid)
    )
    assert page.locator(f"mark[data-quotation='{quotation.uuid}'].quote-suggested").count() == 0


# The history line


def test_the_history_line_follows_what_the_panel_does(open_page, article, alice):
    make_person("Dmitry Peskov")
    quotation = quote(article, FIRST_QUOTE, speaker=make_person("Ramzan Kadyrov"))
    page = visit(open_page(alice), article)
    assert history(page, quotation) == "suggested by extraction"

    entry(page, quotation).get_by_role("button", name="Confirm").click()
    wait_status(page, quotation, "confirmed")
    assert history(page, quotation) == "suggested by extraction; confirmed by alice"

    row = entry(page, quotation)
    row.get_by_role("button", name="Re-attribute").click()
    row.get_by_role("combobox", name="New speaker").press_sequentially("Peskov")
    page.get_by_role("option", name="Dmitry Peskov").wait_for()
    row.get_by_role("combobox", name="New speaker").press("Enter")
    page.wait_for_function(
        "(id) => document.querySelector(`#annotation-list li[data-id='${id}'] .panel-history`)"
        "?.textContent.includes('speaker changed')",
        arg=str(quotation.uuid),
    )
    expected = (
        "suggested by extraction; confirmed by alice; "
        "speaker changed from Ramzan Kadyrov to Dmitry Peskov by alice"
    )
    assert history(page, quotation) == expected

    # The same after a reload, from the server's page.
    page = visit(page, article)
    assert history(page, quotation) == expected


def test_readers_see_the_history_and_change_nothing_anonymous_visitors_see_neither(
    open_page, article, charlie, settings
):
    settings.PUBLIC_READING = True
    quotation = quote(article, FIRST_QUOTE)
    page = visit(open_page(charlie), article)
    assert history(page, quotation) == "suggested by extraction"
    assert entry(page, quotation).get_by_role("button").all_text_contents() == [f"“{FIRST_QUOTE}”", "Copy"]
    page = visit(open_page(), article)
    assert entry(page, quotation).count() == 1
    assert history(page, quotation) == ""


# Tags


def test_tags_in_the_panel_link_to_their_pages_and_others_private_tags_never_show(
    open_page, article, alice, bob
):
    annotate(article, "five soldiers have returned", alice).set_tags(["Prisoner exchange"])
    annotate(article, "captivity is not a crime", bob, visibility="private").set_tags(["bobs-secret"])
    page = visit(open_page(alice), article)

    links = page.locator("#annotation-list .panel-annotation a.tag")
    assert links.evaluate_all("(links) => links.map((a) => [a.textContent, a.getAttribute('href')])") == [
        ["prisoner exchange", "/tags/prisoner-exchange/"]
    ]
    assert "bobs-secret" not in page.locator("#annotation-panel").text_content()

    # A tag added on the page links once the server has it.
    select_text(page, "Ramzan Kadyrov")
    page.keyboard.press("t")
    field = page.locator("#annotate-toolbar").get_by_role("combobox", name="Tag")
    field.fill("Grozny")
    field.press("Enter")  # adds the tag
    field.press("Enter")  # saves
    page.locator("#annotation-list a.tag[href='/tags/grozny/']", has_text="grozny").wait_for()

    page.locator("#annotation-list a.tag", has_text="prisoner exchange").click()
    page.wait_for_url("**/tags/prisoner-exchange/")
    assert page.get_by_role("heading", level=1).text_content() == "Tagged “prisoner exchange”"
    # bob's private tag has no page for alice.
    open_page.allow("/tags/bobs-secret/")
    assert page.goto("/tags/bobs-secret/").status == 404
    assert Annotation.objects.count() == 3


# Organisations and the edit form


def test_an_organisation_speaks_under_its_name_and_where_and_when_are_edited(open_page, article, alice):
    quotation = quote(
        article, FIRST_QUOTE, speaker=None, speaker_text="Harbour Transit", speaker_is_body=True
    )
    page = visit(open_page(alice), article)
    row = entry(page, quotation)
    assert row.locator(".panel-speaker").text_content() == "Harbour Transit"
    assert row.locator(".panel-organisation").text_content() == "organisation"
    label = page.locator(f".quote-speaker[data-for='{quotation.uuid}']")
    assert label.get_attribute("data-speaker") == "Harbour Transit"
    assert "Unknown speaker" not in page.locator("#annotation-panel").text_content()

    row.get_by_role("button", name="Edit").click()
    row.get_by_label("Where").fill("in a statement")
    row.get_by_label("Day").fill("2025-03-12")
    row.get_by_label("Kind").select_option("indirect")
    row.get_by_role("button", name="Save").click()
    page.wait_for_function(
        "(id) => document.querySelector(`#annotation-list li[data-id='${id}'] .panel-setting`)?.textContent"
        " === 'in a statement, 12 March 2025'",
        arg=str(quotation.uuid),
    )
    quotation.refresh_from_db()
    assert (quotation.place, quotation.said_on, quotation.kind) == (
        "in a statement",
        datetime.date(2025, 3, 12),
        "indirect",
    )
    assert entry(page, quotation).locator(".panel-speaker").text_content() == "Harbour Transit"
    assert "in a statement, 12 March 2025" in page.locator(f"#q-{quotation.uuid}").get_attribute("title")
    assert "where added by alice" in history(page, quotation)


def test_cancel_takes_an_edit_form_away_and_changes_nothing(open_page, article, alice):
    quotation = quote(
        article, FIRST_QUOTE, speaker=None, speaker_text="Harbour Transit", speaker_is_body=True
    )
    note = annotate(article, "five soldiers", alice, note="Check the number.")
    page = visit(open_page(alice), article)
    for item in (quotation, note):
        row = entry(page, item)
        row.get_by_role("button", name="Edit").click()
        assert row.locator("form").count() == 1
        row.get_by_role("button", name="Cancel").click()
        assert row.locator("form").count() == 0
    quotation.refresh_from_db()
    note.refresh_from_db()
    assert (quotation.place, note.note) == ("", "Check the number.")
