"""Login throttling (django-axes): wrong passwords past the limit lock a username out from that address,
on the login page and the admin's alike, and then even the right password does not log in."""

import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

from tests.test_settings import PROJECT

pytestmark = pytest.mark.django_db

PAGES = ["/accounts/login/", "/admin/login/"]


def log_in(client, page, username, password):
    return client.post(page, {"username": username, "password": password})


@pytest.mark.parametrize("page", PAGES)
def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, alice, page, settings):
    for _ in range(30):
        response = log_in(client, page, "alice", "wrong")
        assert SESSION_KEY not in client.session

    response = log_in(client, page, "alice", "password")

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    text = response.content.decode()
    assert "Too many failed logins" in text
    assert f"{settings.AXES_FAILURE_LIMIT} wrong passwords in a row for “alice”" in text
    assert "even with the right password" in text
    assert "0:15:00" in text


@pytest.mark.parametrize("page", PAGES)
def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, alice, page, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, page, "alice", "wrong")

    response = log_in(client, page, "alice", "password")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)
    # A success clears the count.
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_the_login_page_and_the_admin_share_the_count(client, alice, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, PAGES[number % 2], "alice", "wrong")

    assert log_in(client, "/admin/login/", "alice", "password").status_code == 429
    assert log_in(client, "/accounts/login/", "alice", "password").status_code == 429


def test_a_locked_out_username_does_not_lock_out_colleagues_at_the_same_address(client, alice, bob, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "/accounts/login/", "alice", "wrong")

    response = log_in(client, "/accounts/login/", "bob", "password")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(bob.pk)


def test_the_limit_and_the_wait_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "LOGIN_FAILURE_LIMIT": "9",
            "LOGIN_COOLOFF_MINUTES": "2",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.split() == ["9", "120.0"]
