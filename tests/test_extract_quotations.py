"""Quotation marks, spans and kinds: every construction of issue 4, on short texts of our own."""

import pytest

from articles.extract import extract


def quotes(text):
    """The quotations in quotation marks (reported speech has its own tests in test_extract_reported)."""
    extraction = extract(text)
    for q in extraction.quotations:
        assert text[q.start : q.end] == q.text
    return [
        (q.text, extraction.speaker_name(q), q.kind) for q in extraction.quotations if q.kind != "indirect"
    ]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“"), ("„", "”")],
)
def test_every_kind_of_mark(opening, closing):
    text = f"{opening}We will rebuild the bridge before winter,{closing} said Jane Roe."
    assert quotes(text) == [("We will rebuild the bridge before winter,", "Jane Roe", "direct")]


def test_apostrophes_do_not_close_a_single_quoted_quotation():
    text = "‘We didn’t know the players’ union would strike,’ said Jane Roe."
    assert quotes(text) == [("We didn’t know the players’ union would strike,", "Jane Roe", "direct")]


def test_a_nested_quotation_belongs_to_the_outer_one():
    text = "“They called it ‘a special operation’ from the first day,” said Jane Roe."
    assert quotes(text) == [
        ("They called it ‘a special operation’ from the first day,", "Jane Roe", "direct")
    ]


def test_russian_marks_nested():
    text = "«Он назвал это „спецоперацией“ с первого дня», — заявил Иван Петров."
    assert quotes(text) == [("Он назвал это „спецоперацией“ с первого дня", "Иван Петров", "direct")]


def test_a_quotation_over_paragraphs_is_one():
    text = (
        "Jane Roe spoke at length.\n\n"
        "“The first part of what she said goes on here.\n\n"
        "“And the second part closes it,” she said."
    )
    [(words, speaker, kind)] = quotes(text)
    assert words.startswith("The first part") and words.endswith("closes it,")
    assert speaker == "Jane Roe"


def test_a_quotation_split_by_its_attribution_gives_two_both_attributed():
    text = "Jane Roe spoke.\n\n“We will rebuild the bridge,” she said. “It will take two years.”"
    assert quotes(text) == [
        ("We will rebuild the bridge,", "Jane Roe", "direct"),
        ("It will take two years.", "Jane Roe", "direct"),
    ]


def test_direct_and_partial():
    text = (
        "Mayor Jane Roe noted that “the bridge is not safe,” and that the city “will close it soon.”\n\n"
        "“We have no choice at all,” Roe said."
    )
    assert quotes(text) == [
        ("the bridge is not safe,", "Jane Roe", "partial"),
        ("will close it soon.", "Jane Roe", "partial"),
        ("We have no choice at all,", "Jane Roe", "direct"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “experts” were wrong again, Jane Roe wrote in her column yesterday.",
        "Jane Roe watched “The Wire” and read “War and Peace” over the summer holidays.",
        "The band, known as “The Quiet Ones”, played on Friday night in the park.",
        "Her nickname, 'Bobo', stuck with her for years, friends of Jane Roe recall.",
        # A title with its full stop inside the marks; one word of the reporter's in marks.
        "“We will sail,” Jane Roe said on Harbour Radio’s “Meet the Islands.”",
        "Jane Roe called the plan a “lifeline” for the islands and the crews.",
    ],
)
def test_scare_quotes_titles_and_names_are_not_quotations(text):
    assert [q for q in quotes(text) if q[0] != "We will sail,"] == []


def test_a_short_quotation_next_to_its_cue_is_kept():
    text = "The ministry of Jane Roe expressed “deep concern” over the arrests."
    assert [q[0] for q in quotes(text)] == ["deep concern"]


def test_unclosed_marks_and_empty_quotes_give_nothing():
    assert quotes("He said “this never ends\n\nNew paragraph without marks.") == []
    assert quotes('“” and "" and «»') == []


def test_a_curly_quotation_closed_by_a_straight_mark():
    text = '“Clearly the old bridges are the weakest ones," Jane Roe added, “but there are others.”'
    assert [q[0] for q in quotes(text)] == [
        "Clearly the old bridges are the weakest ones,",
        "but there are others.",
    ]


def test_a_nickname_in_quotation_marks_is_no_quotation():
    assert quotes("Lead singer Maria “Masha” Okonkwo told followers the band was safe.") == []


def test_words_quoted_in_the_reporters_sentence_without_a_speaker_are_no_quotation():
    assert quotes("The charter is a text that “keeps the old rights of every harbour town alive.”") == []


def test_a_stray_paragraph_break_does_not_open_a_false_quotation():
    text = (
        '"Which boats may dock is up to the harbour master on duty\n\n'
        'based on the advice of the professionals," said Jane Roe in an email.\n\n'
        '"We will decide case by case, as we always have done."'
    )
    assert [q[0] for q in quotes(text)] == ["We will decide case by case, as we always have done."]
