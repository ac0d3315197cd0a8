"""What the reading view shows of an article: its paragraphs with every quotation marked, and its people.

The body is escaped piece by piece and the marks are put around the escaped pieces, so no article or
user text is ever marked safe. Each paragraph keeps the body's characters one for one (the CSS keeps
its line breaks), which lets the browser map a selection back to body offsets. The speaker's label is
an empty element whose name the CSS shows, so it is never part of the text either; it stands where a
reader looks for the attribution, after the closing quotation mark.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# What stands between a quotation's last word and its closing mark ("… a bullet,”): the speaker's label
# goes after the mark, outside the quoted words. static/js/quotemarks.js places it by the same rule.
CLOSING_MARK = re.compile(r"[,.;:!?…]{0,3}[”\"’»]")


@dataclass
class Paragraph:
    start: int
    end: int
    html: str


def marked_paragraphs(article, quotations):
    """The article's paragraphs as HTML, each quotation inside ``<mark>`` elements.

    ``quotations`` are those to show, in any order. A quotation that runs over several paragraphs, or
    that overlaps another one without nesting, is split into several marks; its first mark carries
    the ``q-<uuid>`` id that links point at, its last one the ``quote-end`` class. The speaker's label
    follows the quotation's closing mark.
    """
    body = article.body
    quotations = sorted(quotations, key=lambda q: (q.start, -q.end))
    paragraphs = []
    for start, end in article.paragraph_spans():
        inside = [q for q in quotations if q.start < end and q.end > start]
        labels = {}
        for quotation in inside:
            if quotation.end <= end:
                labels.setdefault(label_offset(body, quotation.end, end), []).append(quotation)
        bounds = sorted(
            {start, end}
            | {max(q.start, start) for q in inside}
            | {min(q.end, end) for q in inside}
            | set(labels)
        )
        pieces = []
        for left, right in pairwise(bounds):
            html = escape(body[left:right])
            # Innermost quotation first, so that the outermost ends up outside.
            for quotation in reversed([q for q in inside if q.start <= left and right <= q.end]):
                html = _mark(quotation, html, first=left == quotation.start, last=right == quotation.end)
            pieces.append(html)
            pieces.extend(_labels(labels.get(right, ())))
        paragraphs.append(Paragraph(start, end, mark_safe("".join(pieces))))  # noqa: S308 (escaped above)
    return paragraphs


def label_offset(body, quotation_end, paragraph_end):
    """Where a quotation's speaker label goes: after its closing mark if one follows, else at its end."""
    closing = CLOSING_MARK.match(body, quotation_end, paragraph_end)
    return closing.end() if closing else quotation_end


def _labels(quotations):
    """The labels of quotations that end at one place (a reported clause and the quoted words that
    close it): a speaker already named there by a shown label is named once, the repeat folded."""
    named = set()
    for quotation in quotations:
        speaker = quotation.speaker_name or "Unknown speaker"
        repeat = " quote-speaker-repeat" if speaker in named else ""
        if quotation.status != quotation.Status.REJECTED:
            named.add(speaker)
        yield format_html(
            '<span class="quote-speaker quote-speaker-{}{}" data-for="{}" data-speaker="{}"></span>',
            quotation.status,
            repeat,
            quotation.uuid,
            speaker,
        )


def _mark(quotation, inner_html, first, last):
    speaker = quotation.speaker_name or "Unknown speaker"
    classes = f"quote quote-{quotation.status}" + (" quote-end" if last else "")
    title = ", ".join(filter(None, [speaker, quotation.cue, quotation.setting]))
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
