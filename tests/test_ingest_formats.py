"""Ingesting every format and encoding: sniffing, HTML, JSONL, ZIP, gzip, and the bad input of each."""

import gzip
import io
import json
import re
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from articles.ingest import IngestError, ahead, walk
from articles.ingest.documents import title_from_body
from articles.ingest.html import parse_html
from articles.ingest.reader import read_documents
from articles.ingest.sniff import decode, detect_format
from articles.models import Article
from articles.pipeline import ingest_bytes, ingest_files, ingest_paths

MB = 1024 * 1024

PAGE = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Harbour bridge to close | The Daily Lantern</title>
<meta property="og:title" content="Harbour bridge to close for repairs">
<meta property="og:site_name" content="The Daily Lantern">
<meta property="og:url" content="https://lantern.example/news/bridge">
<meta name="author" content="Dana Ilves">
<meta property="article:published_time" content="2024-12-30T09:15:00+00:00">
<style>body { color: red; } .secret-style { display: none }</style>
<script>var secretScript = "alert(1)";</script>
</head>
<body onload="stealCookies()">
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour bridge to close for repairs</h1>
<p onclick="evilHandler()">The city council voted on Tuesday to close the harbour bridge for six months of
repairs, the longest closure since it opened in 1961.</p>
<p>“We cannot wait any longer,” said the council's engineer. Traffic will go through the tunnel, which
the council widened last year at a cost of forty million euros.</p>
<script>document.write("injectedByScript")</script>
<p>Repairs will start in April and end in October, weather permitting, the council said in a statement
published on its website on Tuesday evening.</p>
<img src="x.png" onerror="imgHandler()">
</article>
<footer>© 2024 The Daily Lantern. All rights reserved.</footer>
</body>
</html>
"""
BODY = (
    "The city council voted on Tuesday to close the harbour bridge for six months of repairs, the longest "
    "closure since it opened in 1961."
)

RUSSIAN = (
    "Кадыров отказался встречаться с чеченскими пленными\n\n"
    "Глава Чечни Рамзан Кадыров заявил, что пятеро чеченских военных вернулись в Грозный из Украины, "
    "где они попали в плен. Он призвал их вернуться на фронт.\n\n"
    "«Плен — не преступление», — отметил Кадыров.\n"
)
FRENCH = (
    "Le pont du port fermera pour travaux\n\n"
    "Le conseil municipal a voté mardi la fermeture du pont du port pour six mois de travaux. "
    "« Nous ne pouvons plus attendre », a déclaré l'ingénieur. Déjà vu, façade, crème brûlée.\n"
)


def ingest(*args, verbosity=1):
    stdout, stderr = StringIO(), StringIO()
    call_command("ingest", *map(str, args), stdout=stdout, stderr=stderr, verbosity=verbosity)
    return stdout.getvalue(), stderr.getvalue()


def make_zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def dump(title, *paragraphs):
    return ("\n\n".join([title, *paragraphs]) + "\n").encode()


def jsonl(*records):
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode()


def record(number, **fields):
    return {
        "id": f"rec-{number}",
        "url": f"https://news.example/{number}",
        "outlet": "CBC News",
        "title": None,
        "published": None,
        "text": f"Article number {number} begins here. It goes on.\n\nA second paragraph.",
        **fields,
    }


# Sniffing


@pytest.mark.parametrize(
    ("raw", "name", "expected"),
    [
        (PAGE.encode(), "page.txt", "html"),
        (b"<html><body><p>Text</p></body></html>", "x", "html"),
        (b"<?xml version='1.0'?>\n<!-- saved -->\n<html><p>x</p></html>", "x", "html"),
        (b"<p>A fragment</p>", "fragment.html", "html"),
        (b'{"id": 1, "text": "x"}\n', "export", "jsonl"),
        (b"\xef\xbb\xbf{}", "bom.jsonl", "jsonl"),
        (make_zip({"a.txt": b"x"}), "batch.bin", "zip"),
        (b"Title\n\nText.", "notes", "text"),
        (b"Title\n\nText.", "notes.txt", "text"),
        ("<html><p>x</p></html>".encode("utf-16"), "x", "html"),
    ],
    ids=[
        "html-as-txt",
        "html",
        "xml-prolog",
        "fragment-by-name",
        "jsonl",
        "jsonl-bom",
        "zip",
        "text",
        "txt",
        "utf16",
    ],
)
def test_the_format_is_told_by_the_bytes_then_the_name(raw, name, expected):
    assert detect_format(raw, name) == expected


def test_a_word_document_is_not_taken_for_an_archive():
    with pytest.raises(IngestError, match="office document"):
        detect_format(make_zip({"word/document.xml": b"<w/>"}), "letter.docx")


@pytest.mark.django_db
def test_the_format_option_overrides_the_sniffing():
    page = b"<html><body><p>Hello</p></body></html>"

    [result] = ingest_bytes(page, "page.html", format="text")

    assert (result.status, result.error) == ("failed", "the file is an HTML page, not a plain-text page dump")


@pytest.mark.django_db
def test_an_unknown_format_is_refused():
    [result] = ingest_bytes(b"Title\n\nText.", "a.txt", format="pdf")

    assert result.status == "failed"
    assert "“pdf” is not a format Newsroom reads" in result.error


# Encodings


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (RUSSIAN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"), "utf-8-sig"),
        (RUSSIAN.encode("utf-16"), "utf-16"),
        (RUSSIAN.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        (RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "-").encode("koi8_r"), "koi8-r"),
        (RUSSIAN.encode("cp1251"), "cp1251"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "koi8-r", "windows-1251"],
)
def test_russian_text_is_read_in_every_encoding_and_the_encoding_recorded(raw, encoding):
    text, found = decode(raw)

    assert found == encoding
    assert "Кадыров" in text


def test_latin_1_is_read_and_recorded():
    text, encoding = decode(FRENCH.encode("latin-1"))

    assert text == FRENCH
    assert encoding == "iso8859-1"


def test_windows_1252_curly_quotation_marks_are_read():
    text, encoding = decode(FRENCH.replace("« ", "“").replace(" »", "”").encode("cp1252"))

    assert "“Nous ne pouvons plus attendre”" in text
    assert encoding == "cp1252"


@pytest.mark.django_db
@pytest.mark.parametrize("codec", ["utf-16", "cp1251", "koi8_r"])
def test_an_article_keeps_its_raw_bytes_and_encoding(codec):
    text = RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "-")
    raw = text.encode(codec)

    [result] = ingest_bytes(raw, "ru.txt")

    assert result.status == "created", result.error
    article = result.article
    assert article.title == "Кадыров отказался встречаться с чеченскими пленными"
    assert bytes(article.raw) == raw
    assert article.raw_text == text
    assert "Рамзан Кадыров" in article.body


def test_utf16_is_recognised_before_its_nul_bytes_are_taken_for_binary():
    raw = "Title\n\nText of the article.".encode("utf-16-le")

    with pytest.raises(IngestError, match="binary"):
        decode(raw)
    assert decode(b"\xff\xfe" + raw) == ("Title\n\nText of the article.", "utf-16")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe", "the file is empty"),
        (b"\xff\xfe" + " \n ".encode("utf-16-le"), "the file is empty"),
        (b"\xff\xfeA\x00\x00\xd8", "UTF-16 byte order mark, but byte"),
        (b"GIF89a\x01\x00\x01\x00", "binary"),
        (b"\x7fELF\x02\x01\x01", "binary"),
        (b"Title\n\nText\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13", "binary"),
        (b"Title\n\n" + bytes(range(0x80, 0x100)) * 4, "encoding cannot be recognised"),
    ],
    ids=["empty", "bom-only", "blank-utf16", "broken-utf16", "gif", "program", "control", "undecodable"],
)
def test_bytes_that_are_not_text_are_refused_in_plain_words(raw, message):
    with pytest.raises(IngestError, match=message):
        decode(raw)


# HTML


def test_an_html_page_gives_its_title_author_date_outlet_and_paragraphs():
    document = parse_html(PAGE.encode(), "bridge.html")

    assert document.title == "Harbour bridge to close for repairs"
    assert not document.title_generated
    assert document.author == "Dana Ilves"
    assert document.outlet_name == "The Daily Lantern"
    assert document.url == "https://lantern.example/news/bridge"
    assert document.published_at.isoformat() == "2024-12-30T00:00:00+00:00"
    assert document.language == "en-gb"
    assert document.source_format == "html"
    assert document.raw == PAGE.encode()
    paragraphs = document.body.split("\n\n")
    assert paragraphs[0] == BODY
    assert len(paragraphs) == 3
    assert all(paragraph == paragraph.strip() and "\n" not in paragraph for paragraph in paragraphs)


def test_scripts_styles_and_event_attributes_never_reach_the_document():
    document = parse_html(PAGE.encode(), "bridge.html")

    stored = " ".join([document.title, document.body, document.author, document.outlet_name, document.url])
    for leak in [
        "secretScript",
        "alert",
        "injectedByScript",
        "secret-style",
        "color: red",
        "evilHandler",
        "stealCookies",
        "imgHandler",
        "<",
        ">",
        "Home World Sport",
        "All rights reserved",
    ]:
        assert leak not in stored


def test_markup_in_metadata_is_stripped():
    page = PAGE.replace(
        'content="Harbour bridge to close for repairs"', 'content="Harbour &lt;b&gt;bridge&lt;/b&gt; closes"'
    ).replace('content="Dana Ilves"', 'content="&lt;script&gt;x()&lt;/script&gt;Dana Ilves"')

    document = parse_html(page.encode(), "bridge.html")

    assert document.title == "Harbour bridge closes"
    assert "<" not in document.author and "script" not in document.author


def test_the_page_charset_is_used_when_the_bytes_are_not_utf8():
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        "Harbour bridge to close for repairs", "Мост закроют на ремонт"
    )

    document = parse_html(page.encode("cp1251"), "most.html")

    assert document.title == "Мост закроют на ремонт"
    assert document.encoding == "cp1251"


def test_a_page_without_a_title_gets_one_from_its_first_sentence():
    page = f"<html><body><article><p>{BODY} More words follow here.</p><p>{BODY}</p></article></body></html>"

    document = parse_html(page.encode(), "untitled.html")

    assert document.title_generated
    assert document.title.startswith("The city council voted on Tuesday")


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
    ],
    ids=["empty-body", "navigation-only"],
)
def test_a_page_without_an_article_is_refused(page):
    with pytest.raises(IngestError, match="no article text found in the HTML page"):
        parse_html(page.encode(), "empty.html")


@pytest.mark.django_db
def test_the_address_a_page_was_fetched_from_wins_over_the_one_it_gives():
    [result] = ingest_bytes(PAGE.encode(), "page", format="html", url="https://fetched.example/bridge")

    assert result.article.url == "https://fetched.example/bridge"


@pytest.mark.django_db
def test_a_gzipped_page_is_ingested_as_html(tmp_path):
    (tmp_path / "bridge.html.gz").write_bytes(gzip.compress(PAGE.encode()))

    stdout, stderr = ingest(tmp_path)

    assert (stdout, stderr) == ("created 1, duplicates 0, failed 0\n", "")
    article = Article.objects.get()
    assert (article.title, article.author, article.outlet.name) == (
        "Harbour bridge to close for repairs",
        "Dana Ilves",
        "The Daily Lantern",
    )
    assert article.source_format == "html"
    assert article.source_name == "bridge.html.gz"
    assert bytes(article.raw) == PAGE.encode()


@pytest.mark.django_db
def test_a_gzip_bomb_is_refused(settings):
    settings.INGEST_MAX_BYTES = 1000
    bomb = gzip.compress(b"<p>" + b"a" * 100_000)

    [result] = ingest_bytes(bomb, "bomb.html.gz")

    assert result.status == "failed"
    assert result.error == "the file unpacks to more than the limit of 1,000 bytes"


@pytest.mark.django_db
def test_a_damaged_gzip_file_fails():
    [result] = ingest_bytes(gzip.compress(PAGE.encode())[:-40] + b"garbage", "page.html.gz")

    assert result.status == "failed"
    assert "gzip file" in result.error


# JSONL


@pytest.mark.django_db
def test_jsonl_records_become_articles_named_by_their_id():
    records = [
        record(1, title="A title given", published="2019-01-08T10:00:00Z"),
        record(2),
        record(3, text=None, html=PAGE),
    ]

    results = ingest_bytes(jsonl(*records), "export.jsonl")

    assert [(r.source_name, r.status) for r in results] == [
        ("rec-1", "created"),
        ("rec-2", "created"),
        ("rec-3", "created"),
    ]
    first, second, third = (r.article for r in results)
    assert (first.title, first.title_generated) == ("A title given", False)
    assert first.published_at.isoformat() == "2019-01-08T10:00:00+00:00"
    assert first.url == "https://news.example/1"
    assert first.outlet.name == "CBC News"
    assert first.body == "Article number 1 begins here. It goes on.\n\nA second paragraph."
    assert first.source_format == "jsonl"
    assert json.loads(bytes(first.raw)) == records[0]
    assert (second.title, second.title_generated) == ("Article number 2 begins here.", True)
    assert third.title == "Harbour bridge to close for repairs"
    assert third.author == "Dana Ilves"
    assert third.body.startswith(BODY)
    # The record's own fields win over the page's.
    assert third.url == "https://news.example/3"
    assert third.outlet.name == "CBC News"


@pytest.mark.django_db
def test_malformed_jsonl_lines_fail_with_their_line_number_and_the_others_are_ingested():
    lines = [
        json.dumps(record(1)),
        "",
        '{"id": "broken", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps(record(5, text="")),
        json.dumps(record(6, text=None)),
        json.dumps(record(7, title=42)),
        json.dumps(record(8, url="javascript:alert(1)")),
        json.dumps(record(9, published="yesterday")),
        json.dumps(record(10, text=" \n\n ")),
        json.dumps(record(11)),
    ]

    results = ingest_bytes("\n".join(lines).encode(), "export.jsonl")

    assert [(r.source_name, r.status, r.error) for r in results] == [
        ("rec-1", "created", ""),
        (
            "export.jsonl",
            "failed",
            "line 3: not valid JSON (Unterminated string starting at: line 1 column 26 (char 25))",
        ),
        ("export.jsonl", "failed", "line 4: it is not a JSON object"),
        ("rec-5", "failed", "line 5: the article has no text"),
        ("rec-6", "failed", "line 6: the record has neither “text” nor “html”"),
        ("rec-7", "failed", "line 7: “title” must be a string, not int"),
        ("rec-8", "failed", "line 8: “url” is not a web address: javascript:alert(1)"),
        ("rec-9", "failed", "line 9: “published” is not an ISO 8601 date: yesterday"),
        ("rec-10", "failed", "line 10: the article has no text"),
        ("rec-11", "created", ""),
    ]
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_jsonl_line_over_the_size_limit_fails_alone(settings):
    settings.INGEST_MAX_BYTES = 500

    results = ingest_bytes(jsonl(record(1), record(2, text="Long. " * 200)), "export.jsonl")

    assert [r.status for r in results] == ["created", "failed"]
    assert results[1].error == "line 2: it is larger than the limit of 500 bytes"


@pytest.mark.django_db
def test_a_jsonl_file_may_be_larger_than_one_document(settings):
    settings.INGEST_MAX_BYTES = 500

    results = ingest_bytes(jsonl(*(record(n) for n in range(10))), "export.jsonl")

    assert [r.status for r in results] == ["created"] * 10


@pytest.mark.django_db
def test_the_same_jsonl_file_twice_gives_duplicates():
    ingest_bytes(jsonl(record(1), record(2)), "export.jsonl")

    results = ingest_bytes(jsonl(record(1), record(2)), "export.jsonl")

    assert [r.status for r in results] == ["duplicate", "duplicate"]


@pytest.mark.django_db
def test_the_outlet_option_overrides_the_records_outlets():
    [result] = ingest_bytes(jsonl(record(1)), "export.jsonl", outlet_name="Radio Canada")

    assert result.article.outlet.name == "Radio Canada"


def test_a_title_is_made_from_the_first_sentence():
    assert title_from_body("OTTAWA — The minister resigned on Friday. More follows.") == (
        "The minister resigned on Friday."
    )
    assert title_from_body("Jane Doe, The Canadian Press\n\nThe vote was close. Very close.") == (
        "The vote was close."
    )
    assert title_from_body("“We won,” she said. Then she left.") == "“We won,” she said."
    long = title_from_body("word " * 100)
    assert long.endswith("…") and len(long) <= 121


# ZIP archives


@pytest.mark.django_db
def test_a_zip_of_every_format_is_ingested_entry_by_entry():
    archive = make_zip(
        {
            "dumps/one.txt": dump("One", "First text."),
            "pages/bridge.html": PAGE.encode(),
            "pages/gzipped.html.gz": gzip.compress(
                PAGE.replace("six months", "seven months").replace("news/bridge", "news/bridge-2").encode()
            ),
            "export.jsonl": jsonl(record(1), record(2)),
            "__MACOSX/._one.txt": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
            "empty-folder/": b"",
        }
    )

    results = ingest_bytes(archive, "batch.zip")

    assert [(r.source_name, r.status) for r in results] == [
        ("dumps/one.txt", "created"),
        ("rec-1", "created"),
        ("rec-2", "created"),
        ("pages/bridge.html", "created"),
        ("pages/gzipped.html.gz", "created"),
    ]
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_zip_entries_with_unsafe_paths_fail_and_the_others_are_ingested(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    archive = make_zip(
        {
            "../escape.txt": dump("Escape", "Up one folder."),
            "a/../../escape2.txt": dump("Escape", "Up two folders."),
            "/etc/passwd.txt": dump("Root", "From the root."),
            "C:/Windows/win.txt": dump("Drive", "From a drive."),
            "good.txt": dump("Good", "Stays in."),
        }
    )

    results = ingest_bytes(archive, "evil.zip")

    unsafe = "the entry's path leads outside the archive, so it is not read"
    assert sorted((r.source_name, r.status, r.error) for r in results) == [
        ("../escape.txt", "failed", unsafe),
        ("/etc/passwd.txt", "failed", unsafe),
        ("C:/Windows/win.txt", "failed", unsafe),
        ("a/../../escape2.txt", "failed", unsafe),
        ("good.txt", "created", ""),
    ]
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path.parent / "escape.txt").exists()


@pytest.mark.django_db
def test_a_zip_bomb_entry_fails_without_being_inflated(settings):
    settings.INGEST_MAX_BYTES = 10_000
    archive = make_zip({"bomb.txt": b"a" * 50 * MB, "good.txt": dump("Good", "Small.")})

    results = ingest_bytes(archive, "bomb.zip")

    assert [(r.source_name, r.status, r.error) for r in results] == [
        ("bomb.txt", "failed", "the file unpacks to more than the limit of 10,000 bytes"),
        ("good.txt", "created", ""),
    ]


@pytest.mark.django_db
def test_a_zip_that_unpacks_to_too_much_in_total_stops_there(settings):
    settings.INGEST_MAX_BYTES = 1000
    # 60 entries of 990 bytes: more than 50 times the limit for one document, all together.
    archive = make_zip({f"{n:02}.txt": dump(f"Title {n}", f"{n:02} " + "x" * 972) for n in range(60)})

    results = ingest_bytes(archive, "many.zip")

    assert [r.status for r in results] == ["created"] * 50 + ["failed"] * 10
    assert (
        results[-1].error
        == "not read: the archive's files unpack to more than the limit of 50,000 bytes in all"
    )


@pytest.mark.django_db
def test_a_zip_with_too_many_files_fails_as_a_whole(monkeypatch):
    monkeypatch.setattr("articles.ingest.reader.MAX_ARCHIVE_ENTRIES", 3)
    archive = make_zip({f"{n}.txt": dump(f"T{n}", "Text.") for n in range(4)})

    [result] = ingest_bytes(archive, "many.zip")

    assert (result.source_name, result.status) == ("many.zip", "failed")
    assert result.error == "the ZIP archive holds 4 files, and the limit is 3"
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_zip_inside_a_zip_is_not_read():
    archive = make_zip({"inner.zip": make_zip({"a.txt": dump("A", "Text.")}), "b.txt": dump("B", "Text.")})

    results = ingest_bytes(archive, "outer.zip")

    assert [(r.source_name, r.status) for r in results] == [("b.txt", "created"), ("inner.zip", "failed")]
    assert "inside a ZIP archive" in results[1].error


@pytest.mark.django_db
def test_a_damaged_zip_fails():
    [result] = ingest_bytes(make_zip({"a.txt": dump("A", "Text.")})[:40], "cut.zip")

    assert result.status == "failed"
    assert result.error == "the ZIP archive is damaged and cannot be opened"


@pytest.mark.django_db
def test_a_damaged_zip_entry_fails_alone():
    archive = bytearray(
        make_zip({"a.txt": dump("A", "The first text of the archive."), "b.txt": dump("B", "Text.")})
    )
    start = archive.index(b"a.txt") + len("a.txt")
    archive[start + 2 : start + 8] = b"\xff" * 6

    results = ingest_bytes(bytes(archive), "damaged.zip")

    assert [(r.source_name, r.status) for r in results] == [("a.txt", "failed"), ("b.txt", "created")]
    assert results[0].error == "the entry is damaged and cannot be unpacked"


def test_the_zip_format_option_refuses_other_files():
    [(name, error)] = read_documents(b"Title\n\nText.", "a.txt", max_bytes=MB, format="zip")

    assert (name, str(error)) == ("a.txt", "the file is not a ZIP archive")


# The command, with every format


@pytest.mark.django_db
def test_the_command_reads_files_folders_zips_and_jsonl(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "bridge.html").write_bytes(PAGE.encode())
    (tmp_path / "dump.txt").write_bytes(dump("One", "First text."))
    (tmp_path / "export.jsonl").write_bytes(jsonl(record(1), record(2)) + b"{broken\n")
    (tmp_path / "batch.zip").write_bytes(make_zip({"z.txt": dump("Zed", "Zed text."), "../x.txt": b"x"}))

    stdout, stderr = ingest(
        tmp_path / "batch.zip", tmp_path / "export.jsonl", tmp_path / "pages", tmp_path / "dump.txt"
    )

    assert stdout == "created 5, duplicates 0, failed 2\n"
    assert stderr.splitlines() == [
        "failed  ../x.txt: the entry's path leads outside the archive, so it is not read",
        "failed  export.jsonl: line 3: not valid JSON "
        "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
    ]


@pytest.mark.django_db
def test_the_format_option_of_the_command(tmp_path):
    (tmp_path / "page.txt").write_bytes(
        b"<p>An HTML fragment saved as text, long enough to be an article.</p>"
    )

    stdout, _ = ingest(tmp_path, "--format", "html")

    assert stdout == "created 1, duplicates 0, failed 0\n"
    assert Article.objects.get().source_format == "html"


class Terminal(StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_the_command_shows_documents_done_of_the_total_rate_and_eta_on_a_terminal(tmp_path):
    (tmp_path / "a.txt").write_bytes(dump("A", "Text."))
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_bytes(jsonl(record(1), record(2)))

    terminal, stderr = Terminal(), StringIO()
    call_command("ingest", str(tmp_path), stdout=terminal, stderr=stderr)

    output = terminal.getvalue()
    # Three files, then four documents once the JSONL file turned out to hold two.
    assert "0/3 [" in output
    final = output.rsplit("\r", 1)[-1]
    assert re.search(r"100%\|.*\| 4/4 \[\d\d:\d\d<00:00, +[\d.]+doc/s\]", final), final
    assert output.endswith("]\ncreated 3, duplicates 0, failed 1\n")
    assert stderr.getvalue() == "failed  b.txt: the file is empty\n"


@pytest.mark.django_db
def test_without_a_terminal_the_command_prints_a_line_every_50_documents_and_at_the_end(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(jsonl(*(record(number) for number in range(1, 71))))
    (tmp_path / "b.jsonl").write_bytes(jsonl(*(record(number) for number in range(71, 121))))

    stdout, _ = ingest(tmp_path, "--no-extract")

    lines = stdout.splitlines()
    assert [line.rsplit(",", 1)[0] for line in lines[:-1]] == [
        "50 documents, 0/2 files",
        "100 documents, 1/2 files",
        "120 documents, 2/2 files",
    ]
    assert all(re.search(r", [\d.]+/s$", line) for line in lines[:-1])
    assert "\r" not in stdout and "%" not in stdout
    assert lines[-1] == "created 120, duplicates 0, failed 0"
    # A short run prints its summary alone.
    (tmp_path / "c.jsonl").write_bytes(jsonl(*(record(number) for number in range(1, 31))))
    stdout, _ = ingest(tmp_path / "c.jsonl", "--no-extract")
    assert stdout == "created 0, duplicates 30, failed 0\n"


@pytest.mark.django_db
def test_ingest_paths_yields_one_result_per_document(tmp_path):
    (tmp_path / "export.jsonl").write_bytes(jsonl(record(1), record(2), record(3)))

    assert [r.source_name for r in ingest_paths([tmp_path])] == ["rec-1", "rec-2", "rec-3"]


@pytest.mark.django_db
def test_a_bulk_file_over_its_larger_limit_is_not_read(tmp_path, settings):
    settings.INGEST_MAX_BYTES = 100
    (tmp_path / "export.jsonl").write_bytes(b" " * 1001)

    [result] = ingest_paths([tmp_path])

    assert result.error == "the file is too large: 1,001 bytes, and the limit is 1,000 bytes"


@pytest.mark.django_db
def test_the_command_reads_every_encoding(tmp_path):
    (tmp_path / "utf8.txt").write_bytes(RUSSIAN.encode())
    (tmp_path / "utf8-bom.txt").write_bytes(b"\xef\xbb\xbf" + FRENCH.encode())
    (tmp_path / "utf16.txt").write_bytes(RUSSIAN.replace("пятеро", "шестеро").encode("utf-16"))
    (tmp_path / "win1251.txt").write_bytes(RUSSIAN.replace("пятеро", "семеро").encode("cp1251"))
    koi8 = RUSSIAN.replace("пятеро", "восьмеро").replace("«", '"').replace("»", '"').replace("—", "-")
    (tmp_path / "koi8.txt").write_bytes(koi8.encode("koi8_r"))
    (tmp_path / "latin1.txt").write_bytes(FRENCH.replace("mardi", "lundi").encode("latin-1"))

    stdout, stderr = ingest(tmp_path)

    assert (stdout, stderr) == ("created 6, duplicates 0, failed 0\n", "")
    assert dict(Article.objects.values_list("source_name", "encoding")) == {
        "utf8.txt": "utf-8",
        "utf8-bom.txt": "utf-8-sig",
        "utf16.txt": "utf-16",
        "win1251.txt": "cp1251",
        "koi8.txt": "koi8-r",
        "latin1.txt": "iso8859-1",
    }
    for article in Article.objects.all():
        assert (
            article.raw_text.replace("\r\n", "\n").lstrip("\ufeff").startswith(article.title.split(" (")[0])
        )


# Eleven files: with --jobs 2, worker processes read the HTML pages among them.
@pytest.mark.parametrize("jobs", ["0", "2"])
@pytest.mark.django_db
def test_the_command_reports_every_kind_of_bad_input_and_ingests_the_rest(tmp_path, settings, jobs):
    settings.INGEST_MAX_BYTES = 20_000
    bad = {
        "a_empty.txt": b"",
        "b_image.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
        "c_document.pdf": b"%PDF-1.7\n",
        "d_nul.txt": b"Title\n\nText\x00with NUL bytes",
        "e_undecodable.txt": b"Title\n\n" + bytes(range(0x80, 0x100)) * 4,
        "f_huge.txt": b"Huge\n\n" + b"x" * 30_000,
        "g_no_article.html": b"<html><head><title>Empty</title></head><body></body></html>",
        "h_bomb.zip": make_zip({"bomb.txt": b"a" * 10 * MB}),
        "i_traversal.zip": make_zip(
            {"../../etc/cron.d/x.txt": dump("X", "Y."), "fine.txt": dump("Fine", "Ok.")}
        ),
        "j_export.jsonl": b'{"id": "r1", "text": "A good record."}\n{"id": "r2", "text": \n',
        "k_good.html": PAGE.encode(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)

    stdout, stderr = ingest(tmp_path, "--jobs", jobs)

    assert stdout == "created 3, duplicates 0, failed 10\n"
    failures = dict(line.removeprefix("failed  ").split(": ", 1) for line in stderr.splitlines())
    assert failures == {
        "a_empty.txt": "the file is empty",
        "b_image.jpg": "the file looks like a binary file (an image, a PDF, a program?), not text",
        "c_document.pdf": "the file looks like a binary file (an image, a PDF, a program?), not text",
        "d_nul.txt": "the file looks like a binary file (an image, a PDF, a program?), not text",
        "e_undecodable.txt": "the file's encoding cannot be recognised: it is not UTF-8 (byte 0x80 at "
        "position 7), nor UTF-16, Windows-1251, KOI8-R or Latin-1 text; save it as UTF-8 and try again",
        "f_huge.txt": "the file is too large: 29.3 KB (30,006 bytes), "
        "and the limit is 19.5 KB (20,000 bytes)",
        "g_no_article.html": "no article text found in the HTML page",
        "bomb.txt": "the file unpacks to more than the limit of 20,000 bytes",
        "../../etc/cron.d/x.txt": "the entry's path leads outside the archive, so it is not read",
        "j_export.jsonl": "line 2: not valid JSON (Expecting value: line 1 column 22 (char 21))",
    }
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["fine.txt", "k_good.html", "r1"]


@pytest.mark.django_db
def test_a_bug_in_a_reader_fails_that_document_only(monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("articles.ingest.reader.parse_html", explode)
    archive = make_zip({"a.html": PAGE.encode(), "b.txt": dump("B", "Text.")})

    results = ingest_bytes(archive, "batch.zip")

    assert [(r.source_name, r.status, r.error) for r in results] == [
        ("a.html", "failed", "the file could not be read because of an error in Newsroom"),
        ("b.txt", "created", ""),
    ]
    assert "Reading a.html failed" in caplog.text


def harbour_page(number):
    """PAGE as the page of another article: its own address, headline and words."""
    return (
        PAGE.replace("lantern.example/news/bridge", f"lantern.example/news/bridge-{number}")
        .replace("Harbour bridge to close for repairs", f"Harbour bridge {number} to close for repairs")
        .replace("six months", f"{number + 2} months")
        .encode()
    )


def stored_articles():
    return [
        (a.source_name, a.title, a.body, a.author, a.url, a.published_at, a.outlet and a.outlet.name, a.raw)
        for a in Article.objects.select_related("outlet").order_by("pk")
    ]


@pytest.mark.django_db
def test_pages_read_by_worker_processes_are_stored_as_pages_read_by_the_command(tmp_path, monkeypatch):
    handed_out = []
    submitted = ahead.submitted

    def spy(pool, path, **options):
        handed_out.append(path.name)
        return submitted(pool, path, **options)

    monkeypatch.setattr(ahead, "submitted", spy)
    for number in range(9):
        page = harbour_page(number)
        (tmp_path / f"{number}.html.gz" if number % 3 else tmp_path / f"{number}.html").write_bytes(
            gzip.compress(page) if number % 3 else page
        )
    (tmp_path / "4a.txt").write_bytes(dump("Ferry timetable changes", "The morning ferry leaves at six."))
    (tmp_path / "4b.html").write_bytes(harbour_page(2))

    in_workers = ingest(tmp_path, "--jobs", "2", verbosity=2)
    by_workers = stored_articles()
    Article.objects.all().delete()
    here = ingest(tmp_path, "--jobs", "0", verbosity=2)

    assert len(handed_out) == 10
    assert "4a.txt" not in handed_out
    assert in_workers == here
    assert by_workers == stored_articles()
    # In the files' order; the page with the text of page 2 is its duplicate.
    assert [row[0] for row in by_workers] == [f"{n}.html{'.gz' if n % 3 else ''}" for n in range(5)] + [
        "4a.txt"
    ] + [f"{n}.html{'.gz' if n % 3 else ''}" for n in range(5, 9)]
    assert here[0].splitlines()[-1] == "created 10, duplicates 1, failed 0"
    assert by_workers[0][1] == "Harbour bridge 0 to close for repairs"
    assert by_workers[0][2].startswith("The city council voted on Tuesday to close the harbour bridge for 2 ")
    assert by_workers[0][3:5] == ("Dana Ilves", "https://lantern.example/news/bridge-0")
    assert by_workers[0][7] == harbour_page(0)


@pytest.mark.django_db
def test_a_page_gone_before_its_turn_is_a_failed_row(tmp_path):
    for number in range(9):
        (tmp_path / f"{number}.html").write_bytes(harbour_page(number))
    files = list(walk([tmp_path]))
    (tmp_path / "3.html").unlink()

    results = [(path.name, [(r.status, r.error) for r in rs]) for path, rs in ingest_files(files, jobs=1)]

    gone = ("failed", "the file cannot be read: No such file or directory")
    assert results == [(f"{n}.html", [gone if n == 3 else ("created", "")]) for n in range(9)]
    assert Article.objects.count() == 8
