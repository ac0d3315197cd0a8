"""Health checks for load balancers and orchestrators: ``/healthz`` and ``/readyz``.

``/healthz`` says the process is up and touches nothing else, so that a database outage does not
get every web process restarted. ``/readyz`` says whether this process can serve: the database
answers and the task queue can be reached (for django-tasks-db, the queue is a table: its depth and
the age of its oldest waiting task are reported). Both are answered by the first middleware, before
the host check and the HTTPS redirect, since a balancer asks over plain HTTP by the machine's
address; they say nothing secret and are not logged as requests.
"""

import time

from django.db import DatabaseError, connections, router
from django.http import JsonResponse
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

HEALTH_PATHS = {"/healthz", "/readyz"}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            checks = {"database": check_database(), "tasks": check_tasks()}
            ready = all(check["ok"] for check in checks.values())
            return JsonResponse(
                {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
            )
        return self.get_response(request)


def timed(check):
    """Run ``check()``, which returns a dict of facts; add ok, the time taken, and the error if any."""
    started = time.perf_counter()
    try:
        facts = {"ok": True, **check()}
    except DatabaseError as error:
        facts = {"ok": False, "error": type(error).__name__}
    facts["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return facts


def check_database():
    def query():
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {}

    return timed(query)


def check_tasks():
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]

    def queue():
        facts = {"backend": type(backend).__name__}
        # Only the database backend has a queue to look at.
        if isinstance(backend, DatabaseBackend):
            ready = DBTaskResult.objects.using(router.db_for_read(DBTaskResult)).ready()
            oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            facts["ready"] = ready.count()
            facts["oldest_ready_seconds"] = (
                round((timezone.now() - oldest).total_seconds(), 1) if oldest else None
            )
        return facts

    return timed(queue)
