"""Sniffing: what a document is (its format) and how its bytes decode (its encoding).

Formats are told by their bytes first (ZIP and gzip signatures, an HTML start, the start of a JSON
object), then by the file name's extension, and are plain-text page dumps otherwise. gzip is
only a wrapper: ``page.html.gz`` is an HTML page.

Encodings: a byte order mark decides first (UTF-8, UTF-16, UTF-32), before any check for binary
bytes, because UTF-16 text is full of NUL bytes; then UTF-8, which almost never decodes by accident;
then the encoding a page declares; then charset-normalizer chooses among the single-byte encodings
our outlets use.
"""

import codecs
import re
import zlib

from charset_normalizer import from_bytes

from .documents import IngestError

FORMATS = ("text", "html", "jsonl", "zip")

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
GZIP_SIGNATURE = b"\x1f\x8b"
# File signatures of the binary formats people most often pick by mistake.
BINARY_SIGNATURES = (
    b"\x89PNG",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",  # GIF
    b"RIFF",  # WebP, WAV, AVI
    b"%PDF-",  # PDF
    b"\xd0\xcf\x11\xe0",  # old Word and Excel files
    b"\x7fELF",  # programs
)
# ZIP files that are documents, not archives of articles.
OFFICE_EXTENSIONS = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".zip": "zip",
}

BOMS = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The single-byte encodings of our outlets: Russian ones, and Western European ones (Latin-1, and
# Windows-1252, its superset with curly quotation marks).
SINGLE_BYTE_ENCODINGS = ["cp1251", "koi8_r", "cp1252", "latin_1"]

# In text, control characters other than tabs, line and page breaks are rare; in binary files, common.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
SNIFF_BYTES = 4096
MAX_CONTROL_SHARE = 0.05

HTML_START = re.compile(
    r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)

# A JSON object opens with a key, or is empty; a text dump hardly starts with {" .
JSON_OBJECT_START = re.compile(r'\{\s*["}]')

BINARY = "the file looks like a binary file (an image, a PDF, a program?), not text"
EMPTY = "the file is empty"


def unwrap_gzip(raw, source_name, limit):
    """(the bytes inside a gzip file, its name without ".gz"); other bytes are returned unchanged.

    ``limit(head, name)`` is the most the inner file may unpack to, told from its first bytes: it is
    refused as soon as it passes that, before more is inflated.
    """
    if not raw.startswith(GZIP_SIGNATURE):
        return raw, source_name
    name = source_name[:-3] if source_name.lower().endswith(".gz") else source_name
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        head = inflater.decompress(raw, SNIFF_BYTES)
        max_bytes = limit(head, name)
        # Never inflate more than the limit allows: a small gzip file can hold gigabytes.
        wanted = max_bytes + 1 - len(head)
        data = head + inflater.decompress(inflater.unconsumed_tail, wanted) if wanted > 0 else head
    except zlib.error:
        raise IngestError("the gzip file is damaged and cannot be unpacked") from None
    if len(data) > max_bytes:
        raise IngestError(f"the file unpacks to more than the limit of {max_bytes:,} bytes")
    if not inflater.eof and not inflater.unconsumed_tail:
        raise IngestError("the gzip file is cut short and cannot be unpacked")
    return data, name


def detect_format(raw, source_name):
    """What ``raw`` holds, "zip", "html", "jsonl" or "text": told by its bytes, then by its name."""
    name = source_name.lower()
    if raw.startswith(ZIP_SIGNATURES):
        if name.endswith(OFFICE_EXTENSIONS):
            raise IngestError("the file is an office document (Word, Excel, OpenDocument), not text")
        return "zip"
    start = head_text(raw)
    if HTML_START.match(start):
        return "html"
    if JSON_OBJECT_START.match(start):
        return "jsonl"
    for extension, format in EXTENSIONS.items():
        if name.endswith(extension):
            return format
    return "text"


def head_text(raw):
    """The start of ``raw`` as text, well enough to recognise markup or JSON in any encoding we read."""
    head = raw[:SNIFF_BYTES]
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore").lstrip()
    return head.decode("latin-1").lstrip()


def decode(raw, declared=None):
    """(text with "\\n" line endings, the codec's name); raises IngestError saying what is wrong.

    ``declared`` is the encoding the document names for itself (an HTML page's charset), tried
    after UTF-8.
    """
    if not raw.strip():
        raise IngestError(EMPTY)
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            text = decode_as(raw, encoding)
            break
    else:
        if looks_binary(raw):
            raise IngestError(BINARY)
        text, encoding = decode_unmarked(raw, declared)
    if not text.strip():
        raise IngestError(EMPTY)
    sample = text[:SNIFF_BYTES]
    if len(CONTROL_CHARACTER.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise IngestError(BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return text, codecs.lookup(encoding).name


def decode_as(raw, encoding):
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(
            f"the file starts with a {codecs.lookup(encoding).name.upper()} byte order mark, but byte "
            f"0x{raw[error.start]:02X} at position {error.start} cannot be read as that"
        ) from None


def decode_unmarked(raw, declared):
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if declared:
        try:
            return raw.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    match = from_bytes(raw, cp_isolation=SINGLE_BYTE_ENCODINGS).best()
    if match is None:
        raise IngestError(
            f"the file's encoding cannot be recognised: it is not UTF-8 (byte "
            f"0x{raw[utf8_error.start]:02X} at position {utf8_error.start}), nor UTF-16, Windows-1251, "
            "KOI8-R or Latin-1 text; save it as UTF-8 and try again"
        )
    encoding = match.encoding
    # Windows-1252 differs from Latin-1 only in bytes 0x80-0x9F: without them, the text is Latin-1.
    if encoding == "cp1252" and not re.search(rb"[\x80-\x9f]", raw):
        encoding = "latin_1"
    return str(match), encoding


def looks_binary(raw):
    return b"\x00" in raw[:SNIFF_BYTES] or raw.startswith(
        BINARY_SIGNATURES + ZIP_SIGNATURES + (GZIP_SIGNATURE,)
    )
