"""Ingestion speed: articles per second for text dumps, HTML pages and JSONL, on SQLite and PostgreSQL.

    .venv/bin/python bench/ingest.py [--databases sqlite,postgres] [--dumps 500] [--jsonl-copies 10]
                                       [--no-extraction]
    .venv/bin/python bench/ingest.py --versus-bare [--rounds 3] [--databases sqlite,postgres]

Each database is measured in its own process, on a throwaway database that the process migrates
first: a temporary SQLite file, and ``bench_ingest`` on the PostgreSQL server of --postgres (created,
then dropped). Documents go through ``ingest_bytes``, the path the command and the admin take, each
article in its own transaction, on one core.

- text: page dumps made from the demo article, each with different words so that none is a duplicate;
- html: the 181 pages of ../shared/corpus/html (unzipped in memory before the clock starts);
- jsonl: the 49 articles of ../shared/corpus/ggt, copied --jsonl-copies times with different ids and text.

"with extraction" is ingestion as the command runs it, extracting every article's quotations and
people; "docs/s" is with extraction off. It shows "—" with --no-extraction. "html / bare" divides the time
HTML ingestion takes (extraction off) by the time ``trafilatura.bare_extraction(page,
with_metadata=True)`` alone takes on the same pages, each page's two runs back to back in the same
process, so that both meet the same load on the machine (target: at most 1.5).

--versus-bare measures the command as users run it against trafilatura as a script would: each round,
on each database, first a Python process that reads the 181 pages of ../shared/corpus/html (gzipped
as they are) and runs ``trafilatura.extract`` on each, then ``manage.py ingest`` of the same folder,
extraction included, on a fresh database migrated before the clock starts. Both are whole processes
(interpreter start and imports included), timed on the wall clock and in CPU seconds (all their
processes: the command's page readers too); the ratio of each round, and the median of the rounds.
"""

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

import psycopg

PROJECT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSROOM_SHARED") or PROJECT.parent / "shared")
POSTGRES = "postgres://postgres@127.0.0.1:5432/bench_ingest"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--postgres", default=POSTGRES, help="the PostgreSQL database to create and drop")
    parser.add_argument("--dumps", type=int, default=500, help="how many text dumps to ingest")
    parser.add_argument("--jsonl-copies", type=int, default=10, help="how many copies of the GGT set")
    parser.add_argument(
        "--no-extraction", action="store_true", help="skip the runs with quotation extraction (they are slow)"
    )
    parser.add_argument(
        "--versus-bare",
        action="store_true",
        help="time manage.py ingest of the HTML pages against bare trafilatura.extract on them",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --versus-bare (median taken)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.versus_bare:
        versus_bare(args.databases.split(","), args.postgres, args.rounds)
        return
    if args.worker:
        print(json.dumps(measure(args)))
        return
    rows = []
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite3" if database == "sqlite" else args.postgres
            worker = subprocess.run(
                [sys.executable, __file__, "--worker", database, *forwarded(args)],
                env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
                cwd=PROJECT,
                capture_output=True,
                text=True,
            )
        if worker.returncode:
            sys.exit(f"the {database} run failed:\n{worker.stderr}")
        rows.append((database, json.loads(worker.stdout)))
    print_table(rows)


def forwarded(args):
    options = [
        "--dumps",
        str(args.dumps),
        "--jsonl-copies",
        str(args.jsonl_copies),
        "--postgres",
        args.postgres,
    ]
    return options + (["--no-extraction"] if args.no_extraction else [])


def print_table(rows):
    header = (
        f"{'database':<10} {'format':<6} {'documents':>9} {'docs/s':>8} {'with extraction':>16} "
        f"{'html / bare':>12}"
    )
    print(header)
    print("-" * len(header))
    for database, results in rows:
        for format in ("text", "html", "jsonl"):
            result = results[format]
            extraction = f"{result['rate_with_extraction']:.1f}" if result["rate_with_extraction"] else "—"
            ratio = f"{results['html_ratio']:.2f}" if format == "html" else ""
            print(
                f"{database:<10} {format:<6} {result['documents']:>9} {result['rate']:>8.1f} "
                f"{extraction:>16} {ratio:>12}"
            )
    print(f"\nbare trafilatura: {rows[0][1]['bare_ms']:.1f} ms per page" if rows else "")


# The worker: one database, one process.


def measure(args):
    import django

    sys.path.insert(0, str(PROJECT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.worker == "postgres":
        recreate_postgres_database(connection)
    call_command("migrate", verbosity=0, interactive=False)
    try:
        inputs = {
            "text": text_dumps(args.dumps),
            "html": html_pages(),
            "jsonl": jsonl_file(args.jsonl_copies),
        }
        results = {}
        for format, documents in inputs.items():
            seconds, bare, count = timed_ingest(documents, compare_bare=format == "html")
            call_command("flush", verbosity=0, interactive=False)
            with_extraction = None
            if not args.no_extraction:
                with_extraction, _, _ = timed_ingest(documents, extract=True)
                call_command("flush", verbosity=0, interactive=False)
            results[format] = {
                "documents": count,
                "rate": count / seconds,
                "rate_with_extraction": with_extraction and count / with_extraction,
            }
            if bare:
                results["html_ratio"] = seconds / bare
                results["bare_ms"] = bare / count * 1000
    finally:
        if args.worker == "postgres":
            connection.close()
            drop_postgres_database(connection)
    return results


def timed_ingest(documents, *, extract=False, compare_bare=False):
    """(seconds ingesting ``documents``, seconds of bare trafilatura on them, articles created).

    The bare extraction of each page runs just before its ingestion, so that both meet the same
    load on the machine.
    """
    from trafilatura import bare_extraction

    from articles.pipeline import ingest_bytes

    count, seconds, bare = 0, 0.0, 0.0
    for name, raw in documents:
        started = time.perf_counter()
        if compare_bare:
            bare_extraction(raw, with_metadata=True)
            bare += time.perf_counter() - started
            started = time.perf_counter()
        for result in ingest_bytes(raw, name, extract=extract):
            if result.status != "created":
                raise RuntimeError(f"{result.source_name}: {result.status} {result.error}")
            count += 1
        seconds += time.perf_counter() - started
    return seconds, bare or None, count


def text_dumps(count):
    """``count`` page dumps like the demo article, each with its own words."""
    seed = (PROJECT / "articles" / "demo" / "00_kadyrov_pows.txt").read_text(encoding="utf-8")
    title, rest = seed.split("\n\n", 2)[1:]
    return [
        (f"dump-{n:05}.txt", f"Skip to main content\n\n{title} ({n})\n\nReport {n}.\n\n{rest}".encode())
        for n in range(count)
    ]


def html_pages():
    pages = sorted((SHARED / "corpus" / "html" / "pages").glob("*.html.gz"))
    if not pages:
        sys.exit(f"the HTML corpus is not at {SHARED / 'corpus' / 'html'}: set NEWSROOM_SHARED")
    # Warm trafilatura up, so that neither measure pays for its first call.
    from trafilatura import bare_extraction

    bare_extraction(gzip.decompress(pages[0].read_bytes()), with_metadata=True)
    return [(page.name.removesuffix(".gz"), gzip.decompress(page.read_bytes())) for page in pages]


def jsonl_file(copies):
    """One JSONL file of the GGT set, copied ``copies`` times with different ids, texts and URLs."""
    records = [
        json.loads(line) for line in (SHARED / "corpus" / "ggt" / "articles.jsonl").open(encoding="utf-8")
    ]
    lines = [
        json.dumps(
            {
                **record,
                "id": f"{record['id']}-{copy}",
                "url": f"{record['url']}#{copy}",
                "text": f"{record['text']}\n\nCopy {copy}.",
            }
        )
        for copy in range(copies)
        for record in records
    ]
    return [("ggt.jsonl", "\n".join(lines).encode())]


# manage.py ingest against bare trafilatura: whole processes, one after the other.

BARE = """
import gzip, sys
from pathlib import Path
import trafilatura
for page in sorted(Path(sys.argv[1]).glob("*.html.gz")):
    trafilatura.extract(gzip.decompress(page.read_bytes()))
"""


def versus_bare(databases, postgres, rounds):
    pages = SHARED / "corpus" / "html" / "pages"
    count = len(list(pages.glob("*.html.gz")))
    if not count:
        sys.exit(f"the HTML corpus is not at {pages}: set NEWSROOM_SHARED")
    print(f"{count} pages of {pages}; {rounds} rounds; wall seconds (CPU seconds)\n")
    header = (
        f"{'database':<10} {'round':>5} {'bare':>14} {'manage.py ingest':>18} {'ratio':>7} {'CPU ratio':>10}"
    )
    print(header)
    print("-" * len(header))
    summary = []
    for database in databases:
        ratios, cpu_ratios = [], []
        for number in range(1, rounds + 1):
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{folder}/bench.sqlite3" if database == "sqlite" else postgres
                env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
                if database == "postgres":
                    recreate_postgres(url)
                run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
                bare = timed([sys.executable, "-c", BARE, str(pages)], env)
                ingest = timed([sys.executable, "manage.py", "ingest", str(pages)], env)
                if database == "postgres":
                    drop_postgres(url)
            ratios.append(ingest[0] / bare[0])
            cpu_ratios.append(ingest[1] / bare[1])
            print(
                f"{database:<10} {number:>5} {bare[0]:>6.2f} ({bare[1]:>5.2f}) {ingest[0]:>9.2f} "
                f"({ingest[1]:>5.2f}) {ratios[-1]:>7.2f} {cpu_ratios[-1]:>10.2f}"
            )
        summary.append((database, median(ratios), median(cpu_ratios)))
    print()
    for database, ratio, cpu_ratio in summary:
        print(
            f"{database}: manage.py ingest / bare trafilatura, median of {rounds}: {ratio:.2f} "
            f"({cpu_ratio:.2f} in CPU)"
        )


def timed(command, env):
    """(wall seconds, CPU seconds of the process and of every process it waited for) of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run(command, env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def run(command, env):
    done = subprocess.run(command, env=env, cwd=PROJECT, capture_output=True, text=True)
    if done.returncode or "created" in done.stdout and "failed 0" not in done.stdout:
        sys.exit(f"{' '.join(command[:3])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def recreate_postgres(url):
    drop_postgres(url)
    admin_command(url, f'CREATE DATABASE "{urlsplit(url).path.lstrip("/")}"')


def drop_postgres(url):
    admin_command(url, f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}"')


def admin_command(url, sql):
    """Run ``sql`` outside any transaction, connected to the server's maintenance database."""
    with psycopg.connect(urlsplit(url)._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(sql)


def recreate_postgres_database(connection):
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def drop_postgres_database(connection):
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{connection.settings_dict["NAME"]}"')


if __name__ == "__main__":
    main()
