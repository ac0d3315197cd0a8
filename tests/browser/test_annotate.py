"""Annotating in the reading view, in a real Chromium: select, highlight, tag, note, attribute, keys,
the side panel, orphans after an admin edit, and the read-only view of a reader."""

import pytest
from taggit.models import Tag

from annotations.models import Annotation
from articles.models import Quotation
from tests.factories import annotate, make_article, make_person, quote

pytestmark = pytest.mark.browser

FIRST_QUOTE = "War should be no reason to fall into captivity"


def url(article):
    return f"/articles/{article.slug}/"


def ready(page):
    page.wait_for_selector("html[data-reader=ready]", state="attached")
    return page


def visit(page, article):
    page.goto(url(article))
    return ready(page)


def text_box(page, text):
    """[x, y] of the middle of the first and of the last character of ``text`` in the article.

    ``text`` is looked for in each paragraph's text, across the marks and spans inside it.
    """
    box = page.evaluate(
        """(text) => {
          for (const paragraph of document.querySelectorAll("#article-body p")) {
            const at = paragraph.textContent.indexOf(text);
            if (at < 0) continue;
            const point = (offset) => {
              const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
              let seen = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (offset < seen + node.data.length) return [node, offset - seen];
                seen += node.data.length;
              }
            };
            const rect = (offset) => {
              const [node, within] = point(offset);
              const range = document.createRange();
              range.setStart(node, within);
              range.setEnd(node, within + 1);
              return range.getBoundingClientRect();
            };
            const first = rect(at);
            const last = rect(at + text.length - 1);
            return [first.left + 1, first.top + first.height / 2, last.right - 1, last.top + last.height / 2];
          }
          return null;
        }""",
        text,
    )
    assert box, f"{text!r} is not in the page"
    return box


def select_text(page, text):
    """Drag the mouse from the first character of ``text`` to its last, as a person would."""
    box = text_box(page, text)
    page.mouse.move(box[0], box[1])
    page.mouse.down()
    page.mouse.move(box[2], box[3], steps=4)
    page.mouse.up()
    assert page.evaluate("getSelection().toString()") == text


def painted(page, name):
    """The texts of the ranges in the highlight ``nr-<name>``."""
    return page.evaluate(
        "(name) => [...(CSS.highlights.get('nr-' + name) || [])].map((range) => range.toString())", name
    )


def panel_texts(page, orphans=False):
    selector = "#orphan-list .panel-jump" if orphans else "#annotation-list .panel-jump"
    return page.locator(
        selector
    ).all_text_contents()  # innerText is empty for entries content-visibility skips


def test_select_with_the_mouse_highlight_and_see_it_after_a_reload(open_page, article, alice):
    page = open_page(alice)
    response = page.goto(url(article))
    ready(page)
    # The strict policy holds: any violation would be a console error, which fails the test.
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text()
    assert " style=" not in html
    assert '<script type="module" src="/static/js/reader.js">' in html
    assert '<script id="reader-data" type="application/json">' in html
    # The list's loader (in the head, async) and reader.js are files; the data is JSON: nothing inline runs.
    assert '<script type="module" async src="/static/js/loading.js">' in html
    assert html.count("<script") == 3
    select_text(page, "five soldiers have returned")
    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    toolbar.get_by_role("button", name="Highlight green").click()
    page.locator("#annotation-list .panel-annotation[data-colour=green]").wait_for()
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")

    annotation = Annotation.objects.get()
    assert (annotation.exact, annotation.colour, annotation.author) == (
        "five soldiers have returned",
        "green",
        alice,
    )
    assert article.body[annotation.start : annotation.end] == annotation.exact
    assert annotation.prefix.endswith("Ramzan Kadyrov said that ")
    assert toolbar.is_hidden()

    page.reload()
    ready(page)
    assert painted(page, "green") == ["five soldiers have returned"]
    assert panel_texts(page)[0] == "“five soldiers have returned”"


def test_overlapping_highlights_and_many_paragraphs(open_page, article, alice):
    annotate(article, "Ramzan Kadyrov said", alice, colour="blue")
    annotate(article, "Kadyrov said that five", alice, colour="pink")
    annotate(article, "captivity is not a crime", alice, colour="yellow", note="Key line")
    page = visit(open_page(alice), article)
    assert painted(page, "blue") == ["Ramzan Kadyrov said"]
    assert painted(page, "pink") == ["Kadyrov said that five"]
    assert painted(page, "note") == ["captivity is not a crime"]
    assert page.evaluate("document.documentElement.dataset.highlights") == "3"


def test_the_list_is_asked_for_once_while_the_page_loads(open_page, article, alice):
    """The preload, loading.js (which parses it before reader.js runs) and reader.js share one request."""
    annotate(article, "five soldiers", alice, colour="green")
    page = open_page(alice)
    asked = []
    page.on("request", lambda request: "/api/annotations/?article=" in request.url and asked.append(request))
    visit(page, article)
    assert painted(page, "green") == ["five soldiers"]
    assert len(asked) == 1


def test_tag_with_autocomplete_from_existing_tags(open_page, article, alice):
    # An existing tag is one in use: a tag on nothing (or on others' private notes only) is not suggested.
    make_article().tags.add("Chechnya")
    page = visit(open_page(alice), article)
    select_text(page, "Ramzan Kadyrov")
    page.keyboard.press("t")
    field = page.locator("#annotate-toolbar").get_by_role("combobox", name="Tag")
    field.press_sequentially("chech")
    page.get_by_role("option", name="Chechnya").wait_for()
    field.press("Enter")  # chooses the suggestion
    field.press("Enter")  # saves
    page.locator("#annotation-list .panel-annotation .tag", has_text="Chechnya").wait_for()
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")

    annotation = Annotation.objects.get()
    assert annotation.exact == "Ramzan Kadyrov"
    assert [tag.name for tag in annotation.tags.all()] == ["Chechnya"]
    assert Tag.objects.filter(name__iexact="chechnya").count() == 1


def test_a_private_note(open_page, article, alice, bob):
    page = visit(open_page(alice), article)
    select_text(page, "captivity is not a crime")
    page.locator("#annotate-toolbar").get_by_role("button", name="Note").click()
    page.locator("#annotate-toolbar").get_by_role("textbox", name="Note").fill("Check the Russian original.")
    page.locator("#annotate-toolbar").get_by_role("combobox", name="Who sees it").select_option("private")
    page.locator("#annotate-toolbar").get_by_role("button", name="Save note").click()
    page.locator("#annotation-list .panel-note", has_text="Check the Russian original.").wait_for()
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")

    annotation = Annotation.objects.get()
    assert (annotation.exact, annotation.note, annotation.visibility) == (
        "captivity is not a crime",
        "Check the Russian original.",
        "private",
    )
    assert page.locator("#annotation-list .panel-private").count() == 1
    assert painted(page, "note") == ["captivity is not a crime"]

    # bob does not see alice's private note.
    other = visit(open_page(bob), article)
    assert painted(other, "yellow") == []
    assert other.locator("#annotation-list .panel-annotation").count() == 0


def test_attribute_a_quotation_to_a_known_person_by_an_alias(open_page, article, alice):
    kadyrov = make_person("Ramzan Kadyrov", aliases=["Kadyrov"], role="Chechnya head")
    make_person("Dmitry Peskov")
    page = visit(open_page(alice), article)
    select_text(page, FIRST_QUOTE)
    page.keyboard.press("q")
    speaker = page.locator("#annotate-toolbar").get_by_role("combobox", name="Speaker")
    speaker.press_sequentially("Kady")
    page.get_by_role("option", name="Ramzan Kadyrov").first.wait_for()
    speaker.press("Enter")
    page.locator("#annotate-toolbar").get_by_role("textbox", name="Cue").fill("posted on Telegram")
    page.locator("#annotate-toolbar").get_by_role("combobox", name="Kind").select_option("direct")
    page.locator("#annotate-toolbar").get_by_role("button", name="Save quotation").click()
    page.locator("#annotation-list .panel-quotation .panel-speaker", has_text="Ramzan Kadyrov").wait_for()

    quotation = Quotation.objects.get()
    assert (quotation.text, quotation.speaker, quotation.cue) == (FIRST_QUOTE, kadyrov, "posted on Telegram")
    assert (quotation.status, quotation.origin, quotation.kind) == ("confirmed", "editor", "direct")

    page.reload()
    ready(page)
    mark = page.locator(f"#q-{quotation.uuid}")
    assert mark.inner_text() == FIRST_QUOTE
    assert mark.get_attribute("data-speaker") == "Ramzan Kadyrov"


def test_a_quotation_by_someone_new(open_page, article, alice):
    page = visit(open_page(alice), article)
    select_text(page, "captivity is not a crime")
    page.keyboard.press("q")
    speaker = page.locator("#annotate-toolbar").get_by_role("combobox", name="Speaker")
    speaker.press_sequentially("Adam Delimkhanov")
    page.get_by_role("option", name="New person: Adam Delimkhanov").wait_for()
    speaker.press("Enter")
    page.locator("#annotate-toolbar").get_by_role("combobox", name="Kind").select_option("partial")
    page.locator("#annotate-toolbar").get_by_role("button", name="Save quotation").click()
    page.locator("#annotation-list .panel-speaker", has_text="Adam Delimkhanov").wait_for()
    quotation = Quotation.objects.select_related("speaker").get()
    assert (quotation.speaker.name, quotation.kind, quotation.status) == (
        "Adam Delimkhanov",
        "partial",
        "confirmed",
    )


def test_keyboard_flow(open_page, article, alice):
    annotate(article, "five soldiers have returned", alice, colour="green")
    annotate(article, "captivity is not a crime", alice, colour="pink")
    page = visit(open_page(alice), article)

    page.keyboard.press("j")
    assert (
        page.locator("#annotation-list li.is-active .panel-jump").text_content()
        == "“five soldiers have returned”"
    )
    assert painted(page, "active") == ["five soldiers have returned"]
    page.keyboard.press("j")
    assert painted(page, "active") == ["captivity is not a crime"]
    page.keyboard.press("k")
    assert painted(page, "active") == ["five soldiers have returned"]

    page.keyboard.press("?")
    dialog = page.locator("#keys-dialog")
    assert dialog.is_visible()
    page.keyboard.press("Escape")
    assert dialog.is_hidden()

    select_text(page, "Chechnya head")
    page.locator("#annotate-toolbar").wait_for(state="visible")
    page.keyboard.press("Escape")
    assert page.locator("#annotate-toolbar").is_hidden()
    assert page.evaluate("getSelection().toString()") == ""

    select_text(page, "Chechnya head")
    page.keyboard.press("h")
    page.wait_for_function(
        "() => document.querySelectorAll('#annotation-list .panel-annotation').length === 3"
    )
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")
    assert Annotation.objects.filter(exact="Chechnya head").exists()

    # n opens the note form, Ctrl+Enter saves it.
    select_text(page, "the authorities")
    page.keyboard.press("n")
    page.keyboard.type("Which authorities?")
    page.keyboard.press("Control+Enter")
    page.locator("#annotation-list .panel-note", has_text="Which authorities?").wait_for()
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")
    assert Annotation.objects.get(exact="the authorities").note == "Which authorities?"


def test_the_panel_filters_and_reviews_suggested_quotations(open_page, article, alice, bob):
    kadyrov = make_person("Ramzan Kadyrov", aliases=["Kadyrov"])
    make_person("Dmitry Peskov")
    first = quote(article, FIRST_QUOTE, speaker=None)
    second = quote(article, "captivity is not a crime", speaker=kadyrov)
    third = quote(article, "are glad.", speaker=kadyrov)
    annotate(article, "five soldiers have returned", bob, colour="green")
    annotate(article, "Chechnya head", alice, colour="blue").tags.add("chechnya")
    page = visit(open_page(alice), article)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    assert panel_texts(page) == [
        "“Chechnya head”",
        "“five soldiers have returned”",
        f"“{FIRST_QUOTE}”",
        "“captivity is not a crime”",
        "“are glad.”",
    ]
    filters = page.locator("#panel-filters")
    filters.get_by_label("Whose").select_option("mine")
    assert panel_texts(page) == ["“Chechnya head”"]
    filters.get_by_label("Whose").select_option("all")
    filters.get_by_label("Colour").select_option("green")
    assert panel_texts(page) == ["“five soldiers have returned”"]
    filters.get_by_label("Colour").select_option("")
    filters.get_by_label("Tag").select_option("chechnya")
    assert panel_texts(page) == ["“Chechnya head”"]
    filters.get_by_label("Tag").select_option("")
    filters.get_by_label("Kind").select_option("suggested")
    assert len(panel_texts(page)) == 3

    # Clicking one scrolls to it and marks it.
    page.locator("#annotation-list .panel-jump", has_text="captivity is not a crime").click()
    assert page.locator(f"#q-{second.uuid}").get_attribute("class").split().count("is-active") == 1

    entry = page.locator(f"#annotation-list li[data-id='{second.uuid}']")
    entry.get_by_role("button", name="Confirm").click()
    page.wait_for_function(
        f"() => document.querySelector('#q-{second.uuid}').classList.contains('quote-confirmed')"
    )
    second.refresh_from_db()
    assert second.status == "confirmed"

    entry = page.locator(f"#annotation-list li[data-id='{first.uuid}']")
    entry.get_by_role("button", name="Re-attribute").click()
    entry.get_by_role("combobox", name="New speaker").press_sequentially("Peskov")
    page.get_by_role("option", name="Dmitry Peskov").wait_for()
    entry.get_by_role("combobox", name="New speaker").press("Enter")
    speaker = f"document.querySelector('mark[data-quotation=\"{first.uuid}\"]').dataset.speaker"
    page.wait_for_function(f"() => {speaker} === 'Dmitry Peskov'")
    first.refresh_from_db()
    assert first.speaker.name == "Dmitry Peskov"

    entry = page.locator(f"#annotation-list li[data-id='{third.uuid}']")
    entry.get_by_role("button", name="Reject").click()
    page.wait_for_function(f"() => !document.querySelector('#annotation-list li[data-id=\"{third.uuid}\"]')")
    third.refresh_from_db()
    assert third.status == "rejected"

    filters.get_by_label("Kind").select_option("")
    page.locator(f"#annotation-list li[data-id='{first.uuid}']").get_by_role("button", name="Copy").click()
    expected = f"“{FIRST_QUOTE}” — Dmitry Peskov, Meduza, 14 March 2025"
    page.wait_for_function("(text) => document.documentElement.dataset.copied === text", arg=expected)
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_an_orphan_after_an_admin_edit(open_page, article, alice):
    annotate(article, "five soldiers have returned", alice, colour="pink", note="How many?")
    annotate(article, "captivity is not a crime", alice)
    page = open_page(alice)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator("#id_body")
    body.fill(body.input_value().replace("five soldiers have returned", "the men are back"))
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/articles/article/")

    assert Annotation.objects.get(note="How many?").orphaned
    visit(page, article)
    assert panel_texts(page, orphans=True) == ["“five soldiers have returned”"]
    assert panel_texts(page) == ["“captivity is not a crime”"]
    assert painted(page, "pink") == []
    assert painted(page, "yellow") == ["captivity is not a crime"]


def test_a_reader_sees_annotations_read_only(open_page, article, alice, charlie):
    annotate(article, "five soldiers have returned", alice, colour="green")
    page = visit(open_page(charlie), article)
    assert painted(page, "green") == ["five soldiers have returned"]
    assert panel_texts(page) == ["“five soldiers have returned”"]
    assert page.locator("#annotation-list button", has_text="Delete").count() == 0

    select_text(page, "captivity is not a crime")
    page.keyboard.press("h")
    page.wait_for_timeout(200)
    assert page.locator("#annotate-toolbar").count() == 0
    assert Annotation.objects.count() == 1


def test_anonymous_readers_and_no_javascript(open_page, article, alice, settings):
    settings.PUBLIC_READING = True
    annotate(article, "five soldiers have returned", alice, colour="green")
    page = visit(open_page(), article)
    assert painted(page, "green") == ["five soldiers have returned"]
    assert page.locator("#annotate-toolbar").count() == 0

    plain = open_page(javascript=False)
    plain.goto(url(article))
    assert "five soldiers have returned" in plain.locator("#article-body").inner_text()
    assert plain.locator("#annotation-panel").is_hidden()


def test_the_fallback_without_the_highlight_api(open_page, article, alice):
    annotate(article, "Ramzan Kadyrov said", alice, colour="blue")
    annotate(article, "Kadyrov said that five", alice, colour="pink")
    page = visit(open_page(alice, init_script="window.NEWSROOM_NO_HIGHLIGHT_API = true"), article)
    assert painted(page, "blue") == []
    spans = page.locator("#article-body span.nr-hl")
    assert spans.all_inner_texts() == ["Ramzan ", "Kadyrov said", " that five"]
    assert (
        page.locator("#article-body p")
        .first.inner_text()
        .startswith("Chechnya head Ramzan Kadyrov said that")
    )
    # A selection still maps to the body's offsets through the spans.
    select_text(page, "Kadyrov said that five soldiers")
    page.keyboard.press("h")
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")
    page.wait_for_function(
        "() => document.querySelectorAll('#annotation-list .panel-annotation').length === 3"
    )
    assert Annotation.objects.filter(exact="Kadyrov said that five soldiers").exists()


def test_a_click_on_a_highlight_or_a_link_to_it_shows_it_in_the_panel(open_page, article, alice):
    wide = annotate(article, "Ramzan Kadyrov said that five", alice, colour="blue")
    narrow = annotate(article, "Kadyrov", alice, colour="pink")
    page = visit(open_page(alice), article)
    box = text_box(page, "Kadyrov said")
    page.mouse.click(box[0] + 20, box[1])
    assert page.locator("#annotation-list li.is-active").get_attribute("data-id") == str(narrow.uuid)

    page.goto(f"{url(article)}#a-{wide.uuid}")
    ready(page)
    assert page.locator("#annotation-list li.is-active").get_attribute("data-id") == str(wide.uuid)
    assert painted(page, "active") == ["Ramzan Kadyrov said that five"]


def test_offsets_count_code_points_across_paragraphs(open_page, alice):
    article = make_article("Emoji", body="Smile 😀 first, then 𝔣𝔞𝔫𝔠𝔶 words.\n\nA second paragraph 🎉 here.")
    page = visit(open_page(alice), article)
    select_text(page, "words.")
    page.keyboard.press("h")
    page.wait_for_function(
        "() => document.querySelectorAll('#annotation-list .panel-annotation').length === 1"
    )
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")
    # From the middle of the first paragraph into the second: the blank line is part of the text.
    box_start = text_box(page, "then")
    box_end = text_box(page, "second")
    page.mouse.move(box_start[0], box_start[1])
    page.mouse.down()
    page.mouse.move(box_end[2], box_end[3], steps=4)
    page.mouse.up()
    page.locator("#annotate-toolbar").wait_for(state="visible")
    page.keyboard.press("h")
    page.wait_for_function(
        "() => document.querySelectorAll('#annotation-list .panel-annotation').length === 2"
    )
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")

    exacts = [a.exact for a in Annotation.objects.order_by("start")]
    assert exacts == ["then 𝔣𝔞𝔫𝔠𝔶 words.\n\nA second", "words."]
    for annotation in Annotation.objects.all():
        assert article.body[annotation.start : annotation.end] == annotation.exact
    page.reload()
    ready(page)
    # The range runs over the template's white space between the paragraphs too.
    assert sorted(" ".join(text.split()) for text in painted(page, "yellow")) == [
        "then 𝔣𝔞𝔫𝔠𝔶 words. A second",
        "words.",
    ]


def test_edit_an_annotation_and_attach_an_orphan_again(open_page, article, alice):
    edited = annotate(article, "five soldiers have returned", alice, colour="green", note="Old note")
    orphan = annotate(article, "captivity is not a crime", alice, colour="pink")
    Annotation.objects.filter(pk=orphan.pk).update(orphaned=True, exact="captivity was not a crime")
    page = visit(open_page(alice), article)
    assert panel_texts(page, orphans=True) == ["“captivity was not a crime”"]

    entry = page.locator(f"#annotation-list li[data-id='{edited.uuid}']")
    entry.get_by_role("button", name="Edit").click()
    entry.get_by_role("textbox", name="Note").fill("New note")
    entry.get_by_role("textbox", name="Tags, separated by commas").fill("Soldiers, Chechnya")
    entry.get_by_role("combobox", name="Colour").select_option("purple")
    entry.get_by_role("button", name="Save").click()
    page.locator(
        "#annotation-list .panel-annotation[data-colour=purple] .panel-note", has_text="New note"
    ).wait_for()
    edited.refresh_from_db()
    assert (edited.note, edited.colour) == ("New note", "purple")
    assert sorted(tag.name for tag in edited.tags.all()) == ["chechnya", "soldiers"]
    assert painted(page, "purple") == ["five soldiers have returned"]

    select_text(page, "captivity is not a crime")
    page.locator(f"#orphan-list li[data-id='{orphan.uuid}']").get_by_role(
        "button", name="Attach to the selection"
    ).click()
    page.wait_for_function("() => document.getElementById('orphan-section').hidden")
    orphan.refresh_from_db()
    assert (orphan.orphaned, orphan.exact) == (False, "captivity is not a crime")
    assert painted(page, "pink") == ["captivity is not a crime"]


def test_attach_an_orphaned_quotation_again(open_page, article, alice):
    kadyrov = make_person("Ramzan Kadyrov")
    orphan = quote(article, "captivity is not a crime", speaker=kadyrov, status="confirmed")
    # The article's words changed under it: it keeps its old text, no longer the body's.
    Quotation.objects.filter(pk=orphan.pk).update(orphaned=True, text="captivity was not a crime")
    page = visit(open_page(alice), article)
    assert panel_texts(page, orphans=True) == ["“captivity was not a crime”"]
    assert page.locator(f"#q-{orphan.uuid}").count() == 0

    select_text(page, "captivity is not a crime")
    page.locator(f"#orphan-list li[data-id='{orphan.uuid}']").get_by_role(
        "button", name="Attach to the selection"
    ).click()
    page.wait_for_function("() => document.getElementById('orphan-section').hidden")
    page.locator("#nr-status", has_text="Attached again.").wait_for()
    orphan.refresh_from_db()
    assert (orphan.orphaned, orphan.text, orphan.edited) == (False, "captivity is not a crime", True)
    assert article.body[orphan.start : orphan.end] == orphan.text
    # Marked at once, without a reload: painted in the quotation highlight.
    assert painted(page, "quotation") == ["captivity is not a crime"]
    assert panel_texts(page) == ["“captivity is not a crime”"]

    page.reload()
    ready(page)
    assert panel_texts(page, orphans=True) == []
    assert page.locator("#orphan-section").is_hidden()
    mark = page.locator(f"#q-{orphan.uuid}")
    assert mark.inner_text() == "captivity is not a crime"
    assert mark.get_attribute("data-speaker") == "Ramzan Kadyrov"
    assert panel_texts(page) == ["“captivity is not a crime”"]


def test_nothing_typed_is_lost_and_a_deletion_can_be_undone(open_page, article, alice):
    annotate(article, "five soldiers have returned", alice, colour="green", note="Keep me")
    page = visit(open_page(alice), article)

    # The server refuses the note once: the form stays open with the text, and saving again works.
    refusals = []

    def refuse_once(route):
        if route.request.method == "POST" and not refusals:
            refusals.append(route.request.post_data_json)
            route.fulfill(status=400, json={"errors": {"target": ["Try again."]}})
        else:
            route.continue_()

    page.route("**/api/annotations/", refuse_once)
    open_page.allow("status of 400 (Bad Request)")
    select_text(page, "captivity is not a crime")
    page.keyboard.press("n")
    note = page.locator("#annotate-toolbar").get_by_role("textbox", name="Note")
    note.fill("Typed with care")
    page.keyboard.press("Control+Enter")
    page.get_by_role("alert").filter(has_text="Not saved: target: Try again.").wait_for()
    assert note.input_value() == "Typed with care"
    page.keyboard.press("Control+Enter")
    page.locator("#annotation-list .panel-note", has_text="Typed with care").wait_for()
    assert Annotation.objects.filter(note="Typed with care").count() == 1

    # Delete, then undo.
    page.locator("#annotation-list li", has_text="Keep me").get_by_role("button", name="Delete").click()
    page.locator("#nr-status").get_by_role("button", name="Undo").click()
    page.locator("#nr-status", has_text="Restored.").wait_for()
    restored = Annotation.objects.get(note="Keep me")
    assert (restored.exact, restored.colour, restored.author) == (
        "five soldiers have returned",
        "green",
        alice,
    )
    assert painted(page, "green") == ["five soldiers have returned"]


def test_a_triple_click_annotates_the_whole_paragraph(open_page, article, alice):
    page = visit(open_page(alice), article)
    page.locator("#article-body p").nth(1).click(click_count=3)
    page.locator("#annotate-toolbar").wait_for(state="visible")
    page.keyboard.press("h")
    page.wait_for_function(
        "() => document.querySelectorAll('#annotation-list .panel-annotation').length === 1"
    )
    page.wait_for_function("() => !document.querySelector('#annotation-list li[data-id^=new-]')")
    assert (
        Annotation.objects.get().exact
        == "“War should be no reason to fall into captivity,” Kadyrov posted on Telegram."
    )
