"""``export_all`` / ``import_all`` round-trip a whole database, from SQLite to PostgreSQL and back."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.dateparse import parse_datetime

from articles.models import ArticleVersion, IngestBatch, IngestItem
from tests.factories import annotate, make_article, make_person, mention, quote

PROJECT = Path(__file__).resolve().parent.parent


def postgres_server():
    """A PostgreSQL URL (its database name is the prefix of the throwaway one the test makes):
    $TEST_POSTGRES_URL, else $DATABASE_URL when it is PostgreSQL, else the local server."""
    for url in (os.environ.get("TEST_POSTGRES_URL"), os.environ.get("DATABASE_URL")):
        if url and url.startswith(("postgres://", "postgresql://")):
            return url
    return "postgres://postgres@127.0.0.1:5432/newsroom"


@pytest.fixture
def fresh_postgres():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    server = urlsplit(postgres_server())
    name = f"{server.path.strip('/') or 'newsroom'}_roundtrip_{os.getpid()}"
    admin_url = urlunsplit(server._replace(path="/postgres"))
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {admin_url} to round-trip through: {error}")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(server._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=os.environ | {"DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def rows(path):
    """The file's objects, in a stable order, their times as values: Django's JSON keeps
    milliseconds, so a time whose first three decimals are zero is written with them the first
    time ("12:00:01.000Z", from .000412) and without them once read back ("12:00:01Z")."""
    objects = json.loads(Path(path).read_text())
    for row in objects:
        row["fields"] = {name: as_time(value) for name, value in row["fields"].items()}
    return sorted(objects, key=lambda row: (row["model"], str(row["pk"])))


def as_time(value):
    """The moment a field's text names, or the value as it was."""
    if isinstance(value, str):
        try:
            return parse_datetime(value) or value
        except ValueError:
            pass
    return value


@pytest.fixture
def newsroom_data(alice, bob):
    """A bit of everything: tags, versions, people, quotations, mentions, annotations, batches,
    the admin's history, users in a group with its permissions."""
    article = make_article(title="Ferry strike", tags=["transport", "strikes"])
    article.published_at = "2026-01-02T03:04:05.123456Z"
    article.save()
    ArticleVersion.keep(article, alice)
    person = make_person("Mara Quill", aliases=["M. Quill"], role="harbour master")
    quotation = quote(article, "captivity is not a crime", speaker=person, status="confirmed")
    quotation.tags.add("key quote")
    mention(article, person, "Kadyrov")
    note = annotate(article, "five soldiers", alice, note="Check the number.", colour="green")
    note.tags.add("to check", "strikes")
    annotate(article, "authorities", bob, visibility="private")
    batch = IngestBatch.objects.create(label="two files", status="finished", total=1, done=1, created=1)
    IngestItem.objects.create(batch=batch, position=0, source_name="a.txt", status="created", article=article)
    LogEntry.objects.log_actions(
        alice.pk, [article], CHANGE, change_message=[{"changed": {"fields": ["Title"]}}], single_object=True
    )
    return article


def test_a_whole_database_goes_from_sqlite_to_postgresql_and_back(newsroom_data, tmp_path, fresh_postgres):
    original = tmp_path / "original.json"
    call_command("export_all", str(original), verbosity=0)
    first_sqlite = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    last_sqlite = f"sqlite:///{tmp_path / 'last.sqlite3'}"

    exports = [original]
    for database in (first_sqlite, fresh_postgres, last_sqlite):
        manage(database, "import_all", str(exports[-1]))
        exports.append(tmp_path / f"export-{len(exports)}.json")
        manage(database, "export_all", str(exports[-1]))

    expected = rows(original)
    models = {row["model"] for row in expected}
    assert {
        "auth.user",
        "auth.group",
        "articles.article",
        "articles.articleversion",
        "articles.person",
        "articles.personalias",
        "articles.quotation",
        "articles.mention",
        "annotations.annotation",
        "taggit.tag",
        "taggit.taggeditem",
        "articles.ingestbatch",
        "articles.ingestitem",
        "admin.logentry",
    } <= models
    for export in exports[1:]:
        assert rows(export) == expected, export
    # Ids keep counting after the loaded rows on PostgreSQL.
    manage(
        fresh_postgres, "shell", "-c", "from articles.models import Outlet; Outlet.objects.create(name='New')"
    )


def test_import_all_refuses_a_database_that_holds_data(newsroom_data, tmp_path):
    export = tmp_path / "export.json.gz"
    call_command("export_all", str(export), verbosity=0)

    with pytest.raises(CommandError, match="already holds users or articles"):
        call_command("import_all", str(export), verbosity=0)
