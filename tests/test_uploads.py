"""Uploads waiting for a worker are files in Django's storage, not bytes in the database; each is
deleted, file and row, once read. Rows queued as bytes before the change are moved to files."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import tasks
from articles.models import Article, IngestBatch, IngestUpload

DUMP = b"A title\n\nThe first sentence of the article. The second one.\n"


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(path.name for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.django_db
def test_a_queued_upload_is_a_file_in_the_storage_and_goes_once_read(alice, settings):
    settings.INGEST_INLINE_MAX_DOCUMENTS = 0
    contents = [DUMP, DUMP.replace(b"first", b"last")]
    names = ["one.txt", "two.txt"]
    files = [SimpleUploadedFile(name, data) for name, data in zip(names, contents, strict=True)]

    # Outside captureOnCommitCallbacks the task is not run: the uploads wait.
    batch = tasks.start_batch(files=files, user=alice)

    assert batch.status == "queued"
    assert [upload.read() for upload in batch.uploads.order_by("pk")] == contents
    assert stored_files(settings) == ["one.txt", "two.txt"]

    tasks.ingest_batch.call(batch_id=batch.pk)

    assert Article.objects.count() == 2
    assert not IngestUpload.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_a_batch_deleted_before_the_worker_takes_its_files_along(alice, settings):
    batch = IngestBatch.objects.create(label="gone", created_by=alice)
    IngestUpload.objects.create(batch=batch, name="a.txt", file=ContentFile(DUMP, name="a.txt"))
    assert stored_files(settings) == ["a.txt"]

    batch.delete()

    assert stored_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_uploads_queued_as_bytes_become_files_and_back(settings):
    executor = MigrationExecutor(connection)
    before, after = [("articles", "0001_initial")], [("articles", "0002_ingestupload_file")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    batch = old.get_model("articles", "IngestBatch").objects.create(label="old")
    old.get_model("articles", "IngestUpload").objects.create(batch=batch, name="old.txt", data=DUMP)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    upload = new.get_model("articles", "IngestUpload").objects.get()
    with upload.file.open("rb") as file:
        assert file.read() == DUMP
    assert stored_files(settings) == ["old.txt"]

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    upload = executor.loader.project_state(before).apps.get_model("articles", "IngestUpload").objects.get()
    assert bytes(upload.data) == DUMP
    assert stored_files(settings) == []

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
