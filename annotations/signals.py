"""Annotations follow their article: when its body changes, they are re-anchored with its quotations.
After every migration the Admins role holds every permission (those of models added since too), and
the roles are made again if a flush emptied them."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from articles.models import Article
from articles.signals import body_changed
from newsroom.permissions import ADMINS, ROLES, sync_roles

from .models import Annotation


@receiver(body_changed, sender=Article, dispatch_uid="annotations.reanchor")
def reanchor_annotations(sender, change, **kwargs):
    """Private annotations too: re-anchoring is not reading, and every author's must follow the text."""
    change.reanchor(Annotation.objects.filter(article=change.article))


@receiver(post_migrate, dispatch_uid="annotations.keep_roles")
def keep_roles(sender, using, **kwargs):
    # Sent once per app: act on the last one, after every app's permissions are made.
    if sender is not list(apps.get_app_configs())[-1]:
        return
    groups = Group.objects.using(using)
    if groups.filter(name__in=ROLES).count() < len(ROLES):
        # A flush (as transactional tests do) empties the groups the migration made: make them again.
        sync_roles(Group, Permission)
    else:
        groups.get(name=ADMINS).permissions.set(Permission.objects.using(using).all())
