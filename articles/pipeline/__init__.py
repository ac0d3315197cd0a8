"""The pipeline: how a document becomes rows, in four steps wired here and nowhere else.

    bytes ──read──▶ Documents ──store──▶ Article ──extract──▶ Extraction ──apply──▶ Quotations, Mentions,
    (ingest/)                   (store.py)          (extract/)               (apply.py)  Persons

Reading (``articles.ingest``) and extracting (``articles.extract``) are plain functions over plain values,
without a database; storing and applying are the only code that turns those values into rows.
``manage.py ingest`` and ``manage.py extract``, the background batches (``articles.tasks``), a page
fetched by URL (``articles.fetch``) and the admin all call the functions below, so every way in takes
the same path. Every problem with the input becomes a failed IngestResult, so one bad file never stops
a batch.
"""

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.extract import extract
from articles.ingest import BULK_FACTOR, IngestError, check_size, read_ahead, read_documents, walk
from articles.models import Article, Outlet

from .apply import Applied, apply_extraction, merge_persons
from .store import outlet_named, store_document

logger = logging.getLogger(__name__)

# What the rest of the app calls; the steps' modules (store, apply) are the pipeline's own.
__all__ = [
    "Applied",
    "IngestResult",
    "extract_article",
    "ingest_bytes",
    "ingest_file",
    "ingest_files",
    "ingest_paths",
    "iter_ingest",
    "merge_persons",
    "outlet_named",
    "store_documents",
]


@dataclass
class IngestResult:
    source_name: str
    status: Literal["created", "duplicate", "updated", "failed"]
    article: Article | None = None
    # Why it failed, in plain words for editors.
    error: str = ""


def ingest_bytes(
    raw: bytes, source_name: str, *, user=None, outlet_name=None, format=None, url=None, extract=True
) -> list[IngestResult]:
    """Read and store every document in ``raw``: one result each (a JSONL file or a ZIP holds many).

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
    documents = read_documents(
        raw,
        source_name,
        max_bytes=settings.INGEST_MAX_BYTES,
        format=format,
        outlet_name=outlet_name,
        # Only page dumps read them: HTML and JSONL ingestion does not pay for the query.
        outlets=SimpleLazyObject(known_outlets),
    )
    yield from store_documents(documents, user=user, url=url, extract=extract)


def store_documents(documents, *, user=None, url=None, extract=True):
    """Store each (name, Document or IngestError) of ``documents`` read by ``articles.ingest``, and
    extract the quotations of those new or changed; one result each."""
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
                extract_article(article, fresh=status == "created")
            except Exception:
                # The article is stored and can be extracted again; a bug here must not stop a batch.
                logger.exception("Extracting quotations from %s failed", article.slug)
        yield IngestResult(name, status, article=article)


def extract_article(article, *, fresh=False) -> Applied:
    """Extract ``article.body`` (again) and store the result as suggestions, in one transaction;
    ``fresh``: the article was just created (there is nothing of it to replace)."""
    return apply_extraction(article, extract(article.body), fresh=fresh)


def known_outlets():
    """The name of every outlet, with its boilerplate patterns, for the readers."""
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


def ingest_files(files, *, user=None, outlet_name=None, format=None, extract=True, jobs=0):
    """(path, its results) for each (path, error) of ``files``, as ``walk`` lists them, in order; the
    results are an iterator that stores the file's documents as it goes.

    HTML pages are read ahead by ``jobs`` worker processes (``articles.ingest.ahead``) while the
    pages before them are stored; other files are read here, when their turn comes.
    """
    pages = read_ahead(
        files, jobs=jobs, max_bytes=settings.INGEST_MAX_BYTES, format=format, outlet_name=outlet_name
    )
    for path, error, documents in pages:
        if error:
            yield path, iter([IngestResult(path.name, "failed", error=error)])
        elif documents is None:
            yield path, ingest_file(path, user=user, outlet_name=outlet_name, format=format, extract=extract)
        else:
            yield path, store_documents(documents, user=user, extract=extract)


def ingest_file(path, *, user=None, outlet_name=None, format=None, extract=True):
    """Ingest one file, yielding a result per document in it."""
    try:
        # A JSONL file or ZIP archive may be larger than one document; read_documents checks the rest.
        check_size(path.stat().st_size, settings.INGEST_MAX_BYTES * BULK_FACTOR)
        raw = path.read_bytes()
    except IngestError as error:
        yield IngestResult(path.name, "failed", error=str(error))
        return
    except OSError as error:
        yield IngestResult(path.name, "failed", error=f"the file cannot be read: {error.strerror or error}")
        return
    yield from iter_ingest(raw, path.name, user=user, outlet_name=outlet_name, format=format, extract=extract)
