"""Matched words in ``<mark>``: the database puts private-use characters around them, and they become
marks only after the text around them has been escaped."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\ue000", "\ue001"
MARKED = re.compile(f"{START}(.*?){STOP}", re.S)
LEFTOVER = re.compile(f"[{START}{STOP}]")


def marked(text):
    """``text`` escaped, with what stood between START and STOP inside ``<mark>``."""
    html = MARKED.sub(r"<mark>\1</mark>", escape(text or ""))
    return mark_safe(LEFTOVER.sub("", html))  # noqa: S308 (escaped first; only our marks are added)
