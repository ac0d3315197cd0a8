"""Who may do what: the rules in ``newsroom/permissions.py`` and the roles the migration makes.

The API, admin and page tests (and the matrix in test_permission_matrix.py) check the same rules
through HTTP; these check the rules themselves, user by user.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission

from annotations.models import Annotation
from newsroom import permissions
from tests.conftest import make_user
from tests.factories import annotate, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(alice):
    article = make_article()
    return {
        "shared": annotate(article, "five soldiers", alice),
        "private": annotate(article, "are glad.", alice, visibility="private"),
    }


def direct(*codenames):
    """A user with no group, given ``codenames`` one by one."""
    user = make_user(f"direct-{len(get_user_model().objects.all())}")
    for codename in codenames:
        app_label, code = codename.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=code))
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def people(alice, bob, charlie, dan):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "password")
    return {
        "anonymous": AnonymousUser(),
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "dan": dan,
        "root": root,
    }


# user: (may add, may change alice's shared note, may delete it, may hide it, sees her private note)
RULES = {
    "anonymous": (False, False, False, False, False),
    "charlie": (False, False, False, False, False),
    "bob": (True, False, False, False, False),
    "dan": (True, False, False, True, False),
    "alice": (True, True, True, False, True),
    "root": (True, False, False, True, True),
}


@pytest.mark.parametrize("username", RULES)
def test_the_annotation_rules(people, notes, username):
    user = people[username]
    may_add, may_change, may_delete, may_hide, sees_private = RULES[username]
    assert permissions.can_add_annotation(user) is may_add
    assert permissions.can_change_annotation(user, notes["shared"]) is may_change
    assert permissions.can_delete_annotation(user, notes["shared"]) is may_delete
    assert permissions.can_hide_annotation(user, notes["shared"]) is may_hide
    assert permissions.can_see_annotation(user, notes["private"]) is sees_private
    visible = set(Annotation.objects.visible_to(user))
    assert visible == ({notes["shared"], notes["private"]} if sees_private else {notes["shared"]})


def test_direct_permissions_work_as_the_editors_role(notes):
    """The rules ask for codenames, never for groups: a user given them one by one is an editor."""
    dave = direct(
        "annotations.add_annotation", "annotations.change_annotation", "annotations.delete_annotation"
    )
    own = annotate(make_article(), "five soldiers", dave)
    assert permissions.can_change_annotation(dave, own)
    assert permissions.can_delete_annotation(dave, own)
    assert not permissions.can_change_annotation(dave, notes["shared"])
    moderator = direct("annotations.moderate_annotation")
    assert permissions.can_hide_annotation(moderator, notes["shared"])
    assert permissions.can_merge_people(direct("articles.merge_person"))


def test_an_author_without_the_change_permission_may_not_change_their_own(notes):
    dave = direct("annotations.add_annotation")
    own = annotate(make_article(), "five soldiers", dave)
    assert not permissions.can_change_annotation(dave, own)
    assert not permissions.can_delete_annotation(dave, own)


def test_what_the_author_deleted_the_author_or_the_desk_restores(people, notes, alice, dan):
    notes["shared"].trash(alice)
    may_restore = [
        name for name, user in people.items() if permissions.can_restore_annotation(user, notes["shared"])
    ]
    assert may_restore == ["alice", "dan", "root"]


def test_what_the_desk_hid_only_the_desk_restores(people, notes, dan):
    notes["shared"].trash(dan, reason="Names a private person")
    may_restore = [
        name for name, user in people.items() if permissions.can_restore_annotation(user, notes["shared"])
    ]
    assert may_restore == ["dan", "root"]


def test_only_superusers_see_every_annotation_and_import_them(people):
    assert [name for name, user in people.items() if permissions.can_see_every_annotation(user)] == ["root"]
    assert [name for name, user in people.items() if permissions.can_import_annotations(user)] == ["root"]


@pytest.mark.parametrize(
    ("username", "expected"),
    [("anonymous", False), ("charlie", False), ("bob", True), ("dan", True), ("root", True)],
)
def test_the_quotation_and_person_rules(people, username, expected):
    user = people[username]
    assert permissions.can_add_quotation(user) is expected
    assert permissions.can_change_quotation(user) is expected
    assert permissions.can_delete_quotation(user) is expected
    assert permissions.can_add_person(user) is expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [("anonymous", False), ("charlie", False), ("bob", False), ("dan", True), ("root", True)],
)
def test_the_desk_merges_people_and_manages_tags(people, username, expected):
    user = people[username]
    assert permissions.can_merge_people(user) is expected
    assert permissions.can_manage_tags(user) is expected
    assert permissions.can_delete_tag(user) is expected


def test_the_migration_makes_the_roles_with_their_permissions():
    for name, codenames in permissions.ROLES.items():
        group = Group.objects.get(name=name)
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        if codenames == permissions.EVERY_PERMISSION:
            assert len(held) == Permission.objects.count()
        else:
            assert held == set(codenames)


def test_sync_roles_refuses_an_unknown_permission(monkeypatch):
    monkeypatch.setitem(permissions.ROLES, permissions.READERS, ["articles.fly_article"])
    with pytest.raises(LookupError, match="fly_article"):
        permissions.sync_roles(Group, Permission)


@pytest.mark.parametrize(("public", "expected"), [(True, [True, True, True]), (False, [False, True, True])])
def test_reading_follows_public_reading_and_the_view_permission(settings, people, public, expected):
    settings.PUBLIC_READING = public
    assert [permissions.can_read(people[name]) for name in ("anonymous", "charlie", "bob")] == expected
    assert permissions.can_read(make_user("nobody")) is public
