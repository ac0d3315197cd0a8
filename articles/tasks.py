"""Ingestion batches: what an editor hands in on the admin's "Ingest articles" page, and its outcome.

``start_batch`` records an IngestBatch. Up to INGEST_INLINE_MAX_DOCUMENTS documents are ingested in
the request; a larger upload is kept as IngestUpload files and the ``ingest_batch`` task (run by
``manage.py db_worker``) works through them, writing an IngestItem per document and the batch's counts
as it goes, so that the batch's page shows its progress.
"""

import io
import logging
import zipfile
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.text import Truncator

from .fetch import ingest_url
from .ingest import BULK_FACTOR, IngestError, check_size
from .models import IngestBatch, IngestItem, IngestUpload
from .pipeline import IngestResult, iter_ingest, outlet_named

logger = logging.getLogger(__name__)

PASTED_TEXT = "pasted text"

# The batch's page shows progress in steps of this many documents.
RECORD_EVERY = 10
# IngestResult.status → the IngestBatch field that counts it.
COUNTERS = {"created": "created", "duplicate": "duplicates", "updated": "updated", "failed": "failed"}


def start_batch(*, files=(), text="", url="", user=None, outlet_name=None, format=None):
    """Ingest uploaded files, pasted text and a web page; the batch is finished when it was small,
    else queued for the worker. ``format``, one of FORMATS, is how the files and the text are read
    (None: as each one's bytes and name suggest); a web page is always read as HTML."""
    outlet = outlet_named(outlet_name)
    uploads, refused = [], []
    for file in files:
        try:
            # A JSON Lines file or a ZIP archive holds many documents; the readers check each one.
            check_size(file.size, settings.INGEST_MAX_BYTES * BULK_FACTOR)
        except IngestError as error:
            refused.append(IngestResult(file.name, "failed", error=str(error)))
        else:
            uploads.append(file)
    if text.strip():
        uploads.append(ContentFile(text.replace("\r\n", "\n").encode(), name=PASTED_TEXT))
    # A web page is read as HTML whatever the choice: a batch of one records no format.
    format = (format or None) if uploads else None
    expected = (
        len(refused) + bool(url) + sum(count_documents(file.name, contents(file), format) for file in uploads)
    )

    batch = IngestBatch.objects.create(
        label=describe([file.name for file in uploads] + [result.source_name for result in refused], url),
        status=IngestBatch.Status.RUNNING,
        outlet=outlet,
        format=format or "",
        total=expected,
        created_by=user,
    )
    options = {"user": user, "outlet_name": outlet.name if outlet else None}
    record(batch, refused)
    # A page is fetched in the request even in a large batch: the worker is handed files only.
    if url:
        record(batch, ingest_url(url, **options))
    if expected <= settings.INGEST_INLINE_MAX_DOCUMENTS:
        for file in uploads:
            record(batch, ingest_safely(contents(file), file.name, format=format, **options))
        finish(batch)
        return batch
    with transaction.atomic():
        # Copied to the storage in chunks: a large upload is never whole in memory here.
        for file in uploads:
            upload = IngestUpload(batch=batch, name=file.name)
            upload.file.save(file.name, file, save=False)
            upload.save()
        batch.status = IngestBatch.Status.QUEUED
        batch.save(update_fields=["status"])
        transaction.on_commit(partial(ingest_batch.enqueue, batch_id=batch.pk))
    return batch


@task
def ingest_batch(batch_id):
    """Ingest a queued batch's uploads one at a time, deleting each once read."""
    batch = IngestBatch.objects.select_related("outlet", "created_by").filter(pk=batch_id).first()
    if batch is None:
        # Deleted, with its uploads, before a worker got to it.
        return
    batch.status = IngestBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    options = {
        "user": batch.created_by,
        "outlet_name": batch.outlet.name if batch.outlet else None,
        "format": batch.format or None,
    }
    try:
        # One upload in memory at a time: an upload may be a large archive.
        for upload_id in batch.uploads.order_by("pk").values_list("pk", flat=True):
            upload = IngestUpload.objects.get(pk=upload_id)
            record(batch, ingest_safely(upload.read(), upload.name, **options))
            # Its file goes with it (``delete_upload_file``).
            upload.delete()
    except Exception as error:
        batch.status = IngestBatch.Status.FAILED
        batch.error = f"The batch stopped: {error}"
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error", "finished_at"])
        raise
    finish(batch)


def ingest_safely(data, name, **options):
    """A result per document of an upload, as they are stored; should a reader have a bug, a failed
    result instead of an exception, so that the rest of the batch still goes in."""
    try:
        yield from iter_ingest(data, name, **options)
    except Exception:
        logger.exception("ingesting %s failed unexpectedly", name)
        yield IngestResult(name, "failed", error="an unexpected error stopped the reading of this file")


def record(batch, results):
    """Write an item per result and add them to the batch's counts, a few at a time."""
    items = []
    for result in results:
        items.append(
            IngestItem(
                batch=batch,
                position=batch.done,
                source_name=Truncator(result.source_name).chars(500),
                status=result.status,
                article=result.article,
                error=result.error,
            )
        )
        batch.done += 1
        counter = COUNTERS[result.status]
        setattr(batch, counter, getattr(batch, counter) + 1)
        if len(items) == RECORD_EVERY:
            save_progress(batch, items)
            items = []
    if items:
        save_progress(batch, items)


def save_progress(batch, items):
    IngestItem.objects.bulk_create(items)
    # An archive or a JSON Lines file may hold more documents than counted up front.
    batch.total = max(batch.total, batch.done)
    batch.save(update_fields=["done", "total", *COUNTERS.values()])


def finish(batch):
    batch.status = IngestBatch.Status.FINISHED
    batch.total = batch.done
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "total", "finished_at"])


def contents(file):
    """All of an uploaded file's bytes, however often it has been read already."""
    file.seek(0)
    return file.read()


def count_documents(name, data, format=None):
    """How many documents an upload holds, as far as can be told cheaply: a ZIP's files, a JSON Lines
    file's lines, otherwise one. ``format`` is the one chosen for the upload, if any."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return max(1, sum(not entry.is_dir() for entry in archive.infolist()))
        except zipfile.BadZipFile:
            return 1
    if format == "jsonl" or (format is None and name.lower().endswith((".jsonl", ".ndjson"))):
        return max(1, sum(1 for line in data.splitlines() if line.strip()))
    return 1


def describe(names, url):
    """A few words on what a batch holds, for its label."""
    parts = [url] if url else []
    if len(names) == 1:
        parts.append(names[0])
    elif names:
        parts.append(f"{len(names)} files: " + ", ".join(names[:3]) + (", …" if len(names) > 3 else ""))
    return Truncator("; ".join(parts)).chars(300)
