"""Generic rules for the parts of a saved web page that are not the article.

Two kinds: navigation lines (menus, account and share links, cookie notices, "Advertisement") that can
stand anywhere on a page, and the appeal for donations or subscriptions that many outlets append to
the end of an article. The rules know no outlet by name, because unseen articles judge them; and
they never touch a line or paragraph with quotation marks in it, because quotations are what
Newsroom is for: losing one costs more than keeping a stray line of boilerplate.
"""

import re

# Double quotation marks of any style, and the opening single one (’ is mostly an apostrophe).
QUOTATION_MARK = re.compile(r"[\"“”„‟«»‘‚]")

# A line longer than this is prose, never navigation (cookie notices are the long ones).
NAVIGATION_MAX_CHARS = 400

# Words that, alone or strung together ("Menu Search Log in", "Share Tweet Email"), make a line of
# menu items, buttons or share links.
_NAV_WORD = (
    r"(?:menu|main menu|search|home|log ?in|log ?out|sign ?in|sign ?up|sign ?out|register|my account"
    r"|account|profile|subscribe|donate|newsletters?|share|share this|tweet|e-?mail|print|copy link"
    r"|facebook|twitter|x|telegram|whatsapp|linkedin|reddit|vk|bluesky|threads|flipboard|pinterest"
    r"|instagram|youtube|rss|comments?|close|open|back to top|top|more|latest|trending|listen"
    r"|follow us|accept|accept all|reject all|got it|i agree|[×✕☰🔍])"
)
_SEPARATOR = r"[\s|/·•,>›»:]+"

NAVIGATION_RULES = [
    # Menu items, account links and share buttons, alone or in a row.
    re.compile(rf"{_NAV_WORD}(?:{_SEPARATOR}{_NAV_WORD})*\W{{0,3}}", re.IGNORECASE),
    # Accessibility links at the top of a page: "Skip to main content", "Skip navigation".
    re.compile(r"skip (?:to|navigation)\b.{0,40}", re.IGNORECASE),
    # Search boxes: "Search for:", "Search the site", "Search articles…".
    re.compile(r"search (?:for|the site|this site|articles|news)\W{0,3}", re.IGNORECASE),
    # Share links: "Share on X", "Share this article", "Share via email" (not "Share prices fell").
    re.compile(
        r"share(?: this)?(?: article| story| page| post)?(?: (?:on|via|to|with) [\w .+-]{1,30})\W{0,3}"
        r"|share this (?:article|story|page|post)\W{0,3}",
        re.IGNORECASE,
    ),
    # Newsletter and subscription prompts: "Subscribe to our newsletter", "Get our daily newsletter".
    re.compile(
        r"(?:subscribe|sign up|get|join|receive)(?: now| today| here)?(?: (?:to|for))?"
        r"(?: (?:our|the|a))? .{0,40}newsletters?\b.{0,80}",
        re.IGNORECASE,
    ),
    # Cookie notices ("We use cookies to ...", "... you agree to our use of cookies") and their buttons;
    # an article about cookies says "the site uses cookies", not "this site".
    re.compile(
        r".{0,200}\b(?:(?:we|this (?:web)?site|our (?:web)?site|this page) uses? cookies"
        r"|(?:agree|consent) to (?:our|the) use of cookies)\b.{0,300}",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:(?:accept|reject|allow|manage|decline)(?: all)? cookies|cookie (?:policy|settings|preferences))"
        r"\W{0,3}",
        re.IGNORECASE,
    ),
    # Advertising slots.
    re.compile(
        r"(?:advertisement|advertising|ad|sponsored(?: content)?|scroll to continue(?: with content)?)"
        r"\W{0,3}",
        re.IGNORECASE,
    ),
    # Links to other articles: "Read more", "Read more: <headline>", "Related stories".
    re.compile(
        r"(?:read (?:more|also|next)|related(?: articles?| stories| coverage| news)?|see also"
        r"|more on this(?: story| topic)?|continue reading|most read|recommended)(?::.{0,150}|\W{0,3})",
        re.IGNORECASE,
    ),
    # Breadcrumbs: "Home › World › Europe", "News / Politics".
    re.compile(r"(?:home|news)(?: ?[>›»/|] ?[\w .'’&-]{1,30}){1,5}", re.IGNORECASE),
]

# A paragraph this short, in the tail of an article after an appeal, is part of the appeal block
# ("Let’s stick together.", "Any amount", "Donate").
FRAGMENT_MAX_CHARS = 80

# Appeals are looked for in the article's last paragraphs only, and never in its first one.
APPEAL_WINDOW = 8

# Appeals that cannot be anything else.
APPEAL_RULES = [
    # Funded by the audience: "survived 2024 thanks to its readers", "reader-funded journalism".
    re.compile(
        r"\bthanks to (?:its|our|their|you,? our) (?:readers|audience|supporters|members)\b"
        r"|\breader[- ](?:funded|supported)\b|\bfunded by (?:its|our) (?:readers|audience|members)\b",
        re.IGNORECASE,
    ),
    # "Support our journalism", "Support independent media", "Consider supporting us".
    re.compile(
        r"\bsupport (?:us|our (?:work|journalism|reporting|newsroom|mission)"
        r"|independent (?:journalism|media|reporting))\b|\bconsider (?:supporting|donating|becoming)\b",
        re.IGNORECASE,
    ),
    # Memberships and subscriptions: "Become a member", "Subscribe now".
    re.compile(
        r"\bbecome an? (?:member|patron|supporter|subscriber|friend)\b"
        r"|\bsubscribe (?:to (?:our|the)|now|today|here)\b",
        re.IGNORECASE,
    ),
    # Contributions: "Every contribution counts", "Make a one-time gift", "Chip in".
    re.compile(
        r"\b(?:your|every) (?:support|contribution|donation|gift)\b|\bchip in\b"
        r"|\bmake an? (?:one-time |monthly |recurring )?(?:contribution|gift|payment)\b",
        re.IGNORECASE,
    ),
]

# Words that also occur in news ("received donations", "continued to support Ukraine with arms"):
# they make an appeal only in a paragraph that speaks to the reader.
WEAK_APPEAL_RULES = [
    # Donations: "a recurring donation", "Donate now".
    re.compile(r"\bdonat(?:e|es|ing|ion|ions)\b", re.IGNORECASE),
    # "Please support ...", "Support The Lantern by signing up" (a name, capitalised, then how).
    re.compile(r"\bplease\b.{0,40}\bsupport\b", re.IGNORECASE),
    re.compile(r"\b[Ss]upport [A-Z][\w.-]+(?: [A-Z][\w.-]+)* (?:by|with|today|now)\b"),
]
# Speaking to the reader: "you", the outlet's "we", "please", or an opening imperative.
ADDRESSES_READER = re.compile(
    r"\b(?:you|your|we|us|our|please)\b|^(?:support|donate|give|help|join|become|subscribe)\b",
    re.IGNORECASE,
)


def has_quotation(text):
    return QUOTATION_MARK.search(text) is not None


def is_navigation(line):
    """Whether a line of a saved page is navigation, a button, a share link or a cookie notice."""
    line = line.strip()
    if not line or len(line) > NAVIGATION_MAX_CHARS or has_quotation(line):
        return False
    return any(rule.fullmatch(line) for rule in NAVIGATION_RULES)


def is_appeal(paragraph):
    """Whether a paragraph asks the reader for money, membership or a subscription."""
    if has_quotation(paragraph):
        return False
    if any(rule.search(paragraph) for rule in APPEAL_RULES):
        return True
    return ADDRESSES_READER.search(paragraph) is not None and any(
        rule.search(paragraph) for rule in WEAK_APPEAL_RULES
    )


def is_fragment(paragraph):
    return len(paragraph) < FRAGMENT_MAX_CHARS and not has_quotation(paragraph)


def strip_trailing_appeal(paragraphs):
    """The paragraphs without the appeal block at their end, if there is one.

    The block starts at the earliest appeal among the last paragraphs such that everything after it
    is an appeal or a short fragment; a paragraph with quotation marks always ends the search, so no
    quotation is ever cut. Short paragraphs before the first appeal stay ("He declined to comment.").
    """
    cut = len(paragraphs)
    first = max(1, len(paragraphs) - APPEAL_WINDOW)
    for index in range(len(paragraphs) - 1, first - 1, -1):
        paragraph = paragraphs[index]
        if is_appeal(paragraph):
            cut = index
        elif not is_fragment(paragraph):
            break
    return paragraphs[:cut]
