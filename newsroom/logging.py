"""Structured logs: one JSON line per request and per task, each with the request id that caused it.

``RequestLogMiddleware`` gives every request an id (the proxy's ``X-Request-ID`` when it sends a
sane one, else a new one), sends it back in the response's ``X-Request-ID`` and logs one line on
``newsroom.request`` when the response is ready. A background task gets the id (``current_request_id``)
as its ``request_id`` argument; the task signals below put it back in place while the task runs, so a
worker's lines name the request that queued the work, and log one line per task on
``newsroom.task``. ``RequestIdFilter`` adds the id to every record, and ``JsonFormatter`` writes it.
"""

import contextvars
import logging
import re
import time
import uuid

from django.core.signals import request_finished
from django.tasks.signals import task_finished, task_started
from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

request_logger = logging.getLogger("newsroom.request")
task_logger = logging.getLogger("newsroom.task")

request_id = contextvars.ContextVar("request_id", default="")
# A proxy's id is kept only when it is short and plain, so that it cannot forge log lines.
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Task result id → (its start on the monotonic clock, the request id before it started).
running_tasks = {}


def new_id():
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record; swaps Django's ``request`` extra (not JSON) for its path."""

    def filter(self, record):
        record.request_id = request_id.get() or "-"
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            record.request = f"{request.method} {request.get_full_path()}"
        return True


class JsonFormatter(BaseJsonFormatter):
    """A JSON object a line: time, level, logger, message, request id, and any ``extra`` fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("{levelname}{name}{message}{request_id}", *args, style="{", **kwargs)

    def process_log_record(self, log_record):
        # No empty request id on lines outside any request or task.
        if log_record.get("request_id") == "-":
            log_record.pop("request_id", None)
        return super().process_log_record(log_record)


class RequestLogMiddleware:
    """One line per request: method, path, status, duration, user; the id in and out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        # Left in place until the response is closed (see forget_request_id): Django logs a 4xx or
        # 5xx response after the middleware has returned it.
        request_id.set(incoming if INCOMING_ID.fullmatch(incoming) else new_id())
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id.get()
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": loaded_user_id(request),
            },
        )
        return response


def forget_request_id(**kwargs):
    request_id.set("")


def loaded_user_id(request):
    """The user's id if the request loaded its user: logging must cost no query (nor fail when the
    database is down)."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


def current_request_id():
    """The id of the request (or task) running now, "" outside any; a task that a request queues
    takes it as its ``request_id`` argument, read while the request runs."""
    return request_id.get()


def on_task_started(sender, task_result, **kwargs):
    carried = task_result.kwargs.get("request_id") or request_id.get() or new_id()
    running_tasks[task_result.id] = (time.perf_counter(), request_id.get())
    request_id.set(carried)


def on_task_finished(sender, task_result, **kwargs):
    started, before = running_tasks.pop(task_result.id, (None, ""))
    task_logger.log(
        logging.ERROR if task_result.status == "FAILED" else logging.INFO,
        "task %s %s",
        task_result.task.name,
        task_result.status.lower(),
        extra={
            "task": task_result.task.module_path,
            "task_id": str(task_result.id),
            "status": task_result.status.lower(),
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "worker_id": task_result.worker_ids[-1] if task_result.worker_ids else None,
        },
    )
    request_id.set(before)


def connect_signals():
    request_finished.connect(forget_request_id, dispatch_uid="newsroom.logging.request_finished")
    task_started.connect(on_task_started, dispatch_uid="newsroom.logging.task_started")
    task_finished.connect(on_task_finished, dispatch_uid="newsroom.logging.task_finished")
