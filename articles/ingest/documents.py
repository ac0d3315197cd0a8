"""The plain values that travel through ingestion: a parsed Document, and the error an editor reads.

Every reader (text dumps, HTML, JSONL, entries of a ZIP) turns bytes into Documents; only
``store.py`` turns a Document into rows.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit


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
# A photo caption kept at the top of an article: the gallery link or label that starts it ("Open this
# photo in gallery …", "FILE PHOTO: …", "Photo: …"), or the photographer's credit that ends it
# ("… Jane Roe/The Agency"). It is never the article's first sentence.
CAPTION_START = re.compile(
    r"(?:open (?:this )?(?:photo|image|picture|video) in (?:the )?gallery"
    r"|file (?:photo|image)\b|photo(?:graph)? (?:illustration|credit)\b|(?:photo|image|picture|caption)\s*:)",
    re.IGNORECASE,
)
CAPTION_CREDIT = re.compile(r"\b[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}/(?:The )?[A-Z][\w&.'’ -]{1,40}\.?$")


def is_caption(paragraph):
    return bool(CAPTION_START.match(paragraph) or CAPTION_CREDIT.search(paragraph))


def title_from_body(body):
    """A title made from the first sentence of ``body``, shortened to about MADE_UP_TITLE_CHARS."""
    paragraphs = [" ".join(paragraph.split()) for paragraph in body.strip().split("\n\n")]
    prose = [p for p in paragraphs if not is_caption(p)] or paragraphs
    paragraph = next((p for p in prose if len(p) > BYLINE_MAX_CHARS or re.search(r"[.!?…]", p)), prose[0])
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


# "© 2024", "Copyright 2014", "(c) 2010-2024" before an outlet's name, and "All rights reserved." after it.
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,.]*", re.IGNORECASE)
RIGHTS_RESERVED = re.compile(r"[\s,.]*all rights reserved\W*$", re.IGNORECASE)
# The parts of "Name | Tagline", "Name - Tagline", "Name — Section".
NAME_PARTS = re.compile(r"\s+[|–—•·-]\s+")
OUTLET_MAX_CHARS = 60
DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def outlet_name_from(name, url=""):
    """The outlet a page or export names itself by, cleaned; its web address's host when the name is
    only a copyright notice, a web address or a tagline; None when there is neither."""
    name = RIGHTS_RESERVED.sub("", COPYRIGHT.sub("", " ".join((name or "").split())))
    if name.startswith(("http://", "https://")):
        name = host_of(name)
    name = next((part for part in NAME_PARTS.split(name) if not is_tagline(part)), "")
    return name or host_of(url) or None


def is_tagline(text):
    """Whether ``text`` reads as a phrase about an outlet rather than its name ("Your daily news")."""
    words = text.split()
    if not words or not re.search(r"[^\W\d_]", text) or len(text) > OUTLET_MAX_CHARS:
        return True
    if DOMAIN.fullmatch(text):
        return False
    lowercase = sum(1 for word in words if word[0].islower())
    return (
        (text[0].islower() and len(words) > 1)
        or bool(re.search(r"[.!?] ", text))
        or (len(words) >= 4 and lowercase >= 2)
    )


def host_of(url):
    """The host of a web address without "www.": "example.com"; "" for anything else."""
    try:
        host = urlsplit((url or "").strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
