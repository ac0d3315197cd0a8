"""Where and when a quotation was said, as the reporter's words around its cue give it.

    setting(text, start, end) -> (place, when)

``place`` is the occasion or the medium ("on Telegram", "at a press conference", "in a statement",
"in an interview with the Harbour Gazette"), ``when`` the day or time the text names ("on Monday",
"Tuesday", "last week", "on Dec. 13"), each as written, or "". The database side turns ``when`` into a
date against the article's publication date; a quotation without one was said on that date.
"""

import re

# The occasions and media speech is reported from, after "in", "at", "on", "during", "via".
OCCASIONS = (
    "statement|interview|news conference|press conference|conference|briefing|speech|address|post|"
    "tweet|email|e-mail|letter|video|broadcast|podcast|news release|release|meeting|rally|hearing|"
    "debate|court|parliament|message|radio|television|blog|op-ed|column|report|filing|affidavit"
)
PLACE = re.compile(
    r"\b(?i:in|at|on|during|via|through|over)\s+"
    r"(?:(?i:a|an|the|his|her|their|its|our|this)\s+)?"
    r"(?:[\w’'-]+\s+){0,3}?(?:" + OCCASIONS + r")\b"
    r"(?:\s+(?:with|to|on|at)\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s?){1,4})?"
    r"|\b(?:on|via)\s+(?:Telegram|Twitter|X|Facebook|Instagram|YouTube|TikTok|LinkedIn|WhatsApp|VK|"
    r"Threads|Bluesky|Truth Social|Weibo)\b"
    r"|\bв\s+(?:своём\s+|своем\s+)?(?:Telegram-канале|Telegram|интервью|заявлении|эфире)\b",
    re.UNICODE,
)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
WHEN = re.compile(
    r"\b(?:on\s+)?(?:" + WEEKDAYS + r")(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:on\s+|in\s+)?(?:" + MONTHS + r")(?:\s+\d{1,2}\b)?(?:,?\s+\d{4})?"
    r"|\b(?:yesterday|today|tonight|earlier this week|last (?:week|month|year|night))\b"
    r"|\b(?:вчера|сегодня)\b",
    re.UNICODE,
)
# How far from the quotation the cue's words are looked at.
REACH = 160


def setting(text, start, end, sentence_start, sentence_end):
    """(place, when) in the reporter's words of the quotation's sentence, outside ``text[start:end]``."""
    around = [
        (max(sentence_start, start - REACH), start),
        (end, min(sentence_end, end + REACH)),
    ]
    place = when = ""
    for left, right in around:
        stretch = text[left:right]
        if not place:
            match = PLACE.search(stretch)
            if match:
                place = match.group().strip()
        if not when:
            match = WHEN.search(stretch)
            if match and match.group().strip() not in ("May",):
                when = match.group().strip()
    return place, when
