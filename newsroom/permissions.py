"""Who may do what: the one place every view, admin action and API endpoint asks.

Reading follows the ``PUBLIC_READING`` setting; every write needs a login and the Django permission
for it (by codename), so groups and single users both work.

It lives in ``newsroom`` because its rules span both apps (an editor's permissions on articles and on
annotations); it imports neither, so both may ask it.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login

EDITORS_GROUP = "Editors"

# What an editor may do: everything on the newsroom's content, nothing on accounts.
EDITOR_PERMISSIONS = {
    "articles": ["outlet", "article", "person", "personalias", "quotation", "mention"],
    "annotations": ["annotation"],
    "taggit": ["tag", "taggeditem"],
}


def can_read(user):
    return settings.PUBLIC_READING or user.is_authenticated


def reader_required(view):
    """Let the request through when its user may read, else send it to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def editors_group():
    """The Editors group with every editor permission, created or brought up to date."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    permissions = Permission.objects.none()
    for app_label, models in EDITOR_PERMISSIONS.items():
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    group.permissions.set(permissions)
    return group


# Annotations and quotations, the h way: one rule per action. A private annotation of someone else
# is not "forbidden" but invisible (AnnotationQuerySet.visible_to), so views answer 404 for it.


def can_add_annotation(user):
    return user.is_authenticated and user.has_perm("annotations.add_annotation")


def can_change_annotation(user, annotation):
    """Its author may change it; anyone else needs the change permission."""
    return user.is_authenticated and (
        annotation.author_id == user.pk or user.has_perm("annotations.change_annotation")
    )


def can_delete_annotation(user, annotation):
    """Its author may delete it; anyone else needs the delete permission."""
    return user.is_authenticated and (
        annotation.author_id == user.pk or user.has_perm("annotations.delete_annotation")
    )


def can_see_every_annotation(user):
    """Superusers see private annotations too (the admin, a full export for a backup)."""
    return user.is_active and user.is_superuser


def can_add_quotation(user):
    return user.is_authenticated and user.has_perm("articles.add_quotation")


def can_change_quotation(user):
    return user.is_authenticated and user.has_perm("articles.change_quotation")


def can_add_person(user):
    return user.is_authenticated and user.has_perm("articles.add_person")


def can_import_annotations(user):
    """An import writes annotations under their authors' names, so only superusers restore them."""
    return can_see_every_annotation(user)
