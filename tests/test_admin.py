"""The admin: what editors see and may change, its forms' checks, its actions and its query counts."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Mention, Person, Quotation
from tests.conftest import make_user
from tests.factories import (
    admin_url,
    annotate,
    article_form,
    make_article,
    make_outlet,
    make_person,
    management_form,
    mention,
    quote,
)

pytestmark = pytest.mark.django_db

MODELS = ["outlet", "article", "person", "personalias", "quotation", "mention", "annotation"]


def at(article, text):
    """The start and end of ``text`` in the article's body, as form data."""
    start = article.body.index(text)
    return {"start": str(start), "end": str(start + len(text))}


@pytest.fixture
def world(alice):
    """One object of every model, with what each changelist search should find it by."""
    outlet = make_outlet("Meduza", homepage="https://meduza.io/")
    article = make_article("Kadyrov says prisoners are welcome", outlet=outlet, language="en")
    kadyrov = make_person("Ramzan Kadyrov", aliases=["Kadyrov"], role="Chechnya head")
    quotation = quote(article, "captivity is not a crime,", speaker=kadyrov, cue="noted")
    return {
        "outlet": (outlet, "Medu"),
        "article": (article, "captivity"),
        "person": (kadyrov, "Chechnya"),
        "personalias": (kadyrov.aliases.get(), "Kadyrov"),
        "quotation": (quotation, "noted"),
        "mention": (mention(article, kadyrov, "Kadyrov", occurrence=1), "Kadyrov"),
        "annotation": (annotate(article, "five soldiers", alice, note="Check the number"), "number"),
    }


@pytest.mark.parametrize("model", MODELS)
def test_an_editor_sees_every_changelist_and_its_search_finds_the_object(client, alice, world, model):
    obj, term = world[model]
    client.force_login(alice)

    response = client.get(admin_url(model))
    assert response.status_code == 200
    assert obj in response.context["cl"].result_list

    response = client.get(admin_url(model), {"q": term})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [obj]


@pytest.mark.parametrize("model", MODELS)
def test_an_editor_opens_every_change_and_add_form(client, alice, world, model):
    obj, _ = world[model]
    client.force_login(alice)
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("url", ["/admin/", admin_url("article"), admin_url("quotation", "add")])
def test_readers_and_anonymous_visitors_are_sent_to_the_admin_login(client, charlie, url):
    login = reverse("admin:login")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(login)

    client.force_login(charlie)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(login)


def test_the_raw_document_is_shown_escaped(client, alice):
    article = make_article(body="Before <script>alert(1)</script> after.")
    client.force_login(alice)
    response = client.get(admin_url("article", "change", article.pk))
    assert b"<pre>Before &lt;script&gt;alert(1)&lt;/script&gt; after.</pre>" in response.content
    assert b"<script>alert(1)" not in response.content


def test_adding_an_article_records_who_added_it(client, alice):
    client.force_login(alice)
    blank = Article(title="Pasted", body="A pasted article.")
    response = client.post(admin_url("article", "add"), article_form(blank))
    assert response.status_code == 302
    article = Article.objects.get(title="Pasted")
    assert article.ingested_by == alice
    assert article.raw_text == "A pasted article."


def test_adding_an_article_twice_is_a_form_error(client, alice):
    existing = make_article()
    client.force_login(alice)
    # The same text laid out differently is the same article.
    copy = Article(title="Again", body=existing.body.replace("\n\n", "\n\n\n"))
    response = client.post(admin_url("article", "add"), article_form(copy))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"]
    assert Article.objects.count() == 1


def test_editing_an_article_with_its_quotation_inline(client, alice):
    article = make_article()
    kadyrov = make_person()
    quotation = quote(article, "captivity is not a crime,")
    client.force_login(alice)
    data = article_form(article, title="Edited title", body=article.body + "\n\nA new paragraph.")
    data.update(management_form("quotations", 2, initial=1))
    data.update(
        {
            "quotations-0-id": quotation.pk,
            "quotations-0-article": article.pk,
            "quotations-0-text": quotation.text,
            "quotations-0-start": quotation.start,
            "quotations-0-end": quotation.end,
            "quotations-0-speaker": kadyrov.pk,
            "quotations-0-cue": "noted",
            "quotations-0-kind": "partial",
            "quotations-0-status": "confirmed",
            "quotations-1-article": article.pk,
            "quotations-1-text": "are glad.",
            "quotations-1-speaker": kadyrov.pk,
            "quotations-1-cue": "",
            "quotations-1-kind": "partial",
            "quotations-1-status": "suggested",
            **{f"quotations-1-{key}": value for key, value in at(article, "are glad.").items()},
        }
    )

    response = client.post(admin_url("article", "change", article.pk), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Edited title"
    assert article.body.endswith("A new paragraph.")
    quotation.refresh_from_db()
    assert (quotation.speaker, quotation.kind, quotation.status) == (kadyrov, "partial", "confirmed")
    assert list(article.quotations.values_list("text", flat=True)) == [quotation.text, "are glad."]


def test_inline_quotations_are_checked_against_the_body_being_saved(client, alice):
    client.force_login(alice)
    data = article_form(Article(title="New", body="He said “no” twice."))
    data.update(management_form("quotations", 1))
    data.update(
        {"quotations-0-text": "yes", "quotations-0-start": "9", "quotations-0-end": "11"}
        | {"quotations-0-kind": "direct", "quotations-0-status": "suggested"}
    )

    response = client.post(admin_url("article", "add"), data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.forms[0].errors["text"]
    assert not Article.objects.exists()

    data["quotations-0-text"] = "no"
    assert client.post(admin_url("article", "add"), data).status_code == 302
    assert Quotation.objects.get().text == "no"


def test_an_edit_of_the_body_that_loses_a_quotation_saves_and_orphans_it(client, alice):
    # Issue 5: the admin edit never fails because old offsets no longer fit (tests/test_anchoring.py).
    article = make_article()
    quotation = quote(article, "captivity is not a crime,")
    client.force_login(alice)
    data = article_form(article, body="Another text altogether.")
    data.update(management_form("quotations", 1, initial=1))
    data.update(
        {
            "quotations-0-id": quotation.pk,
            "quotations-0-article": article.pk,
            "quotations-0-text": quotation.text,
            "quotations-0-start": quotation.start,
            "quotations-0-end": quotation.end,
            "quotations-0-kind": quotation.kind,
            "quotations-0-status": quotation.status,
        }
    )

    response = client.post(admin_url("article", "change", article.pk), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Another text altogether."
    quotation.refresh_from_db()
    assert quotation.orphaned and quotation.text == "captivity is not a crime,"


def crlf(text):
    """Text as a browser posts it from a textarea: every line break is CRLF."""
    return text.replace("\n", "\r\n")


def test_saving_an_article_from_a_browser_keeps_its_body_and_quotations(client, alice):
    article = make_article()
    quotation = quote(article, "are glad.")
    client.force_login(alice)
    data = article_form(article, title="Fixed title", body=crlf(article.body))
    data.update(management_form("quotations", 1, initial=1))
    data.update(
        {
            "quotations-0-id": quotation.pk,
            "quotations-0-article": article.pk,
            "quotations-0-text": quotation.text,
            "quotations-0-start": quotation.start,
            "quotations-0-end": quotation.end,
            "quotations-0-kind": quotation.kind,
            "quotations-0-status": quotation.status,
        }
    )
    body = article.body

    response = client.post(admin_url("article", "change", article.pk), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Fixed title", body)


def test_an_annotations_context_survives_a_save_from_a_browser(client, alice):
    article = make_article()
    # The context runs over a paragraph break and ends in a space.
    annotation = annotate(article, "War should be no reason", alice)
    context = (annotation.prefix, annotation.suffix)
    assert "\n\n" in annotation.prefix
    client.force_login(alice)
    data = {
        "article": article.pk,
        "exact": annotation.exact,
        "start": annotation.start,
        "end": annotation.end,
        "prefix": crlf(annotation.prefix),
        "suffix": crlf(annotation.suffix),
        "note": "A note added later",
        "colour": "yellow",
        "visibility": "shared",
        "quotation": "",
        "tags": "",
        "author": alice.pk,
    }

    response = client.post(admin_url("annotation", "change", annotation.pk), data)

    assert response.status_code == 302
    annotation.refresh_from_db()
    assert annotation.note == "A note added later"
    assert (annotation.prefix, annotation.suffix) == context


def test_adding_a_person_with_an_alias(client, alice):
    client.force_login(alice)
    data = {"name": "Ramzan Kadyrov", "slug": "", "role": "", "wikidata_id": "Q57252", "notes": ""}
    data |= management_form("aliases", 1) | {"aliases-0-name": "Kadyrov"}

    response = client.post(admin_url("person", "add"), data)

    assert response.status_code == 302
    person = Person.objects.get()
    assert person.slug == "ramzan-kadyrov"
    assert person.names() == ["Ramzan Kadyrov", "Kadyrov"]


def test_one_alias_twice_in_a_person_form_is_a_form_error(client, alice):
    client.force_login(alice)
    data = {"name": "Ramzan Kadyrov", "slug": "", "role": "", "wikidata_id": "", "notes": ""}
    data |= management_form("aliases", 2) | {"aliases-0-name": "Kadyrov", "aliases-1-name": "KADYROV"}

    response = client.post(admin_url("person", "add"), data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.forms[1].errors["name"]
    assert not Person.objects.exists()


def quotation_form(article, text, **fields):
    return {
        "article": article.pk,
        "text": text,
        "speaker": "",
        "cue": "",
        "kind": "direct",
        "status": "suggested",
        "tags": "",
        **at(article, text),
        **fields,
    }


def test_a_quotation_added_in_the_admin_is_the_editors(client, alice):
    article = make_article()
    kadyrov = make_person()
    client.force_login(alice)

    response = client.post(
        admin_url("quotation", "add"), quotation_form(article, "are glad.", speaker=kadyrov.pk)
    )

    assert response.status_code == 302
    quotation = Quotation.objects.get()
    assert (quotation.created_by, quotation.origin, quotation.speaker) == (alice, "editor", kadyrov)


def test_a_quotation_that_is_not_the_body_at_its_offsets_is_a_form_error(client, alice):
    article = make_article()
    client.force_login(alice)
    data = quotation_form(article, "are glad.") | {"text": "are sad."}

    response = client.post(admin_url("quotation", "add"), data)

    assert response.status_code == 200
    assert "are glad." in response.context["adminform"].form.errors["text"][0]
    assert not Quotation.objects.exists()


def test_a_mention_that_is_not_the_body_at_its_offsets_is_a_form_error(client, alice):
    article = make_article()
    person = make_person()
    client.force_login(alice)
    data = {"article": article.pk, "person": person.pk, "text": "Kadyrow", **at(article, "Kadyrov")}

    response = client.post(admin_url("mention", "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"]
    assert not Mention.objects.exists()


@pytest.mark.parametrize("status", ["confirmed", "rejected"])
def test_the_actions_confirm_and_reject_quotations(client, alice, status):
    article = make_article()
    chosen = [quote(article, "captivity is not a crime,"), quote(article, "are glad.")]
    other = quote(article, "five soldiers")
    client.force_login(alice)
    action = {"confirmed": "confirm", "rejected": "reject"}[status]

    response = client.post(
        admin_url("quotation"), {"action": action, "_selected_action": [q.pk for q in chosen]}, follow=True
    )

    assert response.status_code == 200
    assert f"2 quotations marked {status}." in [str(message) for message in response.context["messages"]]
    assert set(Quotation.objects.filter(status=status)) == set(chosen)
    other.refresh_from_db()
    assert other.status == "suggested"


def test_the_actions_need_the_change_permission(client):
    quotation = quote(make_article(), "are glad.")
    viewer = make_user("viewer")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_quotation"))
    client.force_login(viewer)

    response = client.get(admin_url("quotation"))
    assert response.status_code == 200
    # Neither action (nor delete) is offered, so the list has no action form at all.
    assert response.context["action_form"] is None

    client.post(admin_url("quotation"), {"action": "confirm", "_selected_action": [quotation.pk]})
    quotation.refresh_from_db()
    assert quotation.status == "suggested"


def test_an_annotation_added_in_the_admin_gets_its_author_and_context(client, alice):
    article = make_article()
    client.force_login(alice)
    data = {
        "article": article.pk,
        "exact": "five soldiers",
        "prefix": "",
        "suffix": "",
        "note": "",
        "colour": "green",
        "visibility": "shared",
        "quotation": "",
        "tags": "",
        "author": "",
        **at(article, "five soldiers"),
    }

    response = client.post(admin_url("annotation", "add"), data)

    assert response.status_code == 302
    annotation = Annotation.objects.get()
    assert annotation.author == alice
    assert annotation.prefix.endswith("said that ")
    assert annotation.suffix.startswith(" have returned")

    data |= {"exact": "six soldiers"}
    response = client.post(admin_url("annotation", "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["exact"]


def test_the_admin_never_takes_an_annotations_author_from_the_form(client, alice, bob):
    """An editor cannot write a note under another's name, nor take over another's annotation."""
    article = make_article()
    client.force_login(bob)
    data = {
        "article": article.pk,
        "exact": "five soldiers",
        "prefix": "",
        "suffix": "",
        "note": "Written by alice?",
        "colour": "green",
        "visibility": "private",
        "quotation": "",
        "tags": "",
        "author": alice.pk,
        **at(article, "five soldiers"),
    }
    assert client.post(admin_url("annotation", "add"), data).status_code == 302
    assert Annotation.objects.get().author == bob
    assert "author" not in client.get(admin_url("annotation", "add")).context["adminform"].form.fields

    theirs = annotate(article, "are glad.", alice)
    change = admin_url("annotation", "change", theirs.pk)
    assert not client.get(change).context["has_change_permission"]
    assert client.post(change, data | at(article, "are glad.") | {"exact": "are glad."}).status_code == 403
    theirs.refresh_from_db()
    assert (theirs.author, theirs.note, theirs.visibility) == (alice, "", "shared")


def test_moving_an_annotation_in_the_admin_moves_its_context(client, alice):
    article = make_article()
    annotation = annotate(article, "five soldiers", alice)
    client.force_login(alice)
    data = {
        "article": article.pk,
        "exact": "captivity is not a crime",
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "note": "",
        "colour": "yellow",
        "visibility": "shared",
        "quotation": "",
        "tags": "",
        "author": alice.pk,
        **at(article, "captivity is not a crime"),
    }

    response = client.post(admin_url("annotation", "change", annotation.pk), data)

    assert response.status_code == 302
    annotation.refresh_from_db()
    assert annotation.prefix.endswith("noted that “")
    assert annotation.suffix.startswith(",” and that")


def test_the_speaker_autocomplete_finds_people_for_editors(client, alice, charlie):
    kadyrov = make_person("Ramzan Kadyrov", role="Chechnya head")
    make_person("Vladimir Putin")
    url = "/admin/autocomplete/?app_label=articles&model_name=quotation&field_name=speaker&term=Kad"

    client.force_login(alice)
    response = client.get(url)

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(kadyrov.pk), "text": "Ramzan Kadyrov (Chechnya head)"}]

    client.force_login(charlie)
    assert client.get(url).status_code == 302


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_rows(number, author):
    """``number`` more rows in every changelist, each with its own outlet, article and person."""
    for n in range(number):
        article = make_article(outlet=make_outlet(), tags=["chechnya"])
        person = make_person(f"Person {n}", aliases=[f"Alias {n}", f"Other {n}"])
        quote(article, "are glad.", speaker=person)
        mention(article, person, "Kadyrov")
        annotate(article, "five soldiers", author)


@pytest.mark.parametrize("model", MODELS)
def test_changelists_make_as_many_queries_for_30_rows_as_for_3(client, alice, model):
    client.force_login(alice)
    add_rows(3, alice)
    few = count_queries(client, admin_url(model))
    add_rows(27, alice)
    assert count_queries(client, admin_url(model)) == few


def test_an_inline_row_costs_only_its_autocomplete_lookup(client, alice):
    article = make_article()
    person = make_person()
    quote(article, "are glad.", speaker=person)
    mention(article, person, "Kadyrov")
    client.force_login(alice)
    few = count_queries(client, admin_url("article", "change", article.pk))
    for text in ["five soldiers", "captivity is not a crime,", "War should be no reason"]:
        quote(article, text, speaker=person)
    for occurrence in (1, 2):
        mention(article, person, "Kadyrov", occurrence=occurrence)
    # Django's autocomplete widget looks up its selected person, once per row; the speaker and the
    # person the rows show come with the inline's own query.
    assert count_queries(client, admin_url("article", "change", article.pk)) == few + 5


def test_the_people_list_shows_each_persons_aliases(client, alice):
    make_person(aliases=["Kadyrow", "Kadyrov"])
    client.force_login(alice)
    response = client.get(admin_url("person"))
    assert b'<td class="field-alias_list">Kadyrov, Kadyrow</td>' in response.content


def test_private_annotations_stay_private_in_the_admin(client, alice, bob):
    article = make_article()
    private = annotate(article, "five soldiers", bob, visibility="private", note="Bob's hunch")
    shared = annotate(article, "have returned", bob, note="Shared")
    client.force_login(alice)
    listed = client.get(admin_url("annotation")).context["cl"].result_list
    assert list(listed) == [shared]
    assert client.get(admin_url("annotation", "change", private.pk)).status_code == 302
    client.force_login(bob)
    assert set(client.get(admin_url("annotation")).context["cl"].result_list) == {private, shared}


def test_made_up_titles_are_flagged_for_editors(client, alice):
    make_article("A real headline")
    made_up = make_article("First sentence of the text", title_generated=True)
    client.force_login(alice)
    listed = client.get(admin_url("article"), {"title_generated__exact": "1"}).context["cl"].result_list
    assert list(listed) == [made_up]
    form = client.get(admin_url("article", "change", made_up.pk)).context["adminform"].form
    assert form.initial["title_generated"] is True


# The article list and page, compact


def test_the_article_list_truncates_long_titles_and_shows_date_only_days_without_midnight(client, alice):
    client.force_login(alice)
    long_title = "A council vote on the harbour bridge " * 6
    make_article(long_title.strip(), published_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC))
    make_article("Timed", published_at=datetime.datetime(2024, 3, 6, 14, 30, tzinfo=datetime.UTC))

    html = client.get(admin_url("article")).content.decode()

    shown = re.search(r'<span title="(A council[^"]+)">([^<]+)</span>', html)
    assert shown.group(1) == long_title.strip()
    assert len(shown.group(2)) <= 90 and shown.group(2).endswith("…")
    assert '<td class="field-published">5 Mar 2024</td>' in html
    assert "midnight" not in html
    assert '<td class="field-published">6 Mar 2024, 2:30 p.m.</td>' in html


def test_the_outlet_filter_lists_the_ten_biggest_outlets_and_links_to_all(client, alice):
    client.force_login(alice)
    outlets = [make_outlet(f"Outlet {number:02}") for number in range(14)]
    for number, outlet in enumerate(outlets):
        for _ in range(number + 1):
            make_article(outlet=outlet)
    small = outlets[0]

    response = client.get(admin_url("article"))

    [spec] = [spec for spec in response.context["cl"].filter_specs if spec.title == "outlet"]
    names = [choice["display"] for choice in spec.choices(response.context["cl"])][1:]
    assert names == [f"Outlet {number:02}" for number in range(13, 3, -1)]
    assert f'href="{admin_url("outlet")}">Search all 14 outlets…</a>'.encode() in response.content

    # A small outlet, chosen from the outlet list, is filtered by and shown as chosen.
    outlet_list = client.get(admin_url("outlet"), {"q": "Outlet 00"}).content.decode()
    assert f'href="{admin_url("article")}?outlet={small.pk}">1</a>' in outlet_list
    response = client.get(admin_url("article"), {"outlet": small.pk})
    assert [article.outlet for article in response.context["cl"].result_list] == [small]
    assert (
        f'<li class="selected">\n    <a href="?outlet={small.pk}">Outlet 00</a>' in response.content.decode()
    )


def test_the_article_page_folds_rare_fieldsets_and_keeps_inline_rows_short(client, alice):
    client.force_login(alice)
    article = make_article()
    quote(article, "captivity is not a crime,")

    html = client.get(admin_url("article", "change", article.pk)).content.decode()

    for heading in ("Provenance", "Earlier versions"):
        assert re.search(
            rf'<details><summary>\s*<h2 id="[^"]+" class="fieldset-heading">{heading}</h2>', html
        )
    assert '<textarea name="quotations-0-text" cols="40" rows="2"' in html


@pytest.mark.parametrize(
    "url",
    [
        lambda article: reverse("admin:index"),
        lambda article: admin_url("article"),
        lambda article: admin_url("article", "change", article.pk),
        lambda article: reverse("admin:articles_article_ingest"),
        lambda article: admin_url("quotation"),
        lambda article: reverse("admin:login"),
    ],
)
def test_every_admin_page_names_its_favicon_so_the_browser_never_asks_for_favicon_ico(client, alice, url):
    article = make_article()
    if "login" not in url(article):
        client.force_login(alice)

    html = client.get(url(article)).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
