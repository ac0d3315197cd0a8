"""Every page of the archive at scale: server time p50/p95 and SQL queries, per kind of page.

    DATABASE_URL=postgres://.../bench100k .venv/bin/python bench/pages.py [--sample 20] [--runs 3]
    DATABASE_URL=sqlite:////path/to/bench20k.sqlite3 .venv/bin/python bench/pages.py --runs 3

Run it against a database filled by ``manage.py generate_corpus N`` (100,000 articles on
PostgreSQL, 20,000 on SQLite); it only reads, so it can be rerun on the same database at will. Each
kind of page is requested for ``--sample`` rows drawn with a fixed seed (outlets, tags, articles,
people, dashboard filters), and search with the 50 fixed queries below, through Django's test client
(the whole request: middleware, views, queries, templates; no network). Each URL is requested once
to warm up (and count its queries), then timed. With ``--runs N`` the whole set is timed N times and
the median of the runs' figures is printed last.

As in production, PostgreSQL connections come from psycopg's pool (``DATABASE_POOL``, unless set
otherwise), and templates render without the test framework's instrumentation.

Targets (issue 9): home, outlet and tag lists, reading page, person page and search (PostgreSQL)
at most 50 ms at the 95th percentile; the dashboard at most 150 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DATABASE_POOL", "True")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from taggit.models import Tag  # noqa: E402

from archive.synthetic import ENGLISH  # noqa: E402
from articles.models import Article, Outlet, Person  # noqa: E402

TARGETS = {"dashboard": 150, "people list": None, "tag index": None, "tag page": None}
DEFAULT_TARGET = 50

# Fifty searches as people type them: common and rare words, phrases, alternatives, exclusions,
# names (some misspelt, filled in from the corpus's people) and words with a filter.
WORDS = [word for word in ENGLISH if len(word) > 3]
FIXED_QUERIES = (
    [WORDS[i] for i in range(0, 200, 10)]  # 20 single words, frequent to rare
    + [f"{WORDS[i]} {WORDS[i + 7]}" for i in range(3, 80, 11)]  # 8 pairs
    + [f'"{WORDS[i]} {WORDS[i + 1]}"' for i in range(5, 60, 11)]  # 5 phrases
    + [f"{WORDS[i]} or {WORDS[i + 40]}" for i in range(2, 40, 8)]  # 5 alternatives
    + [f"{WORDS[i]} -{WORDS[i + 2]}" for i in range(1, 40, 8)]  # 5 exclusions
)


def people_queries(count=7):
    """Names from the corpus: whole, a surname, a surname with one letter changed."""
    names = list(Person.objects.order_by("pk").values_list("name", flat=True)[:count])
    queries = []
    for index, name in enumerate(names):
        surname = name.split()[-1]
        if index % 3 == 0:
            queries.append(name)
        elif index % 3 == 1:
            queries.append(surname)
        else:
            queries.append(surname[:-1] + ("a" if surname[-1] != "a" else "e"))
    return queries


def sample(queryset, count, rng):
    pks = list(queryset.values_list("pk", flat=True)[:5000])
    return queryset.model.objects.filter(pk__in=rng.sample(pks, min(count, len(pks))))


def pages(count):
    rng = random.Random(9)
    outlets = list(sample(Outlet.objects.all(), count, rng))
    tags = list(sample(Tag.objects.all(), count, rng))
    article_ids = list(Article.objects.order_by().values_list("pk", flat=True))
    chosen = rng.sample(article_ids, min(count, len(article_ids)))
    articles = Article.objects.filter(pk__in=chosen).only("slug")
    people = list(sample(Person.objects.quoted(), count, rng))
    searches = FIXED_QUERIES + people_queries()
    years = list(range(2017, 2026))
    dashboards = [""] + [
        rng.choice(
            [
                f"outlet={rng.choice(outlets).slug}",
                f"tag={rng.choice(tags).slug}",
                f"since={(year := rng.choice(years))}-01-01&until={year}-12-31",
            ]
        )
        for _ in range(count - 1)
    ]
    return {
        "home": ["/"] + [f"/?page={page}" for page in rng.sample(range(2, 200), count - 1)],
        "outlet list": [f"/?outlet={outlet.slug}" for outlet in outlets],
        "tag list": [f"/?tag={tag.slug}" for tag in tags],
        "tag page": [f"/tags/{tag.slug}/" for tag in tags],
        "reading page": [article.get_absolute_url() for article in articles],
        "person page": [person.get_absolute_url() for person in people],
        "people list": ["/people/", "/people/?sort=quotations", "/people/?sort=latest"]
        + [f"/people/?sort=name&letter={chr(65 + i)}" for i in range(count - 3)],
        "tag index": ["/tags/", "/tags/?order=used"],
        "search": [f"/search/?q={query}" for query in searches],
        "dashboard": [f"/dashboard/?{query}" for query in dashboards],
    }


def measure(client, url):
    """Server time of ``url`` in ms, and its number of queries (counted while warming up)."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)  # warm up: templates, the database's caches
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000, len(queries)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(urls_by_kind, client):
    """{kind: (n, p50, p95, max, queries)} for one pass over every URL."""
    figures = {}
    for kind, urls in urls_by_kind.items():
        timings, counts = zip(*(measure(client, url) for url in urls), strict=True)
        figures[kind] = (
            len(urls),
            statistics.median(timings),
            percentile(timings, 0.95),
            max(timings),
            statistics.median(counts),
        )
    return figures


def print_table(title, figures):
    print(title)
    print(f"{'page':<14} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}  target")
    for kind, (n, p50, p95, most, queries) in figures.items():
        target = TARGETS.get(kind, DEFAULT_TARGET)
        verdict = "" if target is None else f"≤ {target} ms {'ok' if p95 <= target else 'MISSED'}"
        print(f"{kind:<14} {n:>3} {p50:>8.1f} {p95:>8.1f} {most:>8.1f} {queries:>8.0f}  {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=20, help="Pages of each kind (search: 50 queries).")
    parser.add_argument("--runs", type=int, default=1, help="Times the whole set; the median is printed.")
    options = parser.parse_args()
    logging.getLogger("newsroom.request").disabled = True  # a line per request is not what is measured
    articles = Article.objects.count()
    if not articles:
        raise SystemExit("The database has no articles: run manage.py generate_corpus N first.")
    print(f"{connection.vendor}, {articles:,} articles, {Person.objects.count():,} people")
    client = Client(HTTP_HOST="localhost")
    urls = pages(options.sample)
    runs = []
    for number in range(1, options.runs + 1):
        runs.append(run(urls, client))
        print_table(f"run {number} of {options.runs}", runs[-1])
    if options.runs > 1:
        median = {
            kind: tuple(statistics.median(figures[kind][column] for figures in runs) for column in range(5))
            for kind in urls
        }
        print_table(f"median of {options.runs} runs", median)


if __name__ == "__main__":
    main()
