"""Storing extractions: suggestions, people matched across articles, re-extraction, the command, the
admin action, the edited flag and merging people."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Mention, Person, PersonAlias, Quotation
from articles.pipeline import extract_article
from articles.pipeline.apply import merge_persons
from tests.factories import make_article, make_person, mention, quote

pytestmark = pytest.mark.django_db

BODY = (
    "Chechnya head Ramzan Kadyrov welcomed five soldiers home.\n\n"
    "“War should be no reason to fall into captivity,” Kadyrov posted on Telegram.\n\n"
    "Kadyrov noted that “captivity is not a crime,” and that the authorities “are glad.”\n\n"
    "“A soldier must think through every shot and mind every cartridge,” said Kaydrov."
)


def test_extract_article_stores_suggestions_and_people():
    article = make_article(body=BODY)
    applied = extract_article(article)
    assert applied.quotations == 4
    kadyrov = Person.objects.get()
    assert (kadyrov.name, kadyrov.role) == ("Ramzan Kadyrov", "Chechnya head")
    assert set(kadyrov.aliases.values_list("name", flat=True)) == {"Kadyrov", "Kaydrov"}
    for q in article.quotations.all():
        assert (q.status, q.origin, q.speaker) == ("suggested", "extracted", kadyrov)
        assert article.body[q.start : q.end] == q.text
    assert article.quotations.get(start=BODY.index("War")).cue == "posted on Telegram"
    assert article.mentions.filter(person=kadyrov).count() == 4


def test_people_are_matched_across_articles_and_a_misspelling_becomes_an_alias():
    kadyrov = make_person("Ramzan Kadyrov")
    article = make_article(body="“We go back to the front now,” said Ramzan Kaydrov, the head of Chechnya.")
    applied = extract_article(article)
    assert applied.new_people == []
    assert Person.objects.count() == 1
    assert article.quotations.get().speaker == kadyrov
    assert kadyrov.aliases.filter(name="Ramzan Kaydrov").exists()


def test_a_known_alias_matches():
    person = make_person("Ramzan Akhmatovich Kadyrov", aliases=["Ramzan Kadyrov"])
    article = make_article(body="Ramzan Kadyrov wrote: “We will not meet with those who returned.”")
    extract_article(article)
    assert article.quotations.get().speaker == person
    assert Person.objects.count() == 1


def test_a_name_two_known_people_share_is_left_as_a_guess_for_the_editor():
    make_person("Ramzan Kadyrov", aliases=["Kadyrov"])
    make_person("Akhmat Kadyrov", aliases=["Kadyrov"])
    article = make_article(body="“We will not meet with those who returned to Grozny,” Kadyrov said.")
    applied = extract_article(article)
    assert applied.ambiguous == ["Kadyrov"]
    assert Person.objects.count() == 2
    assert article.mentions.get().ambiguous
    assert article.quotations.get().speaker is not None


def test_an_unknown_person_is_created_and_a_source_that_is_no_person_kept_as_text():
    article = make_article(
        body="Jane Roe spoke.\n\n“We will rebuild the bridge,” she said.\n\n"
        "“Power is back in every home of the city,” a spokesperson said."
    )
    extract_article(article)
    roe = Person.objects.get(name="Jane Roe")
    first, second = article.quotations.order_by("start")
    assert first.speaker == roe
    assert (second.speaker, second.speaker_text) == (None, "a spokesperson")


def test_reextraction_keeps_what_editors_touched(alice):
    article = make_article(body=BODY)
    extract_article(article)
    by_start = {q.start: q for q in article.quotations.all()}
    starts = sorted(by_start)
    Quotation.objects.filter(pk=by_start[starts[0]].pk).update(status="confirmed")
    Quotation.objects.filter(pk=by_start[starts[1]].pk).update(status="rejected")
    Quotation.objects.filter(pk=by_start[starts[2]].pk).update(edited=True, cue="hand-written")
    Quotation.objects.filter(pk=by_start[starts[3]].pk).delete()
    quote(article, "every shot", origin="editor", created_by=alice)
    kept = {q.pk for q in article.quotations.all()}

    extract_article(article)

    after = {q.pk: q for q in article.quotations.all()}
    assert kept <= set(after)
    assert after[by_start[starts[2]].pk].cue == "hand-written"
    # The deleted suggestion overlaps the editor's quotation, so it is not suggested again.
    assert set(after) == kept


def test_reextraction_replaces_suggestions_and_mentions():
    article = make_article(body=BODY)
    extract_article(article)
    first = set(article.quotations.values_list("pk", flat=True))
    extract_article(article)
    assert article.quotations.count() == 4
    assert not first & set(article.quotations.values_list("pk", flat=True))
    assert article.mentions.count() == 4
    assert Person.objects.count() == 1


def test_queries_do_not_grow_with_the_article():
    make_person("Ramzan Kadyrov")
    people = "Magomed Daudov, Zelim Ismailov and Apti Tasuyev met."
    small = make_article(body="\n\n".join([BODY, people]))
    large = make_article(body="\n\n".join([BODY] * 20 + [people]))
    # Each from the same start: the small one's people and aliases are undone before the large one.
    with transaction.atomic(), CaptureQueriesContext(connection) as small_queries:
        extract_article(small)
        transaction.set_rollback(True)
    with CaptureQueriesContext(connection) as large_queries:
        extract_article(large)
    assert len(large_queries) == len(small_queries)
    # Every bulk write is followed by one insert of its history rows.
    assert len(small_queries) <= 20


def test_command_extracts_given_articles_and_all():
    first, second = make_article(body=BODY), make_article(body=BODY + "\n\nMore.")
    out = StringIO()
    call_command("extract", first.slug, stdout=out)
    assert first.quotations.count() == 4 and second.quotations.count() == 0
    assert "1 articles: 4 quotations suggested" in out.getvalue()
    call_command("extract", "--all", stdout=out)
    assert second.quotations.count() == 4
    with pytest.raises(CommandError):
        call_command("extract")
    with pytest.raises(CommandError):
        call_command("extract", "no-such-article")


def test_admin_action_extracts_again(client, alice):
    article = make_article(body=BODY)
    client.force_login(alice)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "extract_again", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert article.quotations.count() == 4
    assert "extracted again" in response.content.decode()


def test_the_reader_cannot_extract(client, charlie):
    article = make_article(body=BODY)
    client.force_login(charlie)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "extract_again", "_selected_action": [article.pk]},
    )
    assert article.quotations.count() == 0


def test_changing_a_quotation_in_the_admin_marks_it_edited(client, alice):
    article = make_article(body=BODY)
    extract_article(article)
    quotation = article.quotations.order_by("start").first()
    client.force_login(alice)
    url = reverse("admin:articles_quotation_change", args=[quotation.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(article=article.pk, speaker="", cue="wrote", tags="")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    quotation.refresh_from_db()
    assert quotation.edited and quotation.cue == "wrote"


def test_merge_persons_moves_everything():
    keep = make_person("Ramzan Kadyrov", aliases=["Kadyrov"])
    other = make_person("Ramzan Kaydrov", aliases=["Kaydrov", "Kadyrov"], role="Chechnya head")
    article = make_article()
    q = quote(article, "captivity is not a crime", speaker=other)
    m = mention(article, other, "Kadyrov")
    merge_persons(keep, other)
    assert not Person.objects.filter(pk=other.pk).exists()
    assert set(keep.aliases.values_list("name", flat=True)) == {"Kadyrov", "Kaydrov", "Ramzan Kaydrov"}
    q.refresh_from_db()
    m.refresh_from_db()
    assert q.speaker == keep and m.person == keep
    keep.refresh_from_db()
    assert keep.role == "Chechnya head"
    assert PersonAlias.objects.count() == 3
    assert Mention.objects.count() == 1


def test_admin_merges_two_selected_people(client, dan):
    keep = make_person("Ramzan Kadyrov")
    other = make_person("Ramzan Kaydrov")
    quote(make_article(), "captivity is not a crime", speaker=keep)
    client.force_login(dan)
    changelist = reverse("admin:articles_person_changelist")
    client.post(changelist, {"action": "merge", "_selected_action": [keep.pk, other.pk]})
    assert list(Person.objects.all()) == [keep]
    assert keep.aliases.filter(name="Ramzan Kaydrov").exists()

    third = make_person("Jane Roe")
    response = client.post(changelist, {"action": "merge", "_selected_action": [third.pk]}, follow=True)
    assert "exactly two" in response.content.decode()


def test_only_the_desk_merges_people(client, alice):
    """An editor edits people but does not merge them: the action is not even offered."""
    keep, other = make_person("Ramzan Kadyrov"), make_person("Ramzan Kaydrov")
    client.force_login(alice)
    changelist = reverse("admin:articles_person_changelist")
    choices = client.get(changelist).context["action_form"].fields["action"].choices
    assert "merge" not in [name for name, _ in choices]
    client.post(changelist, {"action": "merge", "_selected_action": [keep.pk, other.pk]})
    assert Person.objects.count() == 2


def form_data(form):
    """The POST data a browser would send for ``form`` unchanged."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            formatted = field.widget.format_value(value)
            data[key] = "" if formatted is None else formatted
    return data


def test_changing_a_quotation_inline_on_the_article_marks_it_edited(client, alice):
    article = make_article(body=BODY)
    extract_article(article)
    client.force_login(alice)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.get(url)
    data = form_data(response.context["adminform"].form)
    changed = None
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            row = form_data(form)
            if formset.model is Quotation and changed is None and form.instance.pk:
                changed = form.instance
                row[form.add_prefix("cue")] = "wrote on Telegram"
            data.update(row)
    response = client.post(url, data)
    assert response.status_code == 302
    changed.refresh_from_db()
    assert changed.edited and changed.cue == "wrote on Telegram"
    untouched = article.quotations.exclude(pk=changed.pk)
    assert untouched.count() == 3 and not untouched.filter(edited=True).exists()


def test_re_extraction_keeps_the_mentions_an_editor_made(client, alice):
    article = make_article(body="Ramzan Kadyrov spoke. “We will win,” Kadyrov said. The leader left.")
    extract_article(article)
    kadyrov = Person.objects.get(name="Ramzan Kadyrov")
    start = article.body.index("The leader")
    client.force_login(alice)
    response = client.post(
        "/admin/articles/mention/add/",
        {
            "article": article.pk,
            "person": kadyrov.pk,
            "text": "The leader",
            "start": start,
            "end": start + 10,
        },
    )
    assert response.status_code == 302
    extract_article(article)
    mention = Mention.objects.get(article=article, text="The leader")
    assert mention.origin == "editor" and mention.person == kadyrov
    assert Mention.objects.filter(article=article, origin="extracted").exists()
