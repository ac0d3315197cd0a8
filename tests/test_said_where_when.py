"""Where and when a quotation was said, organisations as speakers, and reported speech holding quoted
words: through extraction, the admin, the reading view and the exports."""

import csv
import datetime
import io
import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.export import export_csv, export_jsonl
from articles.extract.values import Extraction, FoundMention, FoundPerson, FoundQuotation
from articles.models import Article, Person, Quotation
from articles.pipeline import extract_article
from articles.pipeline.apply import apply_extraction
from articles.when import said_on
from tests.factories import admin_url, make_article

# A Wednesday.
PUBLISHED = datetime.datetime(2025, 3, 12, 9, 30, tzinfo=datetime.UTC)
WEDNESDAY = PUBLISHED.date()

BODY = (
    "Mayor Lena Dvorak spoke to residents at the town hall.\n\n"
    "Dvorak said the bridge was “safe for every truck” and would reopen in May.\n\n"
    "Dvorak said at a press conference on Monday that the tolls would stay.\n\n"
    "Harbour Transit said in a statement yesterday that the ferries would run again."
)


def day(offset):
    return WEDNESDAY + datetime.timedelta(days=offset)


class TestTheDayWordsName:
    @pytest.mark.parametrize(
        ("when", "expected"),
        [
            ("on Monday", day(-2)),
            ("Wednesday", WEDNESDAY),
            ("on Thursday evening", day(-6)),
            ("last Wednesday", day(-7)),
            ("yesterday", day(-1)),
            ("last night", day(-1)),
            ("today", WEDNESDAY),
            ("on Dec. 13", datetime.date(2024, 12, 13)),
            ("March 4, 2023", datetime.date(2023, 3, 4)),
            ("on 2 March", datetime.date(2025, 3, 2)),
        ],
    )
    def test_a_named_day_is_read_against_the_publication_day(self, when, expected):
        assert said_on(when, WEDNESDAY) == expected

    @pytest.mark.parametrize(
        "when", ["last week", "earlier this week", "in March", "Feb. 30", "last month", ""]
    )
    def test_a_period_or_no_real_day_gives_none(self, when):
        assert said_on(when, WEDNESDAY) is None

    def test_without_a_publication_day_nothing_is_resolved(self):
        assert said_on("yesterday", None) is None


@pytest.fixture
def article(db):
    article = make_article(body=BODY, published_at=PUBLISHED)
    extract_article(article)
    return article


def quotation_at(article, words, kind=None):
    rows = [q for q in article.quotations.all() if q.text.startswith(words)]
    if kind:
        rows = [q for q in rows if q.kind == kind]
    assert len(rows) == 1, rows
    return rows[0]


class TestExtractionStoresWhereAndWhen:
    def test_the_day_and_place_are_stored_and_the_date_defaults_to_publication(self, article):
        tolls = quotation_at(article, "the tolls")
        assert (tolls.said_on, tolls.place) == (day(-2), "at a press conference on Monday")
        ferries = quotation_at(article, "the ferries")
        assert (ferries.said_on, ferries.place) == (day(-1), "in a statement")
        bridge = quotation_at(article, "the bridge")
        # "in May" names no day: the quotation counts as said on the publication day.
        assert bridge.said_on is None and bridge.said_date == WEDNESDAY
        dates = dict(Quotation.objects.with_said_day().values_list("pk", "said_day"))
        assert dates[tolls.pk] == day(-2) and dates[bridge.pk] == WEDNESDAY

    def test_an_article_without_a_date_gives_quotations_none(self, db):
        article = make_article(body=BODY)
        extract_article(article)
        assert quotation_at(article, "the ferries").said_date is None


class TestOrganisationsAreNoPeople:
    def test_an_organisation_speaking_is_kept_as_written_and_flagged(self, article):
        ferries = quotation_at(article, "the ferries")
        assert (ferries.speaker, ferries.speaker_text, ferries.speaker_is_body) == (
            None,
            "Harbour Transit",
            True,
        )
        assert list(Person.objects.values_list("name", flat=True)) == ["Lena Dvorak"]

    def test_apply_never_makes_a_person_of_an_organisation(self, db):
        body = "Harbour Transit said the ferries would run again."
        article = make_article(body=body)
        # An extraction that took the organisation for a person too.
        extraction = Extraction(
            quotations=[
                FoundQuotation(
                    start=22, end=49, text=body[22:49], kind="indirect", speaker=0, speaker_is_body=True
                )
            ],
            people=[FoundPerson("Harbour Transit", mentions=[FoundMention(0, 15, "Harbour Transit")])],
        )
        apply_extraction(article, extraction)
        quotation = article.quotations.get()
        assert (quotation.speaker, quotation.speaker_text, quotation.speaker_is_body) == (
            None,
            "Harbour Transit",
            True,
        )
        assert not Person.objects.exists() and not article.mentions.exists()

    def test_the_admin_lists_organisation_speakers_apart(self, client, alice, article):
        client.force_login(alice)
        response = client.get(admin_url("quotation"), {"speaker_is_body__exact": "1"})
        assert [q.text for q in response.context["cl"].result_list] == ["the ferries would run again"]
        assert "By speaker is an organisation" in response.text


class TestReportedSpeechHoldingQuotedWords:
    def test_both_are_suggested(self, article):
        clause = quotation_at(article, "the bridge", "indirect")
        partial = quotation_at(article, "safe for every truck", "partial")
        assert clause.start < partial.start and partial.end < clause.end

    def test_confirming_the_quoted_words_keeps_the_clause_on_reextraction(self, client, alice, article):
        partial = quotation_at(article, "safe for every truck", "partial")
        client.force_login(alice)
        client.post(admin_url("quotation"), {"action": "confirm", "_selected_action": [partial.pk]})
        partial.refresh_from_db()
        assert partial.status == "confirmed"
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "extract_again", "_selected_action": [article.pk]},
        )
        assert quotation_at(article, "the bridge", "indirect").status == "suggested"
        # The confirmed span is not suggested a second time.
        assert quotation_at(article, "safe for every truck", "partial").pk == partial.pk

    def test_a_kept_clause_keeps_the_quoted_words_inside_it_coming(self, article):
        clause = quotation_at(article, "the bridge", "indirect")
        clause.status = "confirmed"
        clause.save()
        extract_article(article)
        assert quotation_at(article, "the bridge", "indirect").pk == clause.pk
        assert quotation_at(article, "safe for every truck", "partial").status == "suggested"

    def test_a_crossing_or_same_kind_suggestion_still_gives_way(self, article):
        def editors(text, kind):
            start = BODY.index(text)
            return Quotation.objects.create(
                article=article, text=text, start=start, end=start + len(text), kind=kind, origin="editor"
            )

        # Reported speech inside the bridge clause, and quoted words crossing the ferries clause's start.
        editors("would reopen in May", "indirect")
        editors("yesterday that the ferries", "partial")
        extract_article(article)
        texts = set(article.quotations.values_list("text", flat=True))
        assert not any(text.startswith(("the bridge", "the ferries")) for text in texts)
        assert {"safe for every truck", "the tolls would stay"} <= texts


class TestTheAdminEditsWhereAndWhen:
    def test_the_quotation_form_saves_the_day_and_place(self, client, alice, article):
        quotation = quotation_at(article, "the ferries")
        client.force_login(alice)
        url = admin_url("quotation", "change", quotation.pk)
        form = client.get(url).context["adminform"].form
        data = {name: value for name, value in form.initial.items() if value is not None}
        data.update(article=article.pk, speaker="", tags="", said_on="2025-03-10", place="on the radio")
        data.pop("speaker_is_body")
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        quotation.refresh_from_db()
        assert (quotation.said_on, quotation.place, quotation.speaker_is_body) == (
            datetime.date(2025, 3, 10),
            "on the radio",
            False,
        )
        assert quotation.edited

    def test_the_article_inline_leaves_them_to_the_quotations_page(self, client, alice, article):
        client.force_login(alice)
        response = client.get(admin_url("article", "change", article.pk))
        quotation = article.quotations.first()
        for name in ("said_on", "place", "speaker_is_body"):
            assert f'name="quotations-0-{name}"' not in response.text
        response = client.get(admin_url("quotation", "change", quotation.pk))
        for name in ("said_on", "place", "speaker_is_body"):
            assert f'name="{name}"' in response.text


class Marks(HTMLParser):
    """Checks that marks nest properly and records, for each quotation, the quotations its marks are in."""

    def __init__(self):
        super().__init__()
        self.open, self.inside, self.titles = [], {}, {}

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            quotation = dict(attrs).get("data-quotation")
            if quotation:
                self.inside.setdefault(quotation, set()).update(filter(None, self.open))
                self.titles[quotation] = dict(attrs)["title"]
            # Marks of no quotation (the page's legend) are on the stack too, to match their ends.
            self.open.append(quotation)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()


class TestTheReadingView:
    def test_quoted_words_inside_a_clause_are_marked_inside_its_mark(self, client, alice, article):
        client.force_login(alice)
        response = client.get(article.get_absolute_url())
        marks = Marks()
        marks.feed(response.text)
        assert marks.open == [], "every mark is closed"
        clause = str(quotation_at(article, "the bridge", "indirect").uuid)
        partial = str(quotation_at(article, "safe for every truck", "partial").uuid)
        assert marks.inside[partial] == {clause} and marks.inside[clause] == set()
        assert response.text.count(f'id="q-{clause}"') == 1
        assert response.text.count(f'data-for="{partial}"') == 1

    def test_where_and_when_are_in_the_tooltip_and_the_reader_data(self, client, alice, article):
        client.force_login(alice)
        response = client.get(article.get_absolute_url())
        tolls = quotation_at(article, "the tolls")
        marks = Marks()
        marks.feed(response.text)
        assert "at a press conference on Monday, 10 March 2025" in marks.titles[str(tolls.uuid)]
        data = {q["id"]: q for q in response.context["reader"]["quotations"]}
        assert data[str(tolls.uuid)]["setting"] == "at a press conference on Monday, 10 March 2025"
        assert data[str(quotation_at(article, "the bridge", "indirect").uuid)]["setting"] == "12 March 2025"

    def test_a_place_the_cue_already_says_is_not_said_twice(self, article):
        tolls = quotation_at(article, "the tolls")
        tolls.cue, tolls.place = "said at a press conference", "at a press conference"
        assert tolls.setting == "10 March 2025"
        tolls.cue = "said"
        assert tolls.setting == "at a press conference, 10 March 2025"

    def test_the_people_list_puts_the_quoted_first(self, client, alice, article):
        named = Person.objects.create(name="Tomas Lindqvist")
        article.mentions.create(person=named, text="Mayor", start=0, end=5)
        client.force_login(alice)
        response = client.get(article.get_absolute_url())
        assert [e.person.name for e in response.context["quoted"]] == ["Lena Dvorak"]
        assert [e.person.name for e in response.context["named"]] == ["Tomas Lindqvist"]
        assert response.text.index("Lena Dvorak") < response.text.index("Tomas Lindqvist")


class TestTheReadingViewNamesOrganisations:
    def test_the_panel_data_and_the_label_name_the_organisation(self, client, alice, article):
        client.force_login(alice)
        response = client.get(article.get_absolute_url())
        ferries = quotation_at(article, "the ferries")
        data = {q["id"]: q for q in response.context["reader"]["quotations"]}[str(ferries.uuid)]
        assert (data["speaker"], data["speakerSlug"], data["speakerIsOrganisation"]) == (
            "Harbour Transit",
            "",
            True,
        )
        assert (data["saidOn"], data["place"]) == ("2025-03-11", "in a statement")
        assert f'data-for="{ferries.uuid}" data-speaker="Harbour Transit"' in response.text
        # A person is no organisation, and says so.
        bridge = quotation_at(article, "the bridge", "indirect")
        assert {q["id"]: q for q in response.context["reader"]["quotations"]}[str(bridge.uuid)][
            "speakerIsOrganisation"
        ] is False

    def test_the_api_names_the_organisation(self, client, alice, article):
        client.force_login(alice)
        ferries = quotation_at(article, "the ferries")
        data = client.get(reverse("api-quotation", args=[ferries.uuid])).json()
        assert (data["speaker"], data["speaker_text"], data["speaker_is_organisation"]) == (
            None,
            "Harbour Transit",
            True,
        )
        assert "” — Harbour Transit, " in data["citation"]


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


class TestTheApiTakesWhereAndWhen:
    def test_a_quotation_is_made_with_its_day_and_place(self, client, alice, article):
        client.force_login(alice)
        start = article.body.index("the bridge was")
        data = {"article": article.slug, "start": start, "end": start + 14, "speaker_name": "Lena Dvorak"}
        data |= {"said_on": "2025-03-09", "place": " at the\u202e town  hall "}
        response = send(client, "post", reverse("api-quotations"), data)
        assert response.status_code == 201, response.json()
        made = Quotation.objects.get(uuid=response.json()["uuid"])
        # The bidi override and doubled spaces go, as from every name and title.
        assert (made.said_on, made.place) == (day(-3), "at the town hall")
        assert (response.json()["said_on"], response.json()["setting"]) == (
            "2025-03-09",
            "at the town hall, 9 March 2025",
        )

    def test_a_change_sets_and_clears_them_and_is_told_in_the_history(self, client, alice, article):
        client.force_login(alice)
        tolls = quotation_at(article, "the tolls")
        url = reverse("api-quotation", args=[tolls.uuid])
        response = send(client, "patch", url, {"said_on": "2025-03-07", "place": "on the radio"})
        assert response.status_code == 200, response.json()
        tolls.refresh_from_db()
        assert (tolls.said_on, tolls.place, tolls.cue) == (day(-5), "on the radio", tolls.cue)
        assert response.json()["history"][-2:] == [
            "said on changed from “2025-03-10” by alice",
            "where changed from “at a press conference on Monday” by alice",
        ]
        response = send(client, "patch", url, {"said_on": None})
        tolls.refresh_from_db()
        assert (tolls.said_on, tolls.said_date, tolls.place) == (None, WEDNESDAY, "on the radio")
        assert response.json()["said_on"] is None

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"said_on": 20250307}, "Send a string, not a whole number."),
            ({"said_on": "07/03/2025"}, "Send a day as YYYY-MM-DD, e.g. 2025-03-14."),
            ({"said_on": "2025-02-30"}, "Send a day as YYYY-MM-DD, e.g. 2025-03-14."),
            ({"place": ["on", "TV"]}, "Send a string, not a list."),
            ({"place": "x" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
        ],
    )
    def test_a_wrong_day_or_place_is_a_clear_400(self, client, alice, article, changes, message):
        client.force_login(alice)
        tolls = quotation_at(article, "the tolls")
        for method, url, data in [
            ("patch", reverse("api-quotation", args=[tolls.uuid]), changes),
            ("post", reverse("api-quotations"), {"article": article.slug, "start": 0, "end": 5} | changes),
        ]:
            response = send(client, method, url, data)
            assert response.status_code == 400
            assert response.json()["errors"] == {next(iter(changes)): [message]}
        tolls.refresh_from_db()
        assert (tolls.said_on, tolls.place) == (day(-2), "at a press conference on Monday")
        assert Quotation.objects.filter(origin="editor").count() == 0

    def test_the_history_is_sent_to_the_newsroom_only(self, client, alice, article, settings):
        settings.PUBLIC_READING = True
        tolls = quotation_at(article, "the tolls")
        url = reverse("api-quotation", args=[tolls.uuid])
        assert "history" not in client.get(url).json()
        client.force_login(alice)
        assert client.get(url).json()["history"] == ["suggested by extraction"]


class TestExports:
    def test_jsonl_and_csv_carry_the_day_place_and_organisation(self, article):
        stream = io.StringIO()
        export_jsonl(Article.objects.filter(pk=article.pk), stream)
        record = json.loads(stream.getvalue())
        ferries = next(q for q in record["quotations"] if q["text"].startswith("the ferries"))
        assert (ferries["said_on"], ferries["place"], ferries["speaker_is_organisation"]) == (
            "2025-03-11",
            "in a statement",
            True,
        )
        stream = io.StringIO()
        export_csv(Article.objects.filter(pk=article.pk), stream)
        rows = {row["text"]: row for row in csv.DictReader(io.StringIO(stream.getvalue()))}
        ferries = rows["the ferries would run again"]
        assert (ferries["said on"], ferries["where"]) == ("2025-03-11", "in a statement")
        assert rows["the tolls would stay"]["said on"] == "2025-03-10"
