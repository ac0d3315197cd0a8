"""Annotations follow their article: when its body changes, they are re-anchored with its quotations.
And after every migration the Admins role holds every permission, those of models added since too."""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from articles.models import Article
from articles.signals import body_changed
from newsroom.permissions import ADMINS

from .models import Annotation


@receiver(body_changed, sender=Article, dispatch_uid="annotations.reanchor")
def reanchor_annotations(sender, change, **kwargs):
    """Private annotations too: re-anchoring is not reading, and every author's must follow the text."""
    change.reanchor(Annotation.objects.filter(article=change.article))


@receiver(post_migrate, dispatch_uid="annotations.complete_admins")
def complete_admins(sender, using, **kwargs):
    # Sent once per app; annotations is the last app, after every app's permissions are made.
    if sender.name != "annotations":
        return
    group = Group.objects.using(using).filter(name=ADMINS).first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())
