"""What the reading view shows of an article: its paragraphs with every quotation marked, and its people.

The body is escaped piece by piece and the marks are put around the escaped pieces, so no article or
user text is ever marked safe. Each paragraph keeps the body's characters one for one (the CSS keeps
its line breaks), which lets the browser map a selection back to body offsets.
"""

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


@dataclass
class Paragraph:
    start: int
    end: int
    html: str


def marked_paragraphs(article, quotations):
    """The article's paragraphs as HTML, each quotation inside ``<mark>`` elements.

    ``quotations`` are those to show, in any order. A quotation that runs over several paragraphs, or
    that overlaps another one without nesting, is split into several marks; its first mark carries
    the ``q-<uuid>`` id that links point at, its last one the speaker.
    """
    body = article.body
    quotations = sorted(quotations, key=lambda q: (q.start, -q.end))
    paragraphs = []
    for start, end in article.paragraph_spans():
        inside = [q for q in quotations if q.start < end and q.end > start]
        bounds = sorted(
            {start, end} | {max(q.start, start) for q in inside} | {min(q.end, end) for q in inside}
        )
        pieces = []
        for left, right in pairwise(bounds):
            html = escape(body[left:right])
            # Innermost quotation first, so that the outermost ends up outside.
            for quotation in reversed([q for q in inside if q.start <= left and right <= q.end]):
                html = _mark(quotation, html, first=left == quotation.start, last=right == quotation.end)
            pieces.append(html)
        paragraphs.append(Paragraph(start, end, mark_safe("".join(pieces))))  # noqa: S308 (escaped above)
    return paragraphs


def _mark(quotation, inner_html, first, last):
    speaker = quotation.speaker_name or "Unknown speaker"
    classes = f"quote quote-{quotation.status}" + (" quote-end" if last else "")
    title = f"{speaker}, {quotation.cue}" if quotation.cue else speaker
    return format_html(
        '<mark{} class="{}" data-quotation="{}" data-speaker="{}" title="{} ({})">{}</mark>',
        format_html(' id="q-{}"', quotation.uuid) if first else "",
        classes,
        quotation.uuid,
        speaker,
        title,
        quotation.get_status_display().lower(),
        inner_html,
    )


@dataclass
class PersonInArticle:
    person: object
    quotation_count: int = 0
    forms: list = field(default_factory=list)


def people_in_article(quotations, mentions):
    """The people an article quotes or names, most quoted first, with the forms the text uses."""
    people = {}
    for mention in mentions:
        entry = people.setdefault(mention.person_id, PersonInArticle(mention.person))
        if mention.text not in entry.forms:
            entry.forms.append(mention.text)
    for quotation in quotations:
        if quotation.speaker_id is not None:
            people.setdefault(quotation.speaker_id, PersonInArticle(quotation.speaker)).quotation_count += 1
    return sorted(people.values(), key=lambda entry: (-entry.quotation_count, entry.person.name))
