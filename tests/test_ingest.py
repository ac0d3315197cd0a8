"""Ingesting plain-text page dumps: the seed article, deduplication, bad files, folders and the command."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

import articles
from articles.ingest import Document, IngestError
from articles.ingest.boilerplate import is_navigation, strip_trailing_appeal
from articles.ingest.text import parse_text_dump
from articles.models import Article, Outlet
from articles.pipeline import ingest_bytes, ingest_paths, store
from articles.pipeline.store import store_document
from tests.factories import make_outlet

SEED = Path(articles.__file__).resolve().parent / "demo" / "00_kadyrov_pows.txt"
SEED_TITLE = "Kadyrov refuses to meet with Chechen POWs, calls on them to return to the front"

# The seed's gold labels (../shared/corpus/dev/gold.jsonl), copied so that these tests run anywhere.
SEED_BOILERPLATE = [
    "Skip to main content",
    "Meduza survived 2024 thanks to its readers!",
    "Let’s stick together for 2025.",
    "Please support Meduza by signing up for a recurring donation.",
    "Any amount",
]
SEED_QUOTATIONS = [
    "As I see it, war should be no reason for Chechens to fall into captivity. There may be various "
    "excuses, but be that as it may, a soldier should prove that he had no other choice. And he has to "
    "prove it by going back to the front. That’s why I’m not meeting with those who have returned. It’s "
    "a question of honor not just for each individual warrior, but for the troops, for the whole regiment "
    "he serves in. Let them prove that they didn’t flee battle, they weren’t afraid to face the enemy, and "
    "they didn’t seek out the opportunity to lay down their arms and spare themselves a bullet,",
    "go back into the thick of the battle.",
    "captivity is not a crime,",
    "are glad their fighters survived.",
    "But a fighter must not just shoot randomly, but rather think through every shot, mind every "
    "cartridge. I recognize that I’m to blame, too, for the fact that they weren’t properly prepared for "
    "this situation, and they didn’t fully understand that a soldier has to plan out his ammunition. But "
    "now our boys have a chance to prove to themselves to their comrades, their commanders, and to the "
    "whole country, that this was a necessary step. That an oath, duty, and honor are above all else!",
    "expressed gratitude for their release and readiness to return to the zone of the SVO ['special "
    "military operation'] if they were ordered to do so.",
    "five Chechen soldiers have returned to Grozny from Ukraine, where they were captured",
    "the soldiers in question reported that they were running out of ammunition one hour before they "
    "were captured",
    "Chechen soldiers Zelim Ismailov, Zhabrail Yunuyev, Apti Tasuyev, Salakh Gaytamirov, and Tamirlan "
    "Khamidov had returned from captivity",
]

# A page of a made-up outlet with the usual boilerplate around a short article.
LANTERN_PAGE = """\
Skip to content
Menu
Search
Log in | Sign up

Harbour bridge to close for repairs next spring

Source: The Daily Lantern

We use cookies to improve your experience. By continuing to browse, you agree to our use of cookies.
Accept all cookies

The city council voted on Tuesday to close the harbour bridge for six months of repairs.

Share on Facebook
Share on X

“We cannot wait any longer,” said the council's engineer, Dana Ilves.  Traffic will go through the tunnel.

Advertisement

Read more: Council approves new budget

Repairs will start in April.

The Daily Lantern is funded by its readers.

Become a member today and keep local news alive.

Thank you!
"""
LANTERN_BODY = (
    "The city council voted on Tuesday to close the harbour bridge for six months of repairs.\n\n"
    "“We cannot wait any longer,” said the council's engineer, Dana Ilves.  "
    "Traffic will go through the tunnel.\n\n"
    "Repairs will start in April."
)


def ingest(*args, verbosity=1):
    """Run ``manage.py ingest``: (stdout, stderr)."""
    stdout, stderr = StringIO(), StringIO()
    call_command("ingest", *map(str, args), stdout=stdout, stderr=stderr, verbosity=verbosity)
    return stdout.getvalue(), stderr.getvalue()


def dump(title, *paragraphs, source=None):
    lines = [title] + ([f"Source: {source}"] if source else []) + list(paragraphs)
    return ("\n\n".join(lines) + "\n").encode()


# The seed article


@pytest.mark.django_db
def test_the_seed_dump_becomes_a_clean_article():
    raw = SEED.read_bytes()

    [result] = ingest_bytes(raw, SEED.name)

    assert result.status == "created", result.error
    article = Article.objects.get()
    assert article == result.article
    assert article.title == SEED_TITLE
    assert article.outlet.name == "Meduza"
    assert article.source_name == "00_kadyrov_pows.txt"
    assert article.body.startswith("Chechnya head Ramzan Kadyrov")
    assert article.body.endswith("if they were ordered to do so.”")
    for line in SEED_BOILERPLATE:
        assert line not in article.body
    assert "Source:" not in article.body
    assert SEED_TITLE not in article.body
    for text in SEED_QUOTATIONS:
        assert text in article.body
    assert bytes(article.raw) == raw
    assert article.encoding == "utf-8"


@pytest.mark.django_db
def test_the_seed_body_has_paragraphs_separated_by_one_blank_line():
    [result] = ingest_bytes(SEED.read_bytes(), SEED.name)
    body = result.article.body

    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 6
    assert body == body.strip()
    for paragraph in paragraphs:
        assert paragraph.strip() and paragraph == paragraph.strip()
        assert all(line == line.rstrip() for line in paragraph.split("\n"))


@pytest.mark.django_db
def test_the_same_file_twice_is_one_article():
    [first] = ingest_bytes(SEED.read_bytes(), SEED.name)
    [second] = ingest_bytes(SEED.read_bytes(), "copy.txt")

    assert (first.status, second.status) == ("created", "duplicate")
    assert second.article == first.article
    assert Article.objects.count() == 1
    assert Outlet.objects.count() == 1


@pytest.mark.django_db
def test_the_same_text_laid_out_differently_is_a_duplicate():
    [first] = ingest_bytes(SEED.read_bytes(), SEED.name)
    crlf = SEED.read_bytes().replace(b"\n", b"\r\n").replace(b". ", b".   ") + b"\r\n\r\n\r\n"

    [second] = ingest_bytes(crlf, "windows.txt")

    assert second.status == "duplicate"
    assert second.article == first.article


@pytest.mark.django_db
def test_a_utf8_file_with_a_byte_order_mark_is_read():
    raw = b"\xef\xbb\xbf" + SEED.read_bytes()

    [result] = ingest_bytes(raw, "bom.txt")

    assert result.status == "created", result.error
    assert result.article.title == SEED_TITLE
    assert bytes(result.article.raw) == raw
    assert result.article.raw_text == SEED.read_text(encoding="utf-8")


def test_crlf_line_endings_give_the_same_document():
    plain = parse_text_dump(SEED.read_bytes(), "a.txt")
    windows = parse_text_dump(SEED.read_bytes().replace(b"\n", b"\r\n"), "b.txt")
    old_mac = parse_text_dump(SEED.read_bytes().replace(b"\n", b"\r"), "c.txt")

    assert windows.body == plain.body == old_mac.body
    assert windows.title == plain.title == old_mac.title


# Files that are not articles


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file is empty"),
        (b" \n\t\r\n  \n", "the file is empty"),
        (b"\xef\xbb\xbf\n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "looks like a binary file"),
        (b"Title\n\nSome text\x00\x00\x00 with NUL bytes", "looks like a binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "looks like a binary file"),
        (b"Title\n\n" + bytes(range(0x80, 0x100)) * 4, "encoding cannot be recognised"),
        (b"Skip to main content\nMenu\nSearch\n\nShare on Facebook\n", "no article text found"),
        (b'{"id": 1, "title": "An article", "body": "Text"}\n', "is JSON"),
        (b"<!DOCTYPE html>\n<html><body><p>Text</p></body></html>", "is an HTML page"),
    ],
    ids=["empty", "blank", "bom-only", "png", "nul", "pdf", "undecodable", "only-navigation", "json", "html"],
)
def test_a_file_that_is_not_an_article_is_refused_in_plain_words(raw, message):
    with pytest.raises(IngestError, match=message):
        parse_text_dump(raw, "bad.txt")


def test_the_undecodable_byte_is_named():
    with pytest.raises(IngestError) as error:
        parse_text_dump(b"Caf\x81\n\n" + bytes(range(0x80, 0x100)), "cafe.txt")

    assert "0x81 at position 3" in str(error.value)


@pytest.mark.django_db
def test_bad_files_fail_while_the_rest_of_the_batch_is_created(tmp_path, settings):
    settings.INGEST_MAX_BYTES = 2000
    (tmp_path / "a_good.txt").write_bytes(dump("Bridge closes", "The bridge closes in April."))
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_bytes(b"  \n\n\t \n")
    (tmp_path / "d_image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "e_undecodable.txt").write_bytes(b"Title\n\n" + bytes(range(0x80, 0x100)))
    (tmp_path / "f_huge.txt").write_bytes(b"Huge\n\n" + b"x" * 2994)
    (tmp_path / "g_good.txt").write_bytes(dump("Tunnel opens", "The tunnel opens in May."))

    stdout, stderr = ingest(tmp_path)

    assert stdout == "created 2, duplicates 0, failed 5\n"
    assert stderr.splitlines() == [
        "failed  b_empty.txt: the file is empty",
        "failed  c_blank.txt: the file is empty",
        "failed  d_image.png: the file looks like a binary file (an image, a PDF, a program?), not text",
        "failed  e_undecodable.txt: the file's encoding cannot be recognised: it is not UTF-8 (byte 0x80 "
        "at position 7), nor UTF-16, Windows-1251, KOI8-R or Latin-1 text; save it as UTF-8 and try again",
        "failed  f_huge.txt: the file is too large: 2.9 KB (3,000 bytes), "
        "and the limit is 2.0 KB (2,000 bytes)",
    ]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Bridge closes", "Tunnel opens"]


@pytest.mark.django_db
def test_ingest_bytes_refuses_a_document_over_the_size_limit(settings):
    settings.INGEST_MAX_BYTES = 100

    [result] = ingest_bytes(b"Title\n\n" + b"x" * 193, "big.txt")

    assert result.status == "failed"
    assert result.error == "the file is too large: 200 bytes, and the limit is 100 bytes"
    assert not Article.objects.exists()


# Folders and paths


@pytest.mark.django_db
def test_folders_are_walked_recursively_in_name_order_without_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deeper").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "z.txt").write_bytes(dump("Z", "Zed."))
    (tmp_path / "a.txt").write_bytes(dump("A", "Ay."))
    (tmp_path / "b" / "c.txt").write_bytes(dump("C", "Cee."))
    (tmp_path / "b" / "deeper" / "d.txt").write_bytes(dump("D", "Dee."))
    (tmp_path / ".hidden.txt").write_bytes(dump("Hidden", "Not this one."))
    (tmp_path / ".git" / "config").write_bytes(dump("Git", "Not this one either."))

    results = list(ingest_paths([tmp_path]))

    assert [(r.source_name, r.status) for r in results] == [
        ("a.txt", "created"),
        ("c.txt", "created"),
        ("d.txt", "created"),
        ("z.txt", "created"),
    ]


@pytest.mark.django_db
def test_links_to_folders_are_not_followed(tmp_path):
    (tmp_path / "a.txt").write_bytes(dump("A", "Ay."))
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)

    results = list(ingest_paths([tmp_path]))

    assert [r.source_name for r in results] == ["a.txt"]


@pytest.mark.django_db
def test_an_unreadable_folder_is_a_failed_row(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "z.txt").write_bytes(dump("Z", "Zed."))
    scandir = os.scandir

    def refuse_locked(path):
        # chmod 0 would not stop root, who runs the tests in CI.
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)

    results = list(ingest_paths([tmp_path]))

    assert [(r.source_name, r.status, r.error) for r in results] == [
        ("locked", "failed", "the folder cannot be read: Permission denied"),
        ("z.txt", "created", ""),
    ]


@pytest.mark.django_db
def test_a_missing_path_is_a_failed_row(tmp_path):
    (tmp_path / "good.txt").write_bytes(dump("Good", "Text."))

    results = list(ingest_paths([tmp_path / "good.txt", tmp_path / "missing.txt"]))

    assert [r.status for r in results] == ["created", "failed"]
    assert results[1].error == f"there is no file or folder at {tmp_path / 'missing.txt'}"


@pytest.mark.django_db
def test_something_that_is_not_a_regular_file_is_not_read(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    [result] = ingest_paths([fifo])

    assert (result.status, result.error) == ("failed", "this is not a regular file")


@pytest.mark.django_db
def test_an_unreadable_file_is_a_failed_row(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_bytes(dump("Locked", "Text."))

    def refuse(path):
        # chmod 0 would not stop root, who runs the tests in CI.
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)

    [result] = ingest_paths([locked])

    assert (result.status, result.error) == ("failed", "the file cannot be read: Permission denied")


# The command


@pytest.mark.django_db
def test_the_command_lists_every_file_at_verbosity_2(tmp_path):
    (tmp_path / "one.txt").write_bytes(dump("One", "First text."))
    (tmp_path / "two.txt").write_bytes(dump("One", "First text."))

    stdout, stderr = ingest(tmp_path, verbosity=2)

    assert stdout.splitlines() == [
        "created  one.txt: One",
        "duplicate  two.txt: One",
        "created 1, duplicates 1, failed 0",
    ]
    assert stderr == ""


@pytest.mark.django_db
def test_the_command_fails_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    stdout, stderr = StringIO(), StringIO()

    with pytest.raises(CommandError, match="nothing could be ingested"):
        call_command("ingest", str(tmp_path), str(tmp_path / "missing"), stdout=stdout, stderr=stderr)

    assert stdout.getvalue() == "created 0, duplicates 0, failed 2\n"
    assert "failed  empty.txt: the file is empty" in stderr.getvalue()
    assert "failed  missing: there is no file or folder at" in stderr.getvalue()


@pytest.mark.django_db
def test_duplicates_alone_are_a_success(tmp_path):
    (tmp_path / "one.txt").write_bytes(dump("One", "First text."))
    ingest(tmp_path)

    stdout, _ = ingest(tmp_path)

    assert stdout == "created 0, duplicates 1, failed 0\n"


@pytest.mark.django_db
def test_outlet_option_overrides_the_source_line(tmp_path):
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())

    ingest(tmp_path, "--outlet", "Meduza in English")

    assert Article.objects.get().outlet.name == "Meduza in English"
    assert not Outlet.objects.filter(name="Meduza").exists()


@pytest.mark.django_db
def test_an_existing_outlet_is_found_whatever_its_case():
    outlet = make_outlet("MEDUZA")

    [result] = ingest_bytes(SEED.read_bytes(), SEED.name)

    assert result.article.outlet == outlet
    assert Outlet.objects.count() == 1


@pytest.mark.django_db
def test_a_dump_without_a_source_line_has_no_outlet():
    [result] = ingest_bytes(dump("Title", "Text of the article."), "a.txt")

    assert result.article.outlet is None


@pytest.mark.django_db
def test_the_user_who_ingested_is_recorded(alice):
    [result] = ingest_bytes(SEED.read_bytes(), SEED.name, user=alice)

    assert result.article.ingested_by == alice


# Storing


def document(body="The text.", **fields):
    return Document(title="A title", body=body, raw=body.encode(), source_name="a.txt", **fields)


@pytest.mark.django_db
def test_the_same_url_and_text_is_a_duplicate():
    url = "https://example.com/news/1"
    first, status = store_document(document(url=url))

    again, status_again = store_document(document(url=url))

    assert (status, status_again) == ("created", "duplicate")
    assert again == first


@pytest.mark.django_db
def test_the_same_url_with_other_text_is_an_update():
    url = "https://example.com/news/1"
    first, _ = store_document(document(url=url))

    again, status = store_document(document(body="Changed text.", url=url))

    assert (again, status) == (first, "updated")
    assert Article.objects.get().body == "Changed text."


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_insert_of_the_same_text_returns_the_stored_article(monkeypatch):
    """Another process inserts the same text between the duplicate check and the insert."""
    stored, _ = store_document(document())
    real_find_duplicate = store.find_duplicate
    calls = []

    def find_nothing_the_first_time(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_find_duplicate(*args)

    monkeypatch.setattr(store, "find_duplicate", find_nothing_the_first_time)

    article, status = store_document(document(body="The   text.\n"))

    assert (article, status) == (stored, "duplicate")
    assert len(calls) == 2
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_an_integrity_error_that_is_not_a_duplicate_is_raised(monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("article_unique_url")

    monkeypatch.setattr(Article, "save", fail)

    with pytest.raises(IntegrityError):
        store_document(document())


@pytest.mark.django_db
def test_a_failure_while_storing_leaves_nothing_half_written(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Article, "save", fail)

    with pytest.raises(RuntimeError):
        store_document(document(outlet_name="A new outlet"))

    assert not Outlet.objects.exists()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_long_file_name_and_title_are_cut_to_fit():
    article, _ = store_document(
        Document(title="T" * 600, body="Text.", raw=b"Text.", source_name="n" * 300 + ".txt")
    )

    assert len(article.title) == 500 and article.title.endswith("…")
    assert len(article.source_name) == 255


# Titles


def test_the_title_is_the_first_line_after_navigation():
    doc = parse_text_dump(b"Skip to content\nMenu\nSearch\n\nThe title\nSource: Outlet\n\nThe text.\n", "a")

    assert (doc.title, doc.outlet_name, doc.body) == ("The title", "Outlet", "The text.")


def test_a_first_line_too_long_for_a_title_stays_in_the_body():
    paragraph = "This file has no title line, only a long paragraph of article text. " * 6
    doc = parse_text_dump(paragraph.encode(), "notes.txt")

    assert doc.body == paragraph.strip()
    assert doc.title == "This file has no title line, only a long paragraph of article text."
    assert doc.title_generated


# Generic boilerplate rules


def test_navigation_share_lines_cookie_notices_and_a_trailing_appeal_are_removed():
    doc = parse_text_dump(LANTERN_PAGE.encode(), "lantern.txt")

    assert doc.title == "Harbour bridge to close for repairs next spring"
    assert doc.outlet_name == "The Daily Lantern"
    assert doc.body == LANTERN_BODY


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Skip navigation",
        "Menu",
        "  Search  ",
        "Search…",
        "Log in",
        "Sign up",
        "Log in | Sign up",
        "Menu Search Log in",
        "Share on X",
        "Share on Facebook",
        "Share this article",
        "Share Tweet Email",
        "Subscribe",
        "Subscribe to our newsletter",
        "Sign up for our daily newsletter",
        "Newsletter",
        "We use cookies to give you the best experience on our website.",
        "This site uses cookies. By continuing you agree to our use of cookies.",
        "Accept all cookies",
        "Cookie settings",
        "Advertisement",
        "ADVERTISEMENT",
        "Read more",
        "Read more: Council approves new budget",
        "Related stories",
        "Home › World › Europe",
    ],
)
def test_navigation_lines(line):
    assert is_navigation(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Share prices fell sharply on Monday.",
        "Search and rescue teams reached the village at dawn.",
        "The regulator fined the company over its use of cookies without consent.",
        "Menu prices at school canteens will rise in September.",
        "Read the full report on the ministry's website.",
        "“We use cookies,” the company's lawyer said, “like everyone else.”",
        "Harbour bridge to close for repairs next spring",
        "Advertisement revenue fell by a third last year.",
    ],
)
def test_article_lines_are_not_navigation(line):
    assert not is_navigation(line)


ARTICLE = [
    "The shelter opened in 2019 and now houses forty dogs.",
    "Its director said the shelter lives on small gifts.",
]


def test_a_trailing_appeal_block_is_cut_with_its_short_fragments():
    appeal = [
        "Lantern Radio survived 2024 thanks to its readers!",
        "Stay with us.",
        "Independent news costs money. Please support Lantern Radio with a monthly donation.",
        "Any amount",
    ]

    assert strip_trailing_appeal(ARTICLE + appeal) == ARTICLE


def test_short_paragraphs_before_the_appeal_stay():
    paragraphs = [*ARTICLE, "He declined to comment.", "Support our journalism: become a member."]

    assert strip_trailing_appeal(paragraphs) == [*ARTICLE, "He declined to comment."]


def test_news_about_donations_is_not_an_appeal():
    paragraphs = [
        *ARTICLE,
        "The foundation received donations from three banks last year.",
        "The United States continued to support Ukraine with weapons.",
    ]

    assert strip_trailing_appeal(paragraphs) == paragraphs


def test_a_paragraph_with_a_quotation_is_never_cut():
    quoted = "“Please support us with a donation, any amount helps,” the director said."
    paragraphs = [*ARTICLE, quoted, "Support Lantern Radio today.", "Donate"]

    assert strip_trailing_appeal(paragraphs) == [*ARTICLE, quoted]


def test_a_quotation_in_the_middle_of_an_article_is_kept_even_when_it_reads_like_an_appeal():
    quoted = "“Become a member of the shelter, make a donation, subscribe to our newsletter,” she urged."
    page = dump("Shelter asks for help", ARTICLE[0], quoted, ARTICLE[1], "Become a member today.")

    doc = parse_text_dump(page, "shelter.txt")

    assert doc.body == "\n\n".join([ARTICLE[0], quoted, ARTICLE[1]])


def test_the_first_paragraph_is_never_cut():
    assert strip_trailing_appeal(["Please support us with a donation."]) == [
        "Please support us with a donation."
    ]


def test_an_appeal_far_from_the_end_is_kept():
    appeal = "Please support us with a donation."
    facts = [f"A long paragraph of the article, number {n}, with facts." for n in range(9)]
    paragraphs = ["Lead.", appeal, *facts]

    assert strip_trailing_appeal(paragraphs) == paragraphs
