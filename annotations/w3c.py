"""Annotations ⇄ the W3C Web Annotation Data Model (JSON-LD): the shape the API, exports and imports speak.

``to_jsonld`` writes an annotation; ``parse`` reads one sent by a client (or an export being imported)
into plain values, with error messages per field; ``apply`` puts those values on an Annotation.
Colour, visibility and orphaned are Newsroom's extension fields, beside the W3C ones.
"""

import functools
import re
import uuid
from datetime import UTC
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve, reverse

from articles.anchoring import Anchor, relocate
from articles.models import Article, Quotation

from .models import Annotation, motivation

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
MOTIVATIONS = ("highlighting", "commenting", "tagging")
NOTE_MAX_LENGTH = 20_000
TAG_MAX_LENGTH = 100
# Enough for any real use; a thousand tags in one request would hold the database's write lock.
TAGS_MAX = 100
QUOTATION_REFERENCE = re.compile(
    r"(?:^|#q-)([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)


def timestamp(moment):
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def reading_url(base, article):
    """The absolute URL of the article's reading page: every annotation's ``target.source``."""
    return base + article_path(article.slug)


def annotation_url(base, annotation):
    return base + annotation_path_template().format(annotation.uuid)


# A list serialises a thousand annotations of one article: reverse() each URL once, not per item.
@functools.lru_cache(maxsize=1024)
def article_path(slug):
    return reverse("article-detail", args=[slug])


@functools.lru_cache(maxsize=1024)
def tag_path(slug):
    return reverse("tag-detail", args=[slug])


@functools.cache
def annotation_path_template():
    return reverse("api-annotation", args=[uuid.UUID(int=0)]).replace(str(uuid.UUID(int=0)), "{}")


# What ``row_to_jsonld`` reads of an annotation, as ``values()`` names them: a list of a thousand
# annotations is built from plain rows, without a model instance (or three, with the author and the
# quotation) per annotation.
ROW_FIELDS = (
    "pk",
    "uuid",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "note",
    "colour",
    "visibility",
    "orphaned",
    "created_at",
    "updated_at",
    "quotation__uuid",
    "author__username",
    "author__first_name",
    "author__last_name",
)


def to_jsonld(annotation, base):
    """The annotation as a W3C Annotation; ``base`` is the site's scheme and host, like ``https://host``.

    Reads ``article``, ``author``, ``quotation`` and ``tag_list``: fetch them with ``for_w3c()`` and
    ``Annotation.fill_tag_lists``.
    """
    author = annotation.author
    row = {
        **{field: getattr(annotation, field) for field in ROW_FIELDS if "__" not in field},
        "quotation__uuid": annotation.quotation.uuid if annotation.quotation_id else None,
        "author__username": author.get_username() if author else None,
        "author__first_name": author.first_name if author else "",
        "author__last_name": author.last_name if author else "",
    }
    tags = [(tag.name, tag.slug) for tag in annotation.tag_list]
    return row_to_jsonld(row, tags, reading_url(base, annotation.article), base)


def row_to_jsonld(row, tags, source, base):
    """The W3C Annotation of a row of ``ROW_FIELDS`` values with its tags ((name, slug), by name), in the
    article at ``source``: what ``to_jsonld`` gives for the same annotation."""
    body = []
    if row["note"]:
        body.append(
            {"type": "TextualBody", "value": row["note"], "format": "text/plain", "purpose": "commenting"}
        )
    # A tag's id is its page (/tags/<slug>/), which lists what carries it: the side panel links there.
    # An old tag may have an empty slug, and no page.
    body += [
        {"type": "TextualBody", "id": base + tag_path(slug), "value": name, "purpose": "tagging"}
        if slug
        else {"type": "TextualBody", "value": name, "purpose": "tagging"}
        for name, slug in tags
    ]
    if row["quotation__uuid"] is not None:
        body.append({"id": f"{source}#q-{row['quotation__uuid']}", "purpose": "linking"})
    data = {
        "@context": CONTEXT,
        "id": base + annotation_path_template().format(row["uuid"]),
        "type": "Annotation",
        "motivation": motivation(row["note"], tags),
        "created": timestamp(row["created_at"]),
        "modified": timestamp(row["updated_at"]),
    }
    if row["author__username"] is not None:
        # As User.get_full_name() puts it, else the username.
        name = f"{row['author__first_name']} {row['author__last_name']}".strip() or row["author__username"]
        data["creator"] = {"type": "Person", "nickname": row["author__username"], "name": name}
    data["body"] = body
    data["target"] = {
        "source": source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": row["exact"],
                "prefix": row["prefix"],
                "suffix": row["suffix"],
            },
            {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]},
        ],
    }
    data["colour"] = row["colour"]
    data["visibility"] = row["visibility"]
    data["orphaned"] = row["orphaned"]
    return data


def collection(items, collection_id, total, label="", first_id=None, next_id=None, last_id=None):
    """An AnnotationCollection whose first page embeds ``items`` (already JSON-LD)."""
    first = {"id": first_id or collection_id, "type": "AnnotationPage", "startIndex": 0, "items": items}
    if next_id:
        first["next"] = next_id
    data = {"@context": CONTEXT, "id": collection_id, "type": "AnnotationCollection"}
    if label:
        data["label"] = label
    data |= {"total": total, "first": first}
    if last_id:
        data["last"] = last_id
    return data


def page(items, page_id, collection_id, total, start_index, next_id=None, prev_id=None):
    """One AnnotationPage of a collection, for ``?page=N``."""
    data = {
        "@context": CONTEXT,
        "id": page_id,
        "type": "AnnotationPage",
        "partOf": {"id": collection_id, "total": total},
        "startIndex": start_index,
        "items": items,
    }
    if next_id:
        data["next"] = next_id
    if prev_id:
        data["prev"] = prev_id
    return data


def article_from_source(source):
    """The article a ``target.source`` URL (absolute, or only its path) points at, or None."""
    if not isinstance(source, str):
        return None
    try:
        match = resolve(urlsplit(source).path)
    except (Resolver404, ValueError):
        # ValueError: not a URL at all, such as "http://[bad".
        return None
    if match.url_name != "article-detail":
        return None
    return Article.objects.defer("raw").filter(slug=match.kwargs["slug"]).first()


def as_list(value):
    return value if isinstance(value, list) else [value]


class Errors(dict):
    def add(self, field, message):
        self.setdefault(field, []).append(message)


def parse(data, partial=False, annotation=None):
    """Plain values from a W3C annotation sent by a client, or raise ValidationError per field.

    Returns a dict with the keys given (all of them unless ``partial``, as for PATCH): ``article``,
    ``start``, ``end``, ``exact``, ``note``, ``tags``, ``quotation``, ``colour``, ``visibility``.
    ``annotation`` is the one being changed, if any: a target may not move it to another article, and
    a target that is its current anchor unchanged is left out (an orphan keeps its old text).
    The position wins over the quote; the quote alone is searched for, as Hypothesis clients send it.
    """
    article = annotation.article if annotation is not None else None
    errors = Errors()
    values = {}
    if not isinstance(data, dict):
        raise ValidationError({"__all__": "Send a JSON object: one W3C Annotation."})

    if "motivation" in data:
        for motivation in as_list(data["motivation"]):
            if motivation not in MOTIVATIONS:
                errors.add("motivation", f"Use one of {', '.join(MOTIVATIONS)}.")

    if "target" in data:
        parse_target(data["target"], annotation, values, errors)
    elif not partial:
        errors.add("target", "Say what is annotated: a target with a source and selectors.")

    if "body" in data or "bodyValue" in data or not partial:
        parse_body(
            data.get("body", []), data.get("bodyValue"), values.get("article", article), values, errors
        )

    for field, choices in (("colour", Annotation.Colour), ("visibility", Annotation.Visibility)):
        if field in data:
            if data[field] in choices.values:
                values[field] = data[field]
            else:
                errors.add(field, f"Use one of {', '.join(choices.values)}.")
        elif not partial:
            values[field] = Annotation._meta.get_field(field).default

    if errors:
        raise ValidationError(errors)
    return values


def parse_target(target, annotation, values, errors):
    article = annotation.article if annotation is not None else None
    target = target[0] if isinstance(target, list) and len(target) == 1 else target
    if not isinstance(target, dict):
        errors.add("target", "The target is an object with a source and selectors.")
        return
    found = article_from_source(target.get("source"))
    if found is None:
        errors.add("target", "The target's source is not the URL of an article's reading page.")
        return
    if article is not None and found.pk != article.pk:
        errors.add("target", "An annotation cannot move to another article.")
        return
    selectors = {}
    for selector in as_list(target.get("selector", [])):
        if isinstance(selector, dict) and isinstance(selector.get("type"), str):
            selectors.setdefault(selector["type"], selector)
    position = selectors.get("TextPositionSelector")
    quote = selectors.get("TextQuoteSelector")
    exact = quote.get("exact") if quote else None
    if quote and (not isinstance(exact, str) or not exact):
        errors.add("target", "A TextQuoteSelector needs the exact text, a string.")
        return
    if position:
        start, end = position.get("start"), position.get("end")
        if not all(type(number) is int and number >= 0 for number in (start, end)):
            errors.add("target", "A TextPositionSelector's start and end are whole numbers from 0.")
            return
    elif quote:
        prefix, suffix = quote.get("prefix") or "", quote.get("suffix") or ""
        if not isinstance(prefix, str) or not isinstance(suffix, str):
            errors.add("target", "A TextQuoteSelector's prefix and suffix are strings.")
            return
        place = relocate(Anchor(0, 0, exact, prefix, suffix), found.body, approximate=False)
        if place is None:
            errors.add("target", "The quoted text is not in the article.")
            return
        start, end = place
    else:
        errors.add(
            "target", "Give a TextPositionSelector (start, end), a TextQuoteSelector (exact), or both."
        )
        return
    if annotation is not None and (start, end, exact) in [
        (annotation.start, annotation.end, None),
        (annotation.start, annotation.end, annotation.exact),
    ]:
        return
    candidate = Annotation(article=found, start=start, end=end)
    error = candidate.span_error(found.body, found.body[start:end] if exact is None else exact)
    if error:
        errors.add("target", error)
        return
    values.update(article=found, start=start, end=end, exact=exact)


def parse_body(body, body_value, article, values, errors):
    notes, tags, quotations = [], [], []
    if isinstance(body_value, str):
        notes.append(body_value)
    elif body_value is not None:
        errors.add("body", "A bodyValue is a string.")
    for item in as_list(body):
        if isinstance(item, str):
            notes.append(item)
            continue
        if not isinstance(item, dict):
            errors.add("body", "Each body is a TextualBody object.")
            continue
        purpose = item.get("purpose", "commenting")
        if purpose == "linking":
            reference = item.get("id")
            match = QUOTATION_REFERENCE.search(reference) if isinstance(reference, str) else None
            if match is None:
                errors.add("body", "A linking body's id is a quotation's URL (…#q-<uuid>) or its uuid.")
            else:
                quotations.append(uuid.UUID(match.group(1)))
            continue
        value = item.get("value")
        if not isinstance(value, str):
            errors.add("body", "A TextualBody's value is a string.")
        elif purpose == "tagging":
            tags.append(value)
        elif purpose in ("commenting", "describing"):
            notes.append(value)
        else:
            errors.add("body", f"A body's purpose is commenting, tagging or linking, not {purpose!r:.80}.")
    note = "\n\n".join(text.strip() for text in notes if text.strip())
    if len(note) > NOTE_MAX_LENGTH:
        errors.add("body", f"A note has at most {NOTE_MAX_LENGTH:,} characters.")
    if len(tags) > TAGS_MAX:
        errors.add("body", f"An annotation has at most {TAGS_MAX} tags, not {len(tags):,}.")
        tags = []
    for tag in tags:
        if not tag.strip():
            errors.add("body", "A tag cannot be blank.")
        elif len(tag.strip()) > TAG_MAX_LENGTH:
            errors.add("body", f"A tag has at most {TAG_MAX_LENGTH} characters.")
    quotation = None
    if len(quotations) > 1:
        errors.add("body", "Link one quotation at most.")
    elif quotations:
        quotation = Quotation.objects.filter(uuid=quotations[0]).only("pk", "uuid", "article_id").first()
        if quotation is None:
            errors.add("body", "The linked quotation does not exist.")
        elif article is not None and quotation.article_id != article.pk:
            errors.add("body", "The linked quotation belongs to another article.")
    values.update(note=note, tags=tags, quotation=quotation)


def apply(annotation, values):
    """Put parsed values on the annotation (unsaved); its tags are set by the caller once it is saved."""
    if "article" in values:
        annotation.article = values["article"]
        annotation.place(values["start"], values["end"], values["exact"])
    for field in ("note", "quotation", "colour", "visibility"):
        if field in values:
            setattr(annotation, field, values[field])
