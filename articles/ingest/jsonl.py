"""JSON Lines bulk files: one article per line, as other systems export them.

Each line is an object ``{"id", "url", "outlet", "title", "published", "text"}``, with ``"html"``
(a whole page) instead of ``"text"`` where the system kept pages. ``id`` becomes the source name. A
line that cannot be read fails on its own, named by its number; the other lines are read.
"""

import json
import logging
import re
from collections.abc import Iterator

from .documents import Document, IngestError, outlet_name_from, parse_iso_date, title_from_body
from .html import document_from_html, web_address
from .sniff import decode

logger = logging.getLogger(__name__)
BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def parse_jsonl(
    raw: bytes, source_name: str, *, outlet_name: str | None = None, max_bytes: int | None = None
) -> Iterator[tuple[str, Document | IngestError]]:
    """(record id, or the file's name; Document or the IngestError of its line) for each line that
    is not blank.

    ``max_bytes`` limits each line, which is one document. Raises IngestError when the file as a
    whole cannot be read.
    """
    text, _ = decode(raw)
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        name = source_name
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise IngestError("it is not a JSON object")
            if record.get("id") not in (None, ""):
                name = str(record["id"])
            if max_bytes is not None and len(line.encode()) > max_bytes:
                raise IngestError(f"it is larger than the limit of {max_bytes:,} bytes")
            yield name, read_record(record, line, name, outlet_name)
        except ValueError as error:
            yield name, IngestError(f"line {number}: not valid JSON ({error})")
        except RecursionError:
            yield name, IngestError(f"line {number}: not valid JSON (nested too deep)")
        except IngestError as error:
            yield name, IngestError(f"line {number}: {error}")
        except Exception:
            # A bug on input nobody foresaw: this line fails, and the file goes on.
            logger.exception("Reading line %s of %s failed", number, source_name)
            yield name, IngestError(f"line {number}: it could not be read because of an error in Newsroom")


def read_record(record, line, name, outlet_name):
    """The Document of one JSONL record; ``line`` is kept as its raw bytes."""
    fields = {
        field: value
        for field in ("url", "outlet", "title", "published", "text", "html")
        if (value := record.get(field)) is not None
    }
    for field, value in fields.items():
        if not isinstance(value, str):
            raise IngestError(f"“{field}” must be a string, not {type(value).__name__}")
    raw = line.encode()
    if "text" in fields:
        body = normalise(fields["text"])
        if not body:
            raise IngestError("the article has no text")
        document = Document(title="", body=body, raw=raw, source_name=name, source_format="jsonl")
    elif "html" in fields:
        document = document_from_html(fields["html"], raw=raw, source_name=name)
        document.source_format = "jsonl"
    else:
        raise IngestError("the record has neither “text” nor “html”")
    if url := fields.get("url", "").strip():
        document.url = web_address(url)
        if not document.url:
            raise IngestError(f"“url” is not a web address: {url[:100]}")
    if published := fields.get("published", "").strip():
        try:
            document.published_at = parse_iso_date(published)
        except ValueError:
            raise IngestError(f"“published” is not an ISO 8601 date: {published[:40]}") from None
    if named := fields.get("outlet", "").strip():
        named = outlet_name_from(named, document.url)
    document.outlet_name = outlet_name or named or document.outlet_name
    if title := " ".join(fields.get("title", "").split()):
        document.title, document.title_generated = title, False
    elif not document.title:
        document.title, document.title_generated = title_from_body(document.body), True
    return document


def normalise(text):
    """Plain text with paragraphs separated by one blank line, lines without trailing white space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (
        "\n".join(line.rstrip() for line in chunk.strip().split("\n")) for chunk in BLANK_LINE.split(text)
    )
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
