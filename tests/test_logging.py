"""Logs: one JSON line per request and per task, the request's id carried into the tasks it queues,
and every warning printed once."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsroom.logging import JsonFormatter, RequestIdFilter

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def json_lines():
    """The log as the production handler writes it: a list of the JSON objects written so far."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_one_json_line_per_request_with_its_id(client, db, json_lines):
    response = client.get(reverse("article-list"), HTTP_X_REQUEST_ID="proxy-given-id-0001")
    client.get("/no/such/page/")

    assert response["X-Request-ID"] == "proxy-given-id-0001"
    requests = [line for line in json_lines() if line["logger"] == "newsroom.request"]
    assert [(line["method"], line["path"], line["status"]) for line in requests] == [
        ("GET", "/", 200),
        ("GET", "/no/such/page/", 404),
    ]
    first, second = requests
    assert first["request_id"] == "proxy-given-id-0001"
    assert first["level"] == "INFO" and first["duration_ms"] >= 0 and "time" in first
    # A new id for a request that brought none, on each line logged while it ran.
    assert len(second["request_id"]) == 32
    not_found = [line for line in json_lines() if line["logger"] == "django.request"]
    assert [line["request_id"] for line in not_found] == [second["request_id"]]
    assert not_found[0]["request"] == "GET /no/such/page/"


def test_a_forged_request_id_is_replaced(client, db):
    response = client.get(reverse("article-list"), HTTP_X_REQUEST_ID='x"}\n{"level": "CRITICAL"')
    assert len(response["X-Request-ID"]) == 32


def test_a_task_logs_one_line_with_the_id_of_the_request_that_queued_it(
    client, alice, settings, json_lines, django_capture_on_commit_callbacks
):
    settings.INGEST_INLINE_MAX_DOCUMENTS = 1
    client.force_login(alice)
    files = [
        SimpleUploadedFile(f"{n}.txt", f"Story {n}\n\nThe ferry sails at {n}.\n".encode()) for n in (1, 2)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_ingest"),
            {"files": files, "text": "", "url": "", "format": "", "outlet": "", "new_outlet": ""},
        )

    request_id = response["X-Request-ID"]
    tasks = [line for line in json_lines() if line["logger"] == "newsroom.task"]
    assert tasks
    assert {(line["task"], line["status"], line["request_id"]) for line in tasks} == {
        ("articles.tasks.ingest_batch", "successful", request_id)
    }
    assert all(line["duration_ms"] >= 0 for line in tasks)


def test_every_warning_is_printed_once():
    """Django's own console handler and the root's both printed each "django" warning."""
    environment = os.environ | {"DEBUG": "True", "LOG_FORMAT": "text"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import logging; logging.getLogger('django.request').warning('Not Found: /a-marker-page')",
        ],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("/a-marker-page") == 1


def test_a_malformed_log_format_stops_the_app():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=os.environ | {"LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text" in result.stderr
