"""Reported speech: the clause someone said in the reporter's words, one test per construction."""

import pytest

from articles.extract import extract


def reported(text):
    """(clause, speaker's name or the text naming a speaker who is no person found) of each indirect
    quotation."""
    extraction = extract(text)
    found = []
    for q in extraction.quotations:
        assert text[q.start : q.end] == q.text
        if q.kind == "indirect":
            found.append((q.text, extraction.speaker_name(q) or q.speaker_text))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe said the ferry would run all winter.",
        "Jane Roe said that the ferry would run all winter.",
        "Jane Roe says the ferry will run all winter.",
        "Jane Roe told reporters the ferry would run all winter.",
        "Jane Roe told the Harbour Gazette that the ferry would run all winter.",
        "Jane Roe said in a statement that the ferry would run all winter.",
        "Jane Roe said Tuesday the ferry would run all winter.",
        "Jane Roe warned that the ferry would run all winter.",
        "Jane Roe, for her part, said the ferry would run all winter.",
    ],
)
def test_speaker_verb_clause(text):
    [(clause, speaker)] = reported(text)
    assert clause.removeprefix("that ") == "the ferry would run all winter" or clause.endswith(
        "the ferry will run all winter"
    )
    assert speaker == "Jane Roe"


@pytest.mark.parametrize(
    "text",
    [
        "The ferry would run all winter, Jane Roe said.",
        "The ferry would run all winter, said Jane Roe.",
        "The ferry would run all winter, Jane Roe said in an interview.",
    ],
)
def test_clause_then_its_cue(text):
    assert reported(text) == [("The ferry would run all winter", "Jane Roe")]


def test_according_to_before_and_after_the_clause():
    assert reported("According to Jane Roe, the ferry would run all winter.") == [
        ("the ferry would run all winter", "Jane Roe")
    ]
    assert reported("The ferry would run all winter, according to Jane Roe.") == [
        ("The ferry would run all winter", "Jane Roe")
    ]


def test_a_participle_after_the_cue_continues_its_speaker():
    text = "Jane Roe said the dock was closed, adding that the ferry would run all winter."
    assert reported(text)[-1] == ("the ferry would run all winter", "Jane Roe")


def test_a_pronoun_a_surname_and_a_role_resolve_to_the_person_introduced():
    text = (
        "Harbour master Jane Roe opened the new dock on Monday.\n\n"
        "She said the ferry would run all winter.\n\n"
        "Roe said the old pier would be torn down in spring."
    )
    assert [speaker for _, speaker in reported(text)] == ["Jane Roe", "Jane Roe"]
    text = (
        "Transport Minister Jane Roe opened the new dock on Monday with John Smith.\n\n"
        "The minister said the ferry would run all winter."
    )
    assert reported(text) == [("the ferry would run all winter", "Jane Roe")]


def test_an_organisation_or_a_description_is_kept_as_written():
    text = "The harbour authority said the ferry would run all winter. Officials say the pier is unsafe now."
    assert reported(text) == [
        ("the ferry would run all winter", "The harbour authority"),
        ("the pier is unsafe now", "Officials"),
    ]


def test_a_clause_with_quoted_words_is_one_quotation_of_reported_speech():
    extraction = extract("Jane Roe said the ferry was “a lifeline for the islands” and would stay.")
    assert [(q.kind, q.text) for q in extraction.quotations] == [
        ("indirect", "the ferry was “a lifeline for the islands” and would stay")
    ]


def test_quoted_words_with_a_cue_of_their_own_inside_a_reported_clause_stay_a_quotation():
    text = "Jane Roe said the crossing was rough in what she called “the worst week of her life.”"
    extraction = extract(text)
    assert [q.kind for q in extraction.quotations] == ["indirect", "partial"]
    assert extraction.quotations[1].text == "the worst week of her life."


@pytest.mark.parametrize(
    "text",
    [
        # A direct quotation and its cue.
        "Jane Roe said: “The ferry will run all winter.”",
        "“The ferry will run all winter,” Jane Roe said.",
        # No clause follows the verb.
        "Jane Roe said goodbye to the crew of the old ferry.",
        "The ferry is said to run all winter on the northern route.",
        # Before the comma is an adverbial or the speaker's appositive, not what was said.
        "In a letter to the islanders, Jane Roe said nothing about the ferry.",
        "Jane Roe, the harbour master of the northern islands, agreed with the crew.",
        # A market's gain is no addition to what was said.
        "The harbour index added 1.7 points and closed at 210.",
    ],
)
def test_no_reported_speech(text):
    assert reported(text) == []


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("Министр Анна Петрова заявила, что паром будет ходить всю зиму.", "паром будет ходить всю зиму"),
        ("Паром будет ходить всю зиму, — сказала Анна Петрова.", "Паром будет ходить всю зиму"),
        ("По словам Анны Петровой, паром будет ходить всю зиму.", "паром будет ходить всю зиму"),
        ("Анна Петрова сообщила, что паром будет ходить всю зиму.", "паром будет ходить всю зиму"),
    ],
)
def test_russian_reported_speech(text, clause):
    [(found, speaker)] = reported(text)
    assert found == clause
    assert speaker.startswith("Анн")


def test_russian_quotation_marks_with_a_cue():
    extraction = extract("«Паром будет ходить всю зиму», — заявила Анна Петрова.")
    [quotation] = extraction.quotations
    assert (quotation.text, quotation.kind) == ("Паром будет ходить всю зиму", "direct")
    assert extraction.speaker_name(quotation) == "Анна Петрова"
    extraction = extract("Анна Петрова написала: „Паром будет ходить всю зиму“.")
    [quotation] = extraction.quotations
    assert extraction.speaker_name(quotation) == "Анна Петрова"


@pytest.mark.parametrize(
    ("text", "place", "when"),
    [
        (
            "Jane Roe posted on Telegram on Monday: “We will open the dock in May.”",
            "on Telegram",
            "on Monday",
        ),
        (
            "“We will open the dock in May,” Jane Roe said at a press conference Tuesday.",
            "at a press conference",
            "Tuesday",
        ),
        ("In a statement, the utility said the dock would open in May.", "In a statement", ""),
        (
            "Jane Roe told the Harbour Gazette in an interview last week that the dock would open.",
            "in an interview",
            "last week",
        ),
        ("«Паром будет ходить всю зиму», — заявила Анна Петрова в Telegram-канале.", "в Telegram-канале", ""),
        ("Jane Roe said the dock would open in May.", "", ""),
    ],
)
def test_where_and_when_it_was_said(text, place, when):
    [quotation] = extract(text).quotations
    assert (quotation.place, quotation.when) == (place, when)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The harbour authority said the dock would open in May.", True),
        ("Northern Power Holdings said the dock would open in May.", True),
        ("Officials said the dock would open in May.", False),
        ("A spokesperson said the dock would open in May.", False),
        ("Jane Roe said the dock would open in May.", False),
    ],
)
def test_an_organisation_speaking_is_kept_apart_from_people(text, body):
    extraction = extract(text)
    [quotation] = extraction.quotations
    assert quotation.speaker_is_body is body
    assert (quotation.speaker is None) is (body or "Roe" not in text)
