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


def test_a_clause_with_quoted_words_is_reported_speech_and_keeps_its_partial_quotation():
    extraction = extract("Jane Roe said the ferry was “a lifeline for the islands” and would stay.")
    kinds = {q.kind: q.text for q in extraction.quotations}
    assert kinds["indirect"] == "the ferry was “a lifeline for the islands” and would stay"
    assert kinds["partial"] == "a lifeline for the islands"


def test_quoted_words_with_a_cue_of_their_own_inside_a_reported_clause_are_a_quotation_too():
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
        (
            "The premier's aide, Jane Roe, said the premier would not comment.",
            "the premier would not comment",
        ),
        ("Her neighbour, Jane Roe, said the water came in minutes.", "the water came in minutes"),
    ],
)
def test_a_name_set_off_by_commas_after_its_description_is_the_subject_not_a_clause(text, clause):
    assert reported(text) == [(clause, "Jane Roe")]


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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A participle that reports a clause of its own after a comma starts a second one.
        (
            "Jane Roe said the ferry was late, saying the crew had quit.",
            [("the ferry was late", "Jane Roe"), ("the crew had quit", "Jane Roe")],
        ),
        # A colon or a semicolon ends the clause.
        (
            "Jane Roe said the plan was simple: the boats leave at dawn and return at dusk.",
            [("the plan was simple", "Jane Roe")],
        ),
        # A clause that opens with a preposition and has a verb of its own is no adverbial.
        (
            "At least nine boats were lost in the storm, Jane Roe said.",
            [("At least nine boats were lost in the storm", "Jane Roe")],
        ),
        # After a cue and a name, an appositive, not a second clause.
        (
            "The pier was closed all week, said Jane Roe, a diver at the port.",
            [("The pier was closed all week", "Jane Roe")],
        ),
        # "that" opening a relative clause is not the one after a cue.
        (
            "Jane Roe said the plan helps firms that hire young people.",
            [("the plan helps firms that hire young people", "Jane Roe")],
        ),
        # How it was said, before the clause.
        (
            "Jane Roe said by text message the ferry would run all winter.",
            [("the ferry would run all winter", "Jane Roe")],
        ),
        # Whom one tells, in capitals; a subject pronoun opening the clause of a verb that takes a thing.
        (
            "Jane Roe told CBC News the ferry would run all winter.",
            [("the ferry would run all winter", "Jane Roe")],
        ),
        (
            "The harbour authority stated in May it rejected the new pier.",
            [("it rejected the new pier", "The harbour authority")],
        ),
        # Quoted words going on in lower case after an abbreviation's dot do not end the sentence.
        (
            "Jane Roe, who lost 20 lbs. “and a belt size” in a year, says the walks changed her life.",
            [("the walks changed her life", "Jane Roe")],
        ),
        # Verbs that are nouns as often, after a subject of their number; an adverb before the clause.
        (
            "Many islanders report they wait hours for the ferry.",
            [("they wait hours for the ferry", "Many islanders")],
        ),
        (
            "Jane Roe ran the port. She states however, that the ferry will run all winter.",
            [("the ferry will run all winter", "Jane Roe")],
        ),
        # A cue inside a relative clause reports the rest of that clause, not the sentence before it.
        (
            "The port planned a pier, which the council said in a letter would double the traffic.",
            [("would double the traffic", "the council")],
        ),
        # A cue that parts a short subject from its verb.
        (
            "Jane Roe ran the port for years. Most of it, she says, goes to schools in the north.",
            [("goes to schools in the north", "Jane Roe")],
        ),
        # A cue in a subordinate clause that opens the sentence: its clause ends at the main one.
        (
            "While some islanders say the ferry should stop in winter, Jane Roe says the crews want to sail.",
            [
                ("the ferry should stop in winter", "some islanders"),
                ("the crews want to sail", "Jane Roe"),
            ],
        ),
        # According to X set off by commas: each side is reported; a comma in a name is no clause's end.
        (
            "Some of the old piers, according to the harbour authority, need repairs before winter.",
            [
                ("Some of the old piers", "the harbour authority"),
                ("need repairs before winter", "the harbour authority"),
            ],
        ),
        (
            "The storm closed the port for a week, according to the Harbour, Lakes and Rivers Agency.",
            [("The storm closed the port for a week", "the Harbour")],
        ),
    ],
)
def test_clause_boundaries(text, found):
    assert reported(text) == found


@pytest.mark.parametrize(
    "text",
    [
        # What the speaker did after the cue, not what was said.
        "Jane Roe said in May, rejecting the plan of the harbour council.",
        "Jane Roe said inside the hall built on the site of the old pier.",
        # A comparison.
        "The costs are lower than the agency says they are in its latest plans.",
        # A calculation, and a document that a verb of inference makes speak.
        "The agency estimated the bridge would cost twice as much by 2030.",
        "The data suggests the ferry will be late most of the winter.",
        "Jane Roe denied it in court on Friday morning.",
        # Where after an inverted cue, a command, a thing added.
        "The harbour master and the pilot of the ferry, testified before the island council.",
        "Jane Roe told the harbour staff to wait for the tide before sailing.",
        "Jane Roe added a goal in the last minute as the islanders beat the visitors.",
        "A new report from the port shows the ferry will be late.",
        "The United States sent the harbour a ship that will sail in May.",
        # A noun after a determiner, no verb.
        "Prices at the port rose by a third in the spring, up from the last claim.",
    ],
)
def test_no_reported_speech_in_these_frames(text):
    assert reported(text) == []


def test_a_person_suggests_what_a_document_only_shows():
    assert reported("Jane Roe suggested the ferry will be late most of the winter.") == [
        ("the ferry will be late most of the winter", "Jane Roe")
    ]


def test_quoted_words_ending_a_clause_before_its_cue_keep_their_clause():
    extraction = extract("The crossing this week was “rough and cold,” Jane Roe said.")
    assert [(q.kind, q.text) for q in extraction.quotations] == [
        ("indirect", "The crossing this week was “rough and cold"),
        ("partial", "rough and cold,"),
    ]


def test_one_word_in_marks_inside_the_reporters_sentence_is_a_term():
    extraction = extract("Jane Roe called the scheme a “smartlock” and said nothing more.")
    assert [q for q in extraction.quotations if q.kind != "indirect"] == []


def test_according_to_a_long_description_of_a_source():
    [(clause, speaker)] = reported(
        "The ferry will stop in May, according to port officials not allowed to speak."
    )
    assert clause == "The ferry will stop in May"
    assert speaker.startswith("port officials")


def test_as_someone_said_the_main_clause_is_what_was_said():
    assert reported("As Jane Roe said on Monday, the ferry will run all winter.") == [
        ("the ferry will run all winter", "Jane Roe")
    ]


def test_a_clause_may_open_with_a_quantity_but_saying_little_is_no_clause():
    assert reported("Jane Roe said more ferries would run this winter.") == [
        ("more ferries would run this winter", "Jane Roe")
    ]
    assert reported("Jane Roe said little about the ferries on Friday.") == []


def test_a_cue_after_its_clause_may_say_where_it_was_said_with_a_noun_of_saying():
    text = "The jobless rate will rise, economists at the Harbour Bank warned in a note to clients."
    assert reported(text) == [("The jobless rate will rise", "economists at the Harbour Bank")]


def test_an_age_standing_for_a_person_is_a_speaker():
    assert reported("The 45-year-old, who has two children, said she had lost everything in the fire.") == [
        ("she had lost everything in the fire", "The 45-year-old")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "They" is a group, never the one person named before.
        (
            "Premier Dana Whitlow spoke. The party hopes to win. They say the money will go to families.",
            "They",
        ),
        (
            "Local residents are angry about the fees. They say the piers need repairs before summer.",
            "Local residents",
        ),
    ],
)
def test_they_is_the_group_named_before_or_kept_as_written(text, speaker):
    assert [found for _, found in reported(text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "HARBOURTON — The ferry will run all winter, Jane Roe said on Thursday.",
        "PORT ALDER, N.S. (CP) -- The ferry will run all winter, Jane Roe said on Thursday.",
    ],
)
def test_a_dateline_is_no_part_of_the_clause(text):
    assert reported(text) == [("The ferry will run all winter", "Jane Roe")]


def test_a_name_in_capitals_inside_a_story_is_no_dateline():
    text = "The ferry ran late. NATO — the alliance — will meet in May, Jane Roe said."
    assert reported(text) == [("NATO — the alliance — will meet in May", "Jane Roe")]


def test_a_relative_clause_between_the_subject_and_its_verb_is_set_aside():
    text = (
        "A senior official, who spoke on condition of anonymity because she was not allowed to talk "
        "about the plan, said the estimate was far off the mark."
    )
    assert reported(text) == [("the estimate was far off the mark", "A senior official")]


def test_a_noun_of_saying_after_an_article_is_no_cue():
    extraction = extract(
        "A senior official, who was not allowed to speak publicly, said the estimate was “far off.”"
    )
    assert [q.speaker_text for q in extraction.quotations] == ["A senior official"]


def test_a_time_does_not_end_a_clause():
    assert reported(
        "Jane Roe said the alert came by text at 9:40 p.m., long after the fire had started."
    ) == [("the alert came by text at 9:40 p.m., long after the fire had started", "Jane Roe")]


def test_it_is_the_body_described_at_the_opening_of_the_sentence_before():
    text = (
        "The regional district defended its work. In a statement, it said crews had raised the alert at once."
    )
    assert reported(text) == [("crews had raised the alert at once", "The regional district")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "A Harbour Court judge scolded the port on Friday, saying it had been hiding its records.",
            "A Harbour Court judge",
        ),
        ("The utility raised its rates in May, saying its costs had climbed for three years.", "The utility"),
    ],
)
def test_a_participle_cue_continues_a_described_subject(text, speaker):
    assert [found for _, found in reported(text)] == [speaker]
