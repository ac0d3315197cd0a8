"""The reading pages: article list, reading view, people, tags and accounts, as visitors use them."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Quotation
from articles.reading import marked_paragraphs
from tests.factories import annotate, make_article, make_outlet, make_person, mention, quote

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The article list


def test_the_list_shows_articles_newest_first(client):
    make_article("Older", published_at=datetime(2024, 1, 1, tzinfo=UTC))
    make_article("Newest", published_at=datetime(2025, 1, 1, tzinfo=UTC))
    make_article("Middle", published_at=datetime(2024, 6, 1, tzinfo=UTC))
    response = client.get("/")
    assert response.status_code == 200
    titles = [article.title for article in response.context["page"]]
    assert titles == ["Newest", "Middle", "Older"]
    assert "1 January 2025" in response.text


def test_the_list_filters_by_outlet_and_by_tag(client):
    meduza = make_outlet("Meduza")
    make_article("From Meduza", outlet=meduza, tags=["Chechnya"])
    make_article("From elsewhere", tags=["Chechnya"])
    make_article("Untagged Meduza", outlet=meduza)

    by_outlet = client.get("/", {"outlet": "meduza"})
    assert [a.title for a in by_outlet.context["page"]] == ["Untagged Meduza", "From Meduza"]
    by_tag = client.get("/", {"tag": "chechnya"})
    assert {a.title for a in by_tag.context["page"]} == {"From Meduza", "From elsewhere"}
    both = client.get("/", {"tag": "chechnya", "outlet": "meduza"})
    assert [a.title for a in both.context["page"]] == ["From Meduza"]
    assert client.get("/", {"outlet": "nowhere"}).status_code == 404


def test_the_list_is_paginated_and_keeps_its_filters(client):
    outlet = make_outlet("Meduza")
    for number in range(25):
        make_article(f"Story {number}", outlet=outlet)
    first = client.get("/", {"outlet": "meduza"})
    assert len(first.context["page"]) == 20
    assert 'href="?outlet=meduza&amp;page=2"' in first.text
    second = client.get("/", {"outlet": "meduza", "page": 2})
    assert len(second.context["page"]) == 5
    assert client.get("/", {"page": "junk"}).status_code == 200


def test_the_list_shows_counts_and_tags_without_rejected_quotations(client):
    article = make_article("Counted", tags=["war", "Chechnya"])
    quote(article, "captivity is not a crime,")
    quote(article, "are glad.", status=Quotation.Status.REJECTED)
    response = client.get("/")
    assert "1 quotation" in response.text and "2 quotations" not in response.text
    assert 'href="/tags/war/"' in response.text


def make_rich_articles(count):
    person = make_person(aliases=["Kadyrov"])
    for number in range(count):
        article = make_article(f"Story {number}", tags=["war", f"tag {number}"])
        quote(article, "captivity is not a crime,", speaker=person)
        mention(article, person, "Kadyrov")


def test_the_list_query_count_does_not_grow_with_articles(client):
    make_rich_articles(3)
    few = count_queries(client, "/")
    make_rich_articles(17)
    # the newest article, quotation and tagging (articles.freshness), which change as articles
    # come, so: the outlets, the tag facet, the number of articles; the page of articles, their tags
    assert few == count_queries(client, "/") == 8
    # Unchanged, the facets and the count come from the cache.
    assert count_queries(client, "/") == 5


# The reading view


def test_the_reading_view_shows_the_article_and_marks_every_quotation(client):
    outlet = make_outlet("Meduza")
    article = make_article("Kadyrov refuses", outlet=outlet, tags=["Chechnya"])
    kadyrov = make_person(role="Chechnya head", aliases=["Kadyrov"])
    direct = quote(
        article,
        "War should be no reason to fall into captivity,",
        speaker=kadyrov,
        cue="posted on Telegram",
        status=Quotation.Status.CONFIRMED,
    )
    partial = quote(article, "captivity is not a crime,", speaker=kadyrov, kind="partial")
    unknown = quote(article, "are glad.")
    quote(article, "five soldiers", status=Quotation.Status.REJECTED)
    mention(article, kadyrov, "Kadyrov", occurrence=1)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert "<h1>Kadyrov refuses</h1>" in html
    assert "Meduza" in html and "1 min read" in html and 'href="/tags/chechnya/"' in html
    assert f'id="q-{direct.uuid}"' in html
    assert f'id="q-{partial.uuid}"' in html
    assert f'id="q-{unknown.uuid}"' in html
    assert 'data-speaker="Ramzan Kadyrov"' in html
    assert 'data-speaker="Unknown speaker"' in html
    assert "Ramzan Kadyrov, posted on Telegram (confirmed)" in html
    assert html.count("<mark") == 3 + 2  # three quotations and the two in the legend
    # The side list: who is in the article and how often quoted.
    people = response.context["people"]
    assert [(p.person.name, p.quotation_count, p.forms) for p in people] == [
        ("Ramzan Kadyrov", 2, ["Kadyrov"])
    ]
    assert "Chechnya head" in html and "2 quotations" in html


def test_the_reading_view_keeps_the_body_text_intact(client):
    article = make_article(body="First paragraph with a “quoted phrase,” he said.\n\nSecond\nline.")
    quote(article, "quoted phrase,")
    response = client.get(article.get_absolute_url())
    paragraphs = re.findall(r'<p data-start="(\d+)" data-end="(\d+)">(.*?)</p>', response.text, re.S)
    assert len(paragraphs) == 2
    for start, end, html in paragraphs:
        text = re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")
        assert text == article.body[int(start) : int(end)]


def test_article_and_user_text_is_escaped_everywhere(client):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    article = make_article(
        title=f"Title {hostile}",
        body=f"Body {hostile} and “a quote {hostile}” end.",
        tags=[f"tag{hostile}"],
    )
    speaker = make_person(f'Eve" onmouseover="alert(1) {hostile}', role=hostile)
    quote(article, f"a quote {hostile}", speaker=speaker, cue=hostile)
    mention(article, speaker, "Body")
    for url in (article.get_absolute_url(), "/", speaker.get_absolute_url(), "/people/"):
        html = client.get(url).text
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert 'onmouseover="alert' not in html, url
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in client.get(article.get_absolute_url()).text


def test_a_quotation_over_two_paragraphs_is_one_link_target(client):
    article = make_article(body="“First part.\n\n“Second part,” she said.")
    quotation = quote(article, "First part.\n\n“Second part,")
    html = client.get(article.get_absolute_url()).text
    assert html.count(f'data-quotation="{quotation.uuid}"') == 2
    assert html.count(f'id="q-{quotation.uuid}"') == 1
    assert html.count("quote-end") == 1


def test_the_speaker_label_follows_the_closing_mark_and_is_no_part_of_the_text(client):
    article = make_article(
        body="“The quay is not safe,” she said. He called it “overdue.” Then: plain words here."
    )
    speaker = make_person("Ines Varga")
    direct = quote(article, "The quay is not safe", speaker=speaker)
    partial = quote(article, "overdue.", speaker=speaker, status=Quotation.Status.CONFIRMED)
    indirect = quote(article, "plain words", speaker=None)
    html = client.get(article.get_absolute_url()).text
    label = '<span class="quote-speaker quote-speaker-{}" data-for="{}" data-speaker="{}"></span>'
    assert f"safe</mark>,”{label.format('suggested', direct.uuid, 'Ines Varga')} she said" in html
    assert f"overdue.</mark>”{label.format('confirmed', partial.uuid, 'Ines Varga')} Then" in html
    assert f"plain words</mark>{label.format('suggested', indirect.uuid, 'Unknown speaker')} here" in html
    [paragraph] = re.findall(r'<p data-start="\d+" data-end="\d+">(.*?)</p>', html, re.S)
    assert re.sub(r"<[^>]+>", "", paragraph) == article.body.replace("“", "“")


def test_a_speaker_is_named_once_where_a_clause_and_its_quoted_words_end_together(client):
    article = make_article(body="The mayor said the ferry would “run all winter.” Nobody else spoke.")
    mayor = make_person("Ada Brand")
    clause = quote(article, "the ferry would “run all winter.”", speaker=mayor, kind="indirect")
    words = quote(article, "run all winter.", speaker=mayor, kind="partial")
    html = client.get(article.get_absolute_url()).text
    assert re.findall(r'<span class="quote-speaker ([^"]+)" data-for="([^"]+)"', html) == [
        ("quote-speaker-suggested", str(clause.uuid)),
        ("quote-speaker-suggested quote-speaker-repeat", str(words.uuid)),
    ]
    # Another speaker, or a shown label after a rejected one, is named.
    words.speaker = make_person("Ben Ode")
    words.save()
    assert "quote-speaker-repeat" not in client.get(article.get_absolute_url()).text
    words.speaker, clause.status = mayor, Quotation.Status.REJECTED
    words.save()
    clause.save()
    assert "quote-speaker-repeat" not in client.get(article.get_absolute_url()).text


def test_a_date_without_a_time_shows_no_midnight(client):
    dated = make_article("Dated", published_at=datetime(2025, 3, 14, tzinfo=UTC))
    timed = make_article("Timed", published_at=datetime(2025, 3, 15, 9, 30, tzinfo=UTC))
    assert "14 March 2025</time>" in client.get(dated.get_absolute_url()).text
    assert "15 March 2025, 09:30</time>" in client.get(timed.get_absolute_url()).text
    listing = client.get("/").text
    assert "14 March 2025</time>" in listing and "15 March 2025</time>" in listing
    assert "00:00" not in client.get(dated.get_absolute_url()).text


def test_a_date_without_a_time_is_its_day_wherever_the_reader_is(client, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    article = make_article("Dated", published_at=datetime(2025, 3, 14, tzinfo=UTC))
    assert article.published_date_only.isoformat() == "2025-03-14"
    assert "14 March 2025</time>" in client.get(article.get_absolute_url()).text


def test_nested_and_overlapping_quotations_give_well_formed_marks():
    article = make_article(body="He said “one “two” three” and more.")
    outer = Quotation(article=article, text="one “two” three", start=9, end=24)
    inner = Quotation(article=article, text="two", start=14, end=17)
    crossing = Quotation(article=article, text="three” and", start=19, end=29)
    for quotation in (outer, inner, crossing):
        assert article.body[quotation.start : quotation.end] == quotation.text
    [paragraph] = marked_paragraphs(article, [crossing, inner, outer])
    html = str(paragraph.html)
    # Every opened mark is closed before its parent closes.
    depth = 0
    for tag in re.findall(r"</?mark", html):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0
    assert depth == 0
    assert re.sub(r"<[^>]+>", "", html) == article.body.replace("“", "“")
    assert html.count(f'id="q-{crossing.uuid}"') == 1


def test_an_unknown_article_is_404(client):
    assert client.get("/articles/nothing-here/").status_code == 404


def test_the_reading_view_query_count_does_not_grow_with_quotations(client):
    article = make_article(body=" ".join(["“Quoted words,” he said."] * 300))
    people = [make_person(f"Person {n}") for n in range(5)]

    def add_quotations(count):
        for number in range(count):
            start = article.body.index("Quoted words,", article.quotations.count() * 24)
            Quotation.objects.create(
                article=article, text="Quoted words,", start=start, end=start + 13, speaker=people[number % 5]
            )
            mention(article, people[number % 5], "he", occurrence=article.mentions.count())

    add_quotations(2)
    few = count_queries(client, article.get_absolute_url())
    add_quotations(40)
    # the article with its outlet, its tags, its quotations with speakers, its mentions with people,
    # the same words reported elsewhere
    assert few == count_queries(client, article.get_absolute_url()) == 5


def test_reading_pages_refuse_writes(client):
    article = make_article()
    assert client.post(article.get_absolute_url()).status_code == 405
    assert client.post("/").status_code == 405


# People


def test_people_are_listed_and_found_by_alias(client):
    kadyrov = make_person(role="Chechnya head", aliases=["Kaydrov"])
    make_person("Magomed Daudov")
    quote(make_article(), "captivity is not a crime,", speaker=kadyrov)
    response = client.get("/people/", {"all": "1"})
    assert [p.name for p in response.context["page"]] == ["Magomed Daudov", "Ramzan Kadyrov"]
    assert "also Kaydrov" in response.text and "1 quotation" in response.text
    found = client.get("/people/", {"q": "kaydr"})
    assert [p.name for p in found.context["page"]] == ["Ramzan Kadyrov"]
    assert "No one is called" in client.get("/people/", {"q": "nobody"}).text


def test_a_person_page_links_every_quotation_to_its_place(client):
    kadyrov = make_person(role="Chechnya head", aliases=["Kadyrov"], wikidata_id="Q295")
    article = make_article("Kadyrov refuses")
    quotation = quote(article, "captivity is not a crime,", speaker=kadyrov)
    quote(article, "are glad.", speaker=kadyrov, status=Quotation.Status.REJECTED)
    mention(article, kadyrov, "Kadyrov")
    response = client.get(kadyrov.get_absolute_url())
    assert response.status_code == 200
    assert f'href="/articles/{article.slug}/#q-{quotation.uuid}"' in response.text
    assert "are glad" not in response.text
    assert "Chechnya head" in response.text and "Also written Kadyrov" in response.text
    assert "https://www.wikidata.org/wiki/Q295" in response.text
    assert list(response.context["articles"]) == [article]
    assert client.get("/people/nobody/").status_code == 404


def test_the_person_page_query_count_does_not_grow_with_quotations(client):
    kadyrov = make_person(aliases=["Kadyrov", "Kaydrov"])

    def add(count):
        for _ in range(count):
            article = make_article()
            quote(article, "captivity is not a crime,", speaker=kadyrov)
            mention(article, kadyrov, "Kadyrov")

    add(2)
    few = count_queries(client, kadyrov.get_absolute_url())
    add(20)
    # the person (with the count the database keeps), their aliases, the page of quotations, the same
    # words elsewhere, the articles naming them; the newest ids (articles.freshness), which changed,
    # so: per month, outlets, the people alongside (counted; none to fetch)
    assert few == count_queries(client, kadyrov.get_absolute_url()) == 11


def test_the_people_list_query_count_does_not_grow(client):
    for number in range(3):
        make_person(f"Person {number}", aliases=[f"P{number}"])
    few = count_queries(client, "/people/?all=1")
    for number in range(3, 30):
        make_person(f"Person {number}", aliases=[f"P{number}"])
    # the count for the paginator, the page of people, their aliases
    assert few == count_queries(client, "/people/?all=1") == 3


# Tags


def test_a_tag_page_lists_articles_quotations_and_visible_annotations(client, alice, bob):
    article = make_article("Tagged story", tags=["Chechnya"])
    quotation = quote(article, "captivity is not a crime,", speaker=make_person())
    quotation.tags.add("chechnya")
    shared = annotate(article, "five soldiers", alice, note="Check the number")
    shared.tags.add("Chechnya")
    private = annotate(article, "have returned", bob, visibility="private", note="Bob's secret")
    private.tags.add("Chechnya")

    response = client.get("/tags/chechnya/")
    assert response.status_code == 200
    assert "Tagged story" in response.text
    assert "captivity is not a crime," in response.text
    assert "Check the number" in response.text
    assert "Bob&#x27;s secret" not in response.text

    client.force_login(bob)
    assert "Bob&#x27;s secret" in client.get("/tags/chechnya/").text
    assert client.get("/tags/nothing/").status_code == 404


# Access


def test_private_reading_sends_visitors_to_log_in(client, charlie, settings):
    settings.PUBLIC_READING = False
    article = make_article()
    person = make_person()
    make_article(tags=["war"])
    for url in ("/", article.get_absolute_url(), "/people/", person.get_absolute_url(), "/tags/war/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    client.force_login(charlie)
    for url in ("/", article.get_absolute_url(), "/people/", person.get_absolute_url(), "/tags/war/"):
        assert client.get(url).status_code == 200, url


def test_editors_see_edit_links_and_readers_do_not(client, alice, charlie):
    article = make_article()
    client.force_login(charlie)
    assert "/admin/" not in client.get(article.get_absolute_url()).text
    client.force_login(alice)
    html = client.get(article.get_absolute_url()).text
    assert f"/admin/articles/article/{article.pk}/change/" in html


def test_an_editor_logs_in_and_out_outside_the_admin(client, alice):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": "password", "next": "/people/"}
    )
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert "alice" in client.get("/").text
    wrong = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert wrong.status_code == 200 and "Please enter a correct username and password" in wrong.text
    assert client.get("/accounts/logout/").status_code == 405  # logging out is a POST, with CSRF
    assert client.post("/accounts/logout/").status_code == 302
    assert "Log in" in client.get("/").text


def test_logging_in_needs_the_csrf_token(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "alice", "password": "password"})
    assert response.status_code == 403


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
