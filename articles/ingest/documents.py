"""The plain values that travel through ingestion: a parsed Document, and the error an editor reads.

Every reader (text dumps, HTML, JSONL, entries of a ZIP) turns bytes into Documents; only
``store.py`` turns a Document into rows.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass
class Document:
    """One article as read from a file, before it is stored."""

    title: str
    # The clean article text: paragraphs separated by exactly one blank line.
    body: str
    # The document exactly as read, kept beside the article.
    raw: bytes
    # The file name or import id it came from.
    source_name: str
    outlet_name: str | None = None
    url: str = ""
    published_at: datetime | None = None
    # An IETF tag such as "en"; empty when unknown.
    language: str = ""
    # The codec that decodes ``raw`` (Python's name for it).
    encoding: str = "utf-8"
    author: str = ""
    # The document had no title: ``title`` was made from the first sentence, for an editor to check.
    title_generated: bool = False
    # What ``raw`` is: "text", "html" or "jsonl".
    source_format: str = "text"


class IngestError(Exception):
    """A document that cannot be ingested; the message says why in plain words, for editors."""


# The end of a sentence: a full stop, question or exclamation mark (and any closing quotation marks or
# brackets), then white space and the capital letter, digit or opening mark that starts the next one.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZА-ЯЁ0-9])")
# A dateline before the first sentence: "OTTAWA — ", "TROUT BROOK, N.B. — ", "KAPALUA, Hawaii – ".
DATELINE = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ .'’-]+(?:, [\w. ]{2,20})? (?:[—–]|--?) ")
# A first paragraph this short without a full stop is a byline or a kicker, not a sentence.
BYLINE_MAX_CHARS = 80
# A title made up from the first sentence is cut to about this; ``text.TITLE_MAX_CHARS`` is another
# limit: the longest line a page dump's title may be.
MADE_UP_TITLE_CHARS = 120


def title_from_body(body):
    """A title made from the first sentence of ``body``, shortened to about MADE_UP_TITLE_CHARS."""
    paragraphs = [" ".join(paragraph.split()) for paragraph in body.strip().split("\n\n")]
    paragraph = next(
        (p for p in paragraphs if len(p) > BYLINE_MAX_CHARS or re.search(r"[.!?…]", p)), paragraphs[0]
    )
    sentence = SENTENCE_END.split(DATELINE.sub("", paragraph, count=1), 1)[0]
    return shorten(sentence, MADE_UP_TITLE_CHARS)


def shorten(text, max_chars):
    """``text``, or its first words up to about ``max_chars`` with an ellipsis."""
    if len(text) <= max_chars:
        return text
    words = text[: max_chars + 1].rsplit(" ", 1)[0]
    return words.rstrip(" ,;:.—–-") + "…"


def parse_iso_date(value):
    """An aware datetime from an ISO 8601 date or date-time (UTC when it names no zone); ValueError."""
    moment = datetime.fromisoformat(value.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
