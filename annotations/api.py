"""The annotation API (W3C Web Annotation Data Model, JSON-LD) and the quotation, people and tag API.

Authentication is Django's session (the reading page's login). Every write (POST, PUT, PATCH, DELETE)
needs Django's CSRF token: read the ``csrftoken`` cookie and send it as the ``X-CSRFToken`` header
(GET /api/annotations/ sets the cookie if the page did not). Send JSON bodies (``application/json`` or
``application/ld+json``); annotations come back as
``application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"``, the rest as ``application/json``.

Errors: a JSON object ``{"errors": {"<field>": ["message", ...]}}``; messages not about one field are
under ``"__all__"``. 400: malformed JSON or invalid fields (fields: ``target``, ``body``, ``colour``,
``visibility``, ``motivation``; for quotations the names below); 403: not logged in, or no permission
(``{"errors": {"__all__": ["Log in first."]}}``); 404: no such object, or another user's private
annotation (the list leaves those out); 405: method not allowed (empty body). A request without a
valid CSRF token gets Django's 403 page (HTML), before the view runs.

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
       {"type": "TextualBody", "value": "chechnya", "purpose": "tagging"},
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
stripped, lower case, and an existing tag is reused whatever its case ("Chechnya" is "chechnya").

``PUT /api/annotations/<uuid>/`` replaces it (same shape as POST: a missing body clears the note, the
tags and the quotation link; a target equal to its current one leaves it in place, even an orphan's);
``PATCH`` changes only the keys sent (``body`` replaces note, tags and link together; ``target`` moves it
within its article, which also re-attaches an orphan); both → 200 with the annotation. Its author may
change and delete it; others need annotations.change_annotation / delete_annotation (else 403).
``DELETE /api/annotations/<uuid>/`` → 204.

``GET /api/annotations/export/?article=<slug>&format=jsonld|csv|md`` (``article`` may repeat): an
attachment, the same exports as the admin's article actions (JSON-LD AnnotationCollection, CSV,
Markdown).

Quotations
----------
``POST /api/quotations/`` (needs articles.add_quotation; naming a new speaker also articles.add_person)::

    {"article": "kadyrov", "start": 120, "end": 166,
     "text": "…",                       # optional: checked against the body like ``exact``
     "speaker": "ramzan-kadyrov",       # a person's slug (from /api/people/), or null
     "speaker_name": "New Person",      # or a new speaker by name (an existing exact name is reused)
     "cue": "posted on Telegram", "kind": "direct"}   # kind: direct, partial, indirect

→ 201 with the quotation, ``confirmed``, ``origin: editor``, made by the user::

    {"id": "http://host/api/quotations/6f1c…/", "uuid": "6f1c…",
     "url": "http://host/articles/kadyrov/#q-6f1c…", "article": "kadyrov",
     "text": "…", "start": 120, "end": 166, "orphaned": false,
     "speaker": {"name": "Ramzan Kadyrov", "slug": "ramzan-kadyrov", "role": "Chechnya head",
                 "url": "http://host/people/ramzan-kadyrov/"},      # or null
     "speaker_text": "",                # the speaker as the article words it, when no person is linked
     "cue": "posted on Telegram", "kind": "direct", "status": "confirmed", "origin": "editor",
     "citation": "“…” — Ramzan Kadyrov, Meduza, 5 March 2024"}   # for "copy"

``GET /api/quotations/?article=<slug>`` → ``{"results": [<quotation>, ...]}``, every quotation of the
article (rejected ones too) in reading order. ``GET /api/quotations/<uuid>/`` → the quotation.
``PATCH /api/quotations/<uuid>/`` (needs articles.change_quotation) with any of ``status`` (suggested,
confirmed, rejected), ``speaker`` (slug or null), ``speaker_name``, ``cue``, ``kind`` → 200 with the
quotation. Errors per field, e.g. ``{"errors": {"speaker": ["Select a valid choice. …"]}}``.
Any change marks it ``edited`` (re-extraction leaves it alone).

The same PATCH moves it, which is how an orphan is attached again (the side panel's "Attach to the
selection")::

    {"start": 120, "end": 166,
     "text": "…"}                       # optional: must be the body's text at start–end

``start`` and ``end`` come together; without ``text`` the quotation takes the body's text there. Its
text becomes exactly ``body[start:end]`` and ``orphaned`` false. 400 when the place does not fit:
``start`` or ``end`` past the body's end or missing, ``end`` not after ``start``, or ``text`` not the
body's text there, e.g. ``{"errors": {"end": ["The article has 412 characters; 500 is past its end."]}}``.

Autocomplete
------------
``GET /api/people/?q=kad`` → ``{"results": [{"name": "Ramzan Kadyrov", "role": "Chechnya head",
"slug": "ramzan-kadyrov", "alias": "Kadyrov", "url": "http://host/people/ramzan-kadyrov/"}]}`` (at most
10; ``alias`` is the alias that matched, null when the name did).
``GET /api/tags/?q=chech`` → ``{"results": [{"name": "chechnya", "slug": "chechnya"}]}`` (at most 10).
"""

import json
from functools import wraps

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_safe
from taggit.models import Tag

from articles.models import Article, Person, Quotation
from newsroom.permissions import (
    can_add_annotation,
    can_add_person,
    can_add_quotation,
    can_change_annotation,
    can_change_quotation,
    can_delete_annotation,
    can_read,
)

from . import exporting, w3c
from .forms import QuotationChangeForm, QuotationCreateForm
from .models import Annotation

ANNOTATIONS_PER_PAGE = 1000
AUTOCOMPLETE_RESULTS = 10


def errors(status, message, field=NON_FIELD_ERRORS):
    return JsonResponse({"errors": {field: [message]}}, status=status)


def invalid(error_dict):
    return JsonResponse({"errors": error_dict}, status=400)


def refused(request):
    """403 for a user who may not, with a message that says whether logging in would help."""
    if not request.user.is_authenticated:
        return errors(403, "Log in first.")
    return errors(403, "You do not have permission to do this.")


def not_found(what="annotation"):
    return errors(404, f"No such {what}.")


def read_json(request):
    """The request's JSON body, or raise ValidationError."""
    try:
        return json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError({NON_FIELD_ERRORS: f"The request body is not valid JSON: {error}."}) from None


def site(request):
    """The scheme and host every absolute URL starts with."""
    return request.build_absolute_uri("/")[:-1]


def annotation_response(request, annotation, status=200):
    response = JsonResponse(
        w3c.to_jsonld(annotation, site(request)), status=status, content_type=w3c.MEDIA_TYPE
    )
    if status == 201:
        response["Location"] = w3c.annotation_url(site(request), annotation)
    return response


def reader_only(view):
    """Like ``reader_required``, but answers 403 in JSON instead of redirecting to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            return refused(request)
        return view(request, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@reader_only
def annotations(request):
    if request.method == "POST":
        return create_annotation(request)
    return list_annotations(request)


@ensure_csrf_cookie
def list_annotations(request):
    slug = request.GET.get("article", "")
    if not slug:
        return errors(400, "Give an article's slug: ?article=<slug>.", "article")
    article = Article.objects.defer("body", "raw").filter(slug=slug).first()
    if article is None:
        return not_found("article")
    # Rows come from the article's related manager, so each already has its article: no join, no body.
    visible = article.annotations.visible_to(request.user).for_w3c().in_reading_order()
    paginator = Paginator(visible, ANNOTATIONS_PER_PAGE)
    collection_id = site(request) + reverse("api-annotations") + "?" + urlencode({"article": slug})

    def page_id(number):
        return f"{collection_id}&page={number}"

    number = request.GET.get("page")
    if number is not None and not number.isdigit():
        return errors(400, "A page is a whole number from 1.", "page")
    if number is not None and not 1 <= int(number) <= paginator.num_pages:
        return not_found("page")
    page = paginator.page(int(number or 1))
    items = [w3c.to_jsonld(annotation, site(request)) for annotation in Annotation.fill_tag_lists(page)]
    next_id = page_id(page.next_page_number()) if page.has_next() else None
    if number is None:
        data = w3c.collection(
            items,
            collection_id,
            paginator.count,
            label=f"Annotations on {article.title}",
            first_id=page_id(1),
            next_id=next_id,
            last_id=page_id(paginator.num_pages),
        )
    else:
        prev_id = page_id(page.previous_page_number()) if page.has_previous() else None
        data = w3c.page(
            items,
            page_id(page.number),
            collection_id,
            paginator.count,
            page.start_index() - 1 if items else 0,
            next_id,
            prev_id,
        )
    return JsonResponse(data, content_type=w3c.MEDIA_TYPE)


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
def annotation_detail(request, uuid):
    annotation = (
        Annotation.objects.visible_to(request.user)
        .select_related("article")
        .for_w3c()
        .filter(uuid=uuid)
        .first()
    )
    if annotation is None:
        return not_found()
    if request.method in ("GET", "HEAD"):
        return annotation_response(request, annotation)
    if request.method == "DELETE":
        if not can_delete_annotation(request.user, annotation):
            return refused(request)
        annotation.delete()
        return HttpResponse(status=204)
    if not can_change_annotation(request.user, annotation):
        return refused(request)
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
    if format not in exporting.FORMATS:
        return errors(400, f"Use one of {', '.join(exporting.FORMATS)}.", "format")
    if not slugs:
        return errors(400, "Give an article's slug: ?article=<slug>.", "article")
    articles = Article.objects.filter(slug__in=slugs)
    if len(articles) != len(set(slugs)):
        return not_found("article")
    filename = f"annotations-{slugs[0]}" if len(slugs) == 1 else "annotations"
    return exporting.export_response(
        exporting.exported(articles, request.user), site(request), format, filename
    )


def quotation_json(quotation, base):
    article, speaker = quotation.article, quotation.speaker
    attribution = [speaker.name if speaker else quotation.speaker_text or "Unknown speaker"]
    if article.outlet:
        attribution.append(article.outlet.name)
    if article.published_at:
        attribution.append(date_format(article.published_at, "j F Y"))
    return {
        "id": base + reverse("api-quotation", args=[quotation.uuid]),
        "uuid": str(quotation.uuid),
        "url": f"{w3c.reading_url(base, article)}#q-{quotation.uuid}",
        "article": article.slug,
        "text": quotation.text,
        "start": quotation.start,
        "end": quotation.end,
        "orphaned": quotation.orphaned,
        "speaker": speaker
        and {
            "name": speaker.name,
            "slug": speaker.slug,
            "role": speaker.role,
            "url": base + speaker.get_absolute_url(),
        },
        "speaker_text": quotation.speaker_text,
        "cue": quotation.cue,
        "kind": quotation.kind,
        "status": quotation.status,
        "origin": quotation.origin,
        "citation": f"“{quotation.text}” — {', '.join(attribution)}",
    }


def form_errors(form):
    return {
        field: [error["message"] for error in messages]
        for field, messages in form.errors.get_json_data().items()
    }


def unknown_fields(data, form_class):
    if not isinstance(data, dict):
        return {NON_FIELD_ERRORS: ["Send a JSON object."]}
    unknown = set(data) - set(form_class.base_fields)
    return {field: ["Unknown field."] for field in sorted(unknown)}


@require_http_methods(["GET", "HEAD", "POST"])
@reader_only
def quotations(request):
    if request.method == "POST":
        return create_quotation(request)
    slug = request.GET.get("article", "")
    if not slug:
        return errors(400, "Give an article's slug: ?article=<slug>.", "article")
    article = Article.objects.select_related("outlet").defer("body", "raw").filter(slug=slug).first()
    if article is None:
        return not_found("article")
    # Every status, rejected ones too: the side panel filters by status.
    rows = article.quotations.select_related("speaker").in_reading_order()
    return JsonResponse({"results": [quotation_json(quotation, site(request)) for quotation in rows]})


def create_quotation(request):
    if not can_add_quotation(request.user):
        return refused(request)
    try:
        data = read_json(request)
    except ValidationError as error:
        return invalid(error.message_dict)
    if problems := unknown_fields(data, QuotationCreateForm):
        return invalid(problems)
    if data.get("speaker_name") and not can_add_person(request.user):
        return refused(request)
    form = QuotationCreateForm({key: "" if value is None else value for key, value in data.items()})
    if not form.is_valid():
        return invalid(form_errors(form))
    quotation = form.save(request.user)
    response = JsonResponse(quotation_json(quotation, site(request)), status=201)
    response["Location"] = site(request) + reverse("api-quotation", args=[quotation.uuid])
    return response


@require_http_methods(["GET", "HEAD", "PATCH"])
@reader_only
def quotation_detail(request, uuid):
    quotation = Quotation.objects.select_related("article__outlet", "speaker").filter(uuid=uuid).first()
    if quotation is None:
        return not_found("quotation")
    if request.method == "PATCH":
        if not can_change_quotation(request.user):
            return refused(request)
        try:
            changes = read_json(request)
        except ValidationError as error:
            return invalid(error.message_dict)
        if problems := unknown_fields(changes, QuotationChangeForm):
            return invalid(problems)
        if changes.get("speaker_name") and not can_add_person(request.user):
            return refused(request)
        form = QuotationChangeForm.for_patch(quotation, changes)
        if not form.is_valid():
            return invalid(form_errors(form))
        quotation = form.save()
    return JsonResponse(quotation_json(quotation, site(request)))


@require_safe
@reader_only
def people(request):
    query = " ".join(request.GET.get("q", "").split())
    found = Person.objects.search(query).prefetch_related("aliases").order_by("name", "pk")
    results = []
    for person in found[:AUTOCOMPLETE_RESULTS]:
        alias = None
        if query.lower() not in person.name.lower():
            alias = next((a.name for a in person.aliases.all() if query.lower() in a.name.lower()), None)
        results.append(
            {
                "name": person.name,
                "role": person.role,
                "slug": person.slug,
                "alias": alias,
                "url": site(request) + person.get_absolute_url(),
            }
        )
    return JsonResponse({"results": results})


@require_safe
@reader_only
def tags(request):
    query = " ".join(request.GET.get("q", "").split())
    found = Tag.objects.filter(name__icontains=query).order_by("name")[:AUTOCOMPLETE_RESULTS]
    return JsonResponse({"results": [{"name": tag.name, "slug": tag.slug} for tag in found]})
