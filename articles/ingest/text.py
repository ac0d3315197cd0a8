"""Plain-text page dumps: a web page saved as text, turned into a Document.

A dump holds navigation lines, the title, an optional ``Source: OUTLET`` line and a date line, the
article's paragraphs separated by blank lines, and the outlet's boilerplate. The outlet is the
``Source:`` line's, or else a known outlet named where pages name themselves: a masthead line, the
navigation, a donation appeal or a copyright line (never the article, which may quote other
outlets). The generic rules for boilerplate are in ``boilerplate.py``; an outlet's own patterns,
set by editors, remove whole lines on top of them.
"""

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache

from .boilerplate import is_appeal, is_navigation, strip_trailing_appeal
from .documents import SENTENCE_END, Document, IngestError, outlet_name_from, title_from_body
from .sniff import HTML_START, decode

SOURCE_LINE = re.compile(r"source:\s*(\S.{0,99})", re.IGNORECASE)
COPYRIGHT_LINE = re.compile(r"(?:©|\(c\)|copyright\b).{0,150}", re.IGNORECASE)

# A first line longer than this is the article's first paragraph, not its title.
TITLE_MAX_CHARS = 200
# A line that ends a sentence with a full stop (not an ellipsis) is prose: headlines do not.
FULL_STOP_END = re.compile(r"(?<!\.)\.[\"”’»)\]]*$")

# A date line is looked for among the first paragraphs after the title only: dates further down
# belong to related articles and comments.
DATE_WINDOW = 4
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan январь января янв",
            "february feb февраль февраля фев",
            "march mar март марта мар",
            "april apr апрель апреля апр",
            "may май мая",
            "june jun июнь июня июн",
            "july jul июль июля июл",
            "august aug август августа авг",
            "september sep sept сентябрь сентября сен",
            "october oct октябрь октября окт",
            "november nov ноябрь ноября ноя",
            "december dec декабрь декабря дек",
        ],
        start=1,
    )
    for name in names.split()
}


def _time(n):
    return (
        rf"(?P<hour{n}>\d{{1,2}})[:.](?P<minute{n}>\d\d)(?: ?(?P<ampm{n}>[ap]\.?m\.?))?"
        r"(?: [A-Z]{2,4}| UTC[+-]\d{1,2})?"
    )


_MONTH_NAME = r"[^\W\d_]{3,9}"
# "Published: December 30, 2024, 9:15 am", "30 декабря 2024, 12:15", "Updated 2024-12-30 09:15".
DATE_LINE = re.compile(
    r"(?:(?:published|posted|updated|last updated|опубликовано|обновлено)(?: on)?:? )?"
    r"(?:[^\W\d_]+,? )?"  # a weekday
    rf"(?:{_time(1)},? )?"
    r"(?:(?P<iso_year>\d{4})-(?P<iso_month>\d\d)-(?P<iso_day>\d\d)"
    r"|(?P<dot_day>\d{1,2})\.(?P<dot_month>\d\d)\.(?P<dot_year>\d{4})"
    rf"|(?P<month>{_MONTH_NAME})\.? (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}}) (?P<month2>{_MONTH_NAME})\.?,? (?P<year2>\d{{4}})(?: г\.| года)?)"
    rf"(?:(?:,| at| в|T| -| —)? ?{_time(2)})?",
    re.IGNORECASE,
)


def parse_text_dump(
    raw: bytes,
    source_name: str,
    *,
    outlet_name: str | None = None,
    outlets: Mapping[str, Sequence[str]] | None = None,
) -> Document:
    """The Document in a text dump; raises IngestError, in words for editors, when there is none.

    ``outlet_name`` is the outlet an editor chose, whatever the page says; ``outlets`` maps the names
    of the outlets Newsroom knows to their boilerplate patterns.
    """
    text, encoding = decode(raw)
    refuse_other_formats(text)
    lines = [line.rstrip() for line in text.split("\n")]
    outlets = outlets or {}
    outlet_name = outlet_name or find_outlet(lines, outlets)
    patterns = outlet_patterns(outlet_name, outlets)
    title, published_at, paragraphs = read_lines(lines, outlet_name, patterns)
    paragraphs = strip_trailing_appeal(paragraphs)
    if not paragraphs:
        raise IngestError("no article text found: the file holds only navigation and boilerplate")
    body = "\n\n".join(paragraphs)
    return Document(
        title=title or title_from_body(body),
        title_generated=not title,
        body=body,
        raw=raw,
        source_name=source_name,
        outlet_name=outlet_name,
        published_at=published_at,
        encoding=encoding,
        source_format="text",
    )


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


def find_outlet(lines, outlets):
    """The outlet a dump names: its ``Source:`` line, else a known outlet named in its boilerplate."""
    for line in lines:
        if source := SOURCE_LINE.fullmatch(line.strip()):
            return outlet_name_from(source[1])
    if not outlets:
        return None
    names = known_names_pattern(tuple(outlets))
    for line in lines:
        line = line.strip()
        if line and (match := names.search(line)) and is_self_reference(line, match[0]):
            return next(name for name in outlets if name.casefold() == match[0].casefold())
    return None


def is_self_reference(line, name):
    """Whether a line naming an outlet is one where a page names itself, not the article's text."""
    return (
        line.casefold() == name.casefold()
        or is_navigation(line)
        or is_appeal(line)
        or COPYRIGHT_LINE.fullmatch(line) is not None
    )


@lru_cache(maxsize=16)
def known_names_pattern(names):
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def outlet_patterns(outlet_name, outlets):
    """The compiled boilerplate patterns of the outlet called ``outlet_name`` (any case)."""
    if not outlet_name:
        return ()
    wanted = outlet_name.casefold()
    for name, patterns in outlets.items():
        if name.casefold() == wanted:
            return compile_patterns(tuple(patterns))
    return ()


@lru_cache(maxsize=64)
def compile_patterns(patterns):
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error:
            # The admin refuses invalid patterns; one stored another way must not stop ingestion.
            continue
    return tuple(compiled)


def read_lines(lines, outlet_name, patterns):
    """(title, "" if the dump has none; publication date or None; paragraphs), boilerplate left out."""
    title = published_at = None
    source_seen = False
    paragraphs, current = [], []
    lines = lines + [""]
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append("\n".join(current).strip())
                current = []
            continue
        if is_navigation(line) or any(pattern.fullmatch(stripped) for pattern in patterns):
            continue
        if outlet_name and stripped.casefold() == outlet_name.casefold():
            # The outlet's name alone on a line: its masthead.
            continue
        if not source_seen and SOURCE_LINE.fullmatch(stripped):
            source_seen = True
            continue
        if published_at is None and len(paragraphs) < DATE_WINDOW and (date := parse_date_line(stripped)):
            published_at = date
            continue
        if title is None:
            title = " ".join(stripped.split())
            if looks_like_title(title) and stands_alone(lines[number + 1]):
                continue
            # A paragraph, not a title: the dump has none, and this is the article's first paragraph.
            title = ""
        current.append(line)
    return title, published_at, paragraphs


def looks_like_title(line):
    """Whether a line alone in its paragraph reads as a headline: short, one sentence, no full stop."""
    return (
        len(line) <= TITLE_MAX_CHARS and not FULL_STOP_END.search(line) and len(SENTENCE_END.split(line)) == 1
    )


def stands_alone(next_line):
    """Whether a line followed by ``next_line`` is not the start of a paragraph wrapped over lines."""
    next_line = next_line.strip()
    return not next_line or bool(SOURCE_LINE.fullmatch(next_line)) or parse_date_line(next_line) is not None


def parse_date_line(line):
    """The aware datetime of a line that holds only a date (and maybe a time); None otherwise."""
    match = DATE_LINE.fullmatch(line)
    if match is None:
        return None
    parts = match.groupdict()
    try:
        if parts["iso_year"]:
            year, month, day = parts["iso_year"], parts["iso_month"], parts["iso_day"]
        elif parts["dot_year"]:
            year, month, day = parts["dot_year"], parts["dot_month"], parts["dot_day"]
        else:
            name = (parts["month"] or parts["month2"]).casefold()
            year, month, day = parts["year"] or parts["year2"], MONTHS[name], parts["day"] or parts["day2"]
        n = 1 if parts["hour1"] else 2
        hour, minute, ampm = int(parts[f"hour{n}"] or 0), int(parts[f"minute{n}"] or 0), parts[f"ampm{n}"]
        if ampm:
            hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
        return datetime(int(year), int(month), int(day), hour, minute, tzinfo=UTC)
    except (KeyError, ValueError):
        return None
