"""``manage.py generate_corpus N [--seed S] [--jobs J]``: N invented articles in bulk, for benchmarks.

Outlets, people with aliases, quotations of every kind and status, mentions, tags and annotations,
published over nine years (``archive.synthetic``). The outlets, people and tags are made first; then
articles are written a batch at a time with ``bulk_create``, each batch in one transaction, by
``--jobs`` processes at once on PostgreSQL (its text search parsing is the slow part, and it runs in
the database's processes). The search columns follow by themselves: generated columns on PostgreSQL,
triggers on SQLite.
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
from archive.corpus_workers import Counts, Ids, start_worker, write_worker_batch
from archive.synthetic import Corpus
from articles.models import Article, Mention, Outlet, Person, PersonAlias, Quotation


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
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count:,} articles in {time.monotonic() - started:.0f} s: {totals}"
            )
        )

    def report(self, results, totals, started):
        for counts in results:
            totals.add(counts)
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
    counts = Counts(articles=len(synthetic))
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            Article(
                outlet_id=ids.outlets[item.outlet],
                title=item.title,
                slug=f"{slugify(item.title)[:80].strip('-') or 'article'}-{corpus.seed}-{item.number}",
                published_at=item.published_at,
                language=item.language,
                body=item.body,
                raw=item.body.encode(),
                encoding="utf-8",
                source_format="text",
                source_name=f"synthetic-{corpus.seed}-{item.number}.txt",
                content_hash=Article.hash_body(item.body),
                word_count=Article.count_words(item.body),
            )
            for item in synthetic
        )
        pairs = list(zip(articles, synthetic, strict=True))
        tagged = [(article, item.tags) for article, item in pairs]
        quotations = [
            (
                Quotation(
                    article_id=article.pk,
                    start=q.start,
                    end=q.end,
                    text=q.text,
                    speaker_id=ids.people[q.speaker] if q.speaker is not None else None,
                    speaker_text=q.speaker_text,
                    cue=q.cue,
                    kind=q.kind,
                    status=q.status,
                ),
                q.tags,
            )
            for article, item in pairs
            for q in item.quotations
        ]
        Quotation.objects.bulk_create([quotation for quotation, _ in quotations])
        counts.mentions = len(
            Mention.objects.bulk_create(
                Mention(
                    article_id=article.pk,
                    person_id=ids.people[m.person],
                    text=m.text,
                    start=m.start,
                    end=m.end,
                )
                for article, item in pairs
                for m in item.mentions
            )
        )
        annotations = [
            (
                Annotation(
                    article_id=article.pk,
                    author_id=ids.authors[a.author],
                    start=a.start,
                    end=a.end,
                    exact=a.text,
                    prefix=item.body[max(0, a.start - CONTEXT_LENGTH) : a.start],
                    suffix=item.body[a.end : a.end + CONTEXT_LENGTH],
                    note=a.note,
                    colour=a.colour,
                    visibility=Annotation.Visibility.PRIVATE if a.private else Annotation.Visibility.SHARED,
                ),
                a.tags,
            )
            for article, item in pairs
            for a in item.annotations
        ]
        Annotation.objects.bulk_create([annotation for annotation, _ in annotations])
        items = [
            TaggedItem(
                tag_id=ids.tags[name], content_type_id=ids.types[obj._meta.model_name], object_id=obj.pk
            )
            for obj, names in [*tagged, *quotations, *annotations]
            for name in names
        ]
        TaggedItem.objects.bulk_create(items)
    counts.quotations, counts.annotations, counts.tags = len(quotations), len(annotations), len(items)
    return counts
