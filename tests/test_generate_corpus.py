"""``manage.py generate_corpus``: invented articles whose quotations, mentions and notes hold their
offsets, spread over outlets, people, tags and years, and searchable at once."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from annotations.models import Annotation
from archive import counts
from archive.loading import indexes_built_after, secondary_indexes
from archive.synthetic import Corpus
from articles.models import Article, Mention, Outlet, Person, Quotation

pytestmark = pytest.mark.django_db


def test_the_query_planner_knows_the_generated_tables():
    call_command("generate_corpus", 30, seed=5, batch=30, stdout=None)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_quotation'")
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'articles_quotation'"
                " AND greatest(last_analyze, last_autoanalyze) IS NOT NULL"
            )
        assert cursor.fetchone()[0] >= 1


def test_a_generated_corpus_is_complete_and_every_offset_holds(client):
    call_command("generate_corpus", 60, seed=3, batch=25, stdout=None)
    assert Article.objects.count() == 60
    assert Outlet.objects.count() >= 20 and Person.objects.filter(aliases__isnull=False).exists()
    statuses = set(Quotation.objects.values_list("status", flat=True))
    kinds = set(Quotation.objects.values_list("kind", flat=True))
    assert statuses == set(Quotation.Status.values) and kinds == set(Quotation.Kind.values)
    assert Mention.objects.exists() and Annotation.objects.exclude(note="").exists()
    assert Article.tags.most_common().exists() and Quotation.objects.filter(tags__isnull=False).exists()
    years = {date.year for date in Article.objects.values_list("published_at", flat=True)}
    assert len(years) >= 8
    assert set(Article.objects.values_list("language", flat=True)) == {"en", "ru"}
    for article in Article.objects.prefetch_related("quotations", "mentions", "annotations"):
        assert article.word_count == len(article.body.split())
        assert bytes(article.raw).decode() == article.body
        for span in [*article.quotations.all(), *article.mentions.all()]:
            assert span.span_error(article.body, span.text) is None
        for annotation in article.annotations.all():
            assert annotation.span_error(article.body, annotation.exact) is None
    # The same words of one person reported by several articles.
    repeated = Quotation.objects.values("text", "speaker").annotate(n=Count("pk")).filter(n__gt=1)
    assert repeated.exists()
    # Searchable at once: the first article by a word of its title.
    word = max(Article.objects.order_by("pk").first().title.split(), key=len)
    assert client.get("/search/", {"q": word}).context["groups"][0].count >= 1


def test_the_same_seed_makes_the_same_articles():
    assert Corpus(5, 100).article(42) == Corpus(5, 100).article(42)
    assert Corpus(5, 100).article(42).body != Corpus(6, 100).article(42).body


def test_a_seed_already_stored_is_refused_with_a_clear_error():
    call_command("generate_corpus", 3, seed=1, stdout=None)
    with pytest.raises(CommandError, match="seed 1 is stored already"):
        call_command("generate_corpus", 3, seed=1, stdout=None)
    call_command("generate_corpus", 3, seed=2, stdout=None)
    assert Article.objects.count() == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes are dropped for loads on PostgreSQL")
def test_a_large_load_builds_the_indexes_again_even_when_it_fails():
    before = secondary_indexes([Article, Quotation])
    assert ("article_search_idx" in dict(before)) and ("quotation_search_idx" in dict(before))
    with pytest.raises(RuntimeError), indexes_built_after([Article, Quotation]):
        assert secondary_indexes([Article, Quotation]) == []
        raise RuntimeError("the load failed")
    assert secondary_indexes([Article, Quotation]) == before


def test_people_are_counted_however_the_corpus_was_written():
    call_command("generate_corpus", 30, seed=4, stdout=None)
    for person in Person.objects.all():
        shown = Quotation.objects.shown().filter(speaker=person)
        assert person.quotation_count == shown.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are paused on PostgreSQL")
def test_a_paused_load_counts_everyone_after_it():
    with counts.paused(connection):
        call_command("generate_corpus", 20, seed=5, stdout=None)
        assert not Person.objects.filter(quotation_count__gt=0).exists()
    quoted = Person.objects.filter(quotation_count__gt=0)
    assert quoted.exists()
    for person in quoted:
        assert person.quotation_count == Quotation.objects.shown().filter(speaker=person).count()
