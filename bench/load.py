"""Load and failure, by hand (never in CI): ``make serve`` on a PostgreSQL server of the bench's own.

    .venv/bin/pip install -e '.[load]'
    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--documents 1000] [--port 5433]

It makes a throwaway PostgreSQL server (initdb in a temporary folder, on ``--port``, run as the
``postgres`` user when root; /usr/lib/postgresql/*/bin), seeds 30 articles and ``--users`` editors,
each with a session already (the load is reading and writing, not hashing passwords), and runs
``make serve`` against it with two gunicorn processes (WEB_CONCURRENCY=2, 4 threads each, psycopg's
pool) and two task workers. Then, with locust's users in this process:

1. steady: ``--users`` editors for ``--seconds`` reading the article list, articles, their
   annotations and people, searching people and tags, and creating, editing and deleting
   annotations. Pass: no 5xx; every annotation answered 201 (and not deleted) is in the database,
   every one answered 204 to a DELETE is gone. p50 / p99 per endpoint.
2. restart: the same while the PostgreSQL server is stopped a third of the way in and started again
   ten seconds later. Pass: while it is down, errors are clean 503s (no 500, no traceback); within 10 s
   of its return nothing fails, with no restart of the app or the workers (same processes before
   and after); nothing acknowledged is lost.
3. ingestion: a batch of ``--documents`` plain-text documents (one per upload) queued through the app's
   own ``start_batch``, run by one worker, then the same batch again (fresh database) by two: documents
   per second and the ratio.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import psycopg  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import (  # noqa: E402
    PYTHON,
    ROOT,
    OwnPostgres,
    free_port,
    fresh_database,
    production_env,
    seed,
    served,
)

ARTICLES = []  # (slug, body)
# Annotations answered 201, answered 204 to a DELETE, and whose DELETE got no answer (in flight when
# the run stopped, or cut off): those may or may not be there.
ACKNOWLEDGED = {"created": set(), "deleted": set(), "unanswered": set()}
RESPONSES = []  # (monotonic time, endpoint, status, clean) for every 5xx and every failed connection
SESSIONS = iter(())
SESSION_KEYS = []


class Editor(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        # Logged in already (bench/serving.py's seed), with a CSRF secret of its own: the cookie and
        # the X-CSRFToken header match.
        self.cookies = {"sessionid": next(SESSIONS), "csrftoken": secrets.token_hex(16)}
        self.mine = []

    def csrf(self):
        return self.cookies.get("csrftoken", "")

    def send(self, method, path, name, **kwargs):
        """A request with the session's cookies sent by hand: production cookies are Secure, and this
        bench talks plain HTTP on the loopback (a TLS proxy would be in front in production)."""
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        response = self.client.request(
            method, path, name=name, headers=headers, allow_redirects=False, **kwargs
        )
        for key in ("csrftoken", "sessionid"):
            if key in response.cookies:
                self.cookies[key] = response.cookies[key]
        return response

    def api(self, method, path, name, body=None):
        return self.send(
            method,
            path,
            name,
            data=json.dumps(body) if body is not None else None,
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
        )

    @task(3)
    def article_list(self):
        self.send("GET", "/", "/ (article list)")

    @task(5)
    def read_article(self):
        slug, _ = random.choice(ARTICLES)
        self.send("GET", f"/articles/{slug}/", "/articles/<slug>/")

    @task(3)
    def annotations(self):
        slug, _ = random.choice(ARTICLES)
        self.send("GET", f"/api/annotations/?article={slug}", "/api/annotations/?article=")

    @task(1)
    def people(self):
        self.send("GET", "/people/", "/people/")

    @task(2)
    def search_people(self):
        self.send("GET", f"/api/people/?q={random.choice(['fe', 'har', 'ma', 'qu'])}", "/api/people/?q=")

    @task(1)
    def search_tags(self):
        self.send("GET", f"/api/tags/?q={random.choice(['be', 'ch', 'lo'])}", "/api/tags/?q=")

    @task(3)
    def create_annotation(self):
        slug, body = random.choice(ARTICLES)
        start = random.randrange(0, len(body) - 40)
        end = start + random.randint(8, 30)
        response = self.api(
            "POST",
            "/api/annotations/",
            "POST /api/annotations/",
            {
                "target": {
                    "source": f"{self.host}/articles/{slug}/",
                    "selector": [
                        {"type": "TextPositionSelector", "start": start, "end": end},
                        {"type": "TextQuoteSelector", "exact": body[start:end]},
                    ],
                },
                "body": [
                    {"type": "TextualBody", "value": "bench note", "purpose": "commenting"},
                    {
                        "type": "TextualBody",
                        "value": random.choice(["bench", "check", "later"]),
                        "purpose": "tagging",
                    },
                ],
                "colour": random.choice(["yellow", "green", "blue"]),
            },
        )
        if response.status_code == 201:
            uuid = response.json()["id"].rstrip("/").rsplit("/", 1)[-1]
            self.mine.append(uuid)
            ACKNOWLEDGED["created"].add(uuid)

    @task(2)
    def edit_annotation(self):
        if self.mine:
            uuid = random.choice(self.mine)
            self.api(
                "PATCH",
                f"/api/annotations/{uuid}/",
                "PATCH /api/annotations/<uuid>/",
                {
                    "body": [
                        {"type": "TextualBody", "value": f"edited {time.time()}", "purpose": "commenting"}
                    ]
                },
            )

    @task(1)
    def delete_annotation(self):
        if self.mine:
            uuid = self.mine.pop(random.randrange(len(self.mine)))
            ACKNOWLEDGED["unanswered"].add(uuid)
            response = self.api("DELETE", f"/api/annotations/{uuid}/", "DELETE /api/annotations/<uuid>/")
            if response.status_code:
                ACKNOWLEDGED["unanswered"].discard(uuid)
            if response.status_code == 204:
                ACKNOWLEDGED["deleted"].add(uuid)
            elif response.status_code != 404:
                self.mine.append(uuid)


@events.request.add_listener
def remember_errors(request_type, name, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    if status >= 500 or exception is not None and status == 0:
        text = response.text if response is not None and status else ""
        clean = status == 503 and "Traceback" not in text and "Exception" not in text
        RESPONSES.append((time.monotonic(), name, status, clean))


def reset():
    for kind in ACKNOWLEDGED.values():
        kind.clear()
    RESPONSES.clear()


def run_users(base, users, seconds, during=None):
    """Run ``users`` editors for ``seconds`` (``during(started)`` beside them); their stats."""
    global SESSIONS
    SESSIONS = itertools.cycle(SESSION_KEYS)
    environment = Environment(user_classes=[Editor], host=base, events=events)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=max(1, users // 5))
    started = time.monotonic()
    if during:
        gevent.spawn(during, started)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return environment.stats


def print_stats(stats):
    print(f"  {'endpoint':<34} {'requests':>8} {'failed':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for entry in sorted(stats.entries.values(), key=lambda entry: entry.name):
        print(
            f"  {entry.name:<34} {entry.num_requests:>8} {entry.num_failures:>7} "
            f"{entry.get_response_time_percentile(0.5):>7} {entry.get_response_time_percentile(0.99):>7}"
        )
    total = stats.total
    print(
        f"  {'all':<34} {total.num_requests:>8} {total.num_failures:>7} "
        f"{total.get_response_time_percentile(0.5):>7} {total.get_response_time_percentile(0.99):>7}"
        f"   ({total.total_rps:.1f} req/s)"
    )


def check_acknowledged(database_url):
    with psycopg.connect(database_url) as connection:
        stored = {
            str(row[0]).replace("-", "")
            for row in connection.execute("SELECT uuid FROM annotations_annotation")
        }
    created, deleted, unanswered = (
        {uuid.replace("-", "") for uuid in ACKNOWLEDGED[kind]}
        for kind in ("created", "deleted", "unanswered")
    )
    lost = (created - deleted - unanswered) - stored
    undead = deleted & stored
    print(
        f"  annotations: {len(created)} answered 201, {len(deleted)} answered 204 to DELETE; "
        f"{len(unanswered)} DELETE unanswered (cut off at the end); "
        f"missing from the database: {len(lost)}, deleted but still there: {len(undead)}"
    )
    return not lost and not undead


def app_processes(session_id):
    """(pid, command) of the app's Python processes in ``make serve``'s session."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[3]) == session_id and "python" in command.split()[0]:
            found.add((int(stat.parent.name), command.split()[2] if len(command.split()) > 2 else command))
    return found


def serve_env(database_url, static_root, **extra):
    return production_env(
        database_url,
        free_port(),
        static_root,
        WEB_CONCURRENCY=2,
        WEB_THREADS=4,
        DATABASE_POOL="True",
        DATABASE_POOL_MAX=4,
        TASK_WORKERS=2,
        # No recycling of gunicorn's processes: the restart run checks they are the same throughout.
        WEB_MAX_REQUESTS=0,
        **extra,
    )


def load_articles(database_url):
    with psycopg.connect(database_url) as connection:
        ARTICLES[:] = connection.execute("SELECT slug, body FROM articles_article ORDER BY id").fetchall()


def steady(postgres, options, folder):
    print(f"\n1. steady: {options.users} editors for {options.seconds} s")
    reset()
    with served(serve_env(postgres.url, folder / "static"), folder / "serve-steady.log") as (base, _):
        stats = run_users(base, options.users, options.seconds)
    print_stats(stats)
    errors = [status for _, _, status, _ in RESPONSES]
    print(
        f"  5xx responses: {sum(status >= 500 for status in errors)}; connection failures: {errors.count(0)}"
    )
    kept = check_acknowledged(postgres.url)
    return not errors and kept


def restart(postgres, options, folder):
    down_for = 10
    print(f"\n2. restart: {options.users} editors for {options.seconds} s; PostgreSQL down for {down_for} s")
    reset()
    window = {}

    def bounce(started):
        gevent.sleep(options.seconds / 3)
        window["down"] = time.monotonic()
        postgres.stop()
        gevent.sleep(down_for)
        postgres.start()
        window["up"] = time.monotonic()

    log = folder / "serve-restart.log"
    env = serve_env(postgres.url, folder / "static")
    with served(env, log) as (base, session):
        before = app_processes(session)
        stats = run_users(base, options.users, options.seconds, during=bounce)
        after = app_processes(session)
    print_stats(stats)
    down, up = window["down"], window["up"]
    during = [entry for entry in RESPONSES if down <= entry[0] <= up + 0.5]
    late = [entry for entry in RESPONSES if entry[0] > up + 0.5]
    unclean = [entry for entry in RESPONSES if not entry[3]]
    last_failure = max((entry[0] for entry in RESPONSES if entry[0] > up), default=up) - up
    clean = sum(entry[3] for entry in during)
    print(f"  while down (and 0.5 s after): {len(during)} errors, {clean} of them clean 503s")
    statuses = sorted({entry[2] for entry in RESPONSES})
    print(f"  statuses: {statuses}; unclean (500, traceback, refused): {len(unclean)}")
    print(f"  last error {last_failure:.1f} s after PostgreSQL was back; errors after that: {len(late)}")
    same = before == after
    print(f"  app processes before and after: {len(before)} and {len(after)}, the same: {same}")
    kept = check_acknowledged(postgres.url)
    return not unclean and last_failure <= 10 and same and kept


BATCH = """
import time
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.tasks import start_batch
files = [
    SimpleUploadedFile(
        f"notice-{{n}}.txt",
        (f"Harbour notice {{n}}\\n\\nSource: The Harbour Gazette\\n\\n"
         + "\\n\\n".join(f"The pier {{n}} opens at {{p}} o'clock, “and not a minute later,” said the "
                         f"harbour master, Ada Fenwick, in notice {{n}}-{{p}}." for p in range(12))).encode(),
    )
    for n in range({documents})
]
batch = start_batch(files=files)
print(batch.pk)
"""


def ingestion(postgres, options, folder):
    print(f"\n3. ingestion: a batch of {options.documents} documents (one upload each), 1 worker then 2")
    rates = {}
    for workers in (1, 2):
        postgres_url = fresh_database(postgres.url)
        seed(postgres_url, articles=0, users=1)
        env = os.environ | {
            "DATABASE_URL": postgres_url,
            "INGEST_INLINE_MAX_DOCUMENTS": "0",
            "LOG_FORMAT": "json",
        }
        queued = subprocess.run(
            [str(PYTHON), "manage.py", "shell", "-c", BATCH.format(documents=options.documents)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        batch_id = int(queued.stdout.strip().splitlines()[-1])
        processes = []
        started = time.monotonic()
        for n in range(workers):
            with open(folder / f"worker-{workers}-{n}.log", "w") as log:
                processes.append(
                    subprocess.Popen(
                        [
                            str(PYTHON),
                            "manage.py",
                            "db_worker",
                            "--no-reload",
                            "--no-startup-delay",
                            "--batch",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        for process in processes:
            process.wait()
        elapsed = time.monotonic() - started
        with psycopg.connect(postgres_url) as connection:
            status, done, created, failed = connection.execute(
                "SELECT status, done, created, failed FROM articles_ingestbatch WHERE id = %s", [batch_id]
            ).fetchone()
            first, last = connection.execute(
                "SELECT min(ingested_at), max(ingested_at) FROM articles_article"
            ).fetchone()
            runs = connection.execute(
                "SELECT worker_ids->>0, count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'SUCCESSFUL' GROUP BY 1 ORDER BY 1"
            ).fetchall()
        span = (last - first).total_seconds()
        rates[workers] = done / span
        print(
            f"  {workers} worker(s): {status}, {done} done ({created} created, {failed} failed); "
            f"{span:.1f} s from first to last article ({rates[workers]:.1f} documents/s), "
            f"{elapsed:.1f} s with the workers' start; the batch's {sum(n for _, n in runs)} task runs per "
            f"worker: {[n for _, n in runs]}"
        )
    print(f"  two workers / one worker: {rates[2] / rates[1]:.2f}×")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--port", type=int, default=5433)
    parser.add_argument("--only", choices=["steady", "restart", "ingestion"], action="append")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    os.chmod(folder, 0o755)
    postgres = OwnPostgres(folder / "postgres", options.port).init()
    postgres.start()
    results = {}
    try:
        with psycopg.connect(postgres.url.replace("/bench", "/postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        SESSION_KEYS[:] = seed(postgres.url, articles=30, users=options.users)
        load_articles(postgres.url)
        print(f"PostgreSQL of its own on port {options.port}; logs in {folder}")
        for name, phase in (("steady", steady), ("restart", restart), ("ingestion", ingestion)):
            if not options.only or name in options.only:
                results[name] = phase(postgres, options, folder)
    finally:
        postgres.stop()
    print("\n" + ", ".join(f"{name}: {'pass' if ok else 'FAIL'}" for name, ok in results.items()))
    sys.exit(0 if all(results.values()) else 1)


if __name__ == "__main__":
    main()
