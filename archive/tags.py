"""Tags with how often they are used, by articles, quotations and the notes a user may see.

Counted in one grouped pass over the tagged items (an index holds all three columns), for the tags
of a page, or for every tag when they are sorted by use; never a count per tag and kind.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from taggit.models import TaggedItem

from annotations.models import Annotation
from articles.models import Article, Quotation


@dataclass
class Uses:
    article_count: int = 0
    quotation_count: int = 0
    annotation_count: int = 0

    @property
    def total(self):
        return self.article_count + self.quotation_count + self.annotation_count


def uses(user, tag_ids=None):
    """{tag id: Uses} for the tags ``tag_ids`` (every tag used, when None)."""
    types = ContentType.objects.get_for_models(Article, Quotation, Annotation)
    fields = {
        types[Article].pk: "article_count",
        types[Quotation].pk: "quotation_count",
        types[Annotation].pk: "annotation_count",
    }
    hidden = Annotation.objects.exclude(pk__in=Annotation.objects.visible_to(user).values("pk")).values("pk")
    items = TaggedItem.objects.filter(content_type__in=list(fields)).exclude(
        content_type=types[Annotation], object_id__in=hidden
    )
    if tag_ids is not None:
        items = items.filter(tag_id__in=tag_ids)
    counted = items.order_by().values_list("tag_id", "content_type_id").annotate(n=Count("*"))
    found = {}
    for tag_id, content_type_id, number in counted:
        setattr(found.setdefault(tag_id, Uses()), fields[content_type_id], number)
    return found


def with_counts(tags, user, found=None):
    """``tags`` (a list) with ``article_count``, ``quotation_count`` and ``annotation_count`` set,
    from ``found`` (``uses``) or counted for them."""
    if found is None:
        found = uses(user, [tag.pk for tag in tags])
    for tag in tags:
        counts = found.get(tag.pk, Uses())
        tag.article_count, tag.quotation_count = counts.article_count, counts.quotation_count
        tag.annotation_count = counts.annotation_count
    return tags


def most_used(tags, user):
    """The ids of ``tags`` (a queryset), the most used first, then by name (unused ones last), and
    every tag's ``uses``."""
    found = uses(user)
    names = dict(tags.values_list("pk", "name"))
    return sorted(names, key=lambda pk: (-found.get(pk, Uses()).total, names[pk])), found
