"""A quotation's history in words, for the reading view's side panel: "made by alice", "confirmed by
bob", "speaker changed from X to Y by bob".

The history itself is django-simple-history's (``Quotation.history``): a row per change with the values
after it, who made it and when. Here consecutive rows are compared field by field.
"""

from collections import defaultdict

from .models import Person, Quotation

# The fields told, in the order they are told within one change.
TOLD = (
    "trashed_at",
    "status",
    "speaker_id",
    "speaker_text",
    "text",
    "start",
    "cue",
    "kind",
    "said_on",
    "place",
    "orphaned",
)


def quotation_histories(quotations):
    """{quotation pk: [sentence, ...]}, oldest first, for ``quotations``: two queries whatever their
    number (three when a speaker was since merged away)."""
    records = (
        Quotation.history.filter(id__in=[quotation.pk for quotation in quotations])
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, last = [], {}
    for record in records:
        changes.append((last.get(record.id), record))
        last[record.id] = record
    names = speaker_names({record.speaker_id for pair in changes for record in pair if record})
    histories = defaultdict(list)
    for before, after in changes:
        by = f" by {after.history_user.get_username()}" if after.history_user else ""
        for sentence in describe(before, after, names):
            histories[after.id].append(sentence + by)
    return histories


def describe(before, after, names):
    """What changed from ``before`` (None: it was made) to ``after``, as short sentences."""
    if before is None:
        return ["made" if after.origin == Quotation.Origin.EDITOR else "suggested by extraction"]
    sentences = []
    for name in TOLD:
        old, new = getattr(before, name), getattr(after, name)
        if name == "start":
            old, new = (before.start, before.end), (after.start, after.end)
        if old == new:
            continue
        if name == "trashed_at":
            sentences.append("moved to the trash" if new else "restored from the trash")
        elif name == "status":
            sentences.append(after.get_status_display().lower())
        elif name == "speaker_id":
            sentences.append(f"speaker changed from {names.get(old, 'nobody')} to {names.get(new, 'nobody')}")
        elif name == "start":
            sentences.append("moved from {}–{} to {}–{}".format(*old, *new))
        elif name == "orphaned":
            sentences.append("orphaned" if new else "attached again")
        else:
            label = Quotation._meta.get_field(name).verbose_name
            sentences.append(f"{label} changed from “{old}”" if old not in (None, "") else f"{label} added")
    return sentences


def speaker_names(ids):
    """{person pk: name}; people merged away since are named from their history."""
    ids.discard(None)
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name"))
    if missing := ids - set(names):
        for record in Person.history.filter(id__in=missing).order_by("history_date"):
            names[record.id] = record.name
    return names
