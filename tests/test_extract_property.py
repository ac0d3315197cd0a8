"""Any text, however odd, gives quotations and mentions whose offsets hold."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extract import extract
from articles.pipeline import extract_article
from tests.factories import make_article

MARKS = "“”„«»‘’\"'‹›"
pieces = st.one_of(
    st.text(max_size=30),
    st.sampled_from(list(MARKS)),
    st.sampled_from(
        ["\n", "\n\n", " said Jane Roe. ", " Kadyrov ", ", — заявил Иван Петров. ", " he said. "]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=40).map("".join))
def test_offsets_always_hold(text):
    extraction = extract(text)
    for quotation in extraction.quotations:
        assert text[quotation.start : quotation.end] == quotation.text
        assert quotation.start < quotation.end
        if quotation.speaker is not None:
            assert 0 <= quotation.speaker < len(extraction.people)
    for person in extraction.people:
        for mention in person.mentions:
            assert text[mention.start : mention.end] == mention.text
            assert mention.start < mention.end


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# PostgreSQL text holds no NUL character; ingestion never lets one into a body.
@given(
    st.lists(pieces, min_size=1, max_size=30)
    .map("".join)
    .map(lambda s: s.replace("\x00", ""))
    .filter(str.strip)
)
def test_stored_quotations_and_mentions_fit_the_body(text):
    article = make_article(body=text)
    extract_article(article)
    for row in [*article.quotations.all(), *article.mentions.all()]:
        assert article.body[row.start : row.end] == row.text
    article.delete()
