"""Health checks for load balancers, and a clean 503 page while the database cannot be reached."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from articles.tasks import ingest_batch
from tests.factories import make_article

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@contextmanager
def database_down(only=None):
    """Every query (or every one ``only(sql)`` picks) fails as with a server that went away."""

    def refuse(execute, sql, params, many, context):
        if only is None or only(sql):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def test_healthz_answers_without_the_database(client, db):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_checks_answer_any_host_over_plain_http(client, db, settings):
    """A balancer asks by the machine's address, over HTTP, behind the HTTPS redirect."""
    settings.ALLOWED_HOSTS = ["newsroom.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_readyz_reports_the_database_and_the_queue(client, db, settings):
    settings.TASKS = DATABASE_TASKS
    ingest_batch.enqueue(batch_id=0)

    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    tasks = body["checks"]["tasks"]
    assert (tasks["ok"], tasks["backend"], tasks["ready"]) == (True, "DatabaseBackend", 1)
    assert tasks["oldest_ready_seconds"] >= 0


def test_readyz_is_503_when_the_database_is_down(client, db):
    with database_down():
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }


def test_a_page_is_a_clean_503_while_the_database_is_down(client, db):
    article = make_article(title="Bridge closes")
    with database_down():
        response = client.get(reverse("article-detail", args=[article.slug]))

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "The database cannot be reached just now" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert 'href="/static/css/newsroom.css"' in page


def test_the_api_answers_a_503_in_json_while_the_database_is_down(client, db, alice):
    client.force_login(alice)
    article = make_article()
    with database_down():
        response = client.get(reverse("api-annotations"), {"article": article.slug})

    assert response.status_code == 503
    assert response.json() == {
        "errors": {"__all__": ["The database cannot be reached just now. Please try again in a few seconds."]}
    }


def test_a_failure_in_a_middleware_is_a_503_too(db, alice, settings):
    """With the CSRF token in the session, its middleware loads the session before any view:
    Django's 500 handler answers, with the 503 page."""
    settings.CSRF_USE_SESSIONS = True
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    with database_down(only=lambda sql: "django_session" in sql):
        response = client.get(reverse("article-list"))

    assert response.status_code == 503
    assert "The database cannot be reached just now" in response.content.decode()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_are_not_logged_as_requests(client, db, caplog, path):
    with caplog.at_level("INFO", logger="newsroom.request"):
        client.get(path)
        client.get("/")
    assert [record.path for record in caplog.records if record.name == "newsroom.request"] == ["/"]
