"""Re-anchoring: finding every quotation, mention and annotation again when an article's body changes.

``relocate`` is a pure function over strings, trying in turn:

1. the same offsets, if the text there is unchanged;
2. the exact text, preferring the place whose surroundings match the old ones, then the nearest to
   where the old place went (``PositionMap``: the old body aligned with the new one);
3. an approximate match, scored as Hypothesis scores one (dom-anchor-text-quote, approx-string-match):
   similarity of the quote, of the prefix and of the suffix, and the distance from the old place,
   weighted 50, 20, 20 and 2; searched only in a window around the old place, so it stays fast;
4. else None: the span becomes an orphan, kept with its old text, never deleted.

``reanchor_article`` applies it to the rows of an article whose body has just changed: the article's
quotations and mentions here, then, through the ``body_changed`` signal, the spans other apps keep
(annotations re-anchor their own). A span matched approximately takes the new body's text at its new
offsets (``body[start:end]`` always holds). This module reads rows through the article's related
managers and never imports a model, so ``articles.models`` may use it.
"""

from bisect import bisect_right
from dataclasses import dataclass, field

from django.utils import timezone
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import partial_ratio_alignment
from simple_history.utils import bulk_update_with_history

from .signals import body_changed

CONTEXT = 32
# How far from where the old place went an approximate match is looked for, each way.
WINDOW = 2000
# Hypothesis's weights (match-quote.ts).
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50, 20, 20, 2
# Hypothesis accepts up to half the quote wrong; a little stricter keeps a removed passage an orphan
# instead of landing on a sentence that merely looks alike.
MAX_ERROR_RATE = 0.4
# The longest changed stretch aligned character by character (about a second at 100,000).
MAX_ALIGNED = 100_000
MIN_SCORE = 0.6


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


class PositionMap:
    """Maps an offset in the old body to the same place in the new one, from an alignment of the two.

    The common head and tail are cut first, so one edit costs only the alignment of what changed.
    """

    def __init__(self, old, new):
        head = common_prefix(old, new)
        tail = common_prefix(old[head:][::-1], new[head:][::-1])
        self.head, self.old_tail, self.new_tail = head, len(old) - tail, len(new) - tail
        old_middle, new_middle = old[head : self.old_tail], new[head : self.new_tail]
        if max(len(old_middle), len(new_middle)) > MAX_ALIGNED:
            # Too long to align quickly (a whole new text): positions are only scaled.
            opcodes = [("replace", 0, len(old_middle), 0, len(new_middle))]
        else:
            opcodes = Levenshtein.opcodes(old_middle, new_middle)
        self.opcodes = [
            (tag, head + i1, head + i2, head + j1, head + j2) for tag, i1, i2, j1, j2 in opcodes if i1 != i2
        ]
        self.starts = [opcode[1] for opcode in self.opcodes]

    def __call__(self, position):
        if position < self.head:
            return position
        if position >= self.old_tail:
            return position - self.old_tail + self.new_tail
        tag, i1, i2, j1, j2 = self.opcodes[bisect_right(self.starts, position) - 1]
        if tag == "equal":
            return j1 + position - i1
        return j1 + (position - i1) * (j2 - j1) // (i2 - i1)


def relocate(anchor, body, hint=None, approximate=True):
    """(start, end) of the anchor's text in ``body``, or None when it cannot be found.

    ``hint`` is where the old start is now (``PositionMap``), the anchor's own start by default.
    Only an approximate match gives a place whose text differs from ``anchor.exact``.
    """
    if anchor.exact and body[anchor.start : anchor.end] == anchor.exact:
        return anchor.start, anchor.end
    hint = anchor.start if hint is None else hint
    place = exact_match(anchor, body, hint)
    if place is None and approximate and anchor.exact:
        place = approximate_match(anchor, body, hint)
    return place


def exact_match(anchor, body, hint):
    places = []
    position = body.find(anchor.exact) if anchor.exact else -1
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
        return (-context, abs(start - hint))

    start = min(places, key=fit)
    return start, start + len(anchor.exact)


def approximate_match(anchor, body, hint):
    """The best approximate place near ``hint`` scored like Hypothesis, or None if none is good enough."""
    quote = anchor.exact
    low = max(0, hint - WINDOW)
    high = min(len(body), hint + len(quote) + WINDOW)
    candidates = {(hint, min(len(body), hint + len(quote)))}
    window = body[low:high]
    if len(window) > len(quote):
        found = partial_ratio_alignment(quote, window)
        if found is not None:
            candidates.add((low + found.dest_start, low + found.dest_end))
    # The old context around a reworded quotation brackets its new words.
    if anchor.prefix and anchor.suffix:
        before = window.rfind(anchor.prefix, 0, max(0, hint - low) + len(anchor.prefix) + CONTEXT)
        if before != -1:
            start = low + before + len(anchor.prefix)
            after = body.find(anchor.suffix, start, start + 2 * len(quote) + len(anchor.suffix))
            if after > start:
                candidates.add((start, after))
    # A candidate's ends are also nudged to fit the quote better; the bracketed one may fit worse
    # alone but wins on its context.
    places = {
        place
        for start, end in candidates
        if start < end
        for place in ((start, end), refine(quote, body, start, end))
    }
    best = None
    for start, end in places:
        errors = Levenshtein.distance(quote, body[start:end])
        if errors > MAX_ERROR_RATE * len(quote):
            continue
        score = place_score(anchor, body, start, end, errors, hint)
        if score >= MIN_SCORE and (best is None or score > best[0]):
            best = (score, start, end)
    return best and (best[1], best[2])


def refine(quote, body, start, end):
    """Move each end of ``body[start:end]`` a little, to where it is nearest to ``quote``."""
    reach = min(len(quote) // 2, CONTEXT)

    def distance(bounds):
        s, e = bounds
        return (Levenshtein.distance(quote, body[s:e]), abs(s - start) + abs(e - end))

    end = min(
        ((start, e) for e in range(max(start + 1, end - reach), min(len(body), end + reach) + 1)),
        key=distance,
    )[1]
    start = min(((s, end) for s in range(max(0, start - reach), min(end, start + reach + 1))), key=distance)[
        0
    ]
    return start, end


def place_score(anchor, body, start, end, errors, hint):
    quote_score = 1 - errors / len(anchor.exact)
    prefix_score = context_score(body[max(0, start - len(anchor.prefix)) : start][::-1], anchor.prefix[::-1])
    suffix_score = context_score(body[end : end + len(anchor.suffix)], anchor.suffix)
    position_score = 1 - abs(start - hint) / max(1, len(body))
    return (
        QUOTE_WEIGHT * quote_score
        + PREFIX_WEIGHT * prefix_score
        + SUFFIX_WEIGHT * suffix_score
        + POSITION_WEIGHT * position_score
    ) / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)


def context_score(found, expected):
    """How well the text next to a place matches the old context, read outwards from the place.

    Half similarity, half how much of it touches the place unchanged: a context merely nearby (the
    place cut short of a reworded end) scores less than one right against it.
    """
    if not expected:
        return 1
    touching = common_prefix(found, expected) / len(expected)
    return (touching + Levenshtein.normalized_similarity(found, expected)) / 2


def common_prefix(a, b):
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def common_suffix(a, b):
    return common_prefix(a[::-1], b[::-1])


@dataclass
class Reanchored:
    """What re-anchoring did: spans in place, moved, matched approximately (their text updated), orphaned.

    ``unconfirmed`` lists the rows an editor must look at again (confirmed quotations whose words
    changed are back to suggested).
    """

    kept: int = 0
    moved: int = 0
    approximate: int = 0
    orphaned: int = 0
    unconfirmed: list = field(default_factory=list)


class BodyChange:
    """An article's body changed from ``old_body``: what every app needs to move its spans.

    ``reanchor`` moves the rows of one Span model and adds up what became of them in ``result``; the
    ``body_changed`` signal hands the change to the apps whose spans point into articles.
    """

    def __init__(self, article, old_body):
        self.article = article
        self.old_body = old_body
        self.position = PositionMap(old_body, article.body)
        self.result = Reanchored()
        self.now = timezone.now()

    def reanchor(self, spans):
        """Move the rows of ``spans`` (a queryset of the article's spans of one model) into the new body.

        What cannot be found becomes an orphan, kept with its old text. A span matched approximately
        takes the new words, and its model says (``Span.reworded``) whether an editor must look at it
        again. Orphans stay orphans; an editor attaches them by hand.
        """
        body, result = self.article.body, self.result
        changed = []
        for row in spans.filter(orphaned=False):
            row.article = self.article
            exact = getattr(row, row.span_text_field)
            # A span that keeps its own context (an annotation) is found by it; others by the old body's.
            if getattr(row, "prefix", "") or getattr(row, "suffix", ""):
                anchor = Anchor(row.start, row.end, exact, row.prefix, row.suffix)
            else:
                anchor = Anchor.in_body(self.old_body, row.start, row.end, exact)
            place = relocate(anchor, body, hint=self.position(row.start))
            if place is None:
                row.orphaned = True
                result.orphaned += 1
            elif place == (row.start, row.end) and body[row.start : row.end] == exact:
                result.kept += 1
                if not hasattr(row, "fill_context") or context_holds(row, body):
                    continue
                # The words around it changed: its context must follow, or the next search is misled.
                row.fill_context()
            else:
                row.start, row.end = place
                if body[row.start : row.end] == exact:
                    result.moved += 1
                else:
                    result.approximate += 1
                    setattr(row, row.span_text_field, body[row.start : row.end])
                    if row.reworded():
                        result.unconfirmed.append(row)
                if hasattr(row, "fill_context"):
                    row.fill_context()
            if hasattr(row, "updated_at"):
                row.updated_at = self.now
            changed.append(row)
        model = spans.model
        fields = ["start", "end", "orphaned", model.span_text_field, *model.reanchored_fields]
        # Every span model keeps its history: the move is recorded, by whoever changed the body.
        bulk_update_with_history(
            changed, model, fields, batch_size=500, default_change_reason="re-anchored: the text changed"
        )


def reanchor_article(article, old_body):
    """Move the article's quotations and mentions from ``old_body`` to its new body, and announce the
    change (``body_changed``) so that other apps move their own spans; returns what became of them all.
    """
    change = BodyChange(article, old_body)
    for spans in (article.quotations.all(), article.mentions.all()):
        change.reanchor(spans)
    body_changed.send(sender=type(article), change=change)
    return change.result


def context_holds(annotation, body):
    """Whether an annotation's stored prefix and suffix are still the body's around it."""
    start, end = annotation.start, annotation.end
    return (
        body[max(0, start - len(annotation.prefix)) : start] == annotation.prefix
        and body[end : end + len(annotation.suffix)] == annotation.suffix
    )


def attach_orphans(rows):
    """Place orphans again where their exact text is now (say, after an edit was undone).

    ``rows`` are spans with their article; returns those attached, each saved.
    """
    attached = []
    for row in rows:
        if not row.orphaned:
            continue
        anchor = Anchor(
            row.start,
            row.end,
            getattr(row, row.span_text_field),
            getattr(row, "prefix", ""),
            getattr(row, "suffix", ""),
        )
        place = relocate(anchor, row.article.body, approximate=False)
        if place is None:
            continue
        row.start, row.end = place
        row.orphaned = False
        if hasattr(row, "fill_context"):
            row.fill_context()
        row.save()
        attached.append(row)
    return attached
