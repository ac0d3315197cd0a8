"""`make run`'s demo data: the seed article and a demo editor, loaded again without adding anything."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Outlet

pytestmark = pytest.mark.django_db

TITLE = "Kadyrov refuses to meet with Chechen POWs, calls on them to return to the front"


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_the_seed_article_and_prints_the_editor_login(client, settings):
    settings.DEBUG = True
    output = load_demo()
    assert "Demo editor created" in output and "'editor'" in output and "'newsroom-demo'" in output

    article = Article.objects.get()
    assert (article.title, article.outlet.name, article.source_name) == (
        TITLE,
        "Meduza",
        "00_kadyrov_pows.txt",
    )
    assert "Please support Meduza" not in article.body

    assert client.get("/").status_code == 200
    reading = client.get(article.get_absolute_url())
    assert TITLE in reading.text and "Meduza" in reading.text
    assert (
        client.post("/accounts/login/", {"username": "editor", "password": "newsroom-demo"}).status_code
        == 302
    )
    assert client.get("/admin/articles/article/").status_code == 200


def test_loading_the_demo_again_adds_nothing(settings):
    settings.DEBUG = True
    load_demo()
    second = load_demo()
    assert "Demo article duplicate" in second and "Demo editor ready" in second
    assert Article.objects.count() == 1
    assert Outlet.objects.count() == 1
    assert get_user_model().objects.count() == 1


def test_the_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        load_demo()
    assert not get_user_model().objects.exists()
