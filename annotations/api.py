"""The annotation API: W3C Web Annotation Data Model, JSON-LD. Authentication, CSRF and errors as
``newsroom.jsonapi`` says; quotations and people are ``articles.api``'s.

Annotations
-----------
``GET /api/annotations/?article=<slug>``: an AnnotationCollection of the annotations the user may see,
in reading order; its ``first`` page embeds up to 1,000 ``items``; follow ``first.next`` (and then each
page's ``next``) for more, ``GET /api/annotations/?article=<slug>&page=2`` answers an AnnotationPage::

    {"@context": "http://www.w3.org/ns/anno.jsonld",
     "id": "http://host/api/annotations/?article=kadyrov", "type": "AnnotationCollection",
     "label": "Annotations on Kadyrov says…", "total": 1,
     "first": {"id": "http://host/api/annotations/?article=kadyrov&page=1", "type": "AnnotationPage",
               "startIndex": 0, "items": [ <annotation>, ... ], "next": "…&page=2" (only if more)},
     "last": "http://host/api/annotations/?article=kadyrov&page=1"}

An annotation (``GET /api/annotations/<uuid>/``)::

    {"@context": "http://www.w3.org/ns/anno.jsonld",
     "id": "http://host/api/annotations/0b5e…/", "type": "Annotation",
     "motivation": "commenting",        # commenting if it has a note, else tagging if tags, else highlighting
     "created": "2026-11-25T21:30:00.123456Z", "modified": "2026-11-25T21:31:00Z",
     "creator": {"type": "Person", "nickname": "alice", "name": "Alice Example"},
     "body": [
       {"type": "TextualBody", "value": "Check the number", "format": "text/plain", "purpose": "commenting"},
       {"type": "TextualBody", "id": "http://host/tags/chechnya/",   # a tag's id is its page
        "value": "chechnya", "purpose": "tagging"},
       {"id": "http://host/articles/kadyrov/#q-6f1c…", "purpose": "linking"}   # the linked quotation
     ],
     "target": {"source": "http://host/articles/kadyrov/",
                "selector": [
                  {"type": "TextQuoteSelector", "exact": "five soldiers", "prefix": "…said that ",
                   "suffix": " have returned…"},
                  {"type": "TextPositionSelector", "start": 41, "end": 54}]},
     "colour": "yellow",               # Newsroom: yellow, green, blue, pink, purple
     "visibility": "shared",           # Newsroom: shared (with the newsroom) or private (its author only)
     "orphaned": false}                # Newsroom: true when its text left the article (kept, old text)

The note is plain text: show it escaped (textContent), never as HTML. Offsets count Unicode code points
of the article's body (Python string indices, like the paragraphs' ``data-start``/``data-end`` on the
reading page), not UTF-16 units: JavaScript string lengths differ on characters such as emoji.

``POST /api/annotations/`` (needs annotations.add_annotation) with an annotation as above, of which only
``target`` is required; ``id``, ``creator``, ``created``, ``modified``, ``orphaned`` and ``motivation`` are
ignored (motivation is checked, then derived)::

    {"target": {"source": "http://host/articles/kadyrov/",
                "selector": [{"type": "TextPositionSelector", "start": 41, "end": 54},
                             {"type": "TextQuoteSelector", "exact": "five soldiers"}]},
     "body": [{"type": "TextualBody", "value": "Chechnya", "purpose": "tagging"}],
     "colour": "green", "visibility": "private"}

→ 201 with the annotation and a ``Location`` header. The server checks ``exact`` against the body at
``start``–``end`` (400 on ``target`` if it differs), and fills prefix and suffix itself. A
TextQuoteSelector alone is searched for in the body (with its prefix and suffix). Tags are normalised:
stripped, lower case, and an existing tag is reused whatever its case ("Chechnya" is "chechnya"); an
annotation has at most 100 tags of at most 100 characters and a note of at most 20,000 characters, and
the limits of ``newsroom.jsonapi`` (size, depth, types) hold for every body.

``PUT /api/annotations/<uuid>/`` replaces it (same shape as POST: a missing body clears the note, the
tags and the quotation link; a target equal to its current one leaves it in place, even an orphan's);
``PATCH`` changes only the keys sent (``body`` replaces note, tags and link together; ``target`` moves it
within its article, which also re-attaches an orphan); both → 200 with the annotation. Its author may
change and delete it (with annotations.change_annotation / delete_annotation); nobody else may (403), however
shared it is. ``DELETE /api/annotations/<uuid>/`` → 204: it moves to the trash.

Versions: every annotation comes with an ``ETag`` header (and the same value, unquoted, as ``version``
in its JSON). Send it back as ``If-Match`` with PUT, PATCH or DELETE: when someone changed the annotation
meanwhile the answer is 412, ``{"errors": {"__all__": ["Someone else changed this annotation (by bob)
since you opened it; …"]}}``, and nothing is changed. Without If-Match the change is made.

Trash and moderation
--------------------
``GET /api/annotations/trash/`` (logged in) → ``{"items": [<annotation> + "trashed": {"at": …, "by":
"bob", "reason": "…"}]}``: one's own deleted annotations, and for the Desk (annotations.
moderate_annotation) also the others' they hid. ``POST /api/annotations/<uuid>/restore/`` → 200 with
the annotation, back in place (an orphan if its text left the article meanwhile): its author restores
what they deleted, the Desk what anyone deleted or hid. ``POST /api/annotations/<uuid>/hide/`` with
``{"reason": "…"}`` (the Desk, on another's annotation; the reason is required and kept in its history)
→ 204: it moves to the trash, unchanged.

Tags
----
``GET /api/tags/?q=chech`` → ``{"results": [{"name": "chechnya", "slug": "chechnya"}]}`` (at most 10):
the tags the user may see, so never one used only on someone's private annotations.

``GET /api/annotations/export/?article=<slug>&format=jsonld|csv|md`` (``article`` may repeat): an
attachment, the same exports as the admin's article actions (JSON-LD AnnotationCollection, CSV,
Markdown).
"""

import orjson
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from newsroom.jsonapi import (
    errors,
    invalid,
    not_found,
    payload_errors,
    read_json,
    reader_only,
    refused,
    site,
)
from newsroom.permissions import (
    can_add_annotation,
    can_change_annotation,
    can_delete_annotation,
    can_hide_annotation,
    can_restore_annotation,
)
from newsroom.versions import etag, if_match_fails, stale_message, version, version_at

from . import interchange, w3c
from .models import Annotation, visible_tags

ANNOTATIONS_PER_PAGE = 1000
TAGS_PER_AUTOCOMPLETE = 10


def annotation_json(annotation, base):
    """The W3C annotation with its version (the ETag's value), which a change sends back as If-Match."""
    return {**w3c.to_jsonld(annotation, base), "version": version(annotation)}


def annotation_items(rows, tags, source, base):
    """``annotation_json`` of each row of ``w3c.ROW_FIELDS`` values (``tags``: their (name, slug) pairs
    by pk), for a list of the annotations of the article at ``source``: no model instance per row."""
    items = []
    for row in rows:
        item = w3c.row_to_jsonld(row, tags[row["pk"]], source, base)
        item["version"] = version_at(row["updated_at"])
        items.append(item)
    return items


def page_of(rows, offset, size):
    """``(rows, total, has_next)`` for the ``size`` rows from ``offset``: one row more says whether a
    next page follows, and a first page that holds them all is its own count (no COUNT query)."""
    found = list(rows[offset : offset + size + 1])
    has_next = len(found) > size
    del found[size:]
    total = len(found) if offset == 0 and not has_next else rows.count()
    return found, total, has_next


def annotation_response(request, annotation, status=200):
    response = JsonResponse(
        annotation_json(annotation, site(request)), status=status, content_type=w3c.MEDIA_TYPE
    )
    response["ETag"] = etag(annotation)
    if status == 201:
        response["Location"] = w3c.annotation_url(site(request), annotation)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@reader_only
@payload_errors
def annotations(request):
    if request.method == "POST":
        return create_annotation(request)
    return list_annotations(request)


@ensure_csrf_cookie
def list_annotations(request):
    slug = request.GET.get("article", "")
    if not slug:
        return errors(400, "Give an article's slug: ?article=<slug>.", "article")
    article = Article.objects.only("pk", "slug", "title").filter(slug=slug).first()
    if article is None:
        return not_found("article")
    number = request.GET.get("page")
    # Only ASCII digits: "²" and "٣" are digits to str.isdigit(), not to int().
    if number is not None and not (number.isascii() and number.isdigit()):
        return errors(400, "A page is a whole number from 1.", "page")
    page_number = int(number or 1)
    if page_number < 1:
        return not_found("page")
    visible = article.annotations.visible_to(request.user).in_reading_order()
    offset = (page_number - 1) * ANNOTATIONS_PER_PAGE
    rows, total, has_next = page_of(visible.values(*w3c.ROW_FIELDS), offset, ANNOTATIONS_PER_PAGE)
    pages = max(1, -(-total // ANNOTATIONS_PER_PAGE))
    if page_number > pages:
        return not_found("page")

    base = site(request)
    # The page's rows again as a subquery: a thousand ids as parameters cost more than they save.
    tags = Annotation.tag_pairs(visible.values("pk")[offset : offset + ANNOTATIONS_PER_PAGE])
    items = annotation_items(rows, tags, w3c.reading_url(base, article), base)
    collection_id = base + reverse("api-annotations") + "?" + urlencode({"article": slug})

    def page_id(number):
        return f"{collection_id}&page={number}"

    next_id = page_id(page_number + 1) if has_next else None
    if number is None:
        data = w3c.collection(
            items,
            collection_id,
            total,
            label=f"Annotations on {article.title}",
            first_id=page_id(1),
            next_id=next_id,
            last_id=page_id(pages),
        )
    else:
        prev_id = page_id(page_number - 1) if page_number > 1 else None
        data = w3c.page(
            items, page_id(page_number), collection_id, total, offset if items else 0, next_id, prev_id
        )
    # orjson writes the thousand items in a third of the time json does (as UTF-8, not \u escapes).
    return HttpResponse(orjson.dumps(data), content_type=w3c.MEDIA_TYPE)


def create_annotation(request):
    if not can_add_annotation(request.user):
        return refused(request)
    try:
        values = w3c.parse(read_json(request))
        annotation = Annotation(author=request.user)
        w3c.apply(annotation, values)
    except ValidationError as error:
        return invalid(error.message_dict)
    with transaction.atomic():
        annotation.save()
        annotation.set_tags(values["tags"])
    return annotation_response(request, annotation, status=201)


@require_http_methods(["GET", "HEAD", "PUT", "PATCH", "DELETE"])
@reader_only
@payload_errors
def annotation_detail(request, uuid):
    annotation = (
        Annotation.objects.visible_to(request.user)
        .select_related("article")
        .for_w3c()
        .filter(uuid=uuid)
        .first()
    )
    if annotation is None:
        return not_found("annotation")
    if request.method in ("GET", "HEAD"):
        return annotation_response(request, annotation)
    if request.method == "DELETE":
        if not can_delete_annotation(request.user, annotation):
            return refused(request)
        if if_match_fails(request, annotation):
            return errors(412, stale_message(annotation))
        annotation.trash(request.user)
        return HttpResponse(status=204)
    if not can_change_annotation(request.user, annotation):
        return refused(request)
    if if_match_fails(request, annotation):
        return errors(412, stale_message(annotation))
    try:
        values = w3c.parse(read_json(request), partial=request.method == "PATCH", annotation=annotation)
        w3c.apply(annotation, values)
    except ValidationError as error:
        return invalid(error.message_dict)
    with transaction.atomic():
        annotation.save()
        if "tags" in values:
            annotation.set_tags(values["tags"])
    return annotation_response(request, annotation)


@require_safe
@reader_only
def export_annotations(request):
    slugs = request.GET.getlist("article")
    format = request.GET.get("format", "jsonld")
    if format not in interchange.FORMATS:
        return errors(400, f"Use one of {', '.join(interchange.FORMATS)}.", "format")
    if not slugs:
        return errors(400, "Give an article's slug: ?article=<slug>.", "article")
    articles = Article.objects.filter(slug__in=slugs)
    if len(articles) != len(set(slugs)):
        return not_found("article")
    filename = f"annotations-{slugs[0]}" if len(slugs) == 1 else "annotations"
    return interchange.export_response(articles, request.user, site(request), format, filename)


def trashed_annotation(request, uuid):
    return (
        Annotation.with_trash.trash_of(request.user)
        .select_related("article")
        .for_w3c()
        .filter(uuid=uuid)
        .first()
    )


@require_safe
@reader_only
def annotation_trash(request):
    if not request.user.is_authenticated:
        return refused(request)
    trash = Annotation.with_trash.trash_of(request.user).for_w3c().with_article().select_related("trashed_by")
    items = [
        {
            **annotation_json(annotation, site(request)),
            "trashed": {
                "at": w3c.timestamp(annotation.trashed_at),
                "by": annotation.trashed_by.get_username() if annotation.trashed_by else "",
                "reason": annotation.trash_reason,
            },
        }
        for annotation in Annotation.fill_tag_lists(trash.order_by("-trashed_at"))
    ]
    return JsonResponse({"items": items}, content_type=w3c.MEDIA_TYPE)


@require_http_methods(["POST"])
@reader_only
def restore_annotation(request, uuid):
    annotation = trashed_annotation(request, uuid)
    if annotation is None:
        return not_found("annotation in the trash")
    if not can_restore_annotation(request.user, annotation):
        return refused(request)
    annotation.restore()
    return annotation_response(request, annotation)


@require_http_methods(["POST"])
@reader_only
@payload_errors
def hide_annotation(request, uuid):
    annotation = (
        Annotation.objects.visible_to(request.user).select_related("article").filter(uuid=uuid).first()
    )
    if annotation is None:
        return not_found("annotation")
    if not can_hide_annotation(request.user, annotation):
        return refused(request)
    data = read_json(request)
    reason = data.get("reason") if isinstance(data, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        return errors(400, "Say why it is hidden: the reason is kept in its history.", "reason")
    if if_match_fails(request, annotation):
        return errors(412, stale_message(annotation))
    annotation.trash(request.user, reason=" ".join(reason.split())[:500])
    return HttpResponse(status=204)


@require_safe
@reader_only
def tags(request):
    query = " ".join(request.GET.get("q", "").split())
    found = visible_tags(request.user).filter(name__icontains=query).order_by("name")
    return JsonResponse(
        {"results": [{"name": tag.name, "slug": tag.slug} for tag in found[:TAGS_PER_AUTOCOMPLETE]]}
    )
