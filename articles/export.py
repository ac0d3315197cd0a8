"""Exports: articles as JSON Lines, and their quotations as CSV for spreadsheets.

The JSON Lines shape, one article per line with its people, quotations and tags, is what
``../shared/score_extraction.py`` compares with the gold labels; a reader of the export needs nothing
else to see who said what. The CSV has one row per quotation, with its article and a link to it.
Both leave rejected quotations out, as the reading view does.
"""

import csv
import json

from django.db.models import Prefetch

from articles.models import Mention, Quotation

# Articles fetched at a time: memory stays flat on a large export, at six queries per chunk.
CHUNK_SIZE = 500


def for_export(queryset):
    """``queryset`` with everything ``article_record`` reads, in a fixed number of queries."""
    return (
        queryset.select_related("outlet")
        .defer("raw")
        .prefetch_related(
            Prefetch(
                "quotations",
                queryset=Quotation.objects.select_related("speaker").prefetch_related("speaker__aliases"),
            ),
            Prefetch(
                "mentions",
                queryset=Mention.objects.select_related("person").prefetch_related("person__aliases"),
            ),
            "tags",
        )
    )


def article_record(article):
    """The article as a dict ready for ``json.dumps``; uses prefetched relations when there are some."""
    quotations = sorted(
        (q for q in article.quotations.all() if q.status != Quotation.Status.REJECTED),
        key=lambda q: (q.start, -q.end),
    )
    # People in the order they first appear: as a speaker or as a mention.
    appearances = [(q.start, q.speaker) for q in quotations if q.speaker is not None]
    appearances += [(m.start, m.person) for m in article.mentions.all()]
    people = {}
    for _, person in sorted(appearances, key=lambda appearance: appearance[0]):
        people.setdefault(person.pk, person)
    return {
        "file": article.source_name or article.slug,
        "url": article.url or None,
        "title": article.title,
        "source": article.outlet.name if article.outlet else None,
        "published": article.published_at.isoformat() if article.published_at else None,
        "language": article.language,
        "body": article.body,
        "people": [
            {"name": person.name, "aliases": person.names(), "role": person.role or None}
            for person in people.values()
        ],
        "quotations": [
            {
                "text": q.text,
                "speaker": q.speaker.name if q.speaker else (q.speaker_text or None),
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
                "status": q.status,
                "cue": q.cue,
                "speaker_is_organisation": q.speaker_is_body,
                # The day it was said, else the article's publication day.
                "said_on": q.said_date.isoformat() if q.said_date else None,
                "place": q.place or None,
            }
            for q in quotations
        ],
        # tags.names() would ignore the prefetch and query once per article.
        "tags": sorted(tag.name for tag in article.tags.all()),
    }


def export_jsonl(queryset, stream):
    """Write one JSON line per article of ``queryset`` to ``stream``; returns how many were written."""
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    count = 0
    for article in for_export(queryset).iterator(chunk_size=CHUNK_SIZE):
        stream.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        count += 1
    return count


CSV_COLUMNS = [
    "article",
    "url",
    "outlet",
    "published",
    "speaker",
    "role",
    "text",
    "kind",
    "status",
    "cue",
    "said on",
    "where",
    "start",
    "end",
    "link",
]
# A cell starting with one of these is a formula to a spreadsheet, and ingested text is anyone's.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_csv(articles, stream, base_url=""):
    """Write a header and one CSV row per quotation of ``articles`` to ``stream``, in one query;
    links start with ``base_url`` (e.g. https://newsroom.example.org). Returns the number of rows."""
    quotations = (
        Quotation.objects.shown()
        .filter(article__in=articles)
        .select_related("article__outlet", "speaker")
        .defer("article__body", "article__raw")
        .in_reading_order()
    )
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for quotation in quotations.iterator(chunk_size=CHUNK_SIZE):
        article, speaker = quotation.article, quotation.speaker
        texts = [
            article.title,
            article.url,
            article.outlet.name if article.outlet else "",
            article.published_at.isoformat() if article.published_at else "",
            speaker.name if speaker else quotation.speaker_text,
            speaker.role if speaker else "",
            quotation.text,
            quotation.kind,
            quotation.status,
            quotation.cue,
            quotation.said_date.isoformat() if quotation.said_date else "",
            quotation.place,
        ]
        link = base_url.rstrip("/") + quotation.get_absolute_url()
        writer.writerow([inert(cell) for cell in [*texts, quotation.start, quotation.end, link]])
        count += 1
    return count


def inert(cell):
    """A CSV cell as a spreadsheet shows it, never runs it: text that would be a formula gets a leading
    apostrophe (as OWASP's "CSV injection" advice says); numbers are left as they are."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
