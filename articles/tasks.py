"""Ingestion batches: what an editor hands in on the admin's "Ingest articles" page, and its outcome.

``start_batch`` records an IngestBatch. Up to INGEST_INLINE_MAX_DOCUMENTS documents are ingested in
the request; a larger upload is kept as IngestUpload files and the ``ingest_batch`` task (run by
``manage.py db_worker``) works through them, writing an IngestItem per document and the batch's counts
as it goes, so that the batch's page shows its progress.

Several workers share a batch: the task is queued once per upload (up to INGEST_BATCH_PARALLELISM
times) and each run claims uploads one at a time (``SELECT ... FOR UPDATE SKIP LOCKED``) with a lease
it renews as it records progress. Documents are stored and recorded ten at a time in one transaction,
so a worker that dies loses at most those ten, which are then stored (and recorded) once by whoever
takes the upload up again: ``requeue_abandoned``, run by every worker, queues the task again for an
upload whose lease ran out.
"""

import io
import logging
import os
import socket
import zipfile
from datetime import timedelta
from functools import partial
from itertools import islice

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.text import Truncator

from newsroom.logging import current_request_id

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
# Errors that say the database is out of reach for now: the work is left to be taken up again.
DATABASE_LOST = (OperationalError, InterfaceError)
# Who holds an upload's lease: this process, on this host.
CLAIMANT = f"{socket.gethostname()}:{os.getpid()}"[-64:]


class LeaseLost(Exception):
    """Another worker took over an upload whose lease had run out while this one was still at it."""


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
        runs = max(1, min(len(uploads), settings.INGEST_BATCH_PARALLELISM))
        # The request's id goes with the task, for the logs: read now, inside the request.
        transaction.on_commit(partial(queue_batch, batch.pk, runs, request_id=current_request_id()))
    return batch


def queue_batch(batch_id, runs=1, request_id=""):
    """Queue ``runs`` runs of the batch's task: as many workers as that may share its uploads."""
    for _ in range(runs):
        ingest_batch.enqueue(batch_id=batch_id, request_id=request_id)


@task
def ingest_batch(batch_id, request_id=""):
    """Ingest a queued batch's uploads, claiming them one at a time, deleting each once read.

    ``request_id`` is the id of the request that queued the batch, for the logs."""
    batch = IngestBatch.objects.select_related("outlet", "created_by").filter(pk=batch_id).first()
    if batch is None:
        # Deleted, with its uploads, before a worker got to it.
        return
    IngestBatch.objects.filter(pk=batch.pk, status=IngestBatch.Status.QUEUED).update(
        status=IngestBatch.Status.RUNNING
    )
    options = {
        "user": batch.created_by,
        "outlet_name": batch.outlet.name if batch.outlet else None,
        "format": batch.format or None,
    }
    try:
        while (upload := claim_upload(batch)) is not None:
            ingest_upload(batch, upload, options)
    except (*DATABASE_LOST, LeaseLost):
        # The upload's lease runs out and a worker takes it up again where its progress was saved.
        raise
    except Exception as error:
        IngestBatch.objects.filter(pk=batch.pk).update(
            status=IngestBatch.Status.FAILED, error=f"The batch stopped: {error}", finished_at=timezone.now()
        )
        raise
    if not batch.uploads.exists():
        finish(batch)


def claim_upload(batch):
    """The batch's next upload that no worker holds, leased to this one; None when there is none
    (or the batch failed). Another worker's claimed rows are skipped, not waited for."""
    lease = timedelta(seconds=settings.INGEST_LEASE_SECONDS)
    while True:
        with transaction.atomic():
            if IngestBatch.objects.filter(pk=batch.pk, status=IngestBatch.Status.FAILED).exists():
                return None
            upload = (
                IngestUpload.objects.claimable()
                .filter(batch=batch)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .first()
            )
            if upload is None:
                return None
            upload.claimed_by = CLAIMANT
            upload.lease_expires_at = timezone.now() + lease
            upload.attempts += 1
            upload.save(update_fields=["claimed_by", "lease_expires_at", "attempts"])
            if upload.attempts <= settings.INGEST_MAX_ATTEMPTS:
                return upload
            # Workers died on it again and again (a file too large for their memory, say).
            error = f"the worker reading this file stopped {upload.attempts - 1} times; it was given up"
            record(batch, [IngestResult(upload.name, "failed", error=error)])
            upload.delete()


def ingest_upload(batch, upload, options):
    """Read one claimed upload into the batch, after the documents already recorded from it."""
    results = ingest_safely(upload.read(), upload.name, **options)
    # Taken up again after a worker died: its recorded documents are read again (and found stored)
    # but not recorded twice.
    record(batch, islice(results, upload.done, None), upload=upload)
    logger.info("ingested %s", upload.name, extra={"batch": batch.pk, "upload": upload.pk})
    upload.delete()


def requeue_abandoned():
    """Queue the task again for each batch with an upload whose worker's lease ran out; the upload
    is released so that the new run takes it at once. The ids of those batches."""
    with transaction.atomic():
        abandoned = list(
            IngestUpload.objects.abandoned().select_for_update(skip_locked=True).values_list("pk", "batch_id")
        )
        IngestUpload.objects.filter(pk__in=[pk for pk, _ in abandoned]).update(
            claimed_by="", lease_expires_at=None
        )
        batch_ids = sorted({batch_id for _, batch_id in abandoned})
        for batch_id in batch_ids:
            logger.warning("requeueing batch %s: its worker stopped renewing its lease", batch_id)
            transaction.on_commit(partial(queue_batch, batch_id))
    return batch_ids


def ingest_safely(data, name, **options):
    """A result per document of an upload, as they are stored; should a reader have a bug, a failed
    result instead of an exception, so that the rest of the batch still goes in."""
    try:
        yield from iter_ingest(data, name, **options)
    except DATABASE_LOST:
        # Not the file's fault: the document is read again once the database is back.
        raise
    except Exception:
        logger.exception("ingesting %s failed unexpectedly", name)
        yield IngestResult(name, "failed", error="an unexpected error stopped the reading of this file")


def record(batch, results, upload=None):
    """Write an item per result and add them to the batch's counts, a few at a time: each few
    documents are stored and recorded in one transaction, which also renews the upload's lease."""
    results = iter(results)
    while True:
        with transaction.atomic():
            # Reading the results stores their documents, inside this transaction.
            chunk = list(islice(results, RECORD_EVERY))
            if not chunk:
                return
            if upload is not None:
                renew_lease(upload, len(chunk))
            items = [
                IngestItem(
                    batch=batch,
                    source_name=Truncator(result.source_name).chars(500),
                    status=result.status,
                    article=result.article,
                    error=result.error,
                )
                for result in chunk
            ]
            save_progress(batch, items)


def renew_lease(upload, documents):
    """Count ``documents`` more of the upload as recorded and extend its lease; LeaseLost if
    another worker took it over meanwhile (this one was too slow, not dead)."""
    renewed = IngestUpload.objects.filter(
        pk=upload.pk, claimed_by=upload.claimed_by, attempts=upload.attempts
    ).update(
        done=F("done") + documents,
        lease_expires_at=timezone.now() + timedelta(seconds=settings.INGEST_LEASE_SECONDS),
    )
    if not renewed:
        raise LeaseLost(f"{upload.name} was taken over by another worker")


def save_progress(batch, items):
    """Number the items after the batch's last and add them to its counts. The batch's row is
    locked for the rest of the transaction, so that workers sharing a batch do not lose counts."""
    counts = (
        IngestBatch.objects.select_for_update().values(*COUNTERS.values(), "done", "total").get(pk=batch.pk)
    )
    for position, item in enumerate(items, start=counts["done"]):
        item.position = position
        counts[COUNTERS[item.status]] += 1
    counts["done"] += len(items)
    # An archive or a JSON Lines file may hold more documents than counted up front.
    counts["total"] = max(counts["total"], counts["done"])
    IngestItem.objects.bulk_create(items)
    IngestBatch.objects.filter(pk=batch.pk).update(**counts, heartbeat_at=timezone.now())
    for field, value in counts.items():
        setattr(batch, field, value)


def finish(batch):
    """Mark the batch finished (unless it failed); any worker whose run ends with no upload left
    may call this, once or more."""
    IngestBatch.objects.filter(
        pk=batch.pk, status__in=[IngestBatch.Status.QUEUED, IngestBatch.Status.RUNNING]
    ).update(status=IngestBatch.Status.FINISHED, total=F("done"), finished_at=timezone.now())
    batch.refresh_from_db(fields=["status", "total", "done", "finished_at"])


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
