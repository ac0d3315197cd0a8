"""The same words reported by several articles: a person's near-identical quotations across outlets.

Two quotations are reports of the same words when they have the same speaker and their texts, without
case, spaces or punctuation (``Quotation.same_words``), are at least ``SIMILARITY`` alike by rapidfuzz's
ratio: another quotation mark, a typo, a word changed or dropped.

They are found by index, never by comparing a quotation with every quotation of its speaker: two
near-identical texts nearly always share their first or their last ``WORDS_KEY_LENGTH`` characters (a
change in the middle keeps both, one near an end keeps the other), and both are stored columns indexed
with the speaker (``Quotation.words_start``, ``words_end``). So one query finds the candidates of a whole
page of quotations, at the same cost with 100 or 100,000 articles, and rapidfuzz checks only those.
What it misses is a pair changed at both ends, which is hardly the same words any more.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from rapidfuzz import fuzz

from .models import Quotation

SIMILARITY = 85
SHOWN = 10  # reports listed per quotation on a reading page; the person's page has them all


# Reports of a famous sentence are hundreds of rows: reverse() each article's URL once.
@functools.lru_cache(maxsize=1024)
def article_path(slug):
    return reverse("article-detail", args=[slug])


@dataclass(frozen=True)
class Report:
    """One report of a person's words: a quotation in an article, as pages link to it."""

    pk: int
    article_id: int
    url: str
    source: str  # the outlet, else the article's title
    date: datetime
    speaker_id: int
    same_words: str
    words_start: str
    words_end: str

    @classmethod
    def from_row(cls, row):
        return cls(
            pk=row["pk"],
            article_id=row["article_id"],
            url=f"{article_path(row['article__slug'])}#q-{row['uuid']}",
            source=row["article__outlet__name"] or row["article__title"],
            date=row["article__sort_date"],
            speaker_id=row["speaker_id"],
            same_words=row["same_words"],
            words_start=row["words_start"],
            words_end=row["words_end"],
        )


def reports_of(quotations):
    """``{pk: reports}`` for each of ``quotations``: a ``Report`` of every shown quotation of its
    speaker with near-identical words, in any article (itself included when shown), earliest report
    first (by the article's date); ``[]`` when it has no twin. One query, whatever the number of
    quotations and articles.
    """
    quotations = [q for q in quotations if q.speaker_id is not None]
    if not quotations:
        return {}
    theirs = Quotation.objects.filter(speaker_id__in={q.speaker_id for q in quotations})
    # A union of two lookups, each served by its index: as one OR, SQLite may choose the speaker's
    # index alone and read all of a prolific speaker's quotations.
    alike = (
        theirs.filter(words_start__in={q.words_start for q in quotations})
        .values("pk")
        .union(theirs.filter(words_end__in={q.words_end for q in quotations}).values("pk"))
    )
    # Plain rows: a famous sentence may have hundreds of reports, and none needs a model instance.
    rows = (
        Quotation.objects.shown()
        .filter(pk__in=alike)
        .order_by("article__sort_date", "pk")
        .values(
            "pk",
            "uuid",
            "article_id",
            "speaker_id",
            "same_words",
            "words_start",
            "words_end",
            "article__slug",
            "article__title",
            "article__sort_date",
            "article__outlet__name",
        )
    )
    by_speaker = defaultdict(list)
    for row in rows:
        by_speaker[row["speaker_id"]].append(Report.from_row(row))
    # A quotation is a report of its own words: quoted several times, the same words are compared once.
    twins = {}
    for quotation in quotations:
        key = (quotation.speaker_id, quotation.same_words)
        if key not in twins:
            twins[key] = [
                report for report in by_speaker[quotation.speaker_id] if same_words(report, quotation)
            ]
    reports = {}
    for quotation in quotations:
        found = twins[quotation.speaker_id, quotation.same_words]
        reports[quotation.pk] = found if len(found) > 1 else []
    return reports


def same_words(one, other):
    """Whether two quotations of one speaker (read with their keys) report near-identical words."""
    if one.words_start != other.words_start and one.words_end != other.words_end:
        return False
    return fuzz.ratio(one.same_words, other.same_words, score_cutoff=SIMILARITY) > 0


@dataclass
class ReportedElsewhere:
    """A quotation of an article that other articles report too: the first ``SHOWN`` reports elsewhere
    (earliest first), how many more there are, and which report is the earliest."""

    quotation: Quotation
    reports: list
    more: int
    earliest: Report

    @classmethod
    def of(cls, quotation, reports):
        elsewhere = [report for report in reports if report.article_id != quotation.article_id]
        return cls(quotation, elsewhere[:SHOWN], max(0, len(elsewhere) - SHOWN), reports[0])

    @property
    def first_here(self):
        """Whether the article itself is the earliest report."""
        return self.earliest.article_id == self.quotation.article_id


def reported_elsewhere(article, quotations):
    """The quotations of ``article`` (among ``quotations``) that other articles report too, in reading
    order, each with the reports of its words; words the article quotes several times are listed once."""
    reports = reports_of(quotations)
    entries, seen = [], set()
    for quotation in sorted(quotations, key=lambda q: q.start):
        found = reports.get(quotation.pk, [])
        words = frozenset(report.pk for report in found if report.article_id != article.pk)
        if words and words not in seen:
            seen.add(words)
            entries.append(ReportedElsewhere.of(quotation, found))
    return entries
