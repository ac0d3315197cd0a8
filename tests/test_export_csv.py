"""The CSV export of quotations, the command's formats, and the admin actions that download exports."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.export import CSV_COLUMNS, export_csv
from articles.models import Article
from tests.factories import make_article, quote
from tests.test_export import article_with_quotations

pytestmark = pytest.mark.django_db


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_quotation_in_reading_order_without_the_rejected_ones():
    article = article_with_quotations()
    stream = StringIO()

    count = export_csv(Article.objects.all(), stream, base_url="https://newsroom.example.org/")

    header = stream.getvalue().splitlines()[0]
    assert header == ",".join(CSV_COLUMNS)
    exported = rows(stream.getvalue())
    assert count == len(exported) == 3
    war = article.quotations.get(text__startswith="War should")
    assert exported[0] == {
        "article": "Kadyrov and the POWs 1",
        "url": "https://meduza.io/en/news/1",
        "outlet": "Meduza 1",
        "published": "2024-12-30T09:15:00+00:00",
        "speaker": "Ramzan Kadyrov",
        "role": "Chechnya head",
        "text": "War should be no reason to fall into captivity,",
        "kind": "direct",
        "status": "suggested",
        "cue": "posted on Telegram",
        "said on": "2024-12-30",
        "where": "",
        "start": str(war.start),
        "end": str(war.end),
        "link": f"https://newsroom.example.org/articles/{article.slug}/#q-{war.uuid}",
    }
    assert [row["text"] for row in exported] == [
        "War should be no reason to fall into captivity,",
        "captivity is not a crime,",
        "are glad.",
    ]
    assert (exported[2]["speaker"], exported[2]["role"]) == ("", "")
    assert "five soldiers have returned" not in stream.getvalue()


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_made_inert():
    article = make_article(body='He wrote =HYPERLINK("http://evil.example","click") and left.')
    Article.objects.update(outlet=None)
    quote(article, '=HYPERLINK("http://evil.example","click")', cue="@wrote")
    stream = StringIO()

    export_csv(Article.objects.all(), stream)

    [row] = rows(stream.getvalue())
    assert row["text"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["cue"] == "'@wrote"
    assert row["outlet"] == ""
    assert row["link"].startswith("/articles/")


def csv_queries(count, first=1):
    for number in range(first, first + count):
        article_with_quotations(number)
    with CaptureQueriesContext(connection) as queries:
        written = export_csv(Article.objects.all(), StringIO())
    assert written == 3 * count
    return len(queries)


def test_the_csv_export_is_one_query_whatever_the_number_of_articles():
    two = csv_queries(2)
    Article.objects.all().delete()

    ten = csv_queries(10, first=3)

    # Quotations with their articles, outlets and speakers.
    assert two == ten == 1


def test_the_command_writes_csv_to_stdout_or_a_file(tmp_path):
    article_with_quotations()
    stdout = StringIO()

    call_command("export_articles", "--format", "csv", "--base-url", "https://n.example", stdout=stdout)

    exported = rows(stdout.getvalue())
    assert len(exported) == 3
    assert exported[0]["link"].startswith("https://n.example/articles/")

    path = tmp_path / "quotations.csv"
    stdout = StringIO()
    call_command("export_articles", "--format", "csv", "--output", str(path), stdout=stdout)
    # A byte order mark, so that spreadsheet programs read UTF-8.
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    relative = [row | {"link": row["link"].removeprefix("https://n.example")} for row in exported]
    assert rows(path.read_text(encoding="utf-8-sig")) == relative
    assert stdout.getvalue() == f"exported 3 quotations to {path}\n"


# The admin actions


def run_action(client, action, articles):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk for article in articles]},
    )


def test_the_admin_downloads_the_selected_articles_as_json_lines(client, alice):
    chosen = [article_with_quotations(1), article_with_quotations(2)]
    article_with_quotations(3)
    client.force_login(alice)

    response = run_action(client, "export_jsonl", chosen)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="articles.jsonl"'
    records = [json.loads(line) for line in response.content.decode().splitlines()]
    assert [record["title"] for record in records] == ["Kadyrov and the POWs 1", "Kadyrov and the POWs 2"]
    assert records[0]["body"] == chosen[0].body
    assert len(records[0]["quotations"]) == 3


def test_the_admin_downloads_the_quotations_of_the_selected_articles_as_csv(client, alice):
    chosen = article_with_quotations(1)
    article_with_quotations(2)
    client.force_login(alice)

    response = run_action(client, "export_csv", [chosen])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="quotations.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    exported = rows(text.removeprefix("\ufeff"))
    assert {row["article"] for row in exported} == {"Kadyrov and the POWs 1"}
    assert exported[0]["link"].startswith(f"http://testserver/articles/{chosen.slug}/#q-")


def action_queries(client, action, count, first):
    articles = [article_with_quotations(number) for number in range(first, first + count)]
    with CaptureQueriesContext(connection) as queries:
        response = run_action(client, action, articles)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("action", ["export_jsonl", "export_csv"])
def test_the_actions_query_count_does_not_grow_with_the_selection(client, alice, action):
    client.force_login(alice)

    two = action_queries(client, action, 2, first=1)
    ten = action_queries(client, action, 10, first=3)

    assert two == ten


def test_readers_cannot_export(client, charlie):
    article = article_with_quotations()
    client.force_login(charlie)

    response = run_action(client, "export_csv", [article])

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
