"""Who may do what: the one place every view, admin action and API endpoint asks.

Reading follows the ``PUBLIC_READING`` setting; every write needs a login and the Django permission
for it (by codename), so groups and single users both work.
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
