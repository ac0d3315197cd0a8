"""The reading pages: the article list, an article's reading view, people and a person."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.views.decorators.http import require_safe
from taggit.models import Tag, TaggedItem

from newsroom.permissions import (
    can_add_annotation,
    can_add_quotation,
    can_change_quotation,
    can_see_history,
    reader_required,
)
from newsroom.versions import version

from . import freshness, profiles
from .history import quotation_histories
from .models import Article, Mention, Outlet, Person, Quotation
from .reading import marked_paragraphs, people_in_article
from .reports import reported_elsewhere

ARTICLES_PER_PAGE = 20
# Facets show the most used outlets and tags, and a search for the others: never hundreds of links.
FACET_SIZE = 12
PEOPLE_PER_PAGE = 50
QUOTATIONS_PER_PAGE = 50


def query_without_page(request):
    """The request's query string minus ``page``, for pagination links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@reader_required
def article_list(request):
    articles = Article.objects.all()
    outlet = tag = None
    if slug := request.GET.get("outlet"):
        outlet = get_object_or_404(Outlet, slug=slug)
        articles = articles.filter(outlet=outlet)
    tagged = None
    if slug := request.GET.get("tag"):
        # Only tags on articles: another tag may be on nothing but someone's private annotations.
        tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
        tag = get_object_or_404(Tag.objects.filter(Exists(tagged.filter(tag=OuterRef("pk")))), slug=slug)
        articles = articles.filter(tags=tag)
    around = facets(request.GET.get("outlets", "").strip())
    # Unfiltered, the number of articles is counted with the facets (and cached with them); by tag
    # alone, as the tag's items on articles (an index holds them, no article is read).
    total = None if outlet or tag else around.pop("total")
    if tag and not outlet:
        total = tagged.filter(tag=tag).count()
    paginator = CountedPaginator(articles.for_list().newest_first(), ARTICLES_PER_PAGE, total=total)
    return render(
        request,
        "articles/article_list.html",
        {
            "page": paginator.get_page(request.GET.get("page")),
            "outlet": outlet,
            "tag": tag,
            "query_string": query_without_page(request),
            **around,
        },
    )


class CountedPaginator(Paginator):
    """A paginator told its count when it is known already."""

    def __init__(self, *args, total=None, **kwargs):
        super().__init__(*args, **kwargs)
        if total is not None:
            self.count = total


def facets(outlet_search):
    """The outlets and tags beside the list: the most used (cached, articles.freshness), or the
    outlets named like ``outlet_search``."""

    def most_used():
        return {
            "outlets": list(Outlet.objects.most_used()[: FACET_SIZE + 1]),
            "tags": list(Article.tags.most_common()[:FACET_SIZE]),
            "total": Article.objects.count(),
        }

    found = freshness.cached("facets", most_used)
    outlets = found["outlets"]
    if outlet_search:
        outlets = list(Outlet.objects.most_used().named_like(outlet_search)[: FACET_SIZE + 1])
    return {
        "outlets": outlets[:FACET_SIZE],
        "more_outlets": len(outlets) > FACET_SIZE,
        "outlet_search": outlet_search,
        "tags": found["tags"],
        "total": found["total"],
    }


@require_safe
@reader_required
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("outlet").prefetch_related("tags"), slug=slug)
    quotations = list(article.quotations.shown().select_related("speaker"))
    mentions = list(article.mentions.select_related("person"))
    people = people_in_article(quotations, mentions)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            # Orphans keep offsets the body no longer has: the side panel lists them instead.
            "paragraphs": marked_paragraphs(article, [q for q in quotations if not q.orphaned]),
            "people": people,
            # Those quoted are listed; those only named are folded away.
            "quoted": [entry for entry in people if entry.quotation_count],
            "named": [entry for entry in people if not entry.quotation_count],
            "quotation_count": len(quotations),
            # The same person's near-identical words in other articles, the earliest report marked.
            "reported_elsewhere": reported_elsewhere(article, quotations),
            "reader": reader_data(request, article, quotations),
        },
    )


def reader_data(request, article, quotations):
    """What the annotating script (static/js/reader.js) needs, sent with ``json_script``."""
    user = request.user
    histories = quotation_histories(quotations) if can_see_history(user) else {}
    return {
        "article": article.slug,
        "source": request.build_absolute_uri(article.get_absolute_url()),
        "outlet": article.outlet.name if article.outlet else "",
        "date": formats.date_format(article.published_at, "j F Y") if article.published_at else "",
        "user": user.get_username() if user.is_authenticated else "",
        "canAnnotate": can_add_annotation(user),
        "canQuote": can_add_quotation(user),
        "canReview": can_change_quotation(user),
        # An annotation is its author's alone (newsroom.permissions): nobody edits another's.
        "canEditOthers": False,
        "quotations": [
            {
                "id": str(q.uuid),
                "start": q.start,
                "end": q.end,
                "text": q.text,
                # A person's name, else the source as written (an organisation, "a spokesperson").
                "speaker": q.speaker_name,
                "speakerSlug": q.speaker.slug if q.speaker else "",
                "speakerIsOrganisation": q.speaker is None and q.speaker_is_body,
                "cue": q.cue,
                "setting": q.setting,
                "saidOn": q.said_on.isoformat() if q.said_on else "",
                "place": q.place,
                "kind": q.kind,
                "status": q.status,
                "origin": q.origin,
                "orphaned": q.orphaned,
                "version": version(q),
                "history": histories.get(q.pk, []),
            }
            for q in quotations
        ],
    }


PEOPLE_ORDERS = {
    "name": ("name", "pk"),
    "quotations": ("-quotation_count", "name"),
    "latest": (F("latest_quotation").desc(nulls_last=True), "name"),
}
LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]


@require_safe
@reader_required
def person_list(request):
    """People, by default those who were quoted: found by a name typed roughly, sorted by name (with
    an A to Z pager), by how often or how lately they were quoted."""
    query = request.GET.get("q", "").strip()
    order = request.GET.get("sort") if request.GET.get("sort") in PEOPLE_ORDERS else "name"
    everyone = request.GET.get("all") == "1"
    letter = request.GET.get("letter", "").upper()
    letter = letter if letter in LETTERS else ""
    people = Person.objects.all() if everyone else Person.objects.quoted()
    if query:
        people = people.search(query)
        order = request.GET.get("sort") or ""  # the closest names first, unless a sort is chosen
    if letter and order == "name":
        people = people.filter(name__istartswith=letter)
    grouped = order in ("quotations", "latest")
    people = people.ranked_by_quotations() if grouped else people.with_quotation_stats()
    people = people.prefetch_related("aliases")
    if order:
        people = people.order_by(*PEOPLE_ORDERS[order])
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_list.html",
        {
            "page": page,
            "query": query,
            "order": order,
            "everyone": everyone,
            "letter": letter,
            "letters": LETTERS if order == "name" else [],
            "query_string": query_without_page(request),
        },
    )


def person_quotation_filters(request):
    """The person page's filters from the query string; unknown tags or outlets are 404s."""
    filters = profiles.QuotationFilters()
    if slug := request.GET.get("tag"):
        # Tags on articles or quotations only: another may be on nothing but private annotations.
        tags = Tag.objects.filter(
            Q(pk__in=Article.tags.all().values("pk")) | Q(pk__in=Quotation.tags.all().values("pk"))
        )
        filters.tag = get_object_or_404(tags, slug=slug)
    if slug := request.GET.get("outlet"):
        filters.outlet = get_object_or_404(Outlet, slug=slug)
    if request.GET.get("status") in Quotation.Status.values:
        filters.status = request.GET["status"]
    return filters


@require_safe
@reader_required
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.prefetch_related("aliases"), slug=slug)
    filters = person_quotation_filters(request)
    quotations = profiles.quotations_of(person, filters)
    # Unfiltered, their quotations are as many as the count the database keeps (archive.counts).
    total = None if filters.any() else person.quotation_count
    page = CountedPaginator(quotations, QUOTATIONS_PER_PAGE, total=total).get_page(request.GET.get("page"))
    profiles.mark_reports(page.object_list)
    named = Mention.objects.filter(person=person, article=OuterRef("pk"))
    articles = Article.objects.filter(Exists(named)).defer(*Article.LONG_FIELDS).select_related("outlet")
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "page": page,
            "filters": filters,
            "statuses": Quotation.Status.choices,
            **freshness.cached("person", lambda: profiles.figures(person), person.pk),
            "articles": articles.newest_first()[:50],
            "query_string": query_without_page(request),
            "export_query": query_without_page(request),
        },
    )


@require_safe
@reader_required
def person_quotations_export(request, slug, extension):
    """The person's quotations (with the page's filters) as CSV or JSON, streamed."""
    if extension not in ("csv", "json"):
        raise Http404("Quotations are exported as .csv or .json.")
    person = get_object_or_404(Person, slug=slug)
    quotations = profiles.quotations_of(person, person_quotation_filters(request))
    rows = profiles.export_rows(person, quotations, request.build_absolute_uri)
    if extension == "json":
        response = StreamingHttpResponse(json_lines(rows), content_type="application/json")
    else:
        response = StreamingHttpResponse(profiles.csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{person.slug}-quotations.{extension}"'
    return response


def json_lines(rows):
    """A JSON array, written a row at a time."""
    yield "["
    for number, row in enumerate(rows):
        yield ("," if number else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"
