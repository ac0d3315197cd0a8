"""The reading pages: the article list, an article's reading view, people and a person."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.views.decorators.http import require_safe
from taggit.models import Tag

from .models import Article, Outlet, Person
from .permissions import reader_required
from .reading import marked_paragraphs, people_in_article

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
    if slug := request.GET.get("tag"):
        tag = get_object_or_404(Tag, slug=slug)
        articles = articles.filter(tags=tag)
    page = Paginator(articles.for_list().newest_first(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/article_list.html",
        {
            "page": page,
            "outlet": outlet,
            "tag": tag,
            "query_string": query_without_page(request),
            **outlet_facet(request.GET.get("outlets", "").strip()),
            "tags": Article.tags.most_common()[:FACET_SIZE],
        },
    )


def outlet_facet(search):
    """The outlets beside the list: the most prolific, or those named like ``search``."""
    outlets = Outlet.objects.most_used()
    if search:
        outlets = outlets.named_like(search)
    outlets = list(outlets[: FACET_SIZE + 1])
    more = len(outlets) > FACET_SIZE
    return {"outlets": outlets[:FACET_SIZE], "more_outlets": more, "outlet_search": search}


@require_safe
@reader_required
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("outlet").prefetch_related("tags"), slug=slug)
    quotations = list(article.quotations.shown().select_related("speaker"))
    mentions = list(article.mentions.select_related("person"))
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            # Orphans keep offsets the body no longer has: the side panel lists them instead.
            "paragraphs": marked_paragraphs(article, [q for q in quotations if not q.orphaned]),
            "people": people_in_article(quotations, mentions),
            "quotation_count": len(quotations),
            "reader": reader_data(request, article, quotations),
        },
    )


def reader_data(request, article, quotations):
    """What the annotating script (static/js/reader.js) needs, sent with ``json_script``."""
    user = request.user
    return {
        "article": article.slug,
        "source": request.build_absolute_uri(article.get_absolute_url()),
        "outlet": article.outlet.name if article.outlet else "",
        "date": formats.date_format(article.published_at, "j F Y") if article.published_at else "",
        "user": user.get_username() if user.is_authenticated else "",
        "canAnnotate": user.has_perm("annotations.add_annotation"),
        "canQuote": user.has_perm("articles.add_quotation"),
        "canReview": user.has_perm("articles.change_quotation"),
        "canEditOthers": user.has_perm("annotations.delete_annotation"),
        "quotations": [
            {
                "id": str(q.uuid),
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker.name if q.speaker else "",
                "cue": q.cue,
                "kind": q.kind,
                "status": q.status,
                "origin": q.origin,
                "orphaned": q.orphaned,
            }
            for q in quotations
        ],
    }


@require_safe
@reader_required
def person_list(request):
    people = Person.objects.with_quotation_counts().prefetch_related("aliases")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.search(query)
    page = Paginator(people.order_by("name", "pk"), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_list.html",
        {"page": page, "query": query, "query_string": query_without_page(request)},
    )


@require_safe
@reader_required
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.prefetch_related("aliases"), slug=slug)
    quotations = (
        person.quotations.shown()
        .select_related("article__outlet")
        .order_by("-article__sort_date", "article_id", "start")
    )
    page = Paginator(quotations, QUOTATIONS_PER_PAGE).get_page(request.GET.get("page"))
    articles = (
        Article.objects.filter(mentions__person=person)
        .select_related("outlet")
        .distinct()
        .newest_first()[:50]
    )
    return render(
        request, "people/person_detail.html", {"person": person, "page": page, "articles": articles}
    )
