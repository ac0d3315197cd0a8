"""The shared corpora ingested whole: the GGT JSONL set without a failure, HTML pages scored for body.

The dev page dumps are scored in test_export.py. These tests skip where ../shared is absent.
"""

import importlib.util
import json
from contextlib import redirect_stdout
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article


def load_module(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ingest(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("ingest", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.mark.django_db
def test_the_ggt_set_ingests_without_a_failure(corpus):
    records = [json.loads(line) for line in (corpus / "ggt" / "articles.jsonl").open(encoding="utf-8")]

    stdout, stderr = ingest(corpus / "ggt" / "articles.jsonl")

    assert stderr == ""
    assert stdout == f"created {len(records)}, duplicates 0, failed 0\n"
    assert len(records) == 49
    for record in records:
        article = Article.objects.get(source_name=record["id"])
        assert article.title_generated
        assert article.title and len(article.title) <= 121
        assert article.outlet.name == record["outlet"]
        assert article.url == record["url"]
        assert article.source_format == "jsonl"
        # The text was already clean: only its white space may change.
        assert article.body.split() == record["text"].split()


@pytest.mark.django_db
def test_html_pages_keep_the_article_body(corpus, tmp_path):
    score_bodies = load_module(corpus.parent / "score_bodies.py")
    pages = sorted((corpus / "html" / "pages").glob("*.html.gz"))

    # As on the command line: worker processes read the pages.
    stdout, stderr = ingest(corpus / "html" / "pages", "--jobs", "1")
    predicted = tmp_path / "predicted.jsonl"
    call_command("export_articles", "--format", "jsonl", "--output", str(predicted), stdout=StringIO())
    scores = StringIO()
    with redirect_stdout(scores):
        score_bodies.main([str(corpus / "html" / "ground-truth.json"), str(predicted)])

    assert stderr == ""
    # Over 50 pages, progress lines come before the summary.
    assert stdout.splitlines()[-1] == f"created {len(pages)}, duplicates 0, failed 0"
    result = json.loads(scores.getvalue())
    print("html bodies:", result)
    assert result["missing"] == 0
    # trafilatura with favor_precision, the headline out of the body: 0.9656.
    assert result["f1"] >= 0.965
    assert set(Article.objects.values_list("source_format", flat=True)) == {"html"}
