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

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from .models import Article, Quotation

SIMILARITY = 85
SHOWN = 10  # reports listed per quotation on a reading page; the person's page has them all


def reports_of(quotations):
    """``{pk: reports}`` for each of ``quotations``: every shown quotation of its speaker with near-
    identical words, in any article (itself included when shown), earliest report first (by the
    article's date), each with its article (not the text) and outlet; ``[]`` when it has no twin.
    One query, whatever the number of quotations and articles.
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
    candidates = (
        Quotation.objects.shown()
        .filter(pk__in=alike)
        .select_related("article__outlet")
        .defer(*(f"article__{name}" for name in Article.LONG_FIELDS))
        .order_by("article__sort_date", "pk")
    )
    by_speaker = defaultdict(list)
    for candidate in candidates:
        by_speaker[candidate.speaker_id].append(candidate)
    reports = {}
    for quotation in quotations:
        twins = [
            candidate
            for candidate in by_speaker[quotation.speaker_id]
            if candidate.pk == quotation.pk or same_words(candidate, quotation)
        ]
        reports[quotation.pk] = twins if len(twins) > 1 else []
    return reports


def same_words(one, other):
    """Whether two quotations of one speaker (read with their keys) report near-identical words."""
    if one.words_start != other.words_start and one.words_end != other.words_end:
        return False
    return fuzz.ratio(one.same_words, other.same_words, score_cutoff=SIMILARITY) > 0


@dataclass
class ReportedElsewhere:
    """A quotation of an article that other articles report too: ``reports`` are all of them, this
    one's included, earliest first."""

    quotation: Quotation
    reports: list

    @property
    def earliest(self):
        return self.reports[0]

    @property
    def first_here(self):
        """Whether the article itself is the earliest report."""
        return self.earliest.article_id == self.quotation.article_id

    @property
    def elsewhere(self):
        return [report for report in self.reports if report.article_id != self.quotation.article_id]

    @property
    def shown(self):
        """The first ``SHOWN`` reports elsewhere, the earliest among them: never hundreds of links."""
        return self.elsewhere[:SHOWN]

    @property
    def more(self):
        return max(0, len(self.elsewhere) - SHOWN)


def reported_elsewhere(article, quotations):
    """The quotations of ``article`` (among ``quotations``) that other articles report too, in reading
    order, each with every report of its words."""
    reports = reports_of(quotations)
    found = [ReportedElsewhere(q, reports.get(q.pk, [])) for q in sorted(quotations, key=lambda q: q.start)]
    return [entry for entry in found if entry.elsewhere]
