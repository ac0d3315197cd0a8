"""The admin's "Ingest articles" page: every kind of input, bad input beside good, outlets, the format
to read files as, who may use it, CSRF, large batches through the background task, the batch pages; and
fetching web pages."""

import io
import json
import socket
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from articles import fetch as fetch_module
from articles import tasks
from articles.fetch import FetchError, fetch, ingest_url
from articles.ingest.sniff import FORMATS, detect_format
from articles.models import Article, IngestBatch, IngestUpload, Outlet
from tests.conftest import make_user
from tests.factories import make_outlet

pytestmark = pytest.mark.django_db

INGEST = reverse("admin:articles_article_ingest")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<p>The city council voted on Tuesday to close the harbour bridge for six months of repairs.</p>
<p>“We cannot wait any longer,” said the council's engineer, Dana Ilves. Traffic will use the tunnel.</p>
<p>Repairs will start in April and should be finished before the autumn, the council said.</p>
</article><footer>© The Daily Lantern</footer></body></html>
"""


def dump(number, outlet="The Daily Lantern"):
    """A plain-text page dump, different for each number."""
    return (
        f"Bridge story number {number}\n\nSource: {outlet}\n\n"
        f"The council voted on Tuesday, in story {number}, to close the bridge.\n\n"
        "“We cannot wait any longer,” said the engineer.\n"
    ).encode()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ingest(client, **data):
    """POST the ingest form and follow to the batch's page."""
    form = {"text": "", "url": "", "format": "", "outlet": "", "new_outlet": ""} | data
    return client.post(INGEST, form, follow=True)


def outcomes(response):
    """(document, outcome) for each row of a batch's page."""
    return [(item.source_name, item.status) for item in response.context["page"]]


@pytest.fixture
def editor(client, alice):
    client.force_login(alice)
    return client


# The page and its link


def test_the_article_list_links_to_the_ingest_page(editor):
    response = editor.get(reverse("admin:articles_article_changelist"))
    assert f'href="{INGEST}"'.encode() in response.content

    response = editor.get(INGEST)
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'type="file" name="files" multiple' in response.content
    assert b"csrfmiddlewaretoken" in response.content


# Each kind of input


def test_one_file(editor, alice):
    response = ingest(editor, files=[upload("one.txt", dump(1))])

    assert response.redirect_chain[0][1] == 302
    assert outcomes(response) == [("one.txt", "created")]
    article = Article.objects.get()
    assert (article.title, article.outlet.name, article.ingested_by) == (
        "Bridge story number 1",
        "The Daily Lantern",
        alice,
    )
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert f'href="{change}"'.encode() in response.content
    batch = IngestBatch.objects.get()
    assert (batch.status, batch.done, batch.total, batch.created, batch.created_by) == (
        "finished",
        1,
        1,
        1,
        alice,
    )
    # A finished batch's page does not reload itself.
    assert b'http-equiv="refresh"' not in response.content


def test_several_files(editor):
    response = ingest(editor, files=[upload(f"{n}.txt", dump(n)) for n in range(3)])

    assert outcomes(response) == [("0.txt", "created"), ("1.txt", "created"), ("2.txt", "created")]
    assert Article.objects.count() == 3
    assert IngestBatch.objects.get().label == "3 files: 0.txt, 1.txt, 2.txt"


def test_a_zip_archive(editor):
    archive = zipped({"a.txt": dump(1), "folder/b.txt": dump(2), "c.html": PAGE.format(title="A page")})

    response = ingest(editor, files=[upload("articles.zip", archive)])

    assert sorted(status for _, status in outcomes(response)) == ["created"] * 3
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "A page",
        "Bridge story number 1",
        "Bridge story number 2",
    ]


def test_a_json_lines_file(editor):
    lines = [
        {"id": f"ggt-{n}", "url": f"https://example.org/{n}", "text": f"Sentence number {n}. More."}
        for n in range(2)
    ]
    content = "\n".join(map(json.dumps, lines)).encode()

    response = ingest(editor, files=[upload("ggt.jsonl", content)])

    assert outcomes(response) == [("ggt-0", "created"), ("ggt-1", "created")]
    assert set(Article.objects.values_list("url", "title_generated")) == {
        ("https://example.org/0", True),
        ("https://example.org/1", True),
    }


def test_pasted_text(editor):
    # A browser sends a textarea's line breaks as CRLF.
    text = dump(7).decode().replace("\n", "\r\n")

    response = ingest(editor, text=text)

    assert outcomes(response) == [("pasted text", "created")]
    article = Article.objects.get()
    assert article.title == "Bridge story number 7"
    assert "\r" not in article.body


def test_a_web_address(editor, web):
    web.pages["/news/bridge"] = (200, "text/html; charset=utf-8", PAGE.format(title="Bridge to close"))

    response = ingest(editor, url=web.url("/news/bridge"))

    assert outcomes(response) == [(web.url("/news/bridge"), "created")]
    article = Article.objects.get()
    assert (article.title, article.url, article.source_format) == (
        "Bridge to close",
        web.url("/news/bridge"),
        "html",
    )


def test_files_text_and_a_web_address_at_once(editor, web):
    web.pages["/page"] = (200, "text/html", PAGE.format(title="From the web"))

    response = ingest(editor, files=[upload("a.txt", dump(1))], text=dump(2).decode(), url=web.url("/page"))

    assert sorted(status for _, status in outcomes(response)) == ["created"] * 3
    assert Article.objects.count() == 3


# Outlets


def test_an_outlet_chosen_for_every_article(editor):
    meduza = make_outlet("Meduza")

    ingest(
        editor, files=[upload("a.txt", dump(1)), upload("b.txt", dump(2, outlet="Other"))], outlet=meduza.pk
    )

    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Meduza"}
    assert IngestBatch.objects.get().outlet == meduza


def test_a_new_outlet_is_created(editor):
    ingest(editor, files=[upload("a.txt", dump(1))], new_outlet="  The   Harbour Gazette ")

    assert Article.objects.get().outlet.name == "The Harbour Gazette"
    assert Outlet.objects.filter(name="The Harbour Gazette").count() == 1


def test_a_new_outlet_with_the_name_of_an_existing_one_is_that_outlet(editor):
    meduza = make_outlet("Meduza")

    ingest(editor, files=[upload("a.txt", dump(1))], new_outlet="MEDUZA")

    assert Article.objects.get().outlet == meduza
    assert Outlet.objects.count() == 1


# The format to read as

# A page saved without its <html> start: its format is not told from its bytes, nor from its name.
SAVED_PAGE = """<div class="page"><title>{title}</title>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<p>The city council voted on Tuesday to close the harbour bridge for {months} months of repairs.</p>
<p>“We cannot wait any longer,” said the council's engineer, Dana Ilves. Traffic will use the tunnel.</p>
<p>Repairs will start in April and should be finished before the autumn, the council said.</p>
</article></div>
"""


def saved_page(title, months=6):
    return SAVED_PAGE.format(title=title, months=months).encode()


# An article's markup, as copied from a page's source.
PASTED_HTML = """<article><h1>Ferry fares to rise</h1>
<p>The ferry company said on Monday that fares will rise by a tenth from the first of March.</p>
<p>“Fuel costs twice what it did,” said the company's director, Mari Tamm. Season tickets stay the same.</p>
<p>Passengers' groups said they would ask the council to step in before the new fares start.</p>
</article>
"""


def test_the_form_offers_the_formats_of_the_ingest_command(editor):
    response = editor.get(INGEST)

    choices = response.context["form"].fields["format"].choices
    assert [value for value, _ in choices] == ["", *FORMATS]
    assert [label for _, label in choices] == [
        "Detect from the file (default)",
        "Plain-text page dump",
        "HTML page",
        "JSON Lines",
        "ZIP archive",
    ]
    assert b'<select name="format"' in response.content
    assert b"Read files as" in response.content


def test_a_text_file_holding_html_is_read_as_html_when_chosen(editor):
    raw = saved_page("Harbour bridge to close")
    # Left to detection, the file would be read as a text dump, markup and all.
    assert detect_format(raw, "saved.txt") == "text"

    response = ingest(editor, files=[upload("saved.txt", raw)], format="html")

    assert outcomes(response) == [("saved.txt", "created")]
    article = Article.objects.get()
    assert (article.title, article.title_generated, article.source_format) == (
        "Harbour bridge to close",
        False,
        "html",
    )
    assert article.body.startswith("The city council voted on Tuesday")
    assert "<" not in article.body and "Home | News" not in article.body
    assert IngestBatch.objects.get().format == "html"
    assert b'<dd class="batch-format">HTML page</dd>' in response.content


def test_pasted_html_is_read_as_html_when_chosen(editor):
    # A browser sends a textarea's line breaks as CRLF.
    text = PASTED_HTML.replace("\n", "\r\n")
    assert detect_format(text.encode(), "pasted text") == "text"

    response = ingest(editor, text=text, format="html")

    assert outcomes(response) == [("pasted text", "created")]
    article = Article.objects.get()
    assert (article.title, article.source_format) == ("Ferry fares to rise", "html")
    assert article.body.startswith("The ferry company said on Monday")
    assert "<" not in article.body


def test_without_a_choice_the_format_is_detected_and_the_batch_records_none(editor):
    response = ingest(editor, files=[upload("one.txt", dump(1))])

    assert Article.objects.get().source_format == "text"
    assert IngestBatch.objects.get().format == ""
    assert b"batch-format" not in response.content


def test_a_web_page_is_read_as_html_whatever_the_format_chosen(editor, web):
    web.pages["/page"] = (200, "text/html", PAGE.format(title="From the web"))

    response = ingest(editor, url=web.url("/page"), format="zip")

    assert outcomes(response) == [(web.url("/page"), "created")]
    assert Article.objects.get().source_format == "html"
    # Nothing was read as the format chosen, so the batch does not claim it.
    assert IngestBatch.objects.get().format == ""


def test_a_large_batch_keeps_its_format_for_the_task(editor, settings, django_capture_on_commit_callbacks):
    settings.INGEST_INLINE_MAX_DOCUMENTS = 2
    files = [upload(f"saved-{n}.txt", saved_page(f"Bridge story {n}", months=n + 2)) for n in range(3)]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ingest(editor, files=files, format="html")
        assert response.context["batch"].status == "queued"
        assert response.context["batch"].format == "html"
        assert b'<dd class="batch-format">HTML page</dd>' in response.content

    assert len(callbacks) == 1
    batch = IngestBatch.objects.get()
    assert (batch.status, batch.format, batch.done, batch.created) == ("finished", "html", 3, 3)
    assert not IngestUpload.objects.exists()
    articles = Article.objects.order_by("title")
    assert [(article.title, article.source_format) for article in articles] == [
        (f"Bridge story {n}", "html") for n in range(3)
    ]
    assert not any("<" in article.body for article in articles)


def test_a_file_chosen_as_json_lines_counts_its_lines(editor, settings):
    """Counted as one document, a .txt file of many JSON lines would be ingested in the request."""
    settings.INGEST_INLINE_MAX_DOCUMENTS = 3
    lines = b"\n".join(json.dumps({"id": f"n{n}", "text": f"Number {n}. More."}).encode() for n in range(5))

    # The transaction is never committed, so the task is not run.
    ingest(editor, files=[upload("export.txt", lines)], format="jsonl")

    batch = IngestBatch.objects.get()
    assert (batch.status, batch.format, batch.total) == ("queued", "jsonl", 5)


# Bad input


def test_bad_files_fail_each_on_its_own_and_the_good_ones_are_created(editor, settings):
    settings.INGEST_MAX_BYTES = 2000
    archive = zipped({"../escape.txt": dump(8), "inner.txt": dump(9)})
    files = [
        upload("good.txt", dump(1)),
        upload("empty.txt", b""),
        upload("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        upload("huge.txt", b"word " * 10_000),
        upload("broken.jsonl", b'{"id": "x1", "text": "Fine text here."}\n{not json\n'),
        upload("archive.zip", archive),
        upload("again.txt", dump(1)),
    ]

    response = ingest(editor, files=files)

    items = list(response.context["page"])
    rows = {item.source_name: item for item in items}
    assert rows["good.txt"].status == "created"
    assert rows["again.txt"].status == "duplicate"
    assert rows["again.txt"].article == rows["good.txt"].article
    assert rows["x1"].status == "created"
    assert "empty" in rows["empty.txt"].error
    assert "binary" in rows["picture.png"].error
    assert "too large" in rows["huge.txt"].error
    failed = [item for item in items if item.status == "failed"]
    assert any("line 2" in item.error for item in failed)
    assert any("escape.txt" in item.source_name for item in failed)
    assert [item.status for item in items if "inner.txt" in item.source_name] == ["created"]
    assert Article.objects.count() == 3
    batch = IngestBatch.objects.get()
    assert (batch.done, batch.created, batch.duplicates, batch.failed) == (9, 3, 1, 5)
    # Each reason is on the page, in plain words.
    for item in failed:
        assert escape(item.error).encode() in response.content


def test_a_page_that_cannot_be_fetched_is_a_failed_row(editor, web):
    response = ingest(editor, url=web.url("/missing"))

    [item] = response.context["page"]
    assert (item.status, item.error) == ("failed", "the server answered 404 Not Found")
    assert b"the server answered 404 Not Found" in response.content


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, None, "Choose files, paste an article or give a web address."),
        ({"text": "   "}, None, "Choose files, paste an article or give a web address."),
        ({"url": "ftp://example.org/a.html"}, "url", "Only http:// and https:// addresses can be fetched."),
        ({"url": "not a url"}, "url", "Enter a valid URL."),
        ({"text": "Some text.", "new_outlet": "New"}, "new_outlet", "Choose an outlet or name a new one"),
        ({"text": "Some text.", "format": "pdf"}, "format", "Select a valid choice. pdf is not one of"),
    ],
)
def test_form_errors(editor, data, field, message):
    if "new_outlet" in data:
        data["outlet"] = make_outlet("Meduza").pk

    response = ingest(editor, **data)

    assert response.status_code == 200
    errors = response.context["form"].errors.get(field or "__all__")
    assert errors and errors[0].startswith(message)
    assert not IngestBatch.objects.exists()


# Who may ingest


def test_anonymous_visitors_and_readers_are_sent_to_the_login(client, charlie):
    batch = IngestBatch.objects.create(label="a batch")
    login = reverse("admin:login")
    for url in (INGEST, reverse("admin:articles_article_ingest_batch", args=[batch.uuid])):
        assert client.get(url).url.startswith(login)
        client.force_login(charlie)
        assert client.get(url).url.startswith(login)
        assert client.post(url, {"text": dump(1).decode()}).url.startswith(login)
        client.logout()
    assert not Article.objects.exists()


def test_staff_without_the_permission_to_add_articles_get_403(client):
    viewer = make_user("viewer")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    batch = IngestBatch.objects.create(label="a batch")
    client.force_login(viewer)

    assert client.get(INGEST).status_code == 403
    assert client.post(INGEST, {"text": dump(1).decode()}).status_code == 403
    assert client.get(reverse("admin:articles_article_ingest_batch", args=[batch.uuid])).status_code == 403
    assert client.get(reverse("admin:articles_ingestbatch_changelist")).status_code == 403
    # Nor is the link shown.
    assert INGEST.encode() not in client.get(reverse("admin:articles_article_changelist")).content
    assert not Article.objects.exists()


def test_a_post_without_a_csrf_token_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(INGEST, {"text": dump(1).decode()})

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_an_unknown_batch_is_404(editor):
    url = reverse("admin:articles_article_ingest_batch", args=["00000000-0000-0000-0000-000000000000"])
    assert editor.get(url).status_code == 404


# Large batches


def test_a_large_upload_is_queued_and_its_page_shows_its_progress(editor, settings):
    settings.INGEST_INLINE_MAX_DOCUMENTS = 3

    # The transaction is never committed, so the task is not run.
    response = ingest(editor, files=[upload(f"{n}.txt", dump(n)) for n in range(5)])

    batch = IngestBatch.objects.get()
    assert (batch.status, batch.done, batch.total) == ("queued", 0, 5)
    assert batch.uploads.count() == 5
    assert not Article.objects.exists()
    assert b'<meta http-equiv="refresh" content="2">' in response.content
    assert b'<progress id="batch-progress" max="5" value="0">' in response.content


def test_a_large_upload_goes_through_the_task(editor, settings, django_capture_on_commit_callbacks):
    settings.INGEST_INLINE_MAX_DOCUMENTS = 3
    lines = b"\n".join(
        json.dumps({"id": f"line-{n}", "text": f"Sentence number {n}. More."}).encode() for n in range(25)
    )
    files = [upload(f"{n}.txt", dump(n)) for n in range(4)]
    files += [
        upload("empty.txt", b""),
        upload("many.jsonl", lines + b"\n{oops\n"),
        upload("dup.txt", dump(0)),
    ]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ingest(editor, files=files)
        # The upload returns at once: the batch's page shows it queued.
        assert response.context["batch"].status == "queued"
        assert len(response.context["page"]) == 0

    assert len(callbacks) == 1
    batch = IngestBatch.objects.get()
    assert (batch.status, batch.done, batch.total) == ("finished", 32, 32)
    assert (batch.created, batch.duplicates, batch.updated, batch.failed) == (29, 1, 0, 2)
    assert batch.finished_at is not None
    assert not IngestUpload.objects.exists()
    assert list(batch.items.values_list("position", flat=True)) == list(range(32))
    assert Article.objects.count() == 29

    page = response.request["PATH_INFO"]
    assert len(editor.get(page).context["page"]) == 32
    response = editor.get(page, {"status": "failed"})
    assert b'class="selected">Failed (2)</a>' in response.content
    [empty, oops] = response.context["page"]
    assert (empty.source_name, empty.error) == ("empty.txt", "the file is empty")
    assert oops.source_name.startswith("many.jsonl") and "line 26" in oops.error


def test_the_task_records_progress_as_it_goes(alice, monkeypatch):
    """The counts are saved every few documents, so the page shows them while the task runs."""
    batch = IngestBatch.objects.create(label="many", total=25, created_by=alice)
    lines = b"\n".join(json.dumps({"id": f"n{n}", "text": f"Number {n}. More."}).encode() for n in range(25))
    IngestUpload.objects.create(batch=batch, name="many.jsonl", file=ContentFile(lines, name="many.jsonl"))
    seen = []
    real_save_progress = tasks.save_progress

    def watch(batch, items):
        real_save_progress(batch, items)
        seen.append(IngestBatch.objects.values_list("done", "created").get(pk=batch.pk))

    monkeypatch.setattr(tasks, "save_progress", watch)

    tasks.ingest_batch.call(batch_id=batch.pk)

    assert seen == [(10, 10), (20, 20), (25, 25)]
    batch.refresh_from_db()
    assert batch.status == "finished"


def test_a_batch_that_stops_is_marked_failed(alice, monkeypatch):
    batch = IngestBatch.objects.create(label="doomed", total=1, created_by=alice)
    IngestUpload.objects.create(batch=batch, name="a.txt", file=ContentFile(dump(1), name="a.txt"))

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(tasks, "record", broken)
    with pytest.raises(RuntimeError):
        tasks.ingest_batch.call(batch_id=batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("failed", "The batch stopped: the disk is full")


def test_a_reader_bug_fails_its_file_and_the_batch_goes_on(editor, monkeypatch):
    real = tasks.iter_ingest

    def buggy(raw, name, **options):
        if name == "bad.txt":
            raise ZeroDivisionError
        return real(raw, name, **options)

    monkeypatch.setattr(tasks, "iter_ingest", buggy)

    response = ingest(editor, files=[upload("bad.txt", dump(1)), upload("good.txt", dump(2))])

    assert outcomes(response) == [("bad.txt", "failed"), ("good.txt", "created")]


# The batch admin


def test_the_batch_list_links_each_batch_to_its_page(editor):
    ingest(editor, files=[upload("a.txt", dump(1))])
    batch = IngestBatch.objects.get()
    page = reverse("admin:articles_article_ingest_batch", args=[batch.uuid])

    response = editor.get(reverse("admin:articles_ingestbatch_changelist"))
    assert response.status_code == 200
    assert f'href="{page}"'.encode() in response.content
    assert b"1 / 1" in response.content

    response = editor.get(reverse("admin:articles_ingestbatch_change", args=[batch.pk]))
    assert response.url == page
    assert editor.get(reverse("admin:articles_ingestbatch_add")).status_code == 403

    response = editor.get(reverse("admin:articles_ingestitem_changelist"), {"status": "created"})
    assert response.status_code == 200
    assert [item.source_name for item in response.context["cl"].result_list] == ["a.txt"]


def batch_page_queries(client, documents):
    ingest(client, files=[upload(f"{n}.txt", dump(n)) for n in range(documents)])
    page = reverse("admin:articles_article_ingest_batch", args=[IngestBatch.objects.latest("pk").uuid])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert len(response.context["page"]) == documents
    return len(queries)


def test_the_batch_page_query_count_does_not_grow_with_its_documents(editor):
    # Session; user; the user's own and group permissions; the batch with its outlet and user;
    # the count of its items; a page of items with their articles.
    assert batch_page_queries(editor, 2) == batch_page_queries(editor, 12) == 7


# Fetching


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The client hung up on purpose (a timeout, a size limit): nothing to report.
        pass


class Site:
    """A web server on 127.0.0.1 for the tests: ``pages`` maps a path to (status, content type, body),
    or to a function that writes the whole response itself."""

    def __init__(self):
        self.pages = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                page = site.pages.get(self.path)
                if callable(page):
                    page(self)
                    return
                if page is None:
                    self.send_error(404)
                    return
                status, content_type, body = page
                body = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                if status in (301, 302, 303, 307, 308):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def web(settings):
    # The test server is on the loopback address, which is refused by default.
    settings.FETCH_PRIVATE_ADDRESSES = True
    site = Site()
    yield site
    site.close()


def test_fetch_reads_a_page(web):
    web.pages["/a"] = (200, "text/html; charset=utf-8", "<p>Hello</p>")

    page = fetch(web.url("/a"))

    assert (page.url, page.raw, page.content_type) == (web.url("/a"), b"<p>Hello</p>", "text/html")


def test_fetch_follows_a_few_redirects_and_records_where_it_ended(web, settings):
    settings.FETCH_MAX_REDIRECTS = 2
    web.pages["/old"] = (301, "text/html", web.url("/older"))
    web.pages["/older"] = (302, "text/html", "/page")
    web.pages["/page"] = (200, "text/html", PAGE.format(title="Moved"))

    assert fetch(web.url("/old")).url == web.url("/page")

    [result] = ingest_url(web.url("/old"))
    assert (result.status, result.article.url) == ("created", web.url("/page"))

    web.pages["/loop"] = (302, "text/html", web.url("/old"))
    with pytest.raises(FetchError, match="^the page redirects more than 2 times"):
        fetch(web.url("/loop"))


def test_a_redirect_to_another_scheme_is_refused(web):
    web.pages["/sneaky"] = (302, "text/html", "ftp://example.org/file")

    with pytest.raises(FetchError, match="^only http:// and https:// addresses can be fetched"):
        fetch(web.url("/sneaky"))


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.html", "javascript:alert(1)", "http://"]
)
def test_only_web_addresses_are_fetched(url):
    with pytest.raises(FetchError) as error:
        fetch(url)
    assert str(error.value) in (
        f"only http:// and https:// addresses can be fetched, not {url}",
        f"{url} names no server",
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://localhost/",
        "http://[::1]/",
        "http://10.0.0.7/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_addresses_inside_the_network_are_refused(url):
    with pytest.raises(FetchError, match="is inside the network .*: such addresses are not fetched$"):
        fetch(url)


def test_a_redirect_into_the_network_is_refused(web, settings, monkeypatch):
    web.pages["/out"] = (302, "text/html", "http://10.0.0.7/")
    settings.FETCH_PRIVATE_ADDRESSES = False
    real_check = fetch_module.check_public
    # Only the test server itself, on the loopback address, is let through.
    monkeypatch.setattr(fetch_module, "check_public", lambda host: host == "127.0.0.1" or real_check(host))

    with pytest.raises(FetchError, match="^10.0.0.7 is inside the network"):
        fetch(web.url("/out"))


def test_a_page_that_is_not_html_is_refused(web):
    web.pages["/report.pdf"] = (200, "application/pdf", b"%PDF-1.7 ...")

    with pytest.raises(FetchError, match="^the address gives application/pdf, not an HTML page$"):
        fetch(web.url("/report.pdf"))


def test_a_page_over_the_size_limit_is_refused(web, settings):
    settings.FETCH_MAX_BYTES = 1000
    web.pages["/big"] = (200, "text/html", "x" * 1001)

    with pytest.raises(
        FetchError, match="^the page is too large: 1,001 bytes, and the limit is 1,000 bytes$"
    ):
        fetch(web.url("/big"))

    def no_length(handler):
        # Without Content-Length the body runs until the connection closes.
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b"x" * 5000)

    web.pages["/stream"] = no_length
    with pytest.raises(FetchError, match="^the page is larger than the limit of 1,000 bytes"):
        fetch(web.url("/stream"))


def test_a_server_that_does_not_answer_in_time(web, settings):
    settings.FETCH_TIMEOUT = 0.3

    def slow(handler):
        time.sleep(1)

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(10):
            handler.wfile.write(b"<p>")
            handler.wfile.flush()
            time.sleep(0.1)

    web.pages["/slow"] = slow
    web.pages["/trickle"] = trickle
    for path in ("/slow", "/trickle"):
        with pytest.raises(FetchError, match="^the server did not send the page within 0.3 seconds$"):
            fetch(web.url(path))


def test_a_refused_connection(settings):
    settings.FETCH_PRIVATE_ADDRESSES = True
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port any more.
    with pytest.raises(FetchError, match="^the server refused the connection$"):
        fetch(f"http://127.0.0.1:{port}/")


def test_a_page_without_an_article_is_a_failed_result(web):
    web.pages["/empty"] = (200, "text/html", "<html><body><nav>Home</nav></body></html>")

    [result] = ingest_url(web.url("/empty"))

    assert (result.status, result.error) == ("failed", "no article text found in the HTML page")
    assert not Article.objects.exists()


def test_a_page_fetched_again_is_a_duplicate(web):
    web.pages["/a"] = (200, "text/html", PAGE.format(title="First"))

    [first], [again] = ingest_url(web.url("/a")), ingest_url(web.url("/a"))

    assert (first.status, again.status) == ("created", "duplicate")
    assert again.article == first.article


# The result page's summary and failed rows


def test_the_result_page_sums_up_the_batch_and_marks_each_failed_row(editor):
    response = ingest(editor, files=[upload("good.txt", dump(1)), upload("empty.txt", b"")])

    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    assert '<section class="module batch-summary batch-finished"' in html
    assert '<li class="count-created"><strong>1</strong> created</li>' in html
    assert '<li class="count-failed has-failures"><strong>1</strong> failed</li>' in html
    failed_row = html[html.index('<tr class="item-failed">') :]
    failed_row = failed_row[: failed_row.index("</tr>")]
    assert "empty.txt" in failed_row
    assert (
        '<span class="outcome outcome-failed"><span aria-hidden="true">✕ </span>Failed</span>' in failed_row
    )
    assert '<span class="item-error">the file is empty</span>' in failed_row
    created_row = html[html.index('<tr class="item-created">') :]
    assert '<span class="outcome outcome-created">Created</span>' in created_row[: created_row.index("</tr>")]


def test_a_batch_without_failures_does_not_flag_its_failed_count(editor):
    html = ingest(editor, files=[upload("good.txt", dump(2))]).content.decode()

    assert '<li class="count-failed"><strong>0</strong> failed</li>' in html
    assert "item-failed" not in html
