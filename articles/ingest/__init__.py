"""Ingestion: files in, articles out.

The pipeline, one document at a time:

    bytes ──reader.read_documents──▶ Documents ──store.store_document──▶ Articles
                                                                    (created, duplicate, updated)

- ``documents``: the plain values, Document and IngestError.
- ``sniff``: what the bytes are (format) and how they decode (encoding).
- ``reader``: any input to Documents: text dumps (``text``), HTML pages (``html``), JSON Lines
  (``jsonl``), ZIP archives of any of these (``archive``), gzipped files.
- ``boilerplate``: generic rules for navigation lines and trailing donation appeals.
- ``store``: the only code that writes rows, in one transaction per document, with deduplication
  and versions.

The readers and rules are plain functions without a database; ``ingest_bytes`` and ``ingest_paths``
below run the whole pipeline and turn every problem with the input into a failed IngestResult,
so one bad file never stops a batch.
"""

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import reader
from .documents import Document, IngestError
from .reader import BULK_FACTOR, human_size, read_documents

if TYPE_CHECKING:
    from articles.models import Article

logger = logging.getLogger(__name__)

__all__ = [
    "Document",
    "IngestError",
    "IngestResult",
    "check_size",
    "human_size",
    "ingest_bytes",
    "ingest_paths",
]


@dataclass
class IngestResult:
    source_name: str
    status: Literal["created", "duplicate", "updated", "failed"]
    article: "Article | None" = None
    # Why it failed, in plain words for editors.
    error: str = ""


def ingest_bytes(
    raw: bytes, source_name: str, *, user=None, outlet_name=None, format=None, url=None, extract=True
) -> list[IngestResult]:
    """Parse and store every document in ``raw``: one result each (a JSONL file or a ZIP holds many).

    ``outlet_name`` overrides the outlet the documents name; ``format`` ("text", "html", "jsonl" or
    "zip") overrides the format their bytes suggest; ``url``, the address a page was fetched from,
    overrides the one it gives. With ``extract``, each new or changed article's quotations and people
    are extracted as suggestions.
    """
    return list(
        iter_ingest(
            raw, source_name, user=user, outlet_name=outlet_name, format=format, url=url, extract=extract
        )
    )


def iter_ingest(raw, source_name, *, user=None, outlet_name=None, format=None, url=None, extract=True):
    """ingest_bytes, one result at a time, for callers that show progress."""
    # Imported here so that the readers in this package import without Django's app registry.
    from articles.extract.apply import extract_article

    from .store import store_document

    documents = read_documents(
        raw,
        source_name,
        max_bytes=settings.INGEST_MAX_BYTES,
        format=format,
        outlet_name=outlet_name,
        # Only page dumps read them: HTML and JSONL ingestion does not pay for the query.
        outlets=SimpleLazyObject(known_outlets),
    )
    for name, document in documents:
        if isinstance(document, IngestError):
            yield IngestResult(name, "failed", error=str(document))
            continue
        if url:
            document.url = url
        try:
            article, status = store_document(document, user=user)
        except IngestError as error:
            yield IngestResult(name, "failed", error=str(error))
            continue
        if extract and status in ("created", "updated"):
            try:
                extract_article(article)
            except Exception:
                # The article is stored and can be extracted again; a bug here must not stop a batch.
                logger.exception("Extracting quotations from %s failed", article.slug)
        yield IngestResult(name, status, article=article)


def known_outlets():
    """The name of every outlet, with its boilerplate patterns, for the readers."""
    from articles.models import Outlet

    return {
        outlet.name: outlet.boilerplate_patterns() for outlet in Outlet.objects.only("name", "boilerplate")
    }


def ingest_paths(
    paths: Iterable, *, user=None, outlet_name=None, format=None, extract=True
) -> Iterator[IngestResult]:
    """Ingest files, and folders walked recursively in name order; one result per document."""
    for path, error in walk(paths):
        if error:
            yield IngestResult(path.name, "failed", error=error)
        else:
            yield from ingest_file(path, user=user, outlet_name=outlet_name, format=format, extract=extract)


def walk(paths):
    """(path, None) for each file in ``paths`` and the folders in it, or (path, error)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from files_in(path)
        elif not path.exists():
            yield path, f"there is no file or folder at {path}"
        elif not path.is_file():
            yield path, "this is not a regular file"
        else:
            yield path, None


def ingest_file(path, *, user=None, outlet_name=None, format=None, extract=True):
    """Ingest one file, yielding a result per document in it."""
    try:
        # A JSONL file or ZIP archive may be larger than one document; read_documents checks the rest.
        reader.check_size(path.stat().st_size, settings.INGEST_MAX_BYTES * BULK_FACTOR)
        raw = path.read_bytes()
    except IngestError as error:
        yield IngestResult(path.name, "failed", error=str(error))
        return
    except OSError as error:
        yield IngestResult(path.name, "failed", error=f"the file cannot be read: {error.strerror or error}")
        return
    yield from iter_ingest(raw, path.name, user=user, outlet_name=outlet_name, format=format, extract=extract)


def check_size(size):
    """Raise IngestError when ``size`` bytes are more than one document may have."""
    reader.check_size(size, settings.INGEST_MAX_BYTES)


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
