"""Hostile files: bombs are refused as soon as a limit is passed (the bytes inflated are counted here),
a bad JSON Lines line fails alone, and control characters and bidi overrides never reach a title, a
name, an outlet or a tag, whichever way they come in (ingestion, the admin)."""

import gzip
import io
import json
import struct
import zipfile
import zlib

import pytest
from taggit.models import Tag

from articles.ingest.reader import BULK_FACTOR, MAX_ARCHIVE_FACTOR
from articles.ingest.sniff import SNIFF_BYTES
from articles.models import Article, Outlet, Person
from articles.pipeline import ingest_bytes
from tests.factories import admin_url, management_form
from tests.test_ingest_formats import MB, dump, jsonl, make_zip, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def zip_reads(monkeypatch):
    """The bytes every ZIP entry gave, as they are inflated."""
    reads = []
    real_read = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = real_read(self, n)
        reads.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return reads


@pytest.fixture
def gzip_output(monkeypatch):
    """The bytes gzip inflation gave, as they are inflated."""
    output = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args, **kwargs):
            self.inner = real(*args, **kwargs)

        def decompress(self, data, max_length=0):
            result = self.inner.decompress(data, max_length)
            output.append(len(result))
            return result

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr("articles.ingest.sniff.zlib.decompressobj", Counting)
    return output


# ZIP archives


def test_an_entry_declaring_a_size_past_the_limit_is_refused_before_it_is_inflated(settings, zip_reads):
    settings.INGEST_MAX_BYTES = 10_000
    archive = make_zip({"bomb.txt": b"a" * 50 * MB, "good.txt": dump("Good", "Small.")})

    results = ingest_bytes(archive, "bomb.zip")

    assert [(r.source_name, r.status) for r in results] == [("bomb.txt", "failed"), ("good.txt", "created")]
    assert results[0].error == "the file unpacks to more than the limit of 10,000 bytes"
    # Only its first bytes, to tell what it is.
    assert sum(zip_reads) < SNIFF_BYTES + 100


def lie_about_size(archive, name, size):
    """The archive with ``name``'s declared size changed to ``size``, in both of its headers."""
    data = bytearray(archive)
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def test_an_entry_that_lies_about_its_size_is_not_inflated_past_its_limit(settings, zip_reads):
    settings.INGEST_MAX_BYTES = 10_000
    archive = lie_about_size(make_zip({"liar.txt": b"a" * 50 * MB}), "liar.txt", 5_000)

    [result] = ingest_bytes(archive, "liar.zip")

    assert result.status == "failed"
    assert result.error == "the entry is damaged and cannot be unpacked"
    assert sum(zip_reads) <= 10_001


def test_what_lying_entries_inflate_counts_towards_the_archive_total(settings, zip_reads):
    settings.INGEST_MAX_BYTES = 2000
    archive = make_zip({f"{n:02}.txt": b"a" * 100_000 for n in range(80)})
    for n in range(80):
        archive = lie_about_size(archive, f"{n:02}.txt", 1800)

    results = ingest_bytes(archive, "liars.zip")

    assert {r.error for r in results[:50]} == {"the entry is damaged and cannot be unpacked"}
    assert results[-1].error == (
        "not read: the archive's files unpack to more than the limit of 100,000 bytes in all"
    )
    assert sum(zip_reads) <= 2000 * MAX_ARCHIVE_FACTOR + 2000


def test_entries_are_refused_at_the_one_document_limit_and_jsonl_ones_at_the_bulk_limit(settings):
    settings.INGEST_MAX_BYTES = 1000
    big_text = dump("Big", "x" * 5000)
    bulk = jsonl(*(record(n) for n in range(20)))
    assert 1000 < len(bulk) < 1000 * BULK_FACTOR

    results = ingest_bytes(make_zip({"a.txt": big_text, "b.jsonl": bulk}), "mixed.zip")

    assert results[0].error == "the file unpacks to more than the limit of 1,000 bytes"
    assert [r.status for r in results[1:]] == ["created"] * 20


def test_once_the_archive_total_is_reached_no_other_entry_is_inflated(settings, zip_reads):
    settings.INGEST_MAX_BYTES = 1000
    limit = 1000 * MAX_ARCHIVE_FACTOR
    archive = make_zip({f"{n:02}.txt": dump(f"Title {n}", f"{n:02} " + "x" * 972) for n in range(60)})

    results = ingest_bytes(archive, "many.zip")

    assert [r.status for r in results] == ["created"] * 50 + ["failed"] * 10
    assert sum(zip_reads) <= limit + 1


# gzip


def test_a_gzipped_page_is_refused_at_the_one_document_limit(settings, gzip_output):
    settings.INGEST_MAX_BYTES = 1000
    bomb = gzip.compress(b"<!doctype html><p>" + b"a" * MB)

    [result] = ingest_bytes(bomb, "bomb.html.gz")

    assert result.error == "the file unpacks to more than the limit of 1,000 bytes"
    assert sum(gzip_output) <= SNIFF_BYTES + 1001


def test_a_gzip_bomb_of_json_lines_stops_at_the_bulk_limit(settings, gzip_output):
    settings.INGEST_MAX_BYTES = 1000
    bomb = gzip.compress(jsonl(*[record(1)] * 5000))

    [result] = ingest_bytes(bomb, "export.jsonl.gz")

    assert result.error == f"the file unpacks to more than the limit of {1000 * BULK_FACTOR:,} bytes"
    assert sum(gzip_output) <= 1000 * BULK_FACTOR + 1


def test_gzipped_json_lines_larger_than_one_document_are_read(settings):
    settings.INGEST_MAX_BYTES = 1000
    results = ingest_bytes(gzip.compress(jsonl(*(record(n) for n in range(8)))), "export.jsonl.gz")

    assert [r.status for r in results] == ["created"] * 8


# JSON Lines


def test_a_bad_jsonl_line_fails_alone_with_its_number(monkeypatch):
    lines = [
        json.dumps(record(1)),
        "[" * 100_000,
        '{"id": "deep", "text": ' + "[" * 50_000 + "]" * 50_000 + "}",
        json.dumps(record(4, text="\x00")),
        json.dumps(record(5)),
    ]

    results = ingest_bytes("\n".join(lines).encode(), "export.jsonl")

    assert [(r.source_name, r.status, r.error) for r in results] == [
        ("rec-1", "created", ""),
        ("export.jsonl", "failed", "line 2: not valid JSON (nested too deep)"),
        ("export.jsonl", "failed", "line 3: not valid JSON (nested too deep)"),
        ("rec-4", "failed", "the article has no text"),
        ("rec-5", "created", ""),
    ]


def test_a_bug_on_one_jsonl_line_fails_that_line_only(monkeypatch, caplog):
    real = __import__("articles.ingest.jsonl", fromlist=["read_record"]).read_record

    def read_record(record, *args):
        if record["id"] == "rec-2":
            raise KeyError("a bug")
        return real(record, *args)

    monkeypatch.setattr("articles.ingest.jsonl.read_record", read_record)

    results = ingest_bytes(jsonl(record(1), record(2), record(3)), "export.jsonl")

    assert [(r.source_name, r.status) for r in results] == [
        ("rec-1", "created"),
        ("rec-2", "failed"),
        ("rec-3", "created"),
    ]
    assert results[1].error == "line 2: it could not be read because of an error in Newsroom"
    assert "Reading line 2 of export.jsonl failed" in caplog.text


# Control characters and bidi overrides


def test_control_characters_and_bidi_overrides_leave_ingested_titles_outlets_and_bodies():
    line = record(
        1,
        title="Invoice\u202egnp.exe\x00",
        outlet="Daily\u2066 Lantern\x07",
        url="https://news.example/a\x00b?c=\u202ed",
        text="First \x00paragraph here. With a bell\x07.\n\nSecond\u202e one, kept\u200f.",
    )

    [result] = ingest_bytes(jsonl(line), "export.jsonl")

    article = result.article
    assert article.title == "Invoicegnp.exe"
    # PostgreSQL cannot even look a NUL up: the address loses it before it is used.
    assert article.url == "https://news.example/ab?c=d"
    assert article.outlet.name == "Daily Lantern"
    assert article.body == "First paragraph here. With a bell.\n\nSecond\u202e one, kept\u200f."
    # The raw line is kept as it came.
    assert b"\\u0000" in bytes(article.raw)


def test_names_typed_in_the_admin_lose_control_characters_and_bidi_overrides(client, alice):
    alice.is_superuser = True
    alice.save()
    client.force_login(alice)

    person = {"name": "Ann\u202ea\u2069 Obi", "role": "Mayor\u0007"} | management_form("aliases", 0)
    tag = {"name": "exe\u202e.png", "slug": "exe-png"} | management_form("taggit_taggeditem_items", 0)

    for url, data in [
        (admin_url("person", "add"), person),
        (admin_url("outlet", "add"), {"name": "The\u202d Lantern", "boilerplate": ""}),
        ("/admin/taggit/tag/add/", tag),
    ]:
        assert client.post(url, data).status_code == 302, url

    assert Person.objects.get().name == "Anna Obi"
    assert Person.objects.get().role == "Mayor"
    assert Outlet.objects.get().name == "The Lantern"
    assert Tag.objects.get().name == "exe.png"
    assert not Article.objects.exists()
