"""Any text, however odd, gives quotations and mentions whose offsets hold."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.extract import extract

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
