"""Who may do what with annotations and quotations: the rules in ``newsroom/permissions.py``.

The API tests check the same rules through HTTP; these check the rules themselves, user by user.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission

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


@pytest.fixture
def people(alice, bob, charlie):
    dave = make_user("dave")
    dave.user_permissions.add(Permission.objects.get(codename="add_annotation"))
    root = get_user_model().objects.create_superuser("root", "root@example.com", "password")
    return {
        "anonymous": AnonymousUser(),
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "dave": dave,
        "root": root,
    }


# user: (may add, may change alice's shared note, may delete it, sees her private note)
RULES = {
    "anonymous": (False, False, False, False),
    "charlie": (False, False, False, False),
    "dave": (True, False, False, False),
    "bob": (True, True, True, False),
    "alice": (True, True, True, True),
    "root": (True, True, True, False),
}


@pytest.mark.parametrize("username", RULES)
def test_the_annotation_rules(people, notes, username):
    user = people[username]
    may_add, may_change, may_delete, sees_private = RULES[username]
    assert permissions.can_add_annotation(user) is may_add
    assert permissions.can_change_annotation(user, notes["shared"]) is may_change
    assert permissions.can_delete_annotation(user, notes["shared"]) is may_delete
    visible = set(Annotation.objects.visible_to(user))
    assert visible == ({notes["shared"], notes["private"]} if sees_private else {notes["shared"]})


def test_an_author_may_change_and_delete_their_own_without_the_permissions(people):
    dave = people["dave"]
    own = annotate(make_article(), "five soldiers", dave)
    assert permissions.can_change_annotation(dave, own)
    assert permissions.can_delete_annotation(dave, own)


def test_only_superusers_see_every_annotation_and_import_them(people):
    assert [name for name, user in people.items() if permissions.can_see_every_annotation(user)] == ["root"]
    assert [name for name, user in people.items() if permissions.can_import_annotations(user)] == ["root"]


@pytest.mark.parametrize(
    ("username", "expected"),
    [("anonymous", False), ("charlie", False), ("dave", False), ("bob", True), ("root", True)],
)
def test_the_quotation_and_person_rules(people, username, expected):
    user = people[username]
    assert permissions.can_add_quotation(user) is expected
    assert permissions.can_change_quotation(user) is expected
    assert permissions.can_add_person(user) is expected
