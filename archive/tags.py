"""Tags with how often they are used, by articles, quotations and the notes a user may see."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from annotations.models import Annotation
from articles.models import Article, Quotation


def _count(queryset):
    """A correlated count: the database computes it for the rows shown only."""
    counted = queryset.order_by().values("tag").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted[:1]), 0)


def items_of(model):
    return TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
    )


def with_counts(tags, user):
    visible = Annotation.objects.visible_to(user).values("pk")
    return tags.annotate(
        article_count=_count(items_of(Article)),
        quotation_count=_count(items_of(Quotation)),
        annotation_count=_count(items_of(Annotation).filter(object_id__in=visible)),
    )
