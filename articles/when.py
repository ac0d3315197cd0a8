"""The day a quotation was said, from the words the extractor found ("on Monday", "yesterday",
"on Dec. 13") and the article's publication day.

    said_on(when, published) -> date | None

Only words that name one day are resolved: a weekday is the latest such day on or before
publication ("last Monday" the one before that day), "yesterday" and "last night" the day before,
"today" and "tonight" the day itself, a month and day the latest such date not after publication.
A period ("last week", "in March", "earlier this week") names no day, so it gives None: the
quotation then counts as said on the publication day, and an editor can set its day in the admin.
Plain Python: the extractor's ``when`` is a small closed set of forms (articles/extract/setting.py),
which a general date parser would read no better and with a dependency more.
"""

import datetime
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
DAYS_BEFORE = {"today": 0, "tonight": 0, "сегодня": 0, "yesterday": 1, "last night": 1, "вчера": 1}
# "on Monday", "last Monday", "Tuesday evening".
WEEKDAY = re.compile(r"(?:on\s+)?(last\s+)?(" + "|".join(WEEKDAYS) + r")(?:\s+\w+)?", re.IGNORECASE)
# "on Dec. 13", "March 4, 2024", "on 4 March".
MONTH_DAY = re.compile(
    r"(?:on\s+)?(?:(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<month2>[a-z]+)\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)


def said_on(when, published):
    """The day ``when`` names, read against the ``published`` date, or None when it names no day."""
    if not when or published is None:
        return None
    words = " ".join(when.split()).casefold()
    if words in DAYS_BEFORE:
        return published - datetime.timedelta(days=DAYS_BEFORE[words])
    if match := WEEKDAY.fullmatch(words):
        back = (published.weekday() - WEEKDAYS.index(match[2].casefold())) % 7
        if match[1] and back == 0:
            back = 7
        return published - datetime.timedelta(days=back)
    if match := MONTH_DAY.fullmatch(words):
        return month_day(match, published)
    return None


def month_day(match, published):
    """The date a month and day name: in the year given, else the latest one not after ``published``."""
    month = MONTHS.get((match["month"] or match["month2"]).casefold())
    day = int(match["day"] or match["day2"])
    if month is None:
        return None
    year = int(match["year"]) if match["year"] else published.year
    try:
        date = datetime.date(year, month, day)
        if not match["year"] and date > published:
            date = datetime.date(year - 1, month, day)
    except ValueError:
        return None
    return date
