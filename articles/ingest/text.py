"""Plain-text page dumps: a web page saved as text, turned into a Document.

A dump holds navigation lines, the title, an optional ``Source: OUTLET`` line, the article's
paragraphs separated by blank lines, and the outlet's boilerplate; the rules for what is boilerplate
are in ``boilerplate.py``.
"""

import codecs
import json
import re

from .boilerplate import is_navigation, strip_trailing_appeal
from .documents import Document, IngestError

# File signatures of the binary formats people most often pick by mistake.
BINARY_SIGNATURES = (
    b"\x89PNG",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",  # GIF
    b"%PDF-",  # PDF
    b"PK\x03\x04",  # ZIP, and Word or OpenDocument files, which are ZIPs
    b"\x1f\x8b",  # gzip
    b"\xd0\xcf\x11\xe0",  # old Word and Excel files
)
# In text, control characters other than tabs, line and page breaks are rare; in binary files, common.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
SNIFF_CHARS = 4096
MAX_CONTROL_SHARE = 0.05

BINARY = "the file looks like a binary file (an image, a PDF, an archive?), not text"

SOURCE_LINE = re.compile(r"source:\s*(\S.{0,99})", re.IGNORECASE)
HTML_START = re.compile(r"<(?:!doctype html|html|head|body)\b", re.IGNORECASE)

# A first line longer than this is the article's first paragraph, not its title.
TITLE_MAX_CHARS = 300
SHORT_TITLE_CHARS = 80


def parse_text_dump(raw: bytes, source_name: str) -> Document:
    """The Document in a UTF-8 text dump; raises IngestError, in words for editors, when there is none."""
    text, encoding = decode(raw)
    refuse_other_formats(text)
    title, outlet_name, paragraphs = read_lines(text)
    paragraphs = strip_trailing_appeal(paragraphs)
    if not title or not paragraphs:
        raise IngestError("no article text found: the file holds only navigation and boilerplate")
    return Document(
        title=title,
        body="\n\n".join(paragraphs),
        raw=raw,
        source_name=source_name,
        outlet_name=outlet_name,
        encoding=encoding,
    )


def decode(raw):
    """(text with "\\n" line endings, the codec's name); the checks say what is wrong with the bytes."""
    if not raw.strip():
        raise IngestError("the file is empty")
    if looks_binary(raw):
        raise IngestError(BINARY)
    encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02X} at position {error.start} "
            "cannot be read as UTF-8): save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise IngestError("the file is empty")
    sample = text[:SNIFF_CHARS]
    if len(CONTROL_CHARACTER.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise IngestError(BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return text, encoding


def looks_binary(raw):
    return b"\x00" in raw[:SNIFF_CHARS] or raw.startswith(BINARY_SIGNATURES)


def refuse_other_formats(text):
    """Refuse HTML and JSON, which would otherwise become articles of markup."""
    start = text.lstrip()
    if HTML_START.match(start):
        raise IngestError("the file is an HTML page, not a plain-text page dump")
    if start.startswith(("{", "[")):
        first_line = start.split("\n", 1)[0]
        for candidate in (first_line, start):
            try:
                json.loads(candidate)
            except ValueError:
                continue
            raise IngestError("the file is JSON, not a plain-text page dump")


def read_lines(text):
    """(title, outlet name or None, paragraphs) of a dump, navigation lines left out."""
    title = outlet_name = None
    paragraphs, lines = [], []
    for line in text.split("\n") + [""]:
        line = line.rstrip()
        if not line.strip():
            if lines:
                paragraphs.append("\n".join(lines).strip())
                lines = []
            continue
        if is_navigation(line):
            continue
        if outlet_name is None and (source := SOURCE_LINE.fullmatch(line.strip())):
            outlet_name = source[1].strip()
            continue
        if title is None:
            title = " ".join(line.split())
            if len(title) <= TITLE_MAX_CHARS:
                continue
            title = shorten(title)
        lines.append(line)
    return title, outlet_name, paragraphs


def shorten(text):
    """The first words of ``text``, about SHORT_TITLE_CHARS long, with an ellipsis."""
    words = text[: SHORT_TITLE_CHARS + 1].rsplit(" ", 1)[0]
    return words.rstrip(" ,;:.") + "…"
