"""What each refusal costs: hostile inputs against the limits, time and memory until refused.

    .venv/bin/python bench/limits.py [--cases zip-60x95mb,gzip-100mb,...] [--tags 10,100,1000]

Every case runs in its own Python process, so that its peak memory is its own: the table shows the
seconds from the first byte read to the last result, and how much the process's peak resident memory
grew over what it held with the input already loaded (``ru_maxrss``). The inputs are built once in a
temporary folder (compressed, they are small), with the limits of the default settings
(INGEST_MAX_BYTES 10 MB, FETCH_MAX_BYTES 5 MB).

- ``zip-60x95mb``: a ZIP of 60 text entries of 95 MB each (5.7 GB unpacked, 5 MB packed).
- ``zip-liar-60x95mb``: the same, each entry declaring it unpacks to 9 MB, under the limit.
- ``zip-1gb``: a ZIP of one 1 GB entry.
- ``gzip-100mb`` / ``gzip-1gb``: an HTML page gzipped, 100 MB and 1 GB unpacked.
- ``fetch-endless``: a local server that sends an HTML page without end (stopped at 1 GB).

Then the annotation API with many tags (``--tags``): status, seconds and SQL queries of one POST on a
throwaway SQLite database.
"""

import argparse
import gzip
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
MAX_BYTES = 10 * MB
INPUTS = Path(tempfile.gettempdir()) / "newsroom-bench-limits"
LINE = b"<p>The council met again on Tuesday and talked about the harbour bridge for hours.</p>\n"


def repeated(size):
    """``size`` bytes of HTML-ish text, in 1 MB chunks."""
    chunk = (LINE * (MB // len(LINE) + 1))[:MB]
    for _ in range(size // MB):
        yield chunk


def build_zip(path, entries, size, declared=None):
    """A ZIP of ``entries`` text files of ``size`` bytes; with ``declared``, each claims that size."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for number in range(entries):
            with archive.open(f"{number:02}.txt", "w", force_zip64=size > 2**31) as entry:
                for chunk in repeated(size):
                    entry.write(chunk)
    if declared is not None:
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            offsets, central = [info.header_offset for info in archive.infolist()], archive.start_dir
        for offset in offsets:
            struct.pack_into("<I", data, offset + 22, declared)
            # The central directory's record of the same entry: 46 bytes, then name, extra, comment.
            struct.pack_into("<I", data, central + 24, declared)
            central += 46 + sum(struct.unpack_from("<HHH", data, central + 28))
        path.write_bytes(bytes(data))


def build_gzip(path, size):
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(b"<!doctype html><html><head><title>Bomb</title></head><body>")
        for chunk in repeated(size):
            out.write(chunk)


CASES = {
    "zip-60x95mb": ("page.zip", lambda path: build_zip(path, 60, 95 * MB)),
    # The same, each entry declaring 9 MB (under the limit): a lie that zipfile stops at.
    "zip-liar-60x95mb": ("liar.zip", lambda path: build_zip(path, 60, 95 * MB, declared=9 * MB)),
    "zip-1gb": ("big.zip", lambda path: build_zip(path, 1, 1024 * MB)),
    "gzip-100mb": ("page.html.gz", lambda path: build_gzip(path, 100 * MB)),
    "gzip-1gb": ("huge.html.gz", lambda path: build_gzip(path, 1024 * MB)),
}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(name):
    """In the child process: read one input until every document is read or refused."""
    if name == "fetch-endless":
        return run_fetch()
    from articles.ingest import read_documents

    filename = CASES[name][0]
    raw = (INPUTS / filename).read_bytes()
    before = peak_rss_mb()
    started = time.perf_counter()
    # As the pipeline does: an error is kept as its message, a document until it is stored.
    results = [
        str(result) if isinstance(result, Exception) else None
        for _, result in read_documents(raw, filename, max_bytes=MAX_BYTES)
    ]
    seconds = time.perf_counter() - started
    errors = [result for result in results if result is not None]
    return {
        "seconds": seconds,
        "memory": peak_rss_mb() - before,
        "refused": f"{len(errors)} of {len(results)}",
        "message": errors[-1] if errors else "",
    }


class Endless(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for chunk in repeated(1024 * MB):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def run_fetch():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["FETCH_PRIVATE_ADDRESSES"] = "true"
    import django

    django.setup()
    from articles.fetch import FetchError, fetch

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = peak_rss_mb()
    started = time.perf_counter()
    try:
        fetch(f"http://127.0.0.1:{server.server_address[1]}/")
        message = "not refused"
    except FetchError as error:
        message = str(error)
    seconds = time.perf_counter() - started
    server.shutdown()
    return {"seconds": seconds, "memory": peak_rss_mb() - before, "refused": "1 of 1", "message": message}


def tag_rows(counts):
    """POST /api/annotations/ with ``count`` tags each, on a throwaway database."""
    workdir = tempfile.TemporaryDirectory(prefix="newsroom-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from articles.models import Article
    from newsroom.permissions import EDITORS, role

    setup_test_environment()
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench", password="x", is_staff=True)  # noqa: S106
    user.groups.add(role(EDITORS))
    article = Article.objects.create(title="Bench", body="The harbour bridge closes on Monday.")
    client = Client()
    client.force_login(user)
    rows = []
    for count in counts:
        payload = {
            "target": {
                "source": f"/articles/{article.slug}/",
                "selector": {"type": "TextPositionSelector", "start": 4, "end": 18},
            },
            "body": [
                {"type": "TextualBody", "purpose": "tagging", "value": f"tag {count} {n}"}
                for n in range(count)
            ],
        }
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post("/api/annotations/", payload, content_type="application/json")
            seconds = time.perf_counter() - started
        rows.append((count, response.status_code, seconds, len(queries)))
    workdir.cleanup()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default=",".join([*CASES, "fetch-endless"]))
    parser.add_argument("--tags", default="10,100,1000")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--tag-counts", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.case:
        print(json.dumps(run_case(options.case)))
        return
    if options.tag_counts:
        print(json.dumps(tag_rows([int(n) for n in options.tag_counts.split(",")])))
        return

    INPUTS.mkdir(exist_ok=True)
    print(f"{'input':<15} {'packed':>9} {'seconds':>8} {'+memory':>9} {'refused':>9}  message")
    for name in options.cases.split(","):
        if name in CASES:
            path = INPUTS / CASES[name][0]
            if not path.exists():
                CASES[name][1](path)
            packed = f"{path.stat().st_size / MB:.1f} MB"
        else:
            packed = "-"
        output = subprocess.run(
            [sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True
        ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        print(
            f"{name:<15} {packed:>9} {row['seconds']:>8.2f} {row['memory']:>6.0f} MB {row['refused']:>9}  "
            f"{row['message'][:90]}"
        )

    if options.tags:
        output = subprocess.run(
            [sys.executable, __file__, "--tag-counts", options.tags],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        print(f"\n{'tags per POST':>13} {'status':>6} {'seconds':>8} {'queries':>8}")
        for count, status, seconds, queries in json.loads(output.strip().splitlines()[-1]):
            print(f"{count:>13} {status:>6} {seconds:>8.2f} {queries:>8}")


if __name__ == "__main__":
    main()
