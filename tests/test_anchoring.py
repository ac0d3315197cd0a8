"""Re-anchoring when an article's body changes: nothing an editor made is ever lost."""

import pytest

from articles.anchoring import Anchor, reanchor_article, relocate
from tests.factories import annotate, make_article, quote

OLD = "Kadyrov said it. “Captivity is not a crime,” he said. Later: “Captivity is not a crime,” again."


def anchor_of(text, body=OLD, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return Anchor.in_body(body, start, start + len(text), text)


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


def test_removed_text_cannot_be_found():
    assert relocate(anchor_of("Captivity is not a crime,"), "Nothing of it is left.") is None


@pytest.mark.django_db
def test_a_body_edit_moves_quotations_and_annotations_and_orphans_what_is_gone(alice):
    article = make_article(body=OLD)
    kept = quote(article, "Captivity is not a crime,", occurrence=1)
    gone = quote(article, "Kadyrov said it.")
    note = annotate(article, "he said", alice)
    old_body = article.body
    article.body = "Introduction.\n\n" + OLD.replace("Kadyrov said it. ", "")
    article.save()

    assert reanchor_article(article, old_body) == 1
    kept.refresh_from_db()
    gone.refresh_from_db()
    note.refresh_from_db()
    assert article.body[kept.start : kept.end] == kept.text and not kept.orphaned
    assert gone.orphaned and gone.text == "Kadyrov said it."
    assert article.body[note.start : note.end] == "he said"
    assert note.prefix.endswith("crime,” ")
