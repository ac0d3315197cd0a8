"""Pages about tags: every article, quotation and annotation that carries one.

A tag page lists both apps' rows, so it sits above both, beside the URLs that join them.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from annotations.models import Annotation, visible_tags
from articles.models import Article, Quotation

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
        .select_related("speaker", "article")
        .order_by("-created_at")
    )
    annotations = (
        Annotation.objects.visible_to(request.user)
        .filter(tags=tag)
        .select_related("article", "author")
        .order_by("-created_at")
    )
    return render(
        request,
        "tags/tag_detail.html",
        {
            "tag": tag,
            "articles": articles[:SHOWN_PER_KIND],
            "article_count": articles.count(),
            "quotations": quotations[:SHOWN_PER_KIND],
            "quotation_count": quotations.count(),
            "annotations": annotations[:SHOWN_PER_KIND],
            "annotation_count": annotations.count(),
        },
    )
