"""The quotation, people and tag API (the reading view's side panel and autocompletes). Authentication,
CSRF and errors as ``newsroom.jsonapi`` says.

Quotations
----------
``POST /api/quotations/`` (needs articles.add_quotation; naming a new speaker also articles.add_person)::

    {"article": "kadyrov", "start": 120, "end": 166,
     "text": "…",                       # optional: checked against the body like ``exact``
     "speaker": "ramzan-kadyrov",       # a person's slug (from /api/people/), or null
     "speaker_name": "New Person",      # or a new speaker by name (an existing exact name is reused)
     "cue": "posted on Telegram", "kind": "direct",   # kind: direct, partial, indirect
     "said_on": "2025-03-14",           # optional: the day it was said (YYYY-MM-DD); null: the article's
     "place": "on Telegram"}            # optional: where or through what it was said

→ 201 with the quotation, ``confirmed``, ``origin: editor``, made by the user::

    {"id": "http://host/api/quotations/6f1c…/", "uuid": "6f1c…",
     "url": "http://host/articles/kadyrov/#q-6f1c…", "article": "kadyrov",
     "text": "…", "start": 120, "end": 166, "orphaned": false,
     "speaker": {"name": "Ramzan Kadyrov", "slug": "ramzan-kadyrov", "role": "Chechnya head",
                 "url": "http://host/people/ramzan-kadyrov/"},      # or null
     "speaker_text": "",                # the speaker as the article words it, when no person is linked
     "speaker_is_organisation": false,  # speaker_text names a body ("the utility"), never a person
     "cue": "posted on Telegram", "kind": "direct", "status": "confirmed", "origin": "editor",
     "said_on": "2025-03-14", "place": "on Telegram",
     "setting": "on Telegram, 14 March 2025",   # for readers; the day defaults to the article's
     "citation": "“…” — Ramzan Kadyrov, Meduza, 5 March 2024",   # for "copy"
     "version": "1741944600000000",
     "history": ["made by alice"]}      # one quotation's answers, for users who may see history

``GET /api/quotations/?article=<slug>`` → ``{"results": [<quotation>, ...]}``, every quotation of the
article (rejected ones too) in reading order. ``GET /api/quotations/<uuid>/`` → the quotation.
``PATCH /api/quotations/<uuid>/`` (needs articles.change_quotation) with any of ``status`` (suggested,
confirmed, rejected), ``speaker`` (slug or null), ``speaker_name``, ``cue``, ``kind``, ``said_on``
(``YYYY-MM-DD`` or null), ``place`` → 200 with the quotation. Every field has its JSON type (offsets
whole numbers, the rest strings or null); errors per field, e.g. ``{"errors": {"speaker": ["Select a
valid choice. …"]}}``, ``{"errors": {"said_on": ["Send a day as YYYY-MM-DD, e.g. 2025-03-14."]}}``.
Any change marks it ``edited`` (re-extraction leaves it alone). ``DELETE /api/quotations/<uuid>/``
(needs articles.delete_quotation) → 204: it moves to the trash; ``GET /api/quotations/trash/?article=
<slug>`` lists the article's trashed ones (same permission) and ``POST /api/quotations/<uuid>/restore/``
→ 200 puts one back (an orphan if its text left the article meanwhile). Every change is kept in its
history, with who made it.

Each quotation carries its ``version`` and comes with it as the ``ETag``: send it back as ``If-Match``
with PATCH or DELETE, and a quotation someone changed meanwhile answers 412 (nothing changed).

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
10; ``alias`` is the alias that matched, null when the name did). The tag autocomplete is
``annotations.api``'s: which tags one may see depends on the annotations one may see.
"""

from django import forms
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_safe

from newsroom.jsonapi import (
    errors,
    invalid,
    not_found,
    payload_errors,
    read_json,
    reader_only,
    refused,
    site,
    type_errors,
)
from newsroom.permissions import (
    can_add_person,
    can_add_quotation,
    can_change_quotation,
    can_delete_quotation,
    can_see_history,
)
from newsroom.versions import etag, if_match_fails, stale_message, version

from .forms import QuotationChangeForm, QuotationCreateForm
from .history import quotation_histories
from .models import Article, Person, Quotation

AUTOCOMPLETE_RESULTS = 10


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
        "url": base + quotation.get_absolute_url(),
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
        "speaker_is_organisation": quotation.speaker_is_body,
        "cue": quotation.cue,
        "said_on": quotation.said_on and quotation.said_on.isoformat(),
        "place": quotation.place,
        "setting": quotation.setting,
        "kind": quotation.kind,
        "status": quotation.status,
        "origin": quotation.origin,
        "citation": f"“{quotation.text}” — {', '.join(attribution)}",
        "version": version(quotation),
    }


def quotation_response(request, quotation, status=200):
    """One quotation, with its history in words for those who may see it (the side panel shows it)."""
    data = quotation_json(quotation, site(request))
    if can_see_history(request.user):
        data["history"] = quotation_histories([quotation]).get(quotation.pk, [])
    response = JsonResponse(data, status=status)
    response["ETag"] = etag(quotation)
    return response


def form_errors(form):
    return {
        field: [error["message"] for error in messages]
        for field, messages in form.errors.get_json_data().items()
    }


def field_problems(data, form_class):
    """Unknown fields, and values of the wrong JSON type: offsets are whole numbers, the rest strings."""
    return type_errors(
        data,
        {
            name: int if isinstance(field, forms.IntegerField) else str
            for name, field in form_class.base_fields.items()
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@reader_only
@payload_errors
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
    data = read_json(request)
    if problems := field_problems(data, QuotationCreateForm):
        return invalid(problems)
    if data.get("speaker_name") and not can_add_person(request.user):
        return refused(request)
    form = QuotationCreateForm({key: "" if value is None else value for key, value in data.items()})
    if not form.is_valid():
        return invalid(form_errors(form))
    quotation = form.save(request.user)
    response = quotation_response(request, quotation, status=201)
    response["Location"] = site(request) + reverse("api-quotation", args=[quotation.uuid])
    return response


@require_http_methods(["GET", "HEAD", "PATCH", "DELETE"])
@reader_only
@payload_errors
def quotation_detail(request, uuid):
    quotation = Quotation.objects.select_related("article__outlet", "speaker").filter(uuid=uuid).first()
    if quotation is None:
        return not_found("quotation")
    if request.method == "DELETE":
        if not can_delete_quotation(request.user):
            return refused(request)
        if if_match_fails(request, quotation):
            return errors(412, stale_message(quotation))
        quotation.trash(request.user)
        return HttpResponse(status=204)
    if request.method == "PATCH":
        if not can_change_quotation(request.user):
            return refused(request)
        if if_match_fails(request, quotation):
            return errors(412, stale_message(quotation))
        changes = read_json(request)
        if problems := field_problems(changes, QuotationChangeForm):
            return invalid(problems)
        if changes.get("speaker_name") and not can_add_person(request.user):
            return refused(request)
        form = QuotationChangeForm.for_patch(quotation, changes)
        if not form.is_valid():
            return invalid(form_errors(form))
        quotation = form.save()
    return quotation_response(request, quotation)


@require_safe
@reader_only
def quotation_trash(request):
    if not can_delete_quotation(request.user):
        return refused(request)
    article = Article.objects.defer("body", "raw").filter(slug=request.GET.get("article", "")).first()
    if article is None:
        return not_found("article")
    trash = (
        Quotation.with_trash.in_trash().filter(article=article).select_related("article__outlet", "speaker")
    )
    return JsonResponse({"results": [quotation_json(quotation, site(request)) for quotation in trash]})


@require_http_methods(["POST"])
@reader_only
def restore_quotation(request, uuid):
    if not can_delete_quotation(request.user):
        return refused(request)
    quotation = (
        Quotation.with_trash.in_trash().select_related("article__outlet", "speaker").filter(uuid=uuid).first()
    )
    if quotation is None:
        return not_found("quotation in the trash")
    quotation.restore()
    return quotation_response(request, quotation)


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
