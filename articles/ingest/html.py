"""HTML pages: the article in a web page, read by trafilatura, turned into a Document.

trafilatura finds the main text and the metadata (title, author, date, site name, canonical URL).
Newsroom stores text only, so scripts, styles and event attributes cannot reach a rendered page;
the metadata, which comes from attributes and may hold markup, is stripped of tags as well.

The page is parsed once, and the one tree serves the metadata and the main text. The metadata is
trafilatura's own (``extract_metadata``) without the parts Newsroom does not store (categories,
tags, licence), which cost a third of it.
"""

import re
from contextlib import suppress

from trafilatura import bare_extraction
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
    find_date,
)
from trafilatura.settings import DEFAULT_CONFIG, set_date_params
from trafilatura.utils import load_html

from .boilerplate import is_navigation
from .documents import Document, IngestError, outlet_name_from, parse_iso_date, title_from_body
from .sniff import decode

# The charset a page declares, in its first bytes: <meta charset="..."> or the http-equiv form.
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
DECLARED_LANGUAGE = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*)""")
TAG = re.compile(r"<[a-zA-Z/!?][^<>]*>")
# Pages should declare their charset in the first 1,024 bytes; many do so later, after scripts.
CHARSET_BYTES = 4096
URL_MAX_CHARS = 2000

# Options measured on ../shared/corpus/html: precision first and no comments give the best body
# (F1 0.966 with the headline taken out of the body, against 0.958 for the defaults), and are faster.
# The metadata is read apart (page_metadata), from the same tree.
EXTRACTION_OPTIONS = {"with_metadata": False, "favor_precision": True, "include_comments": False}
NO_ARTICLE = "no article text found in the HTML page"
# As bare_extraction searches for the date: its configuration's choice.
EXTENSIVE_DATE_SEARCH = DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH")


def parse_html(raw: bytes, source_name: str, *, outlet_name: str | None = None) -> Document:
    """The article in an HTML page; raises IngestError when the page holds none."""
    declared = DECLARED_CHARSET.search(raw[:CHARSET_BYTES])
    text, encoding = decode(raw, declared=declared and declared[1].decode("ascii"))
    return document_from_html(
        text, raw=raw, source_name=source_name, encoding=encoding, outlet_name=outlet_name
    )


def document_from_html(html, *, raw, source_name, encoding="utf-8", outlet_name=None):
    """The article in ``html``, a page already decoded; ``raw`` is kept as the document's bytes."""
    tree = load_html(html)
    if tree is None:
        raise IngestError(NO_ARTICLE)
    try:
        metadata = page_metadata(tree)
    except (TypeError, ValueError):
        # What trafilatura does with a page its metadata readers fail on: no article.
        raise IngestError(NO_ARTICLE) from None
    extracted = bare_extraction(tree, **EXTRACTION_OPTIONS)
    paragraphs = [line.strip() for line in (extracted and extracted.text or "").splitlines() if line.strip()]
    if all(is_navigation(paragraph) for paragraph in paragraphs):
        raise IngestError(NO_ARTICLE)
    title = plain(metadata.title)
    # The headline is often the first line of the main text too; the article shows it once.
    if len(paragraphs) > 1 and title and paragraphs[0].casefold() == title.casefold():
        del paragraphs[0]
    body = "\n\n".join(paragraphs)
    language = DECLARED_LANGUAGE.search(html[: CHARSET_BYTES * 4])
    url = web_address(metadata.url)
    return Document(
        title=title or title_from_body(body),
        title_generated=not title,
        body=body,
        raw=raw,
        source_name=source_name,
        outlet_name=outlet_name or outlet_name_from(plain(metadata.sitename), url),
        url=url,
        published_at=parse_date(metadata.date),
        language=language[1].lower()[:16] if language else "",
        author=plain(metadata.author),
        encoding=encoding,
        source_format="html",
    )


def page_metadata(tree):
    """trafilatura's ``extract_metadata(tree)`` (2.3.1, step for step) for the fields Newsroom stores:
    title, author, date, site name and URL, cleaned and trimmed as trafilatura does."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    # trafilatura's own guard: its JSON-LD reader has bugs.
    with suppress(Exception):
        metadata = extract_meta_json(tree, metadata)
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or extract_author(tree)
    metadata.url = metadata.url or extract_url(tree)
    # Made for each page: it holds today's date, the latest a page may bear.
    metadata.date = find_date(tree, **set_date_params(EXTENSIVE_DATE_SEARCH), url=metadata.url)
    metadata.sitename = metadata.sitename or extract_sitename(tree)
    if metadata.sitename:
        # A Twitter handle, or a lower-case name.
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (host := META_URL.match(metadata.url)):
        metadata.sitename = host[1]
    metadata.clean_and_trim()
    return metadata


def plain(text):
    """Metadata as one line of plain text: tags removed, white space collapsed."""
    return " ".join(TAG.sub(" ", text or "").split())


def web_address(url):
    url = (url or "").strip()
    return url if url.startswith(("http://", "https://")) and len(url) <= URL_MAX_CHARS else ""


def parse_date(value):
    try:
        return parse_iso_date(value) if value else None
    except ValueError:
        return None
