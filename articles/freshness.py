"""Figures that add up a whole archive (facet counts, the dashboard) are cached for a few minutes,
under a key that changes as soon as an article, a quotation or a tag is added: new material shows at
once, an edit within ``SECONDS``. Two index lookups decide it, against hundreds of milliseconds of
counting at 100,000 articles."""

import hashlib

from django.core.cache import cache
from django.db.models import Max
from taggit.models import TaggedItem

from .models import Article, Quotation

SECONDS = 300


def newest():
    """The ids of the newest article, quotation and tagging: a change when any is added."""
    return tuple(
        model.objects.aggregate(newest=Max("pk"))["newest"] for model in (Article, Quotation, TaggedItem)
    )


def cached(name, compute, *key):
    """``compute()``, or its result stored under ``name``, ``key`` and the newest ids."""
    parts = ":".join(map(repr, [*key, *newest()]))
    return cache.get_or_set(f"archive:{name}:{hashlib.sha256(parts.encode()).hexdigest()}", compute, SECONDS)
