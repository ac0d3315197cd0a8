"""Annotations follow their article: when its body changes, they are re-anchored with its quotations."""

from django.dispatch import receiver

from articles.models import Article
from articles.signals import body_changed

from .models import Annotation


@receiver(body_changed, sender=Article, dispatch_uid="annotations.reanchor")
def reanchor_annotations(sender, change, **kwargs):
    """Private annotations too: re-anchoring is not reading, and every author's must follow the text."""
    change.reanchor(Annotation.objects.filter(article=change.article))
