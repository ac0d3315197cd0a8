"""The plain values that travel through ingestion: a parsed Document, and the error an editor reads.

Every reader (text dumps now; HTML, JSONL and ZIP later) turns bytes into a Document; only
``store.py`` turns a Document into rows.
"""

from dataclasses import dataclass
from datetime import datetime


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


class IngestError(Exception):
    """A document that cannot be ingested; the message says why in plain words, for editors."""
