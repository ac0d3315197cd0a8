"""The reading view as a journalist meets it, in a real Chromium: a quotation made or reviewed on the page
shows its speaker and counts at once, labels stand where attribution is read (also on a phone), the
panel is honest and shows all of itself, the toolbar sits over the selection, and the single-key
shortcuts can be turned off."""

import colorsys

import pytest

from articles.models import Quotation
from tests.browser.test_annotate import FIRST_QUOTE, ready, select_text, text_box, visit
from tests.factories import annotate, make_article, make_person, mention, quote

pytestmark = pytest.mark.browser

# Invented for these tests: several quotations of different lengths, closing marks after commas and
# full stops, so that at some width a label falls at the end of a line.
LONG_BODY = "\n\n".join(
    [
        "The harbour master, Ines Varga, said on Monday that the port would close for a week.",
        "“We have checked every crane twice and the north quay is not safe for loaded ships,” Varga "
        "told reporters at the gate, adding that “nobody will lose a day's pay.”",
        "The union's secretary, Tomas Reyes, said the closure was “long overdue,” and that the workers "
        "had “asked for these repairs since the spring floods.”",
        "“A week is a week,” Reyes said. “We can live with it if the quay is safe when we come back.”",
        "Shipping agents were less calm. “Every day the port is shut costs our clients money,” said one.",
    ]
)


@pytest.fixture
def harbour(transactional_db):
    article = make_article("Port to close for repairs", body=LONG_BODY)
    varga = make_person("Ines Varga", role="Harbour master")
    reyes = make_person("Tomas Reyes", role="Union secretary")
    mention(article, varga, "Ines Varga")
    mention(article, reyes, "Tomas Reyes")
    for text, speaker in [
        ("We have checked every crane twice and the north quay is not safe for loaded ships,", varga),
        ("nobody will lose a day's pay.", varga),
        ("long overdue,", reyes),
        ("asked for these repairs since the spring floods.", reyes),
        ("A week is a week,", reyes),
        ("We can live with it if the quay is safe when we come back.", reyes),
        ("Every day the port is shut costs our clients money,", None),
    ]:
        quote(article, text, speaker=speaker, status="confirmed")
    return article


def person_counts(page, list_id):
    return page.locator(f"#{list_id} li").evaluate_all(
        "(items) => items.map((li) => [li.querySelector('a').textContent,"
        " li.querySelector('.count').textContent])"
    )


def label_of(page, quotation):
    return page.locator(f".quote-speaker[data-for='{quotation.uuid}']")


def hue(css_colour):
    """The hue in degrees of an "rgb(r, g, b)" or "rgba(...)" colour."""
    red, green, blue = (int(float(part)) for part in css_colour.split("(")[1].rstrip(")").split(",")[:3])
    return colorsys.rgb_to_hsv(red / 255, green / 255, blue / 255)[0] * 360


# Live: the page shows what a change did without a reload


def test_a_quotation_made_on_the_page_is_labelled_and_counted_at_once(open_page, article, alice):
    kadyrov = make_person("Ramzan Kadyrov", aliases=["Kadyrov"], role="Chechnya head")
    mention(article, kadyrov, "Kadyrov")
    page = visit(open_page(alice), article)
    assert person_counts(page, "people-quoted") == []
    assert page.locator("#people-none").is_visible()
    assert person_counts(page, "people-unquoted") == [["Ramzan Kadyrov", "0 quotations"]]

    select_text(page, FIRST_QUOTE)
    page.keyboard.press("q")
    speaker = page.locator("#annotate-toolbar").get_by_role("combobox", name="Speaker")
    speaker.press_sequentially("Kady")
    page.get_by_role("option", name="Ramzan Kadyrov").first.wait_for()
    speaker.press("Enter")
    page.locator("#annotate-toolbar").get_by_role("button", name="Save quotation").click()
    page.locator("#annotation-list .panel-speaker", has_text="Ramzan Kadyrov").wait_for()

    quotation = Quotation.objects.get()
    mark = page.locator(f"#q-{quotation.uuid}")
    assert mark.inner_text() == FIRST_QUOTE
    assert "quote-confirmed" in mark.get_attribute("class").split()
    label = label_of(page, quotation)
    assert label.get_attribute("data-speaker") == "Ramzan Kadyrov"
    # After the closing mark, outside the quoted words; and no part of the text.
    assert label.evaluate("(label) => label.previousSibling.textContent") == ",”"
    assert page.locator("#article-body").inner_text().count("Ramzan Kadyrov") == 1
    assert person_counts(page, "people-quoted") == [["Ramzan Kadyrov", "1 quotation"]]
    assert page.locator("#people-none").is_hidden()
    assert page.locator("#people-named").is_hidden()
    assert page.locator("#annotation-count").text_content() == "1 quotation · 0 annotations"

    # The page after a reload says the same.
    page.reload()
    ready(page)
    assert label_of(page, quotation).evaluate("(label) => label.previousSibling.textContent") == ",”"
    assert person_counts(page, "people-quoted") == [["Ramzan Kadyrov", "1 quotation"]]


def test_confirm_reject_and_undo_update_the_labels_and_the_people_at_once(open_page, article, alice):
    kadyrov = make_person("Ramzan Kadyrov")
    peskov = make_person("Dmitry Peskov", role="Spokesman")
    first = quote(article, FIRST_QUOTE, speaker=kadyrov)
    second = quote(article, "captivity is not a crime", speaker=kadyrov)
    page = visit(open_page(alice), article)
    assert person_counts(page, "people-quoted") == [["Ramzan Kadyrov", "2 quotations"]]

    entry = page.locator(f"#annotation-list li[data-id='{first.uuid}']")
    entry.get_by_role("button", name="Confirm").click()
    page.wait_for_function(
        f"() => document.querySelector('.quote-speaker[data-for=\"{first.uuid}\"]')"
        ".classList.contains('quote-speaker-confirmed')"
    )

    entry = page.locator(f"#annotation-list li[data-id='{second.uuid}']")
    entry.get_by_role("button", name="Re-attribute").click()
    entry.get_by_role("combobox", name="New speaker").press_sequentially("Peskov")
    page.get_by_role("option", name="Dmitry Peskov").wait_for()
    entry.get_by_role("combobox", name="New speaker").press("Enter")
    page.wait_for_function(
        f"() => document.querySelector('.quote-speaker[data-for=\"{second.uuid}\"]').dataset.speaker"
        " === 'Dmitry Peskov'"
    )
    assert person_counts(page, "people-quoted") == [
        ["Dmitry Peskov", "1 quotation"],
        ["Ramzan Kadyrov", "1 quotation"],
    ]
    assert page.locator("#people-quoted li", has_text="Dmitry Peskov").locator(".role").text_content() == (
        "Spokesman"
    )
    assert (
        page.locator("#people-quoted a", has_text="Dmitry Peskov")
        .get_attribute("href")
        .endswith(peskov.get_absolute_url())
    )

    page.locator(f"#annotation-list li[data-id='{second.uuid}']").get_by_role("button", name="Reject").click()
    page.locator("#nr-status", has_text="Rejected.").wait_for()
    assert label_of(page, second).is_hidden()
    assert person_counts(page, "people-quoted") == [["Ramzan Kadyrov", "1 quotation"]]
    assert page.locator("#annotation-count").text_content() == "1 quotation · 0 annotations"
    second.refresh_from_db()
    assert second.status == "rejected"

    page.locator("#nr-status").get_by_role("button", name="Undo").click()
    page.locator("#nr-status", has_text="Restored.").wait_for()
    second.refresh_from_db()
    assert second.status == "suggested"
    assert label_of(page, second).is_visible()
    assert "quote-suggested" in page.locator(f"#q-{second.uuid}").get_attribute("class").split()
    assert page.locator(f"#annotation-list li[data-id='{second.uuid}']").count() == 1
    assert person_counts(page, "people-quoted") == [
        ["Dmitry Peskov", "1 quotation"],
        ["Ramzan Kadyrov", "1 quotation"],
    ]


# Labels, colours, legend


LABEL_LINES = """() => [...document.querySelectorAll('#article-body .quote-speaker')].map((label) => {
  // The character just before the label, and the label's own box.
  const walker = document.createTreeWalker(label.closest('p'), NodeFilter.SHOW_TEXT);
  let before = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const earlier = label.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING;
    if (earlier && node.data.length) before = node;
  }
  const range = document.createRange();
  range.setStart(before, before.data.length - 1);
  range.setEnd(before, before.data.length);
  const char = range.getBoundingClientRect();
  const rects = label.getClientRects();
  const box = rects[0];
  return {speaker: label.dataset.speaker, char: before.data.slice(-1), lines: rects.length,
          sameLine: box.top < char.bottom && box.bottom > char.top, left: box.left, charRight: char.right};
})"""


@pytest.mark.parametrize("width", [390, 360, 414, 1280])
def test_speaker_labels_follow_the_closing_mark_on_the_line_of_the_last_word(
    open_page, harbour, alice, width
):
    page = open_page(alice)
    page.set_viewport_size({"width": width, "height": 844})
    visit(page, harbour)
    labels = page.evaluate(LABEL_LINES)
    assert len(labels) == 7
    for label in labels:
        assert label["char"] in "”.", label
        assert label["lines"] == 1, label
        assert label["sameLine"], label
        assert label["left"] >= label["charRight"] - 1, label
    # The quoted words are whole: each quotation's marks hold exactly its text.
    for quotation in harbour.quotations.all():
        assert page.locator(f"mark[data-quotation='{quotation.uuid}']").all_text_contents() == [
            quotation.text
        ]


def test_confirmed_quotations_have_a_colour_of_their_own_and_the_legend_is_one_line(
    open_page, harbour, alice
):
    page = visit(open_page(alice), harbour)
    colours = page.evaluate(
        """() => {
          const probe = document.createElement('span');
          document.body.append(probe);
          const colour = (value) => {
            probe.style.backgroundColor = value;
            return getComputedStyle(probe).backgroundColor;
          };
          const background = (element) => getComputedStyle(element).backgroundColor;
          const root = getComputedStyle(document.documentElement);
          const highlights = ['yellow', 'green', 'blue', 'pink', 'purple'].map(
            (name) => colour(root.getPropertyValue('--hl-' + name)));
          const swatches = [...document.querySelectorAll('.nr-swatch')].map(background);
          const confirmed = background(document.querySelector('#article-body mark.quote-confirmed'));
          probe.remove();
          return {highlights, swatches, confirmed};
        }"""
    )
    assert colours["confirmed"] not in colours["highlights"] + colours["swatches"]
    # Not a lighter yellow either: its hue is well away from the yellow highlight's.
    assert abs(hue(colours["confirmed"]) - hue(colours["swatches"][0])) > 15
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        tops = page.locator(".legend > *").evaluate_all("(items) => items.map((item) => item.offsetTop)")
        assert len(set(tops)) == 1, (width, tops)


# The side panel


def test_the_panel_counts_quotations_and_annotations_apart_and_shows_its_last_entry(
    open_page, harbour, alice
):
    words = "the harbour master said on Monday that the port would close"
    for word in words.split()[:8]:
        annotate(harbour, word, alice, colour="green", note="Worth checking against the port's own notice.")
    harbour.quotations.filter(text__startswith="A week").update(status=Quotation.Status.SUGGESTED)
    page = visit(open_page(alice), harbour)
    assert page.locator("#annotation-panel-title").text_content() == "Quotations and annotations"
    assert page.locator("#annotation-count").text_content() == "7 quotations · 8 annotations"
    page.locator("#panel-filters").get_by_label("Kind").select_option("quotation")
    assert page.locator("#annotation-count").text_content() == "7 quotations · 8 annotations · 7 shown"
    page.locator("#panel-filters").get_by_label("Kind").select_option("")

    # The list is no scroll box of its own: the sidebar scrolls, to the very end of the last entry.
    sizes = page.locator("#annotation-list").evaluate("(list) => [list.scrollHeight, list.clientHeight]")
    assert sizes[0] == sizes[1]
    page.locator("aside.sidebar").evaluate("(aside) => { aside.scrollTop = aside.scrollHeight; }")
    last = page.locator("#annotation-list > li").last
    page.wait_for_timeout(100)
    box = last.bounding_box()
    aside = page.locator("aside.sidebar").bounding_box()
    assert box["y"] + box["height"] <= min(aside["y"] + aside["height"], 900) + 1

    # Every action of a quotation is whole, on one line and inside the panel: the row wraps instead.
    confirm = page.get_by_role("button", name="Confirm")
    actions = page.locator("#annotation-list .panel-actions", has=confirm).first.locator("button")
    assert actions.count() == 5
    panel = page.locator("aside.sidebar").bounding_box()
    for button in actions.all():
        word = button.bounding_box()
        line_height = button.evaluate("(b) => parseFloat(getComputedStyle(b).lineHeight) || b.offsetHeight")
        assert word["height"] <= line_height * 1.5, button.text_content()
        assert panel["x"] <= word["x"] and word["x"] + word["width"] <= panel["x"] + panel["width"] + 0.5


def test_long_quotations_are_shortened_between_words(open_page, harbour, alice):
    long = quote(harbour, LONG_BODY.split("\n\n")[1], speaker=None)
    page = visit(open_page(alice), harbour)
    shown = page.locator(f"#annotation-list li[data-id='{long.uuid}'] .panel-jump").text_content()
    assert shown.startswith("“") and shown.endswith("…”")
    kept = shown[1:-2]
    assert long.text.startswith(kept)
    assert long.text[len(kept)] in " ,", shown


def test_people_quoted_come_first_and_the_others_are_folded(open_page, harbour, alice):
    for name in ("Anna Kovacs", "Bruno Lind", "Carla Diaz"):
        person = make_person(name)
        mention(harbour, person, "The union's secretary")
    page = visit(open_page(alice), harbour)
    assert person_counts(page, "people-quoted") == [
        ["Tomas Reyes", "4 quotations"],
        ["Ines Varga", "2 quotations"],
    ]
    named = page.locator("#people-named")
    assert named.get_attribute("open") is None
    assert page.locator("#people-unquoted").is_hidden()
    assert named.locator("summary").text_content().split() == ["Also", "named", "(3)"]
    named.locator("summary").click()
    assert page.locator("#people-unquoted li a").all_text_contents() == [
        "Anna Kovacs",
        "Bruno Lind",
        "Carla Diaz",
    ]
    # The annotations are not pushed far down by the people only named.
    assert page.locator("#annotation-panel").bounding_box()["y"] < 900


# The toolbar


def test_the_toolbar_sits_over_the_selection_in_the_tab_order_with_arrow_keys(open_page, harbour, alice):
    page = visit(open_page(alice), harbour)
    select_text(page, "north quay is not safe")
    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    first, _, last, _ = text_box(page, "north quay is not safe")
    selection = page.evaluate("getSelection().getRangeAt(0).getClientRects()[0].toJSON()")
    box = toolbar.bounding_box()
    assert box["y"] + box["height"] <= selection["top"]
    assert abs((box["x"] + box["width"] / 2) - (first + last) / 2) < 30
    # In the page right after the article's text, not at the end of the body.
    assert toolbar.evaluate("(bar) => bar.previousElementSibling.id") == "article-body"

    buttons = toolbar.locator(".nr-toolbar-buttons button")
    assert buttons.evaluate_all("(list) => list.map((b) => b.tabIndex)") == [0, -1, -1, -1, -1, -1, -1, -1]
    buttons.first.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Highlight green"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.textContent") == "Quotation"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Highlight yellow"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.textContent") == "Quotation"
    assert buttons.evaluate_all("(list) => list.filter((b) => b.tabIndex === 0).length") == [1][0]


def test_the_toolbar_never_covers_the_title_and_byline(open_page, harbour, alice):
    page = visit(open_page(alice), harbour)
    page.locator("#article-body p").first.click(click_count=3)
    toolbar = page.locator("#annotate-toolbar")
    toolbar.wait_for(state="visible")
    header = page.locator(".article-header").bounding_box()
    box = toolbar.bounding_box()
    assert box["y"] >= header["y"] + header["height"]


# Keys


def test_single_key_shortcuts_can_be_turned_off_and_it_is_remembered(open_page, harbour, alice):
    annotate(harbour, "harbour master", alice, colour="green")
    page = visit(open_page(alice), harbour)
    assert page.locator("#keys-hint .keys-on").is_visible()
    assert page.locator("#keys-open").is_hidden()
    page.keyboard.press("?")
    dialog = page.locator("#keys-dialog")
    dialog.get_by_label("Single-key shortcuts").uncheck()
    dialog.get_by_role("button", name="Close").click()

    page.reload()
    ready(page)
    page.keyboard.press("j")
    page.keyboard.press("?")
    assert page.locator("#annotation-list li.is-active").count() == 0
    assert dialog.is_hidden()
    select_text(page, "north quay")
    page.keyboard.press("h")
    page.wait_for_timeout(200)
    assert harbour.annotations.count() == 1
    # Turned on again from the panel.
    page.locator("#keys-hint .keys-on").wait_for(state="hidden")
    page.get_by_role("button", name="Keyboard shortcuts").click()
    dialog.get_by_label("Single-key shortcuts").check()
    dialog.get_by_role("button", name="Close").click()
    page.keyboard.press("j")
    assert page.locator("#annotation-list li.is-active").count() == 1


def test_no_keys_hint_for_anonymous_readers_or_on_a_phone(open_page, harbour, alice, settings):
    settings.PUBLIC_READING = True
    annotate(harbour, "harbour master", alice, colour="green")
    page = visit(open_page(), harbour)
    assert page.locator("#keys-hint").count() == 0
    page.keyboard.press("j")
    assert page.locator("#annotation-list li.is-active").count() == 0

    phone = open_page(alice)
    phone.set_viewport_size({"width": 390, "height": 844})
    visit(phone, harbour)
    assert phone.locator("#keys-hint").is_hidden()


# The edit form


def test_the_edit_forms_fields_have_visible_labels(open_page, article, alice):
    edited = annotate(article, "five soldiers have returned", alice, note="Old note")
    page = visit(open_page(alice), article)
    entry = page.locator(f"#annotation-list li[data-id='{edited.uuid}']")
    entry.get_by_role("button", name="Edit").click()
    tags = entry.locator("label", has_text="Tags, separated by commas")
    assert tags.is_visible()
    assert tags.locator("input[name=tags]").count() == 1
    assert entry.locator("label", has_text="Note").locator("textarea[name=note]").input_value() == "Old note"


def test_a_speaker_named_twice_at_one_place_shows_once_until_one_is_reattributed(open_page, alice):
    article = make_article(
        "Ferry all winter", body="The mayor said the ferry would “run all winter.” Then rain."
    )
    mayor = make_person("Ada Brand")
    make_person("Ben Ode")
    clause = quote(article, "the ferry would “run all winter.”", speaker=mayor, kind="indirect")
    words = quote(article, "run all winter.", speaker=mayor, kind="partial")
    page = visit(open_page(alice), article)
    assert label_of(page, clause).is_visible()
    assert label_of(page, words).is_hidden()

    entry = page.locator(f"#annotation-list li[data-id='{words.uuid}']")
    entry.get_by_role("button", name="Re-attribute").click()
    entry.get_by_role("combobox", name="New speaker").press_sequentially("Ode")
    page.get_by_role("option", name="Ben Ode").wait_for()
    entry.get_by_role("combobox", name="New speaker").press("Enter")
    page.wait_for_function(
        f"() => document.querySelector('.quote-speaker[data-for=\"{words.uuid}\"]').dataset.speaker"
        " === 'Ben Ode'"
    )
    assert label_of(page, words).is_visible()
    assert label_of(page, clause).is_visible()
