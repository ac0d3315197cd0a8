"""Ingestion: files in, articles out.

The pipeline, one document at a time:

    bytes ──text.parse_text_dump──▶ Document ──store.store_document──▶ Article (created or duplicate)

- ``documents``: the plain values, Document and IngestError.
- ``text``: plain-text page dumps (decoding, title, outlet, paragraphs).
- ``boilerplate``: generic rules for navigation lines and trailing donation appeals.
- ``store``: the only code that writes rows, in one transaction per document, with deduplication.

The readers and rules are plain functions without a database; ``ingest_bytes`` and ``ingest_paths``
below run the whole pipeline and turn every problem with the input into a failed IngestResult,
so one bad file never stops a batch.
"""

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from django.conf import settings

from .documents import Document, IngestError
from .text import parse_text_dump

if TYPE_CHECKING:
    from articles.models import Article

__all__ = ["Document", "IngestError", "IngestResult", "ingest_bytes", "ingest_paths"]


@dataclass
class IngestResult:
    source_name: str
    status: Literal["created", "duplicate", "failed"]
    article: "Article | None" = None
    # Why it failed, in plain words for editors.
    error: str = ""


def ingest_bytes(raw: bytes, source_name: str, *, user=None, outlet_name=None) -> IngestResult:
    """Parse and store one document; ``outlet_name`` overrides the outlet the document names."""
    # Imported here so that the parsers in this package import without Django's app registry.
    from .store import store_document

    try:
        check_size(len(raw))
        document = parse_text_dump(raw, source_name)
        if outlet_name:
            document = replace(document, outlet_name=outlet_name)
        article, created = store_document(document, user=user)
    except IngestError as error:
        return IngestResult(source_name, "failed", error=str(error))
    return IngestResult(source_name, "created" if created else "duplicate", article=article)


def ingest_paths(paths: Iterable, *, user=None, outlet_name=None) -> Iterator[IngestResult]:
    """Ingest files, and folders walked recursively in name order; one result per file."""
    for path in map(Path, paths):
        if path.is_dir():
            for file, error in files_in(path):
                if error:
                    yield IngestResult(file.name, "failed", error=error)
                else:
                    yield ingest_file(file, user=user, outlet_name=outlet_name)
        else:
            yield ingest_file(path, user=user, outlet_name=outlet_name)


def ingest_file(path, *, user=None, outlet_name=None):
    try:
        if not path.exists():
            raise IngestError(f"there is no file or folder at {path}")
        if not path.is_file():
            raise IngestError("this is not a regular file")
        check_size(path.stat().st_size)
        raw = path.read_bytes()
    except IngestError as error:
        return IngestResult(path.name, "failed", error=str(error))
    except OSError as error:
        return IngestResult(path.name, "failed", error=f"the file cannot be read: {error.strerror or error}")
    return ingest_bytes(raw, path.name, user=user, outlet_name=outlet_name)


def files_in(folder):
    """(path, None) for each file under ``folder``, or (path, error) where a folder cannot be read.

    Hidden files and folders are skipped, and so are links to folders, which could lead back up.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield folder, f"the folder cannot be read: {error.strerror or error}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from files_in(Path(entry.path))
        elif not entry.is_dir():
            yield Path(entry.path), None


def check_size(size):
    limit = settings.INGEST_MAX_BYTES
    if size > limit:
        raise IngestError(f"the file is too large: {human_size(size)}, and the limit is {human_size(limit)}")


def human_size(size):
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB ({size:,} bytes)"
    return f"{size / 1024 / 1024:.1f} MB ({size:,} bytes)"
