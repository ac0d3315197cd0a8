"""What the serving benches share: a throwaway PostgreSQL (a database on a server, or a whole server
of its own that can be restarted), seed data, and ``make serve`` started and stopped as a whole.

Not a benchmark itself; bench/connections.py and bench/load.py import it.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789"
PASSWORD = "bench-password-1"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(url):
    """Drop and create the database ``url`` names, on its server; returns ``url``."""
    parts = urlsplit(url)
    name = parts.path.strip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url


def manage(database_url, *args, **env):
    """Run a management command on ``database_url``; its standard output."""
    return subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url} | env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


SEED = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth.hashers import make_password
from articles.models import Article, Outlet
from newsroom.permissions import EDITORS, role

outlet = Outlet.objects.create(name="The Harbour Gazette")
for n in range({articles}):
    paragraphs = [
        f"The ferry company said on Monday that crossing number {{n}}-{{p}} would run twice a day, "
        f"and that “the timetable is final” for the {{p}} weeks of summer."
        for p in range(40)
    ]
    Article.objects.create(title=f"Ferry timetable {{n}}", outlet=outlet, body="\\n\\n".join(paragraphs))
group = role(EDITORS)
password = make_password("{password}")
users = get_user_model().objects.bulk_create(
    get_user_model()(username=f"editor{{n}}", password=password, is_staff=True) for n in range({users})
)
group.user_set.add(*users)
# Each editor logged in already: a session each, so that the load is reading and writing, not
# hashing passwords.
sessions = []
for user in users:
    session = SessionStore()
    session.update({{
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
        HASH_SESSION_KEY: user.get_session_auth_hash(),
    }})
    session.create()
    sessions.append(session.session_key)
print(json.dumps(sessions))
"""


def seed(database_url, articles=30, users=50):
    """Migrate, then add ``articles`` articles and ``users`` editors (editor0..., PASSWORD), each
    logged in: the keys of their sessions."""
    manage(database_url, "migrate", "--no-input")
    # Sessions are signed with the server's key.
    seeding = SEED.format(articles=articles, users=users, password=PASSWORD)
    output = manage(database_url, "shell", "-c", seeding, SECRET_KEY=SECRET_KEY)
    return json.loads(output.strip().splitlines()[-1])


def production_env(database_url, port, static_root, **extra):
    return (
        os.environ
        | {
            "DATABASE_URL": database_url,
            "DEBUG": "False",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on the loopback: no TLS proxy in front here.
            "SECURE_SSL_REDIRECT": "False",
            "STATIC_ROOT": str(static_root),
            "LOG_FORMAT": "json",
            "PORT": str(port),
        }
        | {key: str(value) for key, value in extra.items()}
    )


@contextmanager
def served(env, log_path, timeout=180):
    """``make serve`` with ``env``; once /healthz answers, yields the base URL and the id of the
    session its processes run in; stops them all after."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"make serve stopped: see {log_path}")
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"make serve did not answer in {timeout} s: see {log_path}")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


class OwnPostgres:
    """A PostgreSQL server of the bench's own (initdb in a temporary folder, its own port), which it
    may stop and start without disturbing anyone else's. Runs as the ``postgres`` user when root."""

    def __init__(self, folder, port):
        if PG_BIN is None:
            raise RuntimeError("no PostgreSQL binaries in /usr/lib/postgresql/*/bin")
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/bench"

    def run(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            prefix + [str(PG_BIN / command[0]), *command[1:]], check=True, stdout=subprocess.DEVNULL
        )

    def init(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")
        return self

    def start(self):
        self.run(
            "pg_ctl", "start", "-D", str(self.data), "-w", "-l", str(self.folder / "server.log"),
            "-o", f"-p {self.port} -k {self.folder} -c max_connections=200",
        )  # fmt: skip

    def stop(self):
        self.run("pg_ctl", "stop", "-D", str(self.data), "-w", "-m", "fast")
