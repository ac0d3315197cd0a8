"""The data model's invariants: offsets that agree with the body, aliases, slugs and content hashes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annotations.models import Annotation
from articles.models import Article, Mention, Person, PersonAlias, Quotation
from tests.factories import annotate, make_article, make_outlet, make_person, mention, quote

pytestmark = pytest.mark.django_db


def test_quotation_text_must_be_the_body_at_its_offsets():
    article = make_article()
    quotation = quote(article, "captivity is not a crime,")
    assert article.body[quotation.start : quotation.end] == quotation.text

    quotation.start += 1
    with pytest.raises(ValidationError, match="captivity is not a crime"):
        quotation.save()
    with pytest.raises(ValidationError):
        quotation.full_clean()


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 3), (0, 10_000)])
def test_offsets_outside_the_body_are_refused(start, end):
    article = make_article()
    quotation = Quotation(article=article, text="x", start=max(start, 0), end=end)
    quotation.start = start
    with pytest.raises(ValidationError):
        quotation.save()
    assert not Quotation.objects.exists()


def test_database_refuses_an_empty_span():
    quotation = quote(make_article(), "captivity")
    with pytest.raises(IntegrityError), transaction.atomic():
        Quotation.objects.filter(pk=quotation.pk).update(end=quotation.start)


def test_mention_and_annotation_keep_the_same_invariant(alice):
    article = make_article()
    person = make_person()
    assert mention(article, person, "Kadyrov", occurrence=1).text == "Kadyrov"
    annotation = annotate(article, "five soldiers", alice)
    assert annotation.prefix.endswith("said that ")
    assert annotation.suffix.startswith(" have returned")
    annotation.exact = "six soldiers"
    with pytest.raises(ValidationError):
        annotation.save()
    assert Annotation.objects.get().exact == "five soldiers"


def test_an_alias_is_unique_per_person_whatever_its_case():
    kadyrov = make_person(aliases=["Kadyrov"])
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonAlias.objects.create(person=kadyrov, name="KADYROV")
    # Two people may share a surname: the article's context tells them apart.
    other = make_person("Akhmad Kadyrov", aliases=["Kadyrov"])
    assert PersonAlias.objects.filter(name="Kadyrov").count() == 2
    assert other.names() == ["Akhmad Kadyrov", "Kadyrov"]


def test_person_names_start_with_the_full_name_and_never_repeat():
    person = make_person(aliases=["Ramzan Kadyrov", "Kadyrov", "Kaydrov"])
    assert person.names() == ["Ramzan Kadyrov", "Kadyrov", "Kaydrov"]
    assert str(person) == "Ramzan Kadyrov"
    person.role = "Chechnya head"
    assert str(person) == "Ramzan Kadyrov (Chechnya head)"


def test_slugs_are_unique_and_readable():
    first, second = make_person(), make_person()
    assert (first.slug, second.slug) == ("ramzan-kadyrov", "ramzan-kadyrov-2")
    assert first.get_absolute_url() == "/people/ramzan-kadyrov/"
    article = make_article(title="Кадыров: «Плен — не преступление»")
    assert article.slug  # a title with no Latin letters still gets a usable slug
    assert make_outlet("Meduza").slug == "meduza"


def test_the_same_text_twice_is_one_article():
    article = make_article(body="One paragraph.\n\nAnother one.")
    assert article.content_hash == Article.hash_body("One paragraph.\n\n  Another   one.\n")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Again", body="One paragraph.\n\nAnother one.")


def test_a_publisher_url_belongs_to_one_article_but_many_have_none():
    make_article(url="")
    make_article(url="")
    make_article(url="https://example.com/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(url="https://example.com/a")
    assert Article.objects.count() == 3


def test_an_article_made_by_hand_keeps_its_text_as_raw():
    article = make_article(body="Ünïcode body.")
    article.refresh_from_db()
    assert bytes(article.raw) == "Ünïcode body.".encode()
    assert article.raw_text == "Ünïcode body."


def test_paragraph_spans_and_reading_time():
    article = make_article(body="First line\nsame paragraph.\n\nSecond." + " word" * 460)
    assert [article.body[s:e] for s, e in article.paragraph_spans()][0] == "First line\nsame paragraph."
    assert len(article.paragraph_spans()) == 2
    assert article.reading_minutes == 2


def test_a_quotation_links_to_its_place_in_the_article():
    article = make_article()
    quotation = quote(article, "captivity is not a crime,")
    assert quotation.get_absolute_url() == f"/articles/{article.slug}/#q-{quotation.uuid}"
    assert str(quotation) == "“captivity is not a crime,”"


def test_deleting_a_person_keeps_their_quotations_unattributed():
    article = make_article()
    person = make_person()
    quotation = quote(article, "captivity is not a crime,", speaker=person)
    person.delete()
    quotation.refresh_from_db()
    assert quotation.speaker is None
    assert Person.objects.count() == 0


def test_an_annotation_links_only_to_a_quotation_of_its_own_article(alice):
    article, other = make_article(), make_article()
    annotation = annotate(article, "five soldiers", alice)
    annotation.quotation = quote(other, "captivity is not a crime,")
    with pytest.raises(ValidationError, match="another article"):
        annotation.full_clean()
    annotation.quotation = quote(article, "captivity is not a crime,")
    annotation.full_clean()


def test_an_alias_given_twice_says_so_in_plain_words():
    kadyrov = make_person(aliases=["Kadyrov"])
    with pytest.raises(ValidationError, match="This person already has this alias."):
        PersonAlias(person=kadyrov, name="kadyrov").full_clean()


# Bulk writes skip save(): SpanQuerySet checks them.


def test_bulk_create_refuses_a_span_whose_text_is_not_the_body_there():
    article = make_article()
    start = article.body.index("captivity")
    good = Quotation(article=article, start=start, end=start + 9, text="captivity")
    bad = Quotation(article=article, start=start + 1, end=start + 10, text="captivity")
    with pytest.raises(ValidationError, match="not 'captivity'"):
        Quotation.objects.bulk_create([good, bad])
    assert not Quotation.objects.exists()
    Quotation.objects.bulk_create([good])
    assert Quotation.objects.get().text == "captivity"


def test_bulk_update_refuses_moved_offsets_and_reads_the_bodies_in_one_query(
    alice, django_assert_num_queries
):
    first, second = make_article(), make_article()
    rows = [annotate(first, "five soldiers", alice), annotate(second, "five soldiers", alice)]
    # Fresh rows, without their articles: the check fetches both bodies at once.
    rows = list(Annotation.objects.order_by("pk"))
    rows[1].start += 1
    with django_assert_num_queries(1), pytest.raises(ValidationError, match="not 'five soldiers'"):
        Annotation.objects.bulk_update(rows, ["start", "end"])
    assert list(Annotation.objects.values_list("start", flat=True)) == [row.start for row in rows[:1]] * 2


def test_bulk_writes_leave_orphans_and_other_fields_unchecked():
    article = make_article()
    person = make_person()
    orphan = Mention(article=article, person=person, start=0, end=4, text="gone", orphaned=True)
    Mention.objects.bulk_create([orphan])
    quotation = quote(article, "captivity")
    quotation.status = Quotation.Status.CONFIRMED
    Quotation.objects.bulk_update([quotation], ["status"])
    assert Quotation.objects.get().status == "confirmed"
    assert Mention.objects.get().orphaned
