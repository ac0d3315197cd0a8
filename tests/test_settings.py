"""Settings come from the environment, strictly, and production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import database_from_url, envbool

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "a-long-and-random-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "newsroom.example.org",
}


def manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY")}
    environment.pop("ALLOWED_HOSTS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("value", "expected"), [("True", True), ("false", False), ("1", True), ("off", False)]
)
def test_booleans_read_plain_words(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert envbool("SOME_FLAG", not expected) is expected


def test_a_malformed_boolean_is_an_error_not_false(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "Flase")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be True or False"):
        envbool("SOME_FLAG", True)
    monkeypatch.delenv("SOME_FLAG")
    assert envbool("SOME_FLAG", True) is True


def test_database_urls_for_sqlite_and_postgresql():
    sqlite = database_from_url("sqlite:////srv/newsroom/db.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/srv/newsroom/db.sqlite3"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert sqlite["OPTIONS"]["timeout"] > 0
    postgres = database_from_url("postgres://postgres@127.0.0.1:5432/test")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["HOST"], postgres["PORT"], postgres["NAME"]) == ("127.0.0.1", 5432, "test")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("nosuchdb://somewhere/db")


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_needs_a_secret_key_and_hosts(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is False" in result.stderr


def test_a_malformed_debug_flag_stops_the_app():
    result = manage("check", DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG must be True or False, not 'ture'" in result.stderr


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
