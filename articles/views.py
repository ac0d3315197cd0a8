"""The reading pages: the article list, an article's reading view, people and a person."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.views.decorators.http import require_safe

from newsroom.permissions import (
    can_add_annotation,
    can_add_quotation,
    can_change_quotation,
    can_see_history,
    reader_required,
)
from newsroom.versions import version

from .history import quotation_histories
from .models import Article, Outlet, Person
from .reading import marked_paragraphs, people_in_article

ARTICLES_PER_PAGE = 20
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
        # Only tags on articles: another tag may be on nothing but someone's private annotations.
        tag = get_object_or_404(Article.tags.all(), slug=slug)
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
            "outlets": Outlet.objects.annotate(article_count=Count("articles")).filter(article_count__gt=0),
            "tags": Article.tags.most_common()[:30],
        },
    )


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
                "speaker": q.speaker.name if q.speaker else "",
                "speakerSlug": q.speaker.slug if q.speaker else "",
                "cue": q.cue,
                "setting": q.setting,
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
