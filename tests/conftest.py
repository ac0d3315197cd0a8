"""Shared fixtures: three users as in the style guide, and the shared corpus when it is there.

alice and bob are editors (staff, in the Editors group); dan is on the Desk (an editor who also
moderates); charlie is a reader (the Readers group: he reads, also when PUBLIC_READING is off, and
writes nothing).
"""

import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from newsroom.permissions import DESK, EDITORS, READERS, role

SHARED = Path(os.environ.get("NEWSROOM_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """An SQLite test database in a file, not in memory, so that a worker process (tests/test_workers.py)
    sees what a test wrote."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # In memory-backed /dev/shm where there is one: as fast as SQLite in memory.
        shared_memory = Path("/dev/shm")  # noqa: S108 (a throwaway test database, named by process)
        folder = shared_memory if shared_memory.is_dir() else Path(tempfile.gettempdir())
        name = folder / f"newsroom-test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    # Uploads waiting for a worker are files: each test keeps its own.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, inside the request or command that enqueues them.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Archive-wide counts are cached (articles.freshness); each test starts without them.
    cache.clear()


def make_user(username, editor=False, group=None):
    """A user; ``editor`` puts them in the Editors group (and staff), ``group`` in another role's."""
    group = group or (EDITORS if editor else None)
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "password", is_staff=group in (EDITORS, DESK)
    )
    if group:
        user.groups.add(role(group))
    return user


@pytest.fixture
def alice(db):
    return make_user("alice", editor=True)


@pytest.fixture
def bob(db):
    return make_user("bob", editor=True)


@pytest.fixture
def charlie(db):
    return make_user("charlie", group=READERS)


@pytest.fixture
def dan(db):
    return make_user("dan", group=DESK)


@pytest.fixture
def corpus():
    """The shared corpus folder (``../shared``, or $NEWSROOM_SHARED); tests skip where it is absent."""
    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.skip(f"the shared corpus is not at {path} (only CI and developers' machines have it)")
    return path
