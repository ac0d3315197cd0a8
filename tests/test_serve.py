"""``make serve``: gunicorn with WEB_CONCURRENCY processes, static files collected for whitenoise,
migrations applied, and task workers beside it, all stopped together."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import IngestBatch
from articles.tasks import start_batch
from tests.test_workers import DATABASE_TASKS, database_url

PROJECT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    """(status, headers, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local test server)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def processes_in_session(session_id):
    """The command lines of the processes in a session (Linux's /proc)."""
    commands = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session_id:
                commands.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue
    return commands


@pytest.fixture
def served(tmp_path, settings):
    port = free_port()
    log = tmp_path / "serve.log"
    environment = os.environ | {
        "DATABASE_URL": database_url(),
        "DEBUG": "False",
        "SECRET_KEY": "a-long-random-secret-key-for-the-serve-test-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(tmp_path / "static"),
        # Uploads wait as files: the workers read them where the test's storage put them.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_FORMAT": "json",
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "2",
        "TASK_WORKERS": "2",
        "PORT": str(port),
    }
    with open(log, "w") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=PROJECT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield base, process, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def test_make_serve_runs_the_app_its_static_files_and_its_workers(served, settings):
    base, process, log = served

    status, _, body = get(f"{base}/readyz")
    assert status == 200
    assert json.loads(body)["checks"]["tasks"]["backend"] == "DatabaseBackend"

    status, headers, page = get(f"{base}/")
    assert status == 200
    assert "Content-Security-Policy" in headers
    # Collected for whitenoise, with a hashed name cached for ever.
    stylesheet = re.search(r'href="(/static/css/newsroom\.\w{12}\.css)"', page).group(1)
    status, headers, _ = get(base + stylesheet)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]

    # The workers started beside the server run a batch queued here.
    settings.TASKS = DATABASE_TASKS
    settings.INGEST_INLINE_MAX_DOCUMENTS = 1
    files = [
        SimpleUploadedFile(f"{n}.txt", f"Tide table {n}\n\nHigh water at {n} o'clock.\n".encode())
        for n in (1, 2)
    ]
    batch = start_batch(files=files)
    deadline = time.monotonic() + 60
    while IngestBatch.objects.get(pk=batch.pk).status != "finished":
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)

    # The Python processes (not the shell that make started them from).
    commands = [command for command in processes_in_session(process.pid) if "python" in command.split()[0]]
    assert sum("gunicorn" in command for command in commands) == 3  # the arbiter and WEB_CONCURRENCY=2
    assert sum("db_worker" in command for command in commands) == 2  # TASK_WORKERS=2
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert {"logger": "newsroom.request", "path": "/", "status": 200}.items() <= next(
        line for line in lines if line.get("path") == "/"
    ).items()

    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while processes_in_session(process.pid):
        assert time.monotonic() < deadline, processes_in_session(process.pid)
        time.sleep(0.2)
