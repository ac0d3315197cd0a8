"""Background batches through the real queue: django-tasks-db and real ``db_worker`` processes.

Two workers share a batch and take no task or upload twice; a worker killed in the middle of a
batch leaves it to another, which stores and records each document once; a worker waits out a lost
database instead of exiting.
"""

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from articles.models import Article, IngestBatch, IngestItem
from articles.tasks import start_batch
from newsroom.management.commands.db_worker import MAX_BACKOFF, Worker

PROJECT = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def queued_batches(settings):
    settings.TASKS = DATABASE_TASKS
    settings.INGEST_INLINE_MAX_DOCUMENTS = 1


def story(number):
    return SimpleUploadedFile(
        f"ferry-{number}.txt",
        f"Ferry timetable {number}\n\nSource: The Harbour Gazette\n\n"
        f"The ferry to the island leaves at {number} past the hour from now on.\n\n"
        f"“Passengers asked for it,” said the harbour master in notice {number}.\n".encode(),
    )


def database_url():
    """The test database, for a process started by the test."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


class WorkerProcess:
    """``manage.py db_worker`` in its own process, its JSON log in a file."""

    def __init__(self, log_path, **env):
        self.log_path = log_path
        environment = os.environ | {
            "DATABASE_URL": database_url(),
            # Uploads wait as files: the worker reads them where the test's storage put them.
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        }
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
                + ["--interval", "0.1", "--sweep-interval", "0.5"],
                cwd=PROJECT,
                env=environment | env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self):
        lines = []
        for line in Path(self.log_path).read_text().splitlines():
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                lines.append({"message": line})
        return lines

    def messages(self):
        return [line["message"] for line in self.log()]

    def wait_started(self):
        wait_until(lambda: any(" started, queues " in message for message in self.messages()), self)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def wait_until(condition, *workers, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        for worker in workers:
            assert worker.process.poll() is None, "\n".join(worker.messages())
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@contextmanager
def workers(tmp_path, count=1, name="worker", **env):
    started = [WorkerProcess(tmp_path / f"{name}-{n}.log", **env) for n in range(count)]
    try:
        for worker in started:
            worker.wait_started()
        yield started
    finally:
        for worker in started:
            worker.stop()


def batch_status(batch):
    return IngestBatch.objects.values_list("status", flat=True).get(pk=batch.pk)


def assert_each_document_stored_and_recorded_once(batch, documents):
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total, batch.created, batch.failed) == (
        "finished",
        documents,
        documents,
        documents,
        0,
    )
    assert Article.objects.count() == documents
    items = IngestItem.objects.filter(batch=batch)
    assert sorted(items.values_list("position", flat=True)) == list(range(documents))
    assert items.values("source_name").distinct().count() == documents
    assert not batch.uploads.exists()


def runs_under_way():
    return DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()


def test_two_worker_processes_share_a_batch_and_take_nothing_twice(tmp_path):
    documents = 30
    with workers(tmp_path, count=2) as (first, second):
        batch = start_batch(files=[story(n) for n in range(documents)])
        # The run that finishes the batch is marked done by its worker a moment later: wait for both.
        wait_until(lambda: batch_status(batch) == "finished" and not runs_under_way(), first, second)

    assert_each_document_stored_and_recorded_once(batch, documents)
    # Each queued run went to one worker; both workers ran some.
    runs = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert len(runs) == 4
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in runs)
    # Each upload was read by one worker, and both workers read some.
    read = [
        {
            line["message"].removeprefix("ingested ")
            for line in worker.log()
            if line["logger"] == "articles.tasks"
        }
        for worker in (first, second)
    ]
    assert not read[0] & read[1]
    assert read[0] | read[1] == {f"ferry-{n}.txt" for n in range(documents)}
    if connection.vendor == "postgresql":
        # SQLite has one writer at a time, which one worker can keep to itself to the end.
        assert read[0] and read[1]


def test_a_batch_whose_worker_died_is_finished_by_another_storing_each_document_once(tmp_path):
    documents = 120
    lines = b"\n".join(
        json.dumps(
            {"id": f"notice-{n}", "title": f"Notice {n}", "text": f"The pier opens at {n}. More."}
        ).encode()
        for n in range(documents)
    )
    lease = {"INGEST_LEASE_SECONDS": "2"}
    with workers(tmp_path, **lease) as (doomed,):
        batch = start_batch(files=[SimpleUploadedFile("notices.jsonl", lines)])
        wait_until(lambda: IngestBatch.objects.get(pk=batch.pk).done >= 10, doomed)
        doomed.process.kill()
        doomed.process.wait()
    died_at = IngestBatch.objects.get(pk=batch.pk).done
    assert 10 <= died_at < documents

    with workers(tmp_path, name="rescuer", **lease) as (rescuer,):
        wait_until(lambda: batch_status(batch) == "finished", rescuer)

    assert_each_document_stored_and_recorded_once(batch, documents)
    assert any("requeueing batch" in message for message in rescuer.messages())


def test_a_worker_waits_out_a_lost_database_and_then_runs_the_task(monkeypatch):
    batch = start_batch(files=[story(n) for n in range(3)])
    failures = iter(range(4))

    def lost_for_four_queries(execute, sql, params, many, context):
        if next(failures, None) is not None:
            raise OperationalError("the database system is shutting down")
        return execute(sql, params, many, context)

    waits = []
    monkeypatch.setattr(Worker, "sleep", lambda self, seconds: waits.append(seconds))
    worker = Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="resilient",
        sweep_interval=30,
    )
    with connection.execute_wrapper(lost_for_four_queries):
        worker.run()

    assert len(waits) == 4
    assert all(0 < wait <= MAX_BACKOFF for wait in waits)
    assert waits[3] > waits[0]
    assert batch_status(batch) == "finished"
    assert Article.objects.count() == 3
