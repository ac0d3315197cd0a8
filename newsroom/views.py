"""Pages about tags: every article, quotation and annotation that carries one.

A tag page lists both apps' rows, so it sits above both, beside the URLs that join them.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from annotations.models import Annotation, visible_tags
from articles.models import Article, Quotation
from articles.views import ARTICLES_PER_PAGE, query_without_page

from .permissions import reader_required

SHOWN_PER_KIND = 50


@require_safe
@reader_required
def tag_detail(request, slug):
    # A tag used only on annotations the user may not see does not exist for them.
    tag = get_object_or_404(visible_tags(request.user), slug=slug)
    articles = Article.objects.filter(tags=tag).for_list().newest_first()
    quotations = (
        Quotation.objects.shown()
        .filter(tags=tag)
        .select_related("speaker", "article__outlet")
        .defer(*(f"article__{name}" for name in Article.LONG_FIELDS))
        .order_by("-created_at")
    )
    annotations = (
        Annotation.objects.visible_to(request.user)
        .filter(tags=tag)
        .with_article()
        .select_related("author")
        .order_by("-created_at")
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "tags/tag_detail.html",
        {
            "tag": tag,
            "articles": page,
            "page": page,
            "article_count": page.paginator.count,
            "query_string": query_without_page(request),
            "quotations": quotations[:SHOWN_PER_KIND],
            "quotation_count": quotations.count(),
            "annotations": annotations[:SHOWN_PER_KIND],
            "annotation_count": annotations.count(),
        },
    )
