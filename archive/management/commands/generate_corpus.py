"""``manage.py generate_corpus N [--seed S] [--jobs J]``: N invented articles in bulk, for benchmarks.

Outlets, people with aliases, quotations of every kind and status, mentions, tags and annotations,
published over nine years (``archive.synthetic``). The outlets, people and tags are made first; then
articles are written a batch at a time, each batch in one transaction, by ``--jobs`` processes at
once on PostgreSQL (its text search parsing is the slow part, and it runs in the database's
processes). On PostgreSQL rows go in by ``COPY`` (``archive.loading``), and a load at least as large
as what is stored drops the tables' secondary indexes (the GIN ones above all) and builds them once
at the end, and turns off the triggers that keep people's quotation counts to count everyone once
after it (``archive.counts``). The search columns follow by themselves: generated columns on
PostgreSQL, triggers on SQLite.
"""

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from annotations.models import CONTEXT_LENGTH, Annotation
from archive import counts
from archive.corpus_workers import Counts, Ids, start_worker, write_worker_batch
from archive.loading import Loader, gather_statistics, indexes_built_after
from archive.synthetic import Corpus
from articles.models import Article, Mention, Outlet, Person, PersonAlias, Quotation

# The tables a corpus fills, whose secondary indexes are built after a large load.
LOADED = (Article, Quotation, Mention, Annotation, TaggedItem)
REBUILD_FROM = 5000


class Command(BaseCommand):
    help = "Generate N invented articles with people, quotations, tags and notes (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many articles to make.")
        parser.add_argument("--seed", type=int, default=0, help="The same seed makes the same corpus.")
        parser.add_argument("--batch", type=int, default=1000, help="Articles written per transaction.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="Processes writing at once (PostgreSQL only; default 2 from 10,000 articles, else 1).",
        )

    def handle(self, count, seed, batch, jobs, **options):
        if count < 1 or batch < 1:
            raise CommandError("N and --batch must be at least 1.")
        if Article.objects.filter(source_name__startswith=f"synthetic-{seed}-").exists():
            raise CommandError(
                f"A corpus with seed {seed} is stored already: choose another --seed, or a fresh database."
            )
        if connection.vendor != "postgresql":
            jobs = 1  # SQLite has one writer at a time
        elif jobs is None:
            jobs = 2 if count >= 10_000 else 1
        started = time.monotonic()
        corpus = Corpus(seed, count)
        ids = prepare(corpus, seed)
        batches = [range(first, min(count, first + batch)) for first in range(0, count, batch)]
        totals = Counts()
        # Indexes are built once after a load at least as large as what is stored, not row by row.
        rebuild = count >= max(REBUILD_FROM, Article.objects.count())
        with counts.paused(connection, pause=rebuild), indexes_built_after(LOADED, drop=rebuild):
            if jobs == 1:
                results = (write_batch(corpus, ids, numbers) for numbers in batches)
                self.report(results, totals, started)
            else:
                # The workers are fresh interpreters, told which database to use (a test's, for one).
                context = multiprocessing.get_context("spawn")
                database = connection.settings_dict["NAME"]
                with ProcessPoolExecutor(
                    jobs, context, initializer=start_worker, initargs=(database, seed, count, ids)
                ) as pool:
                    self.report(pool.map(write_worker_batch, batches), totals, started)
            if rebuild:
                self.stdout.write("Building the indexes…")
        gather_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count:,} articles in {time.monotonic() - started:.0f} s: {totals}"
            )
        )

    def report(self, results, totals, started):
        for batch_counts in results:
            totals.add(batch_counts)
            rate = totals.articles / (time.monotonic() - started)
            self.stdout.write(f"{totals.articles:,} articles ({rate:,.0f} a second)")


def prepare(corpus, seed):
    """Store the corpus's outlets, people (with aliases), tags and annotating users; their ids."""
    known = {name.lower(): pk for pk, name in Outlet.objects.values_list("pk", "name")}
    slugs = set(Outlet.objects.values_list("slug", flat=True))
    new = [
        Outlet(name=name, slug=free_slug(name, slugs, seed))
        for name in corpus.outlets
        if name.lower() not in known
    ]
    known.update({outlet.name.lower(): outlet.pk for outlet in Outlet.objects.bulk_create(new)})

    slugs = set(Person.objects.values_list("slug", flat=True))
    people = Person.objects.bulk_create(
        Person(name=person.name, role=person.role, slug=free_slug(person.name, slugs, seed))
        for person in corpus.people
    )
    PersonAlias.objects.bulk_create(
        PersonAlias(person=row, name=alias)
        for row, person in zip(people, corpus.people, strict=True)
        for alias in person.aliases
    )
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name)) for name in corpus.tags], ignore_conflicts=True
    )
    users = get_user_model().objects
    return Ids(
        outlets=[known[name.lower()] for name in corpus.outlets],
        people=[person.pk for person in people],
        tags=dict(Tag.objects.filter(name__in=corpus.tags).values_list("name", "pk")),
        authors=[users.get_or_create(username=f"reporter{n}")[0].pk for n in range(1, corpus.authors + 1)],
        types={
            model._meta.model_name: ContentType.objects.get_for_model(model).pk
            for model in (Article, Quotation, Annotation)
        },
    )


def free_slug(name, taken, seed):
    slug = slugify(name) or "item"
    if slug in taken:
        slug = f"{slug}-{seed}"
    taken.add(slug)
    return slug


def write_batch(corpus, ids, numbers):
    """Write the articles ``numbers`` of ``corpus`` and all that hangs on them, in one transaction."""
    synthetic = [corpus.article(number) for number in numbers]
    for item in synthetic:
        for span in [*item.quotations, *item.mentions, *item.annotations]:
            # The rows skip Span.save() and SpanQuerySet's checks: the invariant is checked here.
            if item.body[span.start : span.end] != span.text:
                raise CommandError(f"Article {item.number}: {span} is not at its offsets.")
    counts = Counts(articles=len(synthetic))
    loader = Loader()
    with transaction.atomic():
        if loader.postgresql:
            # A lost benchmark batch is written again; waiting for the disk on each commit is not needed.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        article_ids = loader.insert(
            Article,
            [
                {
                    "outlet_id": ids.outlets[item.outlet],
                    "title": item.title,
                    "slug": f"{slugify(item.title)[:80].strip('-') or 'article'}-{corpus.seed}-{item.number}",
                    "published_at": item.published_at,
                    "language": item.language,
                    "body": item.body,
                    "raw": item.body.encode(),
                    "encoding": "utf-8",
                    "source_format": "text",
                    "source_name": f"synthetic-{corpus.seed}-{item.number}.txt",
                    "content_hash": Article.hash_body(item.body),
                    "word_count": Article.count_words(item.body),
                }
                for item in synthetic
            ],
        )
        pairs = list(zip(article_ids, synthetic, strict=True))
        quotations = [(article_id, q) for article_id, item in pairs for q in item.quotations]
        quotation_ids = loader.insert(
            Quotation,
            [
                {
                    "article_id": article_id,
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "speaker_id": ids.people[q.speaker] if q.speaker is not None else None,
                    "speaker_text": q.speaker_text,
                    "cue": q.cue,
                    "kind": q.kind,
                    "status": q.status,
                }
                for article_id, q in quotations
            ],
        )
        mentions = loader.insert(
            Mention,
            [
                {
                    "article_id": article_id,
                    "person_id": ids.people[m.person],
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                }
                for article_id, item in pairs
                for m in item.mentions
            ],
        )
        annotations = [(article_id, item, a) for article_id, item in pairs for a in item.annotations]
        annotation_ids = loader.insert(
            Annotation,
            [
                {
                    "article_id": article_id,
                    "author_id": ids.authors[a.author],
                    "start": a.start,
                    "end": a.end,
                    "exact": a.text,
                    "prefix": item.body[max(0, a.start - CONTEXT_LENGTH) : a.start],
                    "suffix": item.body[a.end : a.end + CONTEXT_LENGTH],
                    "note": a.note,
                    "colour": a.colour,
                    "visibility": Annotation.Visibility.PRIVATE
                    if a.private
                    else Annotation.Visibility.SHARED,
                }
                for article_id, item, a in annotations
            ],
        )
        tagged = [
            *((ids.types["article"], article_id, item.tags) for article_id, item in pairs),
            *(
                (ids.types["quotation"], pk, q.tags)
                for pk, (_, q) in zip(quotation_ids, quotations, strict=True)
            ),
            *(
                (ids.types["annotation"], pk, a.tags)
                for pk, (_, _, a) in zip(annotation_ids, annotations, strict=True)
            ),
        ]
        items = loader.insert(
            TaggedItem,
            [
                {"tag_id": ids.tags[name], "content_type_id": content_type, "object_id": pk}
                for content_type, pk, names in tagged
                for name in names
            ],
        )
    counts.quotations, counts.mentions = len(quotation_ids), len(mentions)
    counts.annotations, counts.tags = len(annotation_ids), len(items)
    return counts
