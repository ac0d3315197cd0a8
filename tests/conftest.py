"""Shared fixtures: three users as in the style guide, and the shared corpus when it is there.

alice and bob are editors (staff, in the Editors group); charlie is a reader without permissions.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from articles.permissions import editors_group

SHARED = Path(os.environ.get("NEWSROOM_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared")


@pytest.fixture(autouse=True)
def test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, inside the request or command that enqueues them.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Archive-wide counts are cached (articles.freshness); each test starts without them.
    cache.clear()


def make_user(username, editor=False):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "password", is_staff=editor
    )
    if editor:
        user.groups.add(editors_group())
    return user


@pytest.fixture
def alice(db):
    return make_user("alice", editor=True)


@pytest.fixture
def bob(db):
    return make_user("bob", editor=True)


@pytest.fixture
def charlie(db):
    return make_user("charlie")


@pytest.fixture
def corpus():
    """The shared corpus folder (``../shared``, or $NEWSROOM_SHARED); tests skip where it is absent."""
    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.skip(f"the shared corpus is not at {path} (only CI and developers' machines have it)")
    return path
