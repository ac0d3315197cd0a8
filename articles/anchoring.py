"""Re-anchoring: finding every quotation, mention and annotation again when an article's body changes.

``relocate`` is a pure function over strings: the same offsets if the text there is unchanged; else
the exact text, preferring the place whose surroundings match the old ones and that lies nearest the
old place; else None, and the span becomes an orphan, kept with its old text, never deleted.
``reanchor_article`` applies it to the rows of an article whose body has just changed.
"""

from dataclasses import dataclass

CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    """Where a span was: its offsets, its exact text and the text around it in the old body."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def in_body(cls, body, start, end, exact):
        return cls(start, end, exact, body[max(0, start - CONTEXT) : start], body[end : end + CONTEXT])


def relocate(anchor, body):
    """(start, end) of the anchor's text in ``body``, or None when it cannot be found."""
    if body[anchor.start : anchor.end] == anchor.exact:
        return anchor.start, anchor.end
    places = []
    position = body.find(anchor.exact)
    while position != -1:
        places.append(position)
        position = body.find(anchor.exact, position + 1)
    if not places:
        return None

    def fit(start):
        end = start + len(anchor.exact)
        context = common_suffix(body[max(0, start - CONTEXT) : start], anchor.prefix) + common_prefix(
            body[end : end + CONTEXT], anchor.suffix
        )
        return (-context, abs(start - anchor.start))

    start = min(places, key=fit)
    return start, start + len(anchor.exact)


def common_prefix(a, b):
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def common_suffix(a, b):
    return common_prefix(a[::-1], b[::-1])


def reanchor_article(article, old_body):
    """Move the article's quotations, mentions and annotations from ``old_body`` to its new body.

    What cannot be found becomes an orphan. Returns the number of orphans made.
    """
    from annotations.models import Annotation

    from .models import Mention, Quotation

    orphans = 0
    for model in (Quotation, Mention, Annotation):
        text_field = model.span_text_field
        rows = list(model.objects.filter(article=article, orphaned=False))
        for row in rows:
            exact = getattr(row, text_field)
            if text_field == "exact" and (row.prefix or row.suffix):
                anchor = Anchor(row.start, row.end, exact, row.prefix, row.suffix)
            else:
                anchor = Anchor.in_body(old_body, row.start, row.end, exact)
            place = relocate(anchor, article.body)
            if place is None:
                row.orphaned = True
                orphans += 1
            else:
                row.start, row.end = place
                if text_field == "exact":
                    row.prefix = article.body[max(0, row.start - CONTEXT) : row.start]
                    row.suffix = article.body[row.end : row.end + CONTEXT]
        fields = ["start", "end", "orphaned"] + (["prefix", "suffix"] if text_field == "exact" else [])
        model.objects.bulk_update(rows, fields, batch_size=500)
    return orphans
