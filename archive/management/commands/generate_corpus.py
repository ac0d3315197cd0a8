"""``manage.py generate_corpus N [--seed S]``: N invented articles, in bulk, for benchmarks only.

Outlets, people with aliases, quotations of every kind and status, mentions, tags and annotations,
published over nine years (``archive.synthetic``). Written a batch at a time with ``bulk_create``,
each batch in one transaction; the search columns follow by themselves (generated columns on
PostgreSQL, triggers on SQLite).
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from annotations.models import CONTEXT_LENGTH, Annotation
from archive.synthetic import Corpus
from articles.models import Article, Mention, Outlet, Person, PersonAlias, Quotation


class Command(BaseCommand):
    help = "Generate N invented articles with people, quotations, tags and notes (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many articles to make.")
        parser.add_argument("--seed", type=int, default=0, help="The same seed makes the same corpus.")
        parser.add_argument("--batch", type=int, default=1000, help="Articles written per transaction.")

    def handle(self, count, seed, batch, **options):
        if count < 1:
            raise CommandError("N must be at least 1.")
        prefix = f"synthetic-{seed}-"
        if Article.objects.filter(source_name__startswith=prefix).exists():
            raise CommandError(
                f"A corpus with seed {seed} is already stored: choose another --seed, or use a fresh database."
            )
        started = time.monotonic()
        corpus = Corpus(seed, count)
        writer = Writer(corpus, seed)
        for first in range(0, count, batch):
            numbers = range(first, min(count, first + batch))
            with transaction.atomic():
                writer.write([corpus.article(number) for number in numbers])
            done = numbers[-1] + 1
            rate = done / (time.monotonic() - started)
            self.stdout.write(f"{done:,} articles ({rate:,.0f} a second)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count:,} articles in {time.monotonic() - started:.0f} s: {writer.totals()}"
            )
        )


class Writer:
    """Writes a corpus's articles and what hangs on them, creating its outlets, people and tags once."""

    def __init__(self, corpus, seed):
        self.corpus, self.seed = corpus, seed
        self.counts = {"quotations": 0, "mentions": 0, "annotations": 0, "tags": 0}
        self.outlets = self._outlets(corpus.outlets)
        self.people = self._people(corpus.people)
        self.tags = self._tags(corpus.tags)
        self.authors = [
            get_user_model().objects.get_or_create(username=f"reporter{number}")[0]
            for number in range(1, corpus.authors + 1)
        ]
        self.types = {
            model: ContentType.objects.get_for_model(model) for model in (Article, Quotation, Annotation)
        }

    def totals(self):
        return ", ".join(f"{value:,} {name}" for name, value in self.counts.items())

    def _outlets(self, names):
        known = {outlet.name.lower(): outlet for outlet in Outlet.objects.all()}
        new = [Outlet(name=name, slug=self._slug(Outlet, name)) for name in names if name.lower() not in known]
        Outlet.objects.bulk_create(new)
        known.update({outlet.name.lower(): outlet for outlet in new})
        return [known[name.lower()] for name in names]

    def _people(self, people):
        rows = [Person(name=person.name, role=person.role) for person in people]
        taken = set(Person.objects.values_list("slug", flat=True))
        for row in rows:
            row.slug = slugify(row.name)
            if row.slug in taken:
                row.slug = f"{row.slug}-{self.seed}"
            taken.add(row.slug)
        Person.objects.bulk_create(rows)
        PersonAlias.objects.bulk_create(
            PersonAlias(person=row, name=alias)
            for row, person in zip(rows, people, strict=True)
            for alias in person.aliases
        )
        return rows

    def _tags(self, names):
        Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in names], ignore_conflicts=True)
        by_name = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        return by_name

    def _slug(self, model, name):
        slug = slugify(name)
        return slug if not model.objects.filter(slug=slug).exists() else f"{slug}-{self.seed}"

    def write(self, synthetic):
        articles = Article.objects.bulk_create(
            [
                Article(
                    outlet=self.outlets[item.outlet],
                    title=item.title,
                    slug=f"{slugify(item.title)[:80].strip('-') or 'article'}-{self.seed}-{item.number}",
                    published_at=item.published_at,
                    language=item.language,
                    body=item.body,
                    raw=item.body.encode(),
                    encoding="utf-8",
                    source_format="text",
                    source_name=f"synthetic-{self.seed}-{item.number}.txt",
                    content_hash=Article.hash_body(item.body),
                    word_count=Article.count_words(item.body),
                )
                for item in synthetic
            ]
        )
        tagged = []
        quotations = []
        for article, item in zip(articles, synthetic, strict=True):
            tagged += self._tagged(article, item.tags)
            for q in item.quotations:
                quotations.append(
                    (
                        Quotation(
                            article=article,
                            start=q.start,
                            end=q.end,
                            text=q.text,
                            speaker=self.people[q.speaker] if q.speaker is not None else None,
                            speaker_text=q.speaker_text,
                            cue=q.cue,
                            kind=q.kind,
                            status=q.status,
                        ),
                        q.tags,
                    )
                )
        Quotation.objects.bulk_create([quotation for quotation, _ in quotations])
        for quotation, tags in quotations:
            tagged += self._tagged(quotation, tags)
        mentions = Mention.objects.bulk_create(
            Mention(article=article, person=self.people[m.person], text=m.text, start=m.start, end=m.end)
            for article, item in zip(articles, synthetic, strict=True)
            for m in item.mentions
        )
        annotations = []
        for article, item in zip(articles, synthetic, strict=True):
            for a in item.annotations:
                annotations.append(
                    (
                        Annotation(
                            article=article,
                            author=self.authors[a.author],
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
                )
        Annotation.objects.bulk_create([annotation for annotation, _ in annotations])
        for annotation, tags in annotations:
            tagged += self._tagged(annotation, tags)
        TaggedItem.objects.bulk_create(tagged)
        self.counts["quotations"] += len(quotations)
        self.counts["mentions"] += len(mentions)
        self.counts["annotations"] += len(annotations)
        self.counts["tags"] += len(tagged)

    def _tagged(self, obj, names):
        content_type = self.types[type(obj)]
        return [TaggedItem(tag=self.tags[name], content_type=content_type, object_id=obj.pk) for name in names]
