"""Re-anchoring when an article's body changes: nothing an editor made is ever lost.

The same edits (a typo fix, an inserted paragraph, a deleted sentence, a reworded quotation, a removed
passage) go through the pure function and through a real admin edit of the article.
"""

import random
import time

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from annotations.models import Annotation
from articles.anchoring import Anchor, PositionMap, attach_orphans, reanchor_article, relocate
from articles.models import Article, Mention, Quotation
from articles.signals import body_changed
from tests.factories import admin_url, annotate, make_article, make_person, management_form, mention, quote

OLD = "Kadyrov said it. “Captivity is not a crime,” he said. Later: “Captivity is not a crime,” again."

BODY = (
    "Chechnya head Ramzan Kadyrov said that five soldiers have returned.\n\n"
    "“War should be no reason to fall into captivity,” Kadyrov posted on Telegram.\n\n"
    "Kadyrov noted that “captivity is not a crime,” and that the authorities “are glad.”"
)
QUOTE = "captivity is not a crime,"
WAR = "War should be no reason to fall into captivity,"

# The edits an editor makes: (new body, the text the quotation should end up with, or None: orphan).
EDITS = {
    "typo fix": (BODY.replace("noted", "noticed").replace("crime", "crim"), "captivity is not a crim,"),
    "inserted paragraph": ("An introduction of a few words.\n\n" + BODY, QUOTE),
    "deleted sentence": (
        BODY.replace("Chechnya head Ramzan Kadyrov said that five soldiers have returned.\n\n", ""),
        QUOTE,
    ),
    "reworded quotation": (
        BODY.replace("captivity is not a crime", "captivity is no crime at all"),
        "captivity is no crime at all,",
    ),
    "removed passage": (
        BODY.replace("Kadyrov noted that “captivity is not a crime,” and that", "Then"),
        None,
    ),
}


def anchor_of(text, body=OLD, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return Anchor.in_body(body, start, start + len(text), text)


def moved(anchor, old, new):
    """Where ``relocate`` puts the anchor after the edit from ``old`` to ``new``, as text."""
    place = relocate(anchor, new, hint=PositionMap(old, new)(anchor.start))
    return None if place is None else new[place[0] : place[1]]


# The pure function


def test_unchanged_text_keeps_its_offsets():
    anchor = anchor_of("Captivity is not a crime,")
    assert relocate(anchor, OLD) == (anchor.start, anchor.end)


def test_an_inserted_paragraph_moves_the_span():
    new = "A new first paragraph.\n\n" + OLD
    anchor = anchor_of("Captivity is not a crime,", occurrence=1)
    start, end = relocate(anchor, new)
    assert new[start:end] == anchor.exact
    assert start == anchor.start + len("A new first paragraph.\n\n")


def test_the_occurrence_with_the_same_surroundings_wins():
    new = OLD.replace("Kadyrov said it.", "Kadyrov, Chechnya's head, said it at length.")
    second = anchor_of("Captivity is not a crime,", occurrence=1)
    start, _ = relocate(second, new)
    assert new[start - 8 : start] == "Later: “"


def test_without_context_the_occurrence_nearest_the_old_place_wins():
    body = "crime. " * 20
    anchor = Anchor(70, 76, "crime.")
    new = "x" + body
    assert relocate(anchor, new, hint=PositionMap(body, new)(70)) == (71, 77)


def test_removed_text_cannot_be_found():
    assert relocate(anchor_of("Captivity is not a crime,"), "Nothing of it is left.") is None


@pytest.mark.parametrize("edit", EDITS)
def test_each_edit_through_the_pure_function(edit):
    new, expected = EDITS[edit]
    assert moved(anchor_of(QUOTE, BODY), BODY, new) == expected


def test_an_approximate_match_prefers_the_old_context_to_a_look_alike():
    old = "He said the war is over. Others said the war is not over."
    new = old.replace("He said the war is over", "He said the war is done")
    anchor = anchor_of("the war is over", body=old)
    assert relocate(anchor, new) == (8, 23)
    assert new[8:23] == "the war is done"


def test_a_typo_in_a_short_name_is_followed():
    new = BODY.replace("Ramzan Kadyrov", "Ramzan Kadyrow")
    assert moved(anchor_of("Ramzan Kadyrov", BODY), BODY, new) == "Ramzan Kadyrow"


def test_a_sentence_that_only_looks_alike_is_not_taken():
    old = "The minister said the plan would work. The weather was fine."
    new = "The weather was fine. The ministry denied everything."
    assert moved(anchor_of("said the plan would work", old), old, new) is None


def test_exact_only_searches_never_approximate():
    new = BODY.replace("crime", "crim")
    assert relocate(anchor_of(QUOTE, BODY), new, approximate=False) is None


def test_the_position_map_follows_insertions_and_deletions():
    old = "aaaa bbbb cccc dddd"
    new = "xx aaaa cccc dddd yy"
    position = PositionMap(old, new)
    assert new[position(old.index("cccc")) :].startswith("cccc")
    assert new[position(old.index("dddd")) :].startswith("dddd")
    assert position(0) == 3
    assert new[position(old.index("bbbb")) :].startswith("cccc")


def test_re_anchoring_a_thousand_spans_in_a_long_article_is_fast():
    words = ["Kadyrov", "said", "that", "the", "soldiers", "returned", "from", "captivity", "and", "war"]
    rng = random.Random(5)  # noqa: S311 (test text, not a secret)
    old = " ".join(rng.choice(words) for _ in range(10_000))
    # A typo every thousand characters: every span needs the approximate step or the position map.
    new = "".join(
        char.upper() if index % 1000 == 500 else char
        for index, char in enumerate("A new paragraph.\n\n" + old)
    )
    anchors = [anchor_of(old[s : s + 40], old) for s in range(0, len(old) - 40, len(old) // 1000)][:1000]
    began = time.perf_counter()
    position = PositionMap(old, new)
    places = [relocate(anchor, new, hint=position(anchor.start)) for anchor in anchors]
    elapsed = time.perf_counter() - began
    assert sum(place is not None for place in places) == len(anchors)
    assert elapsed < 5, f"{elapsed:.2f}s for {len(anchors)} spans"


# Rows of an article


@pytest.mark.django_db
def test_a_body_edit_moves_quotations_and_annotations_and_orphans_what_is_gone(alice):
    article = make_article(body=OLD)
    kept = quote(article, "Captivity is not a crime,", occurrence=1)
    gone = quote(article, "Kadyrov said it.")
    note = annotate(article, "he said", alice)
    old_body = article.body
    article.body = "Introduction.\n\n" + OLD.replace("Kadyrov said it. ", "")
    article.save()

    result = reanchor_article(article, old_body)

    assert (result.moved, result.orphaned) == (2, 1)
    kept.refresh_from_db()
    gone.refresh_from_db()
    note.refresh_from_db()
    assert article.body[kept.start : kept.end] == kept.text and not kept.orphaned
    assert gone.orphaned and gone.text == "Kadyrov said it."
    assert article.body[note.start : note.end] == "he said"
    assert note.prefix.endswith("crime,” ")


@pytest.mark.django_db
def test_approximate_matches_update_the_stored_text_and_unconfirm_confirmed_quotations(alice):
    article = make_article(body=BODY)
    confirmed = quote(article, QUOTE, status="confirmed")
    suggested = quote(article, WAR)
    highlight = annotate(article, QUOTE, alice, note="Check")
    kadyrov = mention(article, make_person(), "Ramzan Kadyrov")
    old_body = article.body
    article.body = (
        BODY.replace("not a crime", "no crime")
        .replace("no reason", "no excuse")
        .replace("Ramzan Kadyrov", "Ramzan Kadyrow")
    )
    article.save()

    result = reanchor_article(article, old_body)

    assert (result.approximate, result.orphaned, result.unconfirmed) == (4, 0, [confirmed])
    for row in (confirmed, suggested, highlight, kadyrov):
        row.refresh_from_db()
        text = getattr(row, row.span_text_field)
        assert article.body[row.start : row.end] == text and not row.orphaned
        row.check_span()
    assert (confirmed.text, confirmed.status) == ("captivity is no crime,", "suggested")
    assert (suggested.text, suggested.status) == (
        "War should be no excuse to fall into captivity,",
        "suggested",
    )
    assert highlight.exact == "captivity is no crime," and highlight.note == "Check"
    assert highlight.suffix == article.body[highlight.end : highlight.end + 32]
    assert kadyrov.text == "Ramzan Kadyrow"


@pytest.mark.django_db
def test_an_annotation_whose_surroundings_changed_takes_the_new_context(alice):
    article = make_article(body=BODY)
    highlight = annotate(article, "five soldiers", alice)
    old_body = article.body
    article.body = BODY.replace("said that", "says that")
    article.save()

    reanchor_article(article, old_body)

    highlight.refresh_from_db()
    assert (highlight.start, highlight.exact) == (BODY.index("five soldiers"), "five soldiers")
    assert highlight.prefix.endswith("says that ")


@pytest.mark.django_db
def test_orphans_are_attached_again_where_their_text_is_back(alice):
    article = make_article(body=BODY)
    gone = quote(article, QUOTE)
    highlight = annotate(article, WAR, alice)
    old_body = article.body
    article.body = "Nothing is left."
    article.save()
    reanchor_article(article, old_body)
    assert Quotation.objects.get().orphaned and Annotation.objects.get().orphaned

    article.body = "Restored.\n\n" + BODY
    article.save()
    rows = [
        Quotation.objects.select_related("article").get(),
        Annotation.objects.select_related("article").get(),
    ]
    assert attach_orphans(rows) == rows
    gone.refresh_from_db()
    highlight.refresh_from_db()
    assert not gone.orphaned and article.body[gone.start : gone.end] == QUOTE
    assert not highlight.orphaned and article.body[highlight.start : highlight.end] == WAR
    assert highlight.prefix == article.body[highlight.start - 32 : highlight.start]


# Through the admin


def article_form(article, **fields):
    """The article change form as the browser posts it, its quotations and mentions as they are shown."""
    quotations = list(article.quotations.order_by("start"))
    mentions = list(article.mentions.order_by("start"))
    data = {
        "title": article.title,
        "slug": article.slug,
        "outlet": article.outlet_id or "",
        "url": article.url,
        "published_at_0": "",
        "published_at_1": "",
        "language": article.language,
        "tags": "",
        "body": article.body.replace("\n", "\r\n"),
        "source_name": article.source_name,
        "encoding": article.encoding,
        **management_form("quotations", len(quotations), len(quotations)),
        **management_form("mentions", len(mentions), len(mentions)),
    }
    for number, q in enumerate(quotations):
        row = {"id": q.pk, "article": article.pk, "text": q.text, "start": q.start, "end": q.end}
        row |= {"speaker": q.speaker_id or "", "cue": q.cue, "kind": q.kind, "status": q.status}
        data |= {f"quotations-{number}-{key}": value for key, value in row.items()}
    for number, m in enumerate(mentions):
        row = {"id": m.pk, "article": article.pk, "text": m.text, "start": m.start, "end": m.end}
        data |= {f"mentions-{number}-{key}": value for key, value in (row | {"person": m.person_id}).items()}
    data.update(fields)
    return data


@pytest.fixture
def edited(client, alice):
    """An article with a confirmed quotation, a mention and a note; ``edit(body)`` posts the admin form."""
    article = make_article(body=BODY)
    quotation = quote(article, QUOTE, status="confirmed", speaker=make_person())
    named = mention(article, quotation.speaker, "Ramzan Kadyrov")
    note = annotate(article, QUOTE, alice, note="Check")
    client.force_login(alice)

    def edit(body, **fields):
        data = article_form(article, **fields)
        data["body"] = body.replace("\n", "\r\n")
        return client.post(admin_url("article", "change", article.pk), data, follow=True)

    edit.article, edit.quotation, edit.mention, edit.note = article, quotation, named, note
    return edit


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
def test_each_edit_through_the_admin(edited, name):
    new, expected = EDITS[name]

    response = edited(new)

    assert response.status_code == 200
    assert response.redirect_chain, response.context["errors"]
    edited.article.refresh_from_db()
    assert edited.article.body == new
    quotation, note = Quotation.objects.get(), Annotation.objects.get()
    if expected is None:
        assert quotation.orphaned and note.orphaned
        assert (quotation.text, note.exact) == (QUOTE, QUOTE)
        assert any("could not be found" in str(message) for message in response.context["messages"])
    else:
        assert not quotation.orphaned and not note.orphaned
        assert new[quotation.start : quotation.end] == quotation.text == expected
        assert new[note.start : note.end] == note.exact == expected
        assert quotation.status == ("confirmed" if expected == QUOTE else "suggested")
    named = Mention.objects.get()
    if name == "deleted sentence":
        assert named.orphaned and named.text == "Ramzan Kadyrov"
    else:
        assert new[named.start : named.end] == named.text


@pytest.mark.django_db
def test_an_inline_row_changed_in_the_same_edit_keeps_the_change_and_takes_its_new_place(edited):
    kadyrov = edited.quotation.speaker
    other = make_person("Maria Zakharova")
    new = "An introduction.\n\n" + BODY

    response = edited(new, **{"quotations-0-speaker": other.pk, "quotations-0-cue": "wrote"})

    assert response.redirect_chain
    quotation = Quotation.objects.get()
    assert (quotation.speaker, quotation.cue, quotation.text) == (other, "wrote", QUOTE)
    assert new[quotation.start : quotation.end] == QUOTE
    assert kadyrov != other


@pytest.mark.django_db
def test_an_inline_row_whose_offsets_the_editor_typed_is_still_checked(edited):
    response = edited(BODY + "\n\nMore.", **{"quotations-0-text": "not the text there"})
    assert not response.redirect_chain
    assert response.context["inline_admin_formsets"][0].formset.forms[0].errors["text"]


@pytest.mark.django_db
def test_orphans_are_listed_on_the_article_page_and_filtered_in_the_lists(client, edited):
    edited(EDITS["removed passage"][0])

    page = client.get(admin_url("article", "change", edited.article.pk))
    assert "1 quotation</a>" in page.text and "1 annotation</a>" in page.text
    link = f"?article__id__exact={edited.article.pk}&amp;orphaned__exact=1"
    assert admin_url("quotation") + link in page.text

    for model, row in (("quotation", edited.quotation), ("annotation", edited.note)):
        response = client.get(
            admin_url(model), {"article__id__exact": edited.article.pk, "orphaned__exact": 1}
        )
        assert response.status_code == 200
        assert [obj.pk for obj in response.context["cl"].result_list] == [row.pk]
        assert client.get(admin_url(model), {"orphaned__exact": 0}).context["cl"].result_count == 0


@pytest.mark.django_db
def test_an_orphan_is_attached_by_hand_with_new_offsets(client, edited):
    edited(EDITS["removed passage"][0])
    article = edited.article
    article.refresh_from_db()
    quotation = Quotation.objects.get()
    start = article.body.index("are glad.")
    data = {
        "article": article.pk,
        "text": "are glad.",
        "start": start,
        "end": start + 9,
        "speaker": "",
        "cue": "",
        "kind": "direct",
        "status": "confirmed",
        "tags": "",
    }

    wrong = client.post(admin_url("quotation", "change", quotation.pk), data | {"end": start + 5})
    assert wrong.status_code == 200 and wrong.context["adminform"].form.errors["text"]
    quotation.refresh_from_db()
    assert quotation.orphaned

    assert client.post(admin_url("quotation", "change", quotation.pk), data).status_code == 302
    quotation.refresh_from_db()
    assert (quotation.orphaned, quotation.text) == (False, "are glad.")


@pytest.mark.django_db
def test_the_attach_action_places_orphans_whose_text_is_back(client, edited):
    edited(EDITS["removed passage"][0])
    edited(BODY)
    assert Quotation.objects.get().orphaned

    response = client.post(
        admin_url("quotation"),
        {"action": "attach_again", "_selected_action": [edited.quotation.pk]},
        follow=True,
    )

    assert "1 attached again; 0 still orphaned" in response.text
    quotation = Quotation.objects.get()
    assert not quotation.orphaned and BODY[quotation.start : quotation.end] == QUOTE


def test_a_whole_new_long_text_is_not_aligned_character_by_character(monkeypatch):
    monkeypatch.setattr("articles.anchoring.MAX_ALIGNED", 10)
    old = "head " + "a" * 40 + " tail"
    new = "head " + "b" * 80 + " tail"
    position = PositionMap(old, new)
    assert [position(5), position(25), position(45)] == [5, 45, 85]


@given(
    old=st.text(min_size=1, max_size=300),
    edit=st.tuples(st.integers(0, 300), st.integers(0, 40), st.text(max_size=40)),
    span=st.tuples(st.integers(0, 299), st.integers(1, 60)),
)
@hypothesis_settings(max_examples=300, deadline=None)
def test_any_edit_gives_a_place_inside_the_new_body_or_none(old, edit, span):
    at, removed, inserted = edit
    at = min(at, len(old))
    new = old[:at] + inserted + old[at + removed :]
    start = min(span[0], len(old) - 1)
    end = min(len(old), start + span[1])
    anchor = Anchor.in_body(old, start, end, old[start:end])

    place = relocate(anchor, new, hint=PositionMap(old, new)(start))

    if place is not None:
        assert 0 <= place[0] < place[1] <= len(new)
    if old == new:
        assert place == (start, end)
    if old[start:end] in new:
        # Exact text is never given up for an approximate place.
        assert new[place[0] : place[1]] == old[start:end]


@pytest.mark.django_db
def test_a_changed_body_is_announced_and_annotations_follow_by_listening(alice):
    """articles never imports annotations: it re-anchors its own rows and announces the change."""
    article = make_article(body=OLD)
    note = annotate(article, "he said", alice)
    heard = []

    def listener(sender, change, **kwargs):
        heard.append((sender, change.article, change.old_body, change.result.moved))

    old_body = article.body
    article.body = "Introduction.\n\n" + OLD
    article.save()
    body_changed.connect(listener)
    try:
        result = reanchor_article(article, old_body)
    finally:
        body_changed.disconnect(listener)

    assert heard[0][:3] == (Article, article, old_body)
    assert result.moved == 1
    note.refresh_from_db()
    assert article.body[note.start : note.end] == "he said"
