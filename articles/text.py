"""Text every row may hold: the control characters and bidi overrides that come in from files, forms
and the API, taken out wherever they enter (ingestion, the admin, the API).

A NUL cannot be stored in PostgreSQL at all, and other control characters are invisible; a bidi
override (U+202A–U+202E, U+2066–U+2069) makes "exe.png" appear for "…gnp.exe", so a name, title or
tag never keeps one. A body keeps its tabs, line and page breaks, and its bidi marks, which right-to-left
text may need; only the control characters go. Plain Python: the reading step may use it too.
"""

import re

# C0 and C1 controls, DEL, the bidi embeddings, overrides and isolates, and lone surrogates (which a
# JSON "\\ud800" escape makes, and no database can store).
NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The same, but tabs, line and page breaks stay, and so do the bidi characters.
NOT_IN_A_BODY = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_line(text):
    """A one-line text (a title, a name, a tag) without control characters or bidi overrides; white
    space is kept as given, except that a tab or line break becomes a space."""
    return NOT_IN_A_LINE.sub(lambda match: " " if match.group() in "\t\n\r" else "", text)


def clean_url(text):
    """A web address without control characters or bidi overrides, which no address holds (browsers
    drop tabs and line breaks from one, and PostgreSQL cannot store a NUL)."""
    return NOT_IN_A_LINE.sub("", text)


def clean_body(text):
    """A body without control characters other than tabs, line and page breaks."""
    return NOT_IN_A_BODY.sub("", text)
