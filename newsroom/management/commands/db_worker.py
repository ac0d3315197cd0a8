"""``manage.py db_worker``: django-tasks-db's worker, made to survive the database going away.

The library's worker exits for good on any database error but "database is locked", and a task
whose worker died stays "running" for ever. This one (same options; it takes the command's place
because the newsroom app comes first in INSTALLED_APPS):

- retries on a locked, lost or refused database, waiting longer each time (0.5 s doubling to 30 s,
  with jitter so that workers do not come back all at once), and never exits on it;
- every ``--sweep-interval`` seconds, and when it starts, queues ingestion batches again whose
  worker stopped renewing its lease (``articles.tasks.requeue_abandoned``).

Several workers, on one host or many, share one queue: each takes its next task with
``SELECT ... FOR UPDATE SKIP LOCKED`` (in the library), so no task runs twice.
"""

import contextlib
import logging
import os
import random
import time

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from articles.tasks import requeue_abandoned

logger = logging.getLogger("newsroom.worker")

DATABASE_LOST = (OperationalError, InterfaceError)
# The library Worker's other options, passed on as the command parsed them.
WORKER_OPTIONS = ("interval", "backend_name", "startup_delay", "max_tasks", "worker_id")
FIRST_BACKOFF, MAX_BACKOFF = 0.5, 30.0


def backoff(failures):
    """Seconds to wait after ``failures`` failures in a row: doubling, capped, with jitter."""
    delay = min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (failures - 1))
    return delay * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not a secret)


class Worker(db_worker.Worker):
    def __init__(self, *, sweep_interval, **options):
        super().__init__(**options)
        self.sweep_interval = sweep_interval
        self.last_sweep = None

    def run(self):
        logger.info("worker %s started, queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            # Workers started together do not all poll at once.
            time.sleep(random.random())  # noqa: S311
        failures = 0
        while self.running:
            try:
                # Drop connections that expired or broke while waiting (as Django does per request).
                close_old_connections()
                self.sweep_when_due()
                task_result = self.take_task()
                if task_result is not None:
                    self.run_task(task_result)
            except DATABASE_LOST as error:
                failures += 1
                delay = backoff(failures)
                logger.warning(
                    "database unavailable (%s: %s); retrying in %.1f s",
                    type(error).__name__,
                    str(error).strip().splitlines()[0] if str(error).strip() else "",
                    delay,
                    extra={"failures": failures, "worker_id": self.worker_id},
                )
                self.drop_connections()
                self.sleep(delay)
                continue
            if failures:
                logger.info("database reachable again after %d failures", failures)
                failures = 0
            if self.batch and task_result is None:
                logger.info("no more tasks for worker %s: stopping", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("worker %s ran its %d tasks: stopping", self.worker_id, self._run_tasks)
                return
            if self.running and task_result is None:
                self.sleep(self.interval)

    def take_task(self):
        """The next ready task, claimed for this worker, or None; database errors propagate."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def sweep_when_due(self):
        now = time.monotonic()
        if self.last_sweep is None or now - self.last_sweep >= self.sweep_interval:
            requeue_abandoned()
            self.last_sweep = now

    def drop_connections(self):
        """Close every connection, so that the next attempt opens a fresh one."""
        for connection in connections.all(initialized_only=True):
            with contextlib.suppress(DATABASE_LOST):
                connection.close()

    def sleep(self, seconds):
        # A signal during the sleep stops the worker at once (see Worker.shutdown).
        time.sleep(seconds)


class Command(db_worker.Command):
    help = "Run a database background worker that survives database outages"
    # The checks query the database (its version): a worker started before the database is up must
    # wait for it, not exit. `migrate` and `check --deploy` run them on deployment.
    requires_system_checks = []

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=db_worker.valid_interval,
            default=30,
            help="Seconds between looks for ingestion batches whose worker died (default: %(default)r)",
        )

    def configure_logging(self, verbosity):
        # The LOGGING setting sends these loggers' lines, as JSON in production; only quiet them.
        if verbosity == 0:
            for name in ("django_tasks_db", "newsroom.worker", "newsroom.task"):
                logging.getLogger(name).setLevel(logging.CRITICAL)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, sweep_interval, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            sweep_interval=sweep_interval,
            **{name: options[name] for name in WORKER_OPTIONS},
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # Only the reloader's child handles the signals.
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
