"""The JSONL export: its shape, what it leaves out, its query count, and its score on the dev corpus."""

import importlib.util
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.export import article_record, export_jsonl
from articles.models import Article, Quotation
from tests.factories import BODY, make_article, make_outlet, make_person, mention, quote


def export(*args):
    stdout = StringIO()
    call_command("export_articles", "--format", "jsonl", *args, stdout=stdout)
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def article_with_quotations(number=1):
    """An article with a direct, a partial, an unattributed and a rejected quotation, and two people."""
    kadyrov = make_person("Ramzan Kadyrov", aliases=["Kadyrov", "Kaydrov"], role="Chechnya head")
    daudov = make_person("Magomed Daudov")
    article = make_article(
        title=f"Kadyrov and the POWs {number}",
        outlet=make_outlet(f"Meduza {number}"),
        url=f"https://meduza.io/en/news/{number}",
        published_at=datetime(2024, 12, 30, 9, 15, tzinfo=UTC),
        language="en",
        source_name=f"{number:02}_kadyrov.txt",
        tags=["Chechnya", "POWs"],
    )
    mention(article, kadyrov, "Ramzan Kadyrov")
    mention(article, kadyrov, "Kadyrov", occurrence=1)
    quote(article, "captivity is not a crime,", speaker=kadyrov, kind="partial", status="confirmed")
    quote(
        article,
        "War should be no reason to fall into captivity,",
        speaker=kadyrov,
        cue="posted on Telegram",
    )
    quote(article, "are glad.")
    quote(article, "five soldiers have returned", speaker=daudov, kind="indirect", status="rejected")
    return article


@pytest.mark.django_db
def test_an_article_is_exported_in_the_shape_the_scorer_reads():
    article = article_with_quotations()

    [record] = export()

    war = article.body.index("War should")
    captivity = article.body.index("captivity is not")
    glad = article.body.index("are glad.")
    assert record == {
        "file": "01_kadyrov.txt",
        "url": "https://meduza.io/en/news/1",
        "title": "Kadyrov and the POWs 1",
        "source": "Meduza 1",
        "published": "2024-12-30T09:15:00+00:00",
        "language": "en",
        "body": article.body,
        "people": [
            {
                "name": "Ramzan Kadyrov",
                "aliases": ["Ramzan Kadyrov", "Kadyrov", "Kaydrov"],
                "role": "Chechnya head",
            }
        ],
        "quotations": [
            {
                "text": "War should be no reason to fall into captivity,",
                "speaker": "Ramzan Kadyrov",
                "kind": "direct",
                "start": war,
                "end": war + 47,
                "status": "suggested",
                "cue": "posted on Telegram",
                "speaker_is_organisation": False,
                "said_on": "2024-12-30",
                "place": None,
            },
            {
                "text": "captivity is not a crime,",
                "speaker": "Ramzan Kadyrov",
                "kind": "partial",
                "start": captivity,
                "end": captivity + 25,
                "status": "confirmed",
                "cue": "",
                "speaker_is_organisation": False,
                "said_on": "2024-12-30",
                "place": None,
            },
            {
                "text": "are glad.",
                "speaker": None,
                "kind": "direct",
                "start": glad,
                "end": glad + 9,
                "status": "suggested",
                "cue": "",
                "speaker_is_organisation": False,
                "said_on": "2024-12-30",
                "place": None,
            },
        ],
        "tags": ["Chechnya", "POWs"],
    }
    for quotation in record["quotations"]:
        assert record["body"][quotation["start"] : quotation["end"]] == quotation["text"]


@pytest.mark.django_db
def test_rejected_quotations_and_their_speakers_are_left_out():
    article = article_with_quotations()

    record = article_record(article)

    assert Quotation.objects.filter(status="rejected").count() == 1
    assert "five soldiers have returned" not in [q["text"] for q in record["quotations"]]
    assert "Magomed Daudov" not in [person["name"] for person in record["people"]]


@pytest.mark.django_db
def test_people_appear_in_reading_order_as_speakers_or_mentions():
    article = make_article(body=BODY)
    kadyrov = make_person("Ramzan Kadyrov", aliases=["Kadyrov"])
    musikhanov = make_person("Kirgiz Musikhanov", role="")
    quote(article, "captivity is not a crime,", speaker=musikhanov)
    mention(article, kadyrov, "Kadyrov")

    people = article_record(article)["people"]

    assert people == [
        {"name": "Ramzan Kadyrov", "aliases": ["Ramzan Kadyrov", "Kadyrov"], "role": None},
        {"name": "Kirgiz Musikhanov", "aliases": ["Kirgiz Musikhanov"], "role": None},
    ]


@pytest.mark.django_db
def test_an_article_without_outlet_url_date_or_file_name():
    article = make_article(title="Pasted", body="Some text.", outlet=None)
    article.outlet = None
    article.save()

    [record] = export()

    assert record["file"] == article.slug
    assert (record["url"], record["source"], record["published"]) == (None, None, None)
    assert (record["people"], record["quotations"], record["tags"]) == ([], [], [])


@pytest.mark.django_db
def test_output_writes_a_utf8_file(tmp_path):
    article_with_quotations()
    path = tmp_path / "export.jsonl"
    stdout = StringIO()

    call_command("export_articles", "--format", "jsonl", "--output", str(path), stdout=stdout)

    text = path.read_text(encoding="utf-8")
    assert "“War should be no reason" in text  # not escaped as \u201c
    assert [record["title"] for record in map(json.loads, text.splitlines())] == ["Kadyrov and the POWs 1"]
    assert stdout.getvalue() == f"exported 1 articles to {path}\n"


@pytest.mark.django_db
def test_an_empty_database_exports_nothing():
    assert export() == []


def export_queries(count, first=1):
    for number in range(first, first + count):
        article_with_quotations(number)
    with CaptureQueriesContext(connection) as queries:
        written = export_jsonl(Article.objects.all(), StringIO())
    assert written == count
    return len(queries)


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_articles_and_quotations():
    two = export_queries(2)
    Article.objects.all().delete()

    ten = export_queries(10, first=3)

    # Articles with outlets; quotations with speakers; speakers' aliases; mentions with people;
    # mentioned people's aliases; tags.
    assert two == ten == 6


def load_scorer(corpus):
    spec = importlib.util.spec_from_file_location("score_extraction", corpus.parent / "score_extraction.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer


@pytest.mark.django_db
def test_the_dev_corpus_ingests_cleanly(corpus, tmp_path):
    scorer = load_scorer(corpus)
    dumps = sorted(corpus.glob("dev/*.txt"))
    call_command("ingest", str(corpus / "dev"), stdout=StringIO(), stderr=StringIO())
    assert sorted(Article.objects.values_list("source_name", flat=True)) == [path.name for path in dumps]
    predicted = tmp_path / "predicted.jsonl"
    call_command("export_articles", "--format", "jsonl", "--output", str(predicted), stdout=StringIO())

    result = scorer.score(scorer.load(corpus / "dev" / "gold.jsonl"), scorer.load(predicted))

    assert result["documents_missing"] == 0
    assert result["title_accuracy"] == 1.0
    assert result["source_accuracy"] == 1.0
    assert result["boilerplate_removed"] == 1.0
    assert result["body_keeps_quotes"] == 1.0
