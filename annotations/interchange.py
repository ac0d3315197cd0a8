"""Annotations out and back in: W3C JSON-LD, CSV and Markdown exports, and the JSON-LD import (the
API's export, the articles admin's actions and ``manage.py import_annotations`` use it).

The CSV and Markdown are what Readwise and Omnivore users expect: the article's title and URL, then
each highlight with its note and tags. Every export carries the articles' quotations too, marked as
such (CSV rows of type "quotation", a Markdown section, a JSON-LD list beside the annotations that the
import leaves alone), so that who said what travels with the notes about it.

Importing a JSON-LD export restores every annotation, under its own uuid, author and dates; one whose
text moved is found again like after an edit, else it is an orphan.
"""

import csv
import io
import json
import re
import uuid
from datetime import datetime
from itertools import groupby

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from articles.anchoring import Anchor, relocate
from articles.export import inert
from articles.models import Quotation
from newsroom.permissions import can_see_every_annotation

from . import w3c
from .models import Annotation

# What makes a link, an autolink or HTML of Markdown text (and the escape character itself).
MARKDOWN_SPECIAL = re.compile(r"[\\\[\]<>]")
UUID_AT_END = re.compile(r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/?$")
FORMATS = {
    "jsonld": ("application/ld+json", "jsonld"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "md": ("text/markdown; charset=utf-8", "md"),
}
CSV_COLUMNS = [
    "Highlight",
    "Title",
    "Author",
    "URL",
    "Reading URL",
    "Note",
    "Tags",
    "Color",
    "Visibility",
    "Location",
    "Created",
    "Creator",
    "Id",
    # Added after the Readwise-like columns, so that readers of the old ones by position still work.
    "Type",
    "Speaker",
    "Outlet",
]


def annotations_to_export(articles, user):
    """The annotations (a list) of ``articles`` that ``user`` may see, in reading order, ready for every
    format."""
    annotations = Annotation.objects.filter(article__in=articles)
    if not can_see_every_annotation(user):
        annotations = annotations.visible_to(user)
    return Annotation.fill_tag_lists(
        annotations.for_w3c().with_article().order_by("article__title", "article_id", "start", "-end", "pk")
    )


def quotations_to_export(articles):
    """The quotations (a list) readers see in ``articles``, with their speakers, in reading order."""
    return list(
        Quotation.objects.shown()
        .filter(article__in=articles)
        .select_related("article__outlet", "speaker")
        .defer("article__body", "article__raw")
        .in_reading_order()
    )


def speaker_name(quotation):
    return quotation.speaker.name if quotation.speaker else quotation.speaker_text


def quotation_record(quotation, base):
    return {
        "type": "Quotation",
        "id": base + quotation.get_absolute_url(),
        "source": w3c.reading_url(base, quotation.article),
        "text": quotation.text,
        "speaker": speaker_name(quotation),
        "cue": quotation.cue,
        "kind": quotation.kind,
        "status": quotation.status,
        "start": quotation.start,
        "end": quotation.end,
    }


def to_jsonld(annotations, base, label="Newsroom annotations", quotations=()):
    items = [w3c.to_jsonld(annotation, base) for annotation in annotations]
    data = w3c.collection(items, base + "/api/annotations/export/", len(items), label=label)
    # Beside the collection's pages, not in them: an import restores annotations, never quotations.
    data["quotations"] = [quotation_record(quotation, base) for quotation in quotations]
    return data


def outlet_name(article):
    return article.outlet.name if article.outlet else ""


def to_csv(annotations, base, quotations=()):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for annotation in annotations:
        article = annotation.article
        row = [
            annotation.exact,
            article.title,
            article.author,
            article.url,
            w3c.reading_url(base, article),
            annotation.note,
            ", ".join(tag.name for tag in annotation.tag_list),
            annotation.colour,
            annotation.visibility,
            annotation.start,
            w3c.timestamp(annotation.created_at),
            annotation.author.get_username() if annotation.author else "",
            str(annotation.uuid),
            "highlight",
            "",
            outlet_name(article),
        ]
        # Every text cell is made inert, usernames too: "=HYPERLINK(…)" or "-1+1" must not run.
        writer.writerow([inert(cell) for cell in row])
    for quotation in quotations:
        article = quotation.article
        row = [
            quotation.text,
            article.title,
            article.author,
            article.url,
            w3c.reading_url(base, article),
            quotation.cue,
            "",
            "",
            quotation.status,
            quotation.start,
            w3c.timestamp(quotation.created_at),
            "",
            base + quotation.get_absolute_url(),
            "quotation",
            speaker_name(quotation),
            outlet_name(article),
        ]
        writer.writerow([inert(cell) for cell in row])
    return out.getvalue()


def markdown_text(text):
    """Plain text that Markdown shows as it is and never makes a link or HTML of: brackets, angle
    brackets and backslashes escaped, so "[x](javascript:…)", "<javascript:…>" and "<a href=…>" stay
    text whatever scheme they name."""
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)


def quoted(text):
    return "\n".join("> " + line if line else ">" for line in markdown_text(text).splitlines())


def by_article(annotations, quotations):
    """(article, its annotations, its quotations) of every article with either, by title."""
    found = {}
    for article, group in groupby(annotations, key=lambda annotation: annotation.article):
        found[article.pk] = (article, list(group), [])
    for article, group in groupby(quotations, key=lambda quotation: quotation.article):
        found.setdefault(article.pk, (article, [], []))[2].extend(group)
    return sorted(found.values(), key=lambda entry: (entry[0].title, entry[0].pk))


def to_markdown(annotations, base, quotations=()):
    parts = []
    for article, group, article_quotations in by_article(annotations, quotations):
        parts.append(f"# {markdown_text(article.title)}\n")
        facts = [f"- Reading view: {w3c.reading_url(base, article)}"]
        if article.url:
            facts.append(f"- URL: {markdown_text(article.url)}")
        if article.outlet:
            facts.append(f"- Outlet: {markdown_text(article.outlet.name)}")
        if article.author:
            facts.append(f"- Author: {markdown_text(article.author)}")
        parts.append("\n".join(facts) + "\n")
        if group:
            parts.append("## Highlights\n")
        for annotation in group:
            lines = [quoted(annotation.exact)]
            if annotation.note:
                lines.append(f"**Note:** {markdown_text(annotation.note)}")
            tags = [f"#{markdown_text(tag.name.replace(' ', '-'))}" for tag in annotation.tag_list]
            if tags:
                lines.append("**Tags:** " + " ".join(tags))
            if annotation.orphaned:
                lines.append("*This passage is no longer in the article.*")
            parts.append("\n\n".join(lines) + "\n")
        if article_quotations:
            parts.append("## Quotations\n")
        for quotation in article_quotations:
            said = f"**{markdown_text(speaker_name(quotation) or 'Unknown speaker')}**"
            if quotation.cue:
                said += f" ({markdown_text(quotation.cue)})"
            parts.append(f"{quoted(quotation.text)}\n\n{said}, {quotation.get_status_display().lower()}\n")
    return "\n".join(parts)


def export_response(articles, user, base, format, filename="annotations"):
    """An attachment in ``format`` (jsonld, csv or md) of the annotations of ``articles`` that ``user``
    may see, and their quotations."""
    annotations, quotations = annotations_to_export(articles, user), quotations_to_export(articles)
    content_type, extension = FORMATS[format]
    if format == "jsonld":
        content = json.dumps(
            to_jsonld(annotations, base, quotations=quotations), ensure_ascii=False, indent=2
        )
    elif format == "csv":
        content = to_csv(annotations, base, quotations)
    else:
        content = to_markdown(annotations, base, quotations)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def items_of(data):
    """The annotations of a JSON-LD document: a collection (its pages' items), a page, a list or one."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ValidationError("The file holds neither an AnnotationCollection nor annotations.")
    if data.get("type") == "AnnotationCollection":
        first = data.get("first") or {}
        return first.get("items", []) if isinstance(first, dict) else []
    if data.get("type") == "AnnotationPage":
        return data.get("items", [])
    return [data]


def parse_moment(value):
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def import_one(item):
    """Create or update the annotation ``item`` describes; returns (annotation, created)."""
    target = item.get("target") if isinstance(item, dict) else None
    quote, position = {}, {}
    if isinstance(target, dict):
        for selector in w3c.as_list(target.get("selector", [])):
            if isinstance(selector, dict) and selector.get("type") == "TextQuoteSelector":
                quote = selector
            elif isinstance(selector, dict) and selector.get("type") == "TextPositionSelector":
                position = selector
    article = w3c.article_from_source(target.get("source")) if isinstance(target, dict) else None
    if article is None:
        raise ValidationError({"target": "The target's source is not an article here."})
    exact = quote.get("exact") or ""
    old = Anchor(
        position.get("start", 0),
        position.get("end", 0),
        exact,
        quote.get("prefix", ""),
        quote.get("suffix", ""),
    )
    # The article may have changed since the export: find the text again as after an edit. An orphan
    # stays one unless its very text is back.
    if exact:
        place = relocate(old, article.body, approximate=not item.get("orphaned"))
    elif 0 <= old.start < old.end <= len(article.body):
        # A position alone is taken as it is.
        place = (old.start, old.end)
    else:
        raise ValidationError({"target": "Give the exact text, or a position inside the article."})
    body = {key: value for key, value in item.items() if key != "target"}
    if place is not None:
        start, end = place
        body["target"] = {
            "source": target["source"],
            "selector": [{"type": "TextPositionSelector", "start": start, "end": end}],
        }
    values = w3c.parse(body, partial=True)
    values.pop("article", None)

    match = UUID_AT_END.search(str(item.get("id", "")))
    identifier = uuid.UUID(match.group(1)) if match else None
    # One in the trash is the same annotation: it comes back with the import.
    annotation = Annotation.with_trash.filter(uuid=identifier).first() if identifier else None
    created = annotation is None
    if created:
        annotation = Annotation(uuid=identifier or uuid.uuid4())
    annotation.article = article
    if place is not None:
        annotation.place(*place)
    else:
        # Kept with its old text and offsets, as re-anchoring keeps an orphan.
        annotation.start, annotation.end = old.start, max(old.end, old.start + 1)
        annotation.exact, annotation.prefix, annotation.suffix = exact, old.prefix, old.suffix
        annotation.orphaned = True
    w3c.apply(annotation, values)
    creator = item.get("creator")
    if isinstance(creator, dict) and creator.get("nickname"):
        annotation.author = get_user_model().objects.filter(username=creator["nickname"]).first()
    annotation.save()
    annotation.set_tags(values.get("tags", []))
    # created_at and updated_at are automatic; the export's own dates are put back after the save.
    dates = {
        field: parse_moment(item[key])
        for field, key in (("created_at", "created"), ("updated_at", "modified"))
        if item.get(key) and parse_moment(item[key])
    }
    if dates:
        Annotation.objects.filter(pk=annotation.pk).update(**dates)
    return annotation, created


def import_jsonld(data):
    """Import every annotation of a JSON-LD export, each in its own transaction.

    Returns (created, updated, orphaned, errors): errors are (position, message) of items left out.
    """
    created = updated = orphaned = 0
    errors = []
    for position, item in enumerate(items_of(data), 1):
        try:
            with transaction.atomic():
                annotation, new = import_one(item)
        except (ValidationError, ValueError, TypeError, AttributeError, KeyError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            errors.append((position, message))
            continue
        created += new
        updated += not new
        orphaned += annotation.orphaned
    return created, updated, orphaned, errors
