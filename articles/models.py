"""Outlets, articles, people and their quotations: the who-said-what database.

Every position in the app is an offset into ``Article.body``, the one canonical text of an article;
quotations and mentions keep their text beside the offsets and must agree with the body.

Articles, people (and their aliases), quotations and mentions keep their history (django-simple-history):
every change is a row of ``Model.history`` with who, when and the values after it. Deleting a quotation
(or an annotation) moves it to the trash (``TrashableSpan``), from which it can be restored.
"""

import datetime
import hashlib
import re
import uuid

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Lower, Replace, Right, Substr, TruncDate
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag

from . import names
from .text import clean_line

WORDS_PER_MINUTE = 230
PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def unique_slug(model, text, max_length=200, fallback="item"):
    """A slug for ``text`` not yet used by ``model``: "kadyrov", then "kadyrov-2", "kadyrov-3"..."""
    base = slugify(text, allow_unicode=False)[: max_length - 10].strip("-") or fallback
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def validate_patterns(text):
    """Each non-blank line must be a valid regular expression."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                re.compile(line.strip())
            except re.error as error:
                raise ValidationError(f"Line {number} is not a valid pattern: {error}.") from None


SPAN_OFFSETS = ("start", "end")


class SpanQuerySet(models.QuerySet):
    """Bulk writes that keep the span invariant, as ``Span.save`` does for one row.

    ``bulk_create`` and ``bulk_update`` skip ``save()``: they check every row first (with one query
    for the bodies of articles not already on the rows). ``update()`` cannot see the rows (and
    ``bulk_update`` runs through it), so it is for other fields only: never move a span with it.
    """

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        check_spans(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if {*SPAN_OFFSETS, "orphaned", self.model.span_text_field} & set(fields):
            check_spans(objs)
        return super().bulk_update(objs, fields, *args, **kwargs)


def check_spans(rows):
    """Raise ValidationError unless every row's text is its article's ``body[start:end]`` (orphans aside).

    Rows without their article loaded get its body from one query for them all.
    """
    rows = [row for row in rows if not row.orphaned]
    if not rows:
        return
    article_field = rows[0]._meta.get_field("article")
    missing = {row.article_id for row in rows if not article_field.is_cached(row)}
    bodies = dict(Article.objects.filter(pk__in=missing).values_list("pk", "body")) if missing else {}
    for row in rows:
        body = row.article.body if article_field.is_cached(row) else bodies.get(row.article_id, "")
        error = row.span_error(body, getattr(row, row.span_text_field))
        if error:
            raise ValidationError({row.span_text_field: f"{row!r}: {error}"})


class Span(models.Model):
    """A stretch of an article's body, ``body[start:end]``, stored with its text; subclasses have an
    ``article`` foreign key and name the field that holds the text."""

    span_text_field = "text"
    # What re-anchoring changes besides the offsets, ``orphaned`` and the text.
    reanchored_fields = ()

    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    orphaned = models.BooleanField(
        default=False,
        help_text="Its text could not be found again after the article's body changed; it keeps its old "
        "text and offsets until an editor attaches it again.",
    )

    class Meta:
        abstract = True
        constraints = [
            # An empty or reversed span cannot be shown, quoted or anchored.
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="%(app_label)s_%(class)s_start_before_end"
            ),
        ]

    def save(self, *args, **kwargs):
        # The invariant holds for every write path, not only for forms; bulk ones go through SpanQuerySet.
        self.check_span()
        super().save(*args, **kwargs)

    def clean(self):
        # An inline form of an article not saved yet holds the unsaved article, with its new body.
        if getattr(self, "article", None) is not None:
            self.check_span()

    def span_error(self, body, text):
        """Why ``text`` is not ``body[start:end]``, or None when it is."""
        if self.start is None or self.end is None:
            return "Start and end are required."
        if not 0 <= self.start < self.end <= len(body):
            return f"Offsets {self.start}–{self.end} do not fit the article's {len(body)} characters."
        if body[self.start : self.end] != text:
            found = body[self.start : self.end]
            return f"The article's text at {self.start}–{self.end} is {found[:80]!r}, not {text[:80]!r}."
        return None

    def reworded(self):
        """Re-anchoring gave the span the body's new words at its new place. Returns whether an
        editor must look at it again (a subclass says; by default, no)."""
        return False

    def check_span(self):
        """Raise ValidationError unless the stored text is exactly ``article.body[start:end]``.

        An orphan keeps the text it had, which the body no longer holds: it is exempt until reattached.
        """
        if self.orphaned:
            return
        error = self.span_error(self.article.body, getattr(self, self.span_text_field))
        if error:
            raise ValidationError({self.span_text_field: error})


class TrashableSpanQuerySet(SpanQuerySet):
    def in_trash(self):
        return self.filter(trashed_at__isnull=False)

    def out_of_trash(self):
        return self.filter(trashed_at__isnull=True)


class OutOfTrashManager(models.Manager):
    """A trashable model's default manager: rows in the trash are left out everywhere (lists, related
    managers, the API, the admin) unless asked for through ``with_trash``."""

    def get_queryset(self):
        return super().get_queryset().filter(trashed_at__isnull=True)


class TrashableSpan(Span):
    """A span that deleting moves to the trash: kept with who put it there and why, until restored."""

    trashed_at = models.DateTimeField(null=True, blank=True, editable=False)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    trash_reason = models.CharField(
        max_length=500, blank=True, editable=False, help_text="Why it was put in the trash, if said."
    )

    class Meta(Span.Meta):
        abstract = True

    @property
    def in_trash(self):
        return self.trashed_at is not None

    def trash(self, user, reason=""):
        """Move it to the trash; its history says who did it and why."""
        self.trashed_at, self.trashed_by, self.trash_reason = timezone.now(), user, reason
        self._change_reason = f"moved to the trash: {reason}" if reason else "moved to the trash"
        self.save()

    def restore(self):
        """Take it out of the trash. If the body changed meanwhile and its text is gone, it is an orphan."""
        self.trashed_at, self.trashed_by, self.trash_reason = None, None, ""
        if not self.orphaned:
            try:
                self.check_span()
            except ValidationError:
                self.orphaned = True
        self._change_reason = "restored from the trash"
        self.save()


class OutletQuerySet(models.QuerySet):
    def with_article_counts(self):
        return self.annotate(article_count=Count("articles")).filter(article_count__gt=0)

    def most_used(self):
        """Outlets with articles, the most prolific first (the article list's facet)."""
        return self.with_article_counts().order_by("-article_count", "name")

    def named_like(self, text):
        return self.filter(name__icontains=text)


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    homepage = models.URLField(blank=True)
    boilerplate = models.TextField(
        blank=True,
        validators=[validate_patterns],
        help_text="Lines to remove from this outlet's pages, besides the generic rules: one regular "
        "expression per line, matched against each whole line (e.g. Support .* by signing up.*).",
    )

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Meduza" and "meduza" are one outlet (SQLite lowers ASCII letters only; PostgreSQL all).
            models.UniqueConstraint(Lower("name"), name="outlet_unique_name_any_case"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name, fallback="outlet")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("article-list") + f"?outlet={self.slug}"

    def boilerplate_patterns(self):
        return [line.strip() for line in self.boilerplate.splitlines() if line.strip()]


class ArticleQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-sort_date", "-pk")

    def for_list(self):
        """What an article card shows: outlet, tags, stored word count and the count of quotations not
        rejected, without the body or the raw document (as long as the article, and never shown).

        The count is a subquery per row rather than a grouped join: the database computes it for the
        page's rows only, and grouping by every article column was what made the list slow.
        """
        shown = Quotation.objects.shown().filter(article=OuterRef("pk")).order_by()
        return (
            self.defer(*self.model.LONG_FIELDS)
            .select_related("outlet")
            .prefetch_related("tags")
            .annotate(
                quotation_count=Coalesce(
                    Subquery(
                        shown.values("article").annotate(count=Count("pk")).values("count"),
                        output_field=models.IntegerField(),
                    ),
                    0,
                )
            )
        )

    def tagged(self, slug):
        return self.filter(tags__slug=slug)


class Article(models.Model):
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    title = models.CharField(max_length=500)
    title_generated = models.BooleanField(
        "title made up",
        default=False,
        help_text="The document had no title: this one was made from its first sentence. Check it.",
    )
    slug = models.SlugField(max_length=255, unique=True, blank=True)
    author = models.CharField(max_length=300, blank=True, help_text="The byline, as the page gives it.")
    url = models.URLField("publisher's URL", max_length=2000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True, help_text="An IETF tag such as en or ru.")
    body = models.TextField(
        help_text="The clean article text, paragraphs separated by one blank line. Every quotation, "
        "mention and annotation is an offset into it."
    )
    raw = models.BinaryField(editable=False, default=b"", help_text="The document exactly as ingested.")
    encoding = models.CharField(max_length=40, blank=True, help_text="The encoding the raw bytes are in.")
    source_format = models.CharField(
        max_length=20, blank=True, help_text="What the raw document is: text, html, jsonl..."
    )
    source_name = models.CharField(
        max_length=255, blank=True, help_text="The file name or import id it came from."
    )
    # The hash of the body as ingested, kept when an editor corrects the body, so that the same
    # document ingested again is still recognised as this article.
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    ingested_at = models.DateTimeField(default=timezone.now, editable=False)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)
    word_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Words in the body, counted whenever the article is saved."
    )
    sort_date = models.GeneratedField(
        expression=Coalesce("published_at", "ingested_at"),
        output_field=models.DateTimeField(),
        db_persist=True,
        help_text="The publication date, or the ingestion date when the document gave none.",
    )
    tags = TaggableManager(blank=True)
    # The raw bytes never change after ingestion (ArticleVersion keeps earlier ones); sort_date follows
    # published_at.
    history = HistoricalRecords(excluded_fields=["raw", "sort_date", "word_count"])

    objects = ArticleQuerySet.as_manager()

    # As long as the article: lists and cards never load them (ArticleQuerySet.for_list).
    LONG_FIELDS = ("body", "raw")

    class Meta:
        constraints = [
            # One article per publisher URL; articles pasted without a URL are many.
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_unique_url"),
        ]
        indexes = [
            # The article list, newest first.
            models.Index(fields=["-sort_date"], name="article_newest_idx"),
            # The article list filtered by outlet.
            models.Index(fields=["outlet", "-sort_date"], name="article_outlet_newest_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title, self.author = clean_line(self.title), clean_line(self.author)
        if not self.slug:
            self.slug = unique_slug(Article, self.title, max_length=255, fallback="article")
        if not self.content_hash:
            self.content_hash = self.hash_body(self.body)
        if not self.raw:
            self.raw = self.body.encode()
            self.encoding = "utf-8"
        # A deferred body was not changed, so neither was its word count.
        if "body" not in self.get_deferred_fields():
            self.word_count = self.count_words(self.body)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "body" in update_fields:
                kwargs["update_fields"] = {*update_fields, "word_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("article-detail", args=[self.slug])

    @staticmethod
    def hash_body(body):
        """The content hash: the same text, however its white space was laid out, is the same article."""
        return hashlib.sha256(" ".join(body.split()).encode()).hexdigest()

    @property
    def raw_text(self):
        """The raw document decoded for display; undecodable bytes are shown as replacement marks."""
        return bytes(self.raw).decode(self.encoding or "utf-8", errors="replace")

    @property
    def published_date_only(self):
        """The publication day when the source gave no time of day, else None.

        Readers store a date without a time as midnight UTC: shown as a day, never as "00:00" (and
        read in UTC, so that a reader west of it does not see the day before).
        """
        moment = self.published_at and self.published_at.astimezone(datetime.UTC)
        if moment and moment.time() == datetime.time(0):
            return moment.date()
        return None

    @staticmethod
    def count_words(body):
        return len(body.split())

    @property
    def published_date(self):
        """The day it was published (the UTC day of a date given without a time), or None."""
        if self.published_at is None:
            return None
        return self.published_date_only or timezone.localdate(self.published_at)

    @property
    def reading_minutes(self):
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    def paragraph_spans(self):
        """(start, end) of each paragraph of the body: runs of non-blank lines."""
        return [match.span() for match in PARAGRAPH.finditer(self.body)]


class ArticleVersion(models.Model):
    """An earlier text of an article, kept when a changed version of it came in."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=500)
    body = models.TextField()
    raw = models.BinaryField(default=b"")
    encoding = models.CharField(max_length=40, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["article", "-replaced_at"]

    def __str__(self):
        return f"{self.title} (replaced {self.replaced_at:%Y-%m-%d %H:%M})"

    @classmethod
    def keep(cls, article, user=None):
        """Store the article's current text as a version, before it is replaced."""
        return cls.objects.create(
            article=article,
            title=article.title,
            body=article.body,
            raw=article.raw,
            encoding=article.encoding,
            source_name=article.source_name,
            content_hash=article.content_hash,
            replaced_by=user,
        )


class PersonQuerySet(models.QuerySet):
    def quoted(self):
        """People with at least one quotation that is not rejected (nor in the trash)."""
        return self.filter(quotation_count__gt=0)

    def with_quotation_stats(self):
        """How often each person is quoted and the date of the latest report: stored on the person
        (``quotation_count``, ``latest_quotation``), kept right by the database on every write
        (``archive.counts``). Kept so that callers need not know."""
        return self

    def ranked_by_quotations(self):
        """People to be sorted by how often or how lately they are quoted: the stored counts."""
        return self

    def with_quotation_counts(self):
        return self

    def search(self, text):
        """People whose name or an alias is like ``text``, even misspelt ("Kadyrow"), closest first
        (everyone for no text).

        PostgreSQL compares trigrams against each run of words of the names (``word_similarity``,
        served by the trigram indexes); SQLite has no trigrams, so rapidfuzz scores the names instead.
        """
        # A NUL in a query string is no name, and PostgreSQL refuses to compare one at all.
        text = " ".join(clean_line(text).split())
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            return self._search_trigrams(text)
        ranked = names.closest(
            text,
            [
                *Person.objects.values_list("pk", "name"),
                *PersonAlias.objects.values_list("person_id", "name"),
            ],
        )
        order = Case(
            *(When(pk=pk, then=rank) for rank, pk in enumerate(ranked)), output_field=models.IntegerField()
        )
        return self.filter(pk__in=ranked).alias(closeness=-order).order_by("-closeness", "name")

    def _search_trigrams(self, text):
        aliases = PersonAlias.objects.filter(person=OuterRef("pk"))
        alias_closeness = (
            aliases.annotate(closeness=TrigramWordSimilarity(text, "name"))
            .order_by("-closeness")
            .values("closeness")
        )
        # word_similarity finds a stretch typed exactly too ("Kad" in "Kadyrov"); icontains would
        # compare UPPER(name), which the trigram index does not cover.
        like = Q(name__trigram_word_similar=text)
        # One union of id lists rather than EXISTS or an OR of the conditions, so that each side may use
        # its trigram index (ORed with anything, or as two hashed subplans, the name's condition is
        # computed for every person).
        by_name = Person.objects.filter(like).values("pk")
        by_alias = PersonAlias.objects.filter(like).values("person_id")
        return (
            self.filter(pk__in=by_name.union(by_alias))
            .alias(
                closeness=Greatest(
                    TrigramWordSimilarity(text, "name"), Coalesce(Subquery(alias_closeness[:1]), Value(0.0))
                )
            )
            .order_by("-closeness", "name")
        )


class Person(models.Model):
    name = models.CharField(max_length=200, help_text="The full name, as the person is best known.")
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    role = models.CharField(max_length=300, blank=True, help_text='For example "Chechnya head".')
    notes = models.TextField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q42.")],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by database triggers (archive.counts) on every write of a quotation or an article's date,
    # whatever wrote it: the people list sorts by them without counting every quotation.
    quotation_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Quotations of this person that are not rejected nor in the trash.",
    )
    latest_quotation = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The date of the newest article quoting this person."
    )
    history = HistoricalRecords(excluded_fields=["quotation_count", "latest_quotation"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        permissions = [("merge_person", "Can merge two people into one")]
        constraints = [
            # One Person per Wikidata entity.
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=~Q(wikidata_id=""), name="person_unique_wikidata_id"
            ),
        ]
        indexes = [
            # Matching a name in an article to the people already known.
            models.Index(Lower("name"), name="person_name_lower_idx"),
            # The people list, most quoted or most lately quoted first.
            models.Index(fields=["-quotation_count", "name"], name="person_most_quoted_idx"),
            models.Index(fields=["-latest_quotation", "name"], name="person_latest_quoted_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    # Written by the database alone: a person loaded before their quotations changed must not put
    # back the counts it was loaded with.
    COUNTED_FIELDS = ("quotation_count", "latest_quotation")

    def save(self, *args, **kwargs):
        self.name, self.role = clean_line(self.name), clean_line(self.role)
        if not self.slug:
            self.slug = unique_slug(Person, self.name, fallback="person")
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.COUNTED_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person-detail", args=[self.slug])

    def names(self):
        """The full name first, then every alias, each once (uses prefetched aliases)."""
        names = [self.name]
        for alias in self.aliases.all():
            if alias.name not in names:
                names.append(alias.name)
        return names


class PersonAlias(models.Model):
    """Another name a person goes by: a surname, a transliteration, even a misspelling."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    # A merge moves aliases from one person to the other: their history shows from whom.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"
        constraints = [
            # An alias once per person, whatever its case; two people may share one (two Kadyrovs).
            models.UniqueConstraint(
                "person",
                Lower("name"),
                name="alias_unique_per_person",
                violation_error_message="This person already has this alias.",
            ),
        ]
        indexes = [
            # Finding the people an alias may refer to.
            models.Index(Lower("name"), name="alias_name_lower_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        super().save(*args, **kwargs)


# What two reports of the same words may differ by: case, spaces, punctuation and quotation marks.
IGNORED_IN_SAME_WORDS = " ,.!?;:\"'“”„«»‘’—–-…()[]"


# How many characters of ``same_words`` begin and end a quotation's keys (``words_start``, ``words_end``).
WORDS_KEY_LENGTH = 20


def same_words_key(text):
    """``text`` lowered without spaces or punctuation, as the database computes ``Quotation.same_words``."""
    key = text.lower()
    for char in IGNORED_IN_SAME_WORDS:
        key = key.replace(char, "")
    return key


def _without_ignored(expression):
    for char in IGNORED_IN_SAME_WORDS:
        expression = Replace(expression, Value(char), Value(""))
    return expression


class QuotationQuerySet(TrashableSpanQuerySet):
    def shown(self):
        """Quotations a reader sees: suggested and confirmed ones, never rejected."""
        return self.exclude(status=Quotation.Status.REJECTED)

    def in_reading_order(self):
        return self.order_by("article_id", "start", "-end")

    def with_said_day(self):
        """Each quotation with ``said_day``: the day it was said, else its article's publication day
        (in the current time zone, as ``Quotation.said_date`` reads it for a time of day given)."""
        return self.annotate(said_day=Coalesce("said_on", TruncDate("article__published_at")))


class Quotation(TrashableSpan):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        PARTIAL = "partial", "Partial"
        INDIRECT = "indirect", "Indirect"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        EDITOR = "editor", "Editor"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotations")
    speaker = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotations"
    )
    speaker_text = models.CharField(
        "speaker as written",
        max_length=300,
        blank=True,
        help_text='Who said it, as the article puts it: a source that is no person ("BC Hydro", '
        '"a spokesperson"), or the name of a speaker not linked yet.',
    )
    text = models.TextField()
    cue = models.CharField(
        max_length=200, blank=True, help_text='The attribution words, e.g. "posted on Telegram".'
    )
    speaker_is_body = models.BooleanField(
        "speaker is an organisation",
        default=False,
        help_text='The speaker as written is a body ("the utility", "Harbour Transit"), not a person: '
        "it never becomes a person.",
    )
    said_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day it was said, when the article gives one; blank: its publication day.",
    )
    place = models.CharField(
        "where",
        max_length=200,
        blank=True,
        help_text='Where or through what it was said, as written: "at a press conference", "on Telegram".',
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.DIRECT)
    status = models.CharField(max_length=10, choices=Status, default=Status.SUGGESTED)
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.EXTRACTED)
    edited = models.BooleanField(
        default=False, help_text="An editor changed it, so re-extraction leaves it alone."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    tags = TaggableManager(blank=True)
    same_words = models.GeneratedField(
        expression=_without_ignored(Lower("text")),
        output_field=models.TextField(),
        db_persist=True,
        help_text="The text without case, spaces or punctuation: the same words reported by several "
        "articles share it.",
    )
    # Its first and last characters, each indexed with the speaker: how the near-identical reports of
    # a quotation are found without comparing it with all of its speaker's (articles/reports.py).
    words_start = models.GeneratedField(
        expression=Substr(_without_ignored(Lower("text")), 1, WORDS_KEY_LENGTH),
        output_field=models.TextField(),
        db_persist=True,
    )
    words_end = models.GeneratedField(
        expression=Right(_without_ignored(Lower("text")), WORDS_KEY_LENGTH),
        output_field=models.TextField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["same_words", "words_start", "words_end"])

    objects = OutOfTrashManager.from_queryset(QuotationQuerySet)()
    with_trash = models.Manager.from_queryset(QuotationQuerySet)()
    reanchored_fields = ("status", "updated_at")

    class Meta(TrashableSpan.Meta):
        ordering = ["article", "start"]
        indexes = [
            # The quotations of one article in reading order.
            models.Index(fields=["article", "start"], name="quotation_article_start_idx"),
            # A person's quotations (the person page).
            models.Index(fields=["speaker", "status"], name="quotation_speaker_status_idx"),
            # The same person's near-identical words in other articles (articles/reports.py): those
            # that begin alike, and those that end alike.
            models.Index(fields=["speaker", "words_start"], name="quotation_speaker_start_idx"),
            models.Index(fields=["speaker", "words_end"], name="quotation_speaker_end_idx"),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"“{text}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#q-{self.uuid}"

    def reworded(self):
        """Editors confirmed the old words, not the new ones: a confirmed quotation is suggested again."""
        if self.status != Quotation.Status.CONFIRMED:
            return False
        self.status = Quotation.Status.SUGGESTED
        return True

    @property
    def said_date(self):
        """The day it was said: ``said_on``, else its article's publication day (None if neither)."""
        return self.said_on or self.article.published_date

    @property
    def setting(self):
        """Where and when it was said, for readers: "at a press conference, 3 March 2025", or "".

        A place the cue already says ("posted on Telegram") is not said twice.
        """
        date = self.said_date
        place = "" if self.place and self.place.casefold() in self.cue.casefold() else self.place
        return ", ".join(filter(None, [place, date and formats.date_format(date, "j F Y")]))

    @property
    def speaker_name(self):
        """Who said it: the person's name, else the source as the article names it, else ""."""
        return self.speaker.name if self.speaker else self.speaker_text


class Mention(Span):
    """A person named in an article, at body[start:end] (the surface form may be a surname or a typo)."""

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        EDITOR = "editor", "Editor"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    text = models.CharField(max_length=200)
    origin = models.CharField(
        max_length=10,
        choices=Origin,
        default=Origin.EXTRACTED,
        help_text="Mentions an editor made or corrected are left alone by re-extraction.",
    )
    ambiguous = models.BooleanField(
        default=False,
        help_text="Several known people go by this name: the person is extraction's guess, for an "
        "editor to check.",
    )
    history = HistoricalRecords()

    objects = SpanQuerySet.as_manager()

    class Meta(Span.Meta):
        ordering = ["article", "start"]
        indexes = [
            # Who is in this article, in reading order.
            models.Index(fields=["article", "start"], name="mention_article_start_idx"),
        ]

    def __str__(self):
        return f"{self.text} → {self.person.name}"


class IngestBatch(models.Model):
    """One ingestion: files uploaded, text pasted or a URL fetched in the admin, or a command run.

    Large batches run in the background; the admin shows their progress from these counts.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(max_length=300, help_text="What was ingested, in a few words.")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    outlet = models.ForeignKey(Outlet, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    format = models.CharField(
        max_length=10,
        blank=True,
        help_text="The format the files were read as (one of articles.ingest.sniff.FORMATS); blank: "
        "each file's was detected.",
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the whole batch stopped, if it did.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker last recorded progress on this batch."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "ingest batches"

    def __str__(self):
        return self.label


class IngestUploadQuerySet(models.QuerySet):
    def claimable(self):
        """Uploads no worker holds: never claimed, or whose worker's lease ran out (it died)."""
        return self.filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=timezone.now()))

    def abandoned(self):
        """Uploads whose worker stopped renewing its lease: it died or lost the database."""
        return self.filter(lease_expires_at__lt=timezone.now())


class IngestUpload(models.Model):
    """An uploaded file waiting for a background ingestion, kept in the default storage (MEDIA_ROOT):
    an upload may be a 100 MB archive, which has no place in a database row. Deleted, with its file,
    once it has been read.

    A worker claims an upload with a lease, renewed as it records progress; when the lease runs out
    (the worker died), another worker takes the upload up again after its ``done`` documents.
    """

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    file = models.FileField(upload_to="ingest-uploads/%Y/%m/%d/", max_length=300)
    claimed_by = models.CharField(max_length=64, blank=True, help_text="The worker reading it.")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How often a worker has claimed it.")
    done = models.PositiveIntegerField(default=0, help_text="Its documents recorded so far.")

    objects = IngestUploadQuerySet.as_manager()

    def __str__(self):
        return self.name

    def read(self):
        """The upload's bytes."""
        with self.file.open("rb") as file:
            return file.read()


@receiver(pre_save, sender=Tag, dispatch_uid="articles.clean_tag_name")
def clean_tag_name(sender, instance, **kwargs):
    """Every tag, whichever form or API made it (taggit's own admin too), has a clean name."""
    instance.name = clean_line(instance.name)


@receiver(post_delete, sender=IngestUpload, dispatch_uid="articles.delete_upload_file")
def delete_upload_file(sender, instance, **kwargs):
    """A deleted upload takes its file along, however it was deleted (read, or its batch deleted)."""
    if instance.file:
        instance.file.delete(save=False)


class IngestItem(models.Model):
    """What became of one document of a batch: created, duplicate, updated or failed, and why."""

    class Status(models.TextChoices):
        CREATED = "created", "Created"
        DUPLICATE = "duplicate", "Duplicate"
        UPDATED = "updated", "Updated (new version)"
        FAILED = "failed", "Failed"

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    source_name = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status)
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "position"]
        indexes = [
            # A batch's failures, for its progress page.
            models.Index(fields=["batch", "status"], name="ingestitem_batch_status_idx"),
        ]

    def __str__(self):
        return f"{self.source_name}: {self.get_status_display().lower()}"
