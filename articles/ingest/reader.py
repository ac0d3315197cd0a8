"""Reading any input: bytes in, Documents out, whatever the format; no database.

One input can hold many documents (a JSONL file, a ZIP archive), and each of them succeeds or fails
on its own, so every reader here yields ``(source name, Document or IngestError)`` pairs.
"""

import logging
from collections.abc import Iterator, Mapping, Sequence
from functools import partial

from .archive import read_zip
from .documents import Document, IngestError
from .html import parse_html
from .jsonl import parse_jsonl
from .sniff import FORMATS, GZIP_SIGNATURE, detect_format, unwrap_gzip
from .text import parse_text_dump

logger = logging.getLogger(__name__)

# A JSONL file or a ZIP archive holds many documents, so it may be this many times larger than the
# limit for one document.
BULK_FACTOR = 10
# A ZIP archive holds at most this many files...
MAX_ARCHIVE_ENTRIES = 10_000
# ... which unpack to at most this many times the limit for one document, all together.
MAX_ARCHIVE_FACTOR = 50


def read_documents(
    raw: bytes,
    source_name: str,
    *,
    max_bytes: int,
    format: str | None = None,
    outlet_name: str | None = None,
    outlets: Mapping[str, Sequence[str]] | None = None,
    in_archive: bool = False,
) -> Iterator[tuple[str, Document | IngestError]]:
    """Every document in ``raw``, read as ``format`` (one of FORMATS) or as its bytes suggest.

    ``max_bytes`` is the limit for one document; ``outlet_name`` is the outlet an editor chose for
    every document; ``outlets`` maps the names of known outlets to their boilerplate patterns.
    """
    try:
        if format is not None and format not in FORMATS:
            raise IngestError(
                f"“{format}” is not a format Newsroom reads: choose one of {', '.join(FORMATS)}"
            )
        check_size(len(raw), max_bytes * BULK_FACTOR)
        raw, name = unwrap_gzip(raw, source_name, partial(size_limit, max_bytes=max_bytes, format=format))
        detected = detect_format(raw, name)
        if detected == "zip" or format == "zip":
            if detected != "zip":
                raise IngestError("the file is not a ZIP archive")
            if in_archive:
                raise IngestError("a ZIP archive inside a ZIP archive is not read: unpack it first")
            yield from read_archive(
                raw,
                max_bytes,
                format=None if format == "zip" else format,
                outlet_name=outlet_name,
                outlets=outlets,
            )
            return
        format = format or detected
        if format == "jsonl":
            yield from parse_jsonl(raw, source_name, outlet_name=outlet_name, max_bytes=max_bytes)
            return
        check_size(len(raw), max_bytes)
        if format == "html":
            yield source_name, parse_html(raw, source_name, outlet_name=outlet_name)
        else:
            yield source_name, parse_text_dump(raw, source_name, outlet_name=outlet_name, outlets=outlets)
    except IngestError as error:
        yield source_name, error
    except Exception:
        # A bug in a reader, or in a library it calls, on input nobody foresaw: that document fails,
        # and the batch goes on.
        logger.exception("Reading %s failed", source_name)
        yield source_name, IngestError("the file could not be read because of an error in Newsroom")


def read_archive(raw, max_bytes, **options):
    entries = read_zip(
        raw,
        limit=partial(size_limit, max_bytes=max_bytes, format=options.get("format")),
        max_total_bytes=max_bytes * MAX_ARCHIVE_FACTOR,
        max_entries=MAX_ARCHIVE_ENTRIES,
    )
    for name, data in entries:
        if isinstance(data, IngestError):
            yield name, data
        else:
            yield from read_documents(data, name, max_bytes=max_bytes, in_archive=True, **options)


def size_limit(head, name, *, max_bytes, format=None):
    """The most a file that starts with ``head`` may unpack to: a bulk file (JSON Lines, a ZIP archive,
    anything gzipped) may hold many documents, anything else is one."""
    bulk = max_bytes * BULK_FACTOR
    if head.startswith(GZIP_SIGNATURE):
        return bulk
    return bulk if (format or detect_format(head, name)) in ("jsonl", "zip") else max_bytes


def check_size(size, limit):
    if size > limit:
        raise IngestError(f"the file is too large: {human_size(size)}, and the limit is {human_size(limit)}")


def human_size(size):
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB ({size:,} bytes)"
    return f"{size / 1024 / 1024:.1f} MB ({size:,} bytes)"
