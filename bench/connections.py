"""PostgreSQL connections under ``make serve``: none kept, persistent, or psycopg's pool.

    .venv/bin/pip install -e '.[load]'     # requests, with locust
    .venv/bin/python bench/connections.py [--seconds 20] [--clients 16] [--postgres URL]

For each way of holding connections, ``make serve`` (2 gunicorn processes × 4 threads, on a fresh
database ``ops_bench`` by default, seeded with 30 articles) is hammered by ``--clients`` threads, each
with a keep-alive HTTP session, reading the article list, an article, its annotations (the JSON API)
and the people page in turn for ``--seconds``. It prints requests per second, p50 and p99 latency,
failures, and the most PostgreSQL connections the app held (pg_stat_activity, sampled).

- none: ``CONN_MAX_AGE=0``, a new connection per request (Django's default);
- persistent: ``CONN_MAX_AGE=600``, a connection per thread, checked at each request's start;
- pool: ``DATABASE_POOL=True``, psycopg's pool of ``DATABASE_POOL_MAX=4`` per process, checked when
  lent.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import free_port, fresh_database, production_env, seed, served  # noqa: E402

MODES = {
    "none": {"CONN_MAX_AGE": 0},
    "persistent": {"CONN_MAX_AGE": 600},
    "pool": {"DATABASE_POOL": "True", "DATABASE_POOL_MAX": 4},
}


def hammer(base, seconds, clients):
    page = requests.get(f"{base}/", timeout=10).text
    article = page.split('href="/articles/', 1)[1].split('/"', 1)[0]
    paths = ["/", "/people/", f"/articles/{article}/", f"/api/annotations/?article={article}"]
    timings, failures = [], []
    deadline = time.monotonic() + seconds

    def client(offset):
        session = requests.Session()
        n = offset
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                status = session.get(base + path, timeout=30).status_code
            except requests.RequestException as error:
                failures.append(type(error).__name__)
                continue
            timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, failures


def watch_connections(admin_url, database, stop, seen):
    with psycopg.connect(admin_url, autocommit=True) as admin:
        while not stop.is_set():
            count = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            ).fetchone()[0]
            seen.append(count)
            time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/ops_bench")
    options = parser.parse_args()

    url = fresh_database(options.postgres)
    seed(url, users=1)
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    rows = []
    for mode, settings in MODES.items():
        env = production_env(url, free_port(), static_root, WEB_CONCURRENCY=2, WEB_THREADS=4, TASK_WORKERS=0)
        env |= {key: str(value) for key, value in settings.items()}
        with served(env, static_root / f"serve-{mode}.log") as (base, _):
            hammer(base, 3, options.clients)  # warm up
            stop, seen = threading.Event(), []
            watcher = threading.Thread(
                target=watch_connections, args=(admin_url, parts.path.strip("/"), stop, seen)
            )
            watcher.start()
            timings, failures = hammer(base, options.seconds, options.clients)
            stop.set()
            watcher.join()
        timings.sort()
        rows.append(
            (
                mode,
                len(timings) / options.seconds,
                statistics.median(timings),
                timings[int(len(timings) * 0.99) - 1],
                len(failures),
                max(seen),
            )
        )
        print(f"{mode}: done", file=sys.stderr)

    print(
        f"\n{options.clients} clients, {options.seconds} s each, 2 gunicorn processes × 4 threads, "
        "GET /, /people/, an article, its annotations\n"
    )
    print(f"{'connections':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} {'PG conns':>9}")
    for mode, rate, p50, p99, failed, connections in rows:
        print(f"{mode:<12} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {failed:>7} {connections:>9}")


if __name__ == "__main__":
    main()
