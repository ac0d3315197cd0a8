"""Every page of the archive at scale: server time p50/p95 and SQL queries, per kind of page.

    DATABASE_URL=postgres://.../archive_bench .venv/bin/python bench/pages.py [--sample 20]

Run it against a database filled by ``manage.py generate_corpus N`` (100,000 articles on
PostgreSQL, 20,000 on SQLite); it only reads. Each kind of page is requested for ``--sample`` rows
drawn with a fixed seed (outlets, tags, articles, people, dashboard filters), and search with the 50
fixed queries below, through Django's test client (the whole request: middleware, views, queries,
templates; no network). Each URL is requested once to warm up, then timed.

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

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
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
    client.get(url)  # warm up: templates, the database's caches
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, len(queries)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=20, help="Pages of each kind (search: 50 queries).")
    options = parser.parse_args()
    setup_test_environment()
    articles = Article.objects.count()
    if not articles:
        raise SystemExit("The database has no articles: run manage.py generate_corpus N first.")
    print(f"{connection.vendor}, {articles:,} articles, {Person.objects.count():,} people")
    print(f"{'page':<14} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}  target")
    client = Client()
    for kind, urls in pages(options.sample).items():
        timings, counts = zip(*(measure(client, url) for url in urls), strict=True)
        target = TARGETS.get(kind, DEFAULT_TARGET)
        p95 = percentile(timings, 0.95)
        verdict = "" if target is None else f"≤ {target} ms {'ok' if p95 <= target else 'MISSED'}"
        print(
            f"{kind:<14} {len(urls):>3} {statistics.median(timings):>8.1f} {p95:>8.1f} {max(timings):>8.1f}"
            f" {statistics.median(counts):>8.0f}  {verdict}"
        )


if __name__ == "__main__":
    main()
