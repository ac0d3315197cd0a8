"""Who may do what: the one place every view, admin form and action, API endpoint, export and
autocomplete asks.

The roles are groups (``ROLES``, made and kept up to date by the migration ``annotations/0003_roles``):

- **Readers** read everything shared, also when ``PUBLIC_READING`` is off;
- **Editors** also ingest and edit articles, quotations and people, and annotate; an annotation is
  its author's: only they change or delete it;
- **Desk** are editors who also moderate: they hide (move to the trash, with a reason kept in the
  history) and restore others' shared annotations, but never change them; they merge people and
  rename, merge and delete tags;
- **Admins** hold every permission (``annotations.signals`` adds new ones after each migration).

Every rule below asks for a permission by codename (``user.has_perm``), never for a group, so a
permission given to one user directly works the same as a role. Reading follows ``PUBLIC_READING``.

It lives in ``newsroom`` because its rules span both apps (an editor's permissions on articles and on
annotations); it imports neither, so both may ask it. Rules about one row take the row and read only
its plain fields (``author_id``, ``trashed_by_id``).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q

READERS, EDITORS, DESK, ADMINS = "Readers", "Editors", "Desk", "Admins"
EVERY_PERMISSION = "*"

_READ = [
    "articles.view_outlet",
    "articles.view_article",
    "articles.view_articleversion",
    "articles.view_person",
    "articles.view_personalias",
    "articles.view_quotation",
    "articles.view_mention",
    "annotations.view_annotation",
    "taggit.view_tag",
    "taggit.view_taggeditem",
]
_EDIT = [
    f"articles.{action}_{model}"
    for model in ("outlet", "article", "person", "personalias", "quotation", "mention")
    for action in ("add", "change", "delete")
]
# change and delete on annotations: on their own only (can_change_annotation, can_delete_annotation).
_ANNOTATE = ["annotations.add_annotation", "annotations.change_annotation", "annotations.delete_annotation"]
_MODERATE = [
    "annotations.moderate_annotation",
    "articles.merge_person",
    "taggit.change_tag",
    "taggit.delete_tag",
]

# Role (group name): the permissions its members get, as "app_label.codename".
ROLES = {
    READERS: _READ,
    EDITORS: [*_READ, *_EDIT, *_ANNOTATE, "taggit.add_tag"],
    DESK: [*_READ, *_EDIT, *_ANNOTATE, "taggit.add_tag", *_MODERATE],
    ADMINS: EVERY_PERMISSION,
}


def sync_roles(group_model, permission_model):
    """Make the role groups hold exactly the permissions ROLES gives them (the models are passed so
    that a migration can call it with its historical ones). Raises LookupError on an unknown codename."""
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        if codenames == EVERY_PERMISSION:
            group.permissions.set(permission_model.objects.all())
            continue
        query = Q()
        for codename in codenames:
            app_label, code = codename.split(".")
            query |= Q(content_type__app_label=app_label, codename=code)
        permissions = list(permission_model.objects.filter(query))
        if len(permissions) != len(codenames):
            found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
            raise LookupError(f"Role {name}: no such permissions {sorted(set(codenames) - found)}")
        group.permissions.set(permissions)


def role(name):
    """A role's group (the migration made it)."""
    return Group.objects.get(name=name)


# Reading


def can_read(user):
    """Anyone when PUBLIC_READING is on; else whoever may view articles (Readers and up)."""
    return settings.PUBLIC_READING or user.has_perm("articles.view_article")


def reader_required(view):
    """Let the request through when its user may read; else send a visitor to the login page and
    refuse (403) a logged-in user without the permission."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            if request.user.is_authenticated:
                raise PermissionDenied
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


# Annotations, the h way: one rule per action. A private annotation of someone else is not
# "forbidden" but invisible (AnnotationQuerySet.visible_to), so views answer 404 for it.


def can_see_every_annotation(user):
    """Superusers see private annotations too (the admin, a full export for a backup)."""
    return user.is_active and user.is_superuser


def is_author(user, annotation):
    return user.is_authenticated and annotation.author_id == user.pk


def can_see_annotation(user, annotation):
    """Shared ones, one's own, and every one for a superuser (AnnotationQuerySet.visible_to for many)."""
    return annotation.visibility == "shared" or is_author(user, annotation) or can_see_every_annotation(user)


def can_add_annotation(user):
    return user.has_perm("annotations.add_annotation")


def can_change_annotation(user, annotation):
    """Only its author, with the change permission; nobody changes a shared annotation of another."""
    return (
        is_author(user, annotation)
        and not annotation.in_trash
        and user.has_perm("annotations.change_annotation")
    )


def can_delete_annotation(user, annotation):
    """Only its author, with the delete permission, moves it to the trash."""
    return is_author(user, annotation) and user.has_perm("annotations.delete_annotation")


def can_moderate_annotations(user):
    return user.has_perm("annotations.moderate_annotation")


def can_hide_annotation(user, annotation):
    """The Desk hides another's annotation (moves it to the trash, saying why); its own it deletes."""
    return not is_author(user, annotation) and can_moderate_annotations(user)


def can_restore_annotation(user, annotation):
    """Out of the trash: what its author deleted, the author or the Desk; what the Desk hid, the Desk."""
    if not annotation.in_trash:
        return False
    if annotation.trashed_by_id is not None and annotation.trashed_by_id == annotation.author_id:
        return can_delete_annotation(user, annotation) or can_hide_annotation(user, annotation)
    return can_hide_annotation(user, annotation)


def can_import_annotations(user):
    """An import writes annotations under their authors' names, so only superusers restore them."""
    return can_see_every_annotation(user)


# Quotations and people are the newsroom's, not anyone's: the permission decides.


def can_add_quotation(user):
    return user.has_perm("articles.add_quotation")


def can_change_quotation(user):
    return user.has_perm("articles.change_quotation")


def can_delete_quotation(user):
    """Move quotations to the trash and restore them."""
    return user.has_perm("articles.delete_quotation")


def can_see_history(user):
    """Who changed what and when (usernames included) is the newsroom's: not for anonymous visitors."""
    return user.has_perm("articles.view_quotation")


def can_add_person(user):
    return user.has_perm("articles.add_person")


def can_merge_people(user):
    return user.has_perm("articles.merge_person")


# Tags: anyone who annotates may make one; renaming, merging and deleting are the Desk's. Which tags a
# user may see at all depends on the annotations they may see: ``annotations.models.visible_tags``.


def can_add_tag(user):
    return user.has_perm("taggit.add_tag")


def can_manage_tags(user):
    """Rename and merge tags (and delete them, with taggit.delete_tag)."""
    return user.has_perm("taggit.change_tag")


def can_delete_tag(user):
    return user.has_perm("taggit.delete_tag")


def can_change_tagged_items(user):
    """Tagged items are changed through the tagged rows' own forms; by hand, only by superusers (a raw
    tagged item names any row, another's private annotation included)."""
    return user.is_active and user.is_superuser
