"""The reading view with 10, 100 and 1,000 annotations: queries, server time and painting in Chromium.

    .venv/bin/python bench/reading.py [--repeat 30] [--browser-repeat 5] [--sizes 10,100,1000]

Everything runs on a throwaway SQLite database in a temporary folder (migrated here), so the
project's own database is never touched. For each size it prints:

- the SQL queries of the reading page and of the API list (they must not grow with the size);
- the server time of each (median and 95th percentile over ``--repeat`` requests through Django's
  test client, as the logged-in editor);
- in headless Chromium (Debian's /usr/bin/chromium, through Playwright and a live server thread):
  the time from the start of static/js/reader.js until every highlight is painted (the page's
  ``data-painted-ms``, target ≤ 100 ms at 1,000), and how much of it was the API request
  (``data-load-ms``); the median over ``--browser-repeat`` page loads.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKDIR = tempfile.TemporaryDirectory(prefix="newsroom-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop here
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from annotations.models import Annotation  # noqa: E402
from articles.models import Article, Outlet, Person, Quotation  # noqa: E402
from newsroom.permissions import EDITORS, role  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
COLOURS = ["yellow", "green", "blue", "pink", "purple"]
SENTENCE = (
    "The head of the republic said on Telegram that {n} soldiers had come home, and that "
    "“captivity is not a crime” for the men who were held for {n} weeks near the border."
)


def make_article(outlet, size, paragraphs=120):
    body = "\n\n".join(
        " ".join(SENTENCE.format(n=size * 1000 + p * 10 + s) for s in range(3)) for p in range(paragraphs)
    )
    article = Article.objects.create(title=f"Bench article with {size} annotations", body=body, outlet=outlet)
    return article


def annotate(article, author, size):
    """``size`` annotations spread over the body, some overlapping, some with notes and tags."""
    body = article.body
    words = [(m, m + 1) for m in range(len(body)) if body[m] == " "]
    step = max(1, len(words) // size)
    rows = []
    for i in range(size):
        start = words[(i * step) % len(words)][1]
        end = start + 15 + (i % 7) * 6
        while end < len(body) and body[end - 1] == " ":
            end += 1
        end = min(end, len(body))
        rows.append(
            Annotation(
                article=article,
                author=author,
                start=start,
                end=end,
                exact=body[start:end],
                prefix=body[max(0, start - 32) : start],
                suffix=body[end : end + 32],
                colour=COLOURS[i % len(COLOURS)],
                note="A note" if i % 4 == 0 else "",
            )
        )
    rows = Annotation.objects.bulk_create(rows)
    for row in rows[::10]:
        row.tags.add("bench", f"tag-{row.pk % 7}")
    speaker = Person.objects.get_or_create(name="Ramzan Kadyrov")[0]
    text = "captivity is not a crime"
    position = -1
    for _ in range(20):
        position = body.index(text, position + 1)
        Quotation.objects.create(
            article=article, start=position, end=position + len(text), text=text, speaker=speaker
        )


def timed(client, url, repeat):
    reset_queries()  # DEBUG keeps a log of every query; a full log stops counting
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return len(queries), statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the server did not start on port {port}:\n{Path(log).read_text()[-3000:]}")


def browser_times(server_url, session, slugs, repeat):
    if not os.path.exists(CHROMIUM):
        print(f"({CHROMIUM} is missing: no browser timings)")
        return {}
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        for size, slug in slugs.items():
            painted, since_navigation, loaded, drawing, panel, highlights = [], [], [], [], [], set()
            for attempt in range(repeat + 1):
                context = browser.new_context(base_url=server_url)
                context.add_cookies([{"name": "sessionid", "value": session, "url": server_url}])
                page = context.new_page()
                page.goto(f"/articles/{slug}/")
                page.wait_for_selector("html[data-reader=ready]", state="attached", timeout=30_000)
                data = page.evaluate("({...document.documentElement.dataset})")
                context.close()
                if attempt == 0:
                    continue  # the first load warms the server and the browser's caches
                painted.append(float(data["paintedMs"]))
                since_navigation.append(float(data["paintedSinceNavigationMs"]))
                loaded.append(float(data.get("loadMs", "nan")))
                drawing.append(painted[-1] - loaded[-1])
                panel.append(float(data["panelMs"]))
                highlights.add(data.get("highlights"))
            results[size] = (
                statistics.median(painted),
                statistics.median(loaded),
                statistics.median(since_navigation),
                statistics.median(drawing),
                statistics.median(panel),
                ",".join(sorted(highlights)),
            )
        browser.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="server requests per measure")
    parser.add_argument("--browser-repeat", type=int, default=5, help="page loads per size")
    parser.add_argument("--sizes", default="10,100,1000")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]

    call_command("migrate", verbosity=0)
    setup_test_environment()
    editor = get_user_model().objects.create_user("editor", password="bench-password", is_staff=True)
    editor.groups.add(role(EDITORS))
    outlet = Outlet.objects.create(name="Meduza")
    slugs = {}
    for size in sizes:
        article = make_article(outlet, size)
        annotate(article, editor, size)
        slugs[size] = article.slug

    client = Client()
    client.force_login(editor)
    server = {}
    for size, slug in slugs.items():
        page = timed(client, f"/articles/{slug}/", options.repeat)
        api = timed(client, f"/api/annotations/?article={slug}", options.repeat)
        server[size] = (page, api)

    # The server runs in its own process, as in production: the browser's driver shares no GIL with it.
    port = free_port()
    log = Path(WORKDIR.name) / "server.log"
    with open(log, "w") as server_log:
        server_process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{port}",
            ],
            env=os.environ | {"PUBLIC_READING": "True"},
            stdout=subprocess.DEVNULL,
            stderr=server_log,
        )
    try:
        wait_for_port(port, server_process, log)
        browser = browser_times(
            f"http://127.0.0.1:{port}", client.cookies["sessionid"].value, slugs, options.browser_repeat
        )
    finally:
        server_process.terminate()
        server_process.wait()

    print()
    print(
        f"{'annotations':>11} | {'page SQL':>8} | {'page ms p50/p95':>15} | {'API SQL':>7} | "
        f"{'API ms p50/p95':>14} | {'painted':>7} | {'API in':>6} | {'paint':>5} | {'panel':>5} | "
        f"{'from nav':>8} | {'ranges':>6}"
    )
    print("-" * 125)
    nothing = (float("nan"),) * 5 + ("-",)
    for size in sizes:
        (page_q, page_50, page_95), (api_q, api_50, api_95) = server[size]
        painted, loaded, since_navigation, drawing, panel, ranges = browser.get(size, nothing)
        print(
            f"{size:>11} | {page_q:>8} | {f'{page_50:.1f} / {page_95:.1f}':>15} | {api_q:>7} | "
            f"{f'{api_50:.1f} / {api_95:.1f}':>14} | {painted:>7.1f} | {loaded:>6.1f} | {drawing:>5.1f} | "
            f"{panel:>5.1f} | {since_navigation:>8.1f} | {ranges:>6}"
        )
    print(
        """
Server: queries and times through Django's test client (DEBUG on, SQLite), as the logged-in editor.
Browser (ms, medians of the page loads; runserver in its own process, headless Chromium):
  painted   from the start of static/js/reader.js until every highlight is painted (target <= 100 at 1,000)
  API in    when reader.js had the parsed list, on the same clock (static/js/loading.js fetches and parses
            it from the <head>, while the page and the modules load: 0-10 when it was ready first)
  paint     painted minus API in: building the ranges and painting them
  panel     filling the side panel, in the task after the paint
  from nav  painted, counted from the start of the navigation"""
    )


if __name__ == "__main__":
    main()
