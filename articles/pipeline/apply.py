"""Storing an extraction: an article's suggested quotations and mentions, and its people matched to
the Persons already known.

    apply_extraction(article, extraction) -> Applied

Re-extraction replaces only what extraction made and nobody touched: quotations an editor confirmed,
rejected, edited or made stay as they are, and no new suggestion repeats or crosses them (it may hold
one of another kind, or lie inside it: a reported clause and the quoted words in it); likewise
mentions an editor made or corrected. A speaker that is an organisation stays words on the quotation,
never a Person; the day a quotation was said is read from the article's words against its publication
day (articles/when.py). The queries are a fixed handful per article whatever its size: people
are matched with two lookups, and new rows are written with ``bulk_create``, each with its first
history row (django-simple-history's ``bulk_history_create``; history user: whoever's request or
task ran the extraction, if known).
"""

from dataclasses import dataclass, field
from functools import cache

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from articles.extract.people import same_person
from articles.models import Mention, Person, PersonAlias, Quotation
from articles.text import clean_line
from articles.when import said_on

# The reason every history row written by extraction gives.
EXTRACTED = "extracted"


@dataclass
class Applied:
    """What one extraction stored."""

    quotations: int = 0
    kept: int = 0
    mentions: int = 0
    new_people: list = field(default_factory=list)
    new_aliases: list = field(default_factory=list)
    ambiguous: list = field(default_factory=list)


def apply_extraction(article, extraction, *, fresh=False) -> Applied:
    """Store the extraction of ``article.body`` in place of the earlier suggestions, in one transaction.

    ``fresh``: the article was stored a moment ago, so it has no quotations or mentions to keep or
    replace, and nobody looks for them.
    """
    with transaction.atomic():
        kept, kept_mentions = ([], []) if fresh else replace_suggestions(article)

        applied = Applied(kept=len(kept))
        persons, ambiguous = link_people(extraction.people, applied, bodies(extraction))
        published = article.published_date

        mentions = [
            Mention(
                article=article,
                person=persons[index],
                text=m.text,
                start=m.start,
                end=m.end,
                ambiguous=index in ambiguous,
            )
            for index, found in enumerate(extraction.people)
            for m in found.mentions
            if persons[index] is not None
            and not any(m.start < end and start < m.end for start, end in kept_mentions)
        ]
        create_with_history(mentions, Mention)
        quotations = []
        for q in extraction.quotations:
            if any(clashes(q, start, end, kind) for start, end, kind in kept):
                continue
            speaker = persons[q.speaker] if q.speaker is not None else None
            speaker_text = q.speaker_text or (extraction.speaker_name(q) if q.speaker_is_body else "")
            quotations.append(
                Quotation(
                    article=article,
                    text=q.text,
                    start=q.start,
                    end=q.end,
                    kind=q.kind,
                    cue=q.cue[:200],
                    speaker=speaker,
                    speaker_text=("" if speaker else speaker_text)[:300],
                    speaker_is_body=q.speaker_is_body,
                    said_on=said_on(q.when, published),
                    place=clean_line(q.place)[:200],
                    status=Quotation.Status.SUGGESTED,
                    origin=Quotation.Origin.EXTRACTED,
                )
            )
        create_with_history(quotations, Quotation)
        applied.quotations, applied.mentions = len(quotations), len(mentions)
    return applied


def replace_suggestions(article):
    """Delete the article's suggestions nobody touched; (start, end, kind) of the quotations left, and
    (start, end) of the mentions left."""
    kept = list(
        Quotation.objects.filter(article=article)
        .exclude(status=Quotation.Status.SUGGESTED, origin=Quotation.Origin.EXTRACTED, edited=False)
        .values_list("start", "end", "kind")
    )
    Quotation.objects.filter(
        article=article,
        status=Quotation.Status.SUGGESTED,
        origin=Quotation.Origin.EXTRACTED,
        edited=False,
    ).delete()
    Mention.objects.filter(article=article, origin=Mention.Origin.EXTRACTED).delete()
    return kept, list(Mention.objects.filter(article=article).values_list("start", "end"))


def create_with_history(rows, model):
    """Insert ``rows`` and their first history rows, as ``bulk_create_with_history`` does, in two
    queries; none when there are no rows. The rows are returned with their primary keys."""
    if not rows:
        return rows
    if not connection.features.can_return_rows_from_bulk_insert:
        return bulk_create_with_history(rows, model, default_change_reason=EXTRACTED)
    with transaction.atomic(savepoint=False):
        created = model._default_manager.bulk_create(rows)
        history_manager(model).bulk_history_create(created, default_change_reason=EXTRACTED)
    return created


@cache
def history_manager(model):
    """``model``'s history manager, made once: django-simple-history makes a new manager class (and
    inspects it) each time one is asked for, which cost more than some inserts."""
    return get_history_manager_for_model(model)


def clashes(found, start, end, kind):
    """Whether a new suggestion would clash with a quotation kept at ``start:end``: the same span, or
    overlapping it without nesting, or overlapping one of its own kind. A reported clause holding quoted
    words is two quotations, one inside the other: confirming one keeps the other coming."""
    if not (found.start < end and start < found.end):
        return False
    if (found.start, found.end) == (start, end) or found.kind == kind:
        return True
    nested = start <= found.start and found.end <= end or found.start <= start and end <= found.end
    return not nested


def bodies(extraction):
    """Indexes of the found people who speak as an organisation somewhere: no Person is made of them."""
    names = {
        (q.speaker_text or extraction.speaker_name(q) or "").casefold()
        for q in extraction.quotations
        if q.speaker_is_body
    }
    return {index for index, found in enumerate(extraction.people) if found.name.casefold() in names}


def link_people(found_people, applied, skip=frozenset()):
    """(Person for each found person, indexes of the ambiguous ones): known people matched by name,
    alias or a misspelt full name; new Persons made for the others; new spellings kept as aliases.
    The found people at the indexes in ``skip`` (organisations) get None and make no row."""
    if not found_people:
        return [], set()
    people = [found for index, found in enumerate(found_people) if index not in skip]
    known = candidates(people) if people else []
    persons, ambiguous, to_create, with_role = [], set(), [], []
    for index, found in enumerate(found_people):
        if index in skip:
            persons.append(None)
            continue
        matches = match(found, known)
        if len(matches) > 1:
            ambiguous.add(index)
            applied.ambiguous.append(found.name)
            # The guess: the person quoted and mentioned most.
            matches.sort(key=lambda p: (-p.weight, p.pk or 0))
        if matches:
            person = matches[0]
            if not person.role and found.role:
                person.role = found.role[:300]
                # bulk_update skips auto_now; the version editors' forms check is updated_at.
                person.updated_at = timezone.now()
                with_role.append(person)
        else:
            # bulk_create skips Person.save(), which cleans names.
            person = Person(name=clean_line(found.name)[:200], role=clean_line(found.role)[:300])
            to_create.append(person)
            known.append(person)
            person.keys, person.weight = {found.name.casefold()}, 0
        persons.append(person)
    create_people(to_create)
    if with_role:
        bulk_update_with_history(with_role, Person, ["role", "updated_at"], default_change_reason=EXTRACTED)
    applied.new_people = [p.name for p in to_create]

    aliases = []
    for index, (found, person) in enumerate(zip(found_people, persons, strict=True)):
        if index in ambiguous or person is None:
            continue
        for form in found.aliases:
            key = form.casefold()
            if key not in person.keys and len(form) <= 200:
                person.keys.add(key)
                aliases.append(PersonAlias(person=person, name=clean_line(form)))
    create_with_history(aliases, PersonAlias)
    applied.new_aliases = [a.name for a in aliases]
    return persons, ambiguous


def candidates(found_people):
    """The known Persons any found person may be: by name or alias, or sharing a first name with a
    full name (a misspelt surname), each with ``keys`` (its names, casefolded) and ``weight``."""
    query = Q()
    for form in {form for found in found_people for form in found.aliases}:
        query |= Q(name__iexact=form) | Q(aliases__name__iexact=form)
    for found in found_people:
        if len(found.name.split()) > 1:
            query |= Q(name__istartswith=found.name.split()[0] + " ")
        else:
            query |= Q(name__iendswith=" " + found.name)
    matching = Person.objects.filter(query).values("pk")
    # Counted in subqueries: two joined counts would multiply each other's rows.
    people = (
        Person.objects.filter(pk__in=matching)
        .annotate(weight=count_of(Quotation, "speaker") + count_of(Mention, "person"))
        .prefetch_related("aliases")
    )
    known = []
    for person in people:
        person.keys = {name.casefold() for name in person.names()}
        known.append(person)
    return known


def count_of(model, field):
    """A subquery counting the ``model`` rows whose ``field`` is the outer Person."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(count=Count("pk")).values("count")), 0)


def match(found, known):
    """The known Persons ``found`` may be: by full name, then alias, then a misspelt full name, then a
    lone surname; more than one is an ambiguous match."""
    name = found.name.casefold()
    by_name = [p for p in known if p.name.casefold() == name]
    if by_name:
        return by_name
    by_alias = [p for p in known if name in p.keys]
    if by_alias:
        return by_alias
    if len(found.name.split()) > 1:
        return [p for p in known if p.pk and len(p.name.split()) > 1 and same_person(found.name, p.name)]
    return [p for p in known if p.pk and p.name.split()[-1].casefold() == name]


def create_people(people):
    """Save new Persons with unique slugs, in one query for the slugs taken and one insert."""
    if not people:
        return
    bases = [slugify(person.name)[:190].strip("-") or "person" for person in people]
    query = Q()
    for base in set(bases):
        query |= Q(slug__startswith=base)
    taken = set(Person.objects.filter(query).values_list("slug", flat=True))
    for person, base in zip(people, bases, strict=True):
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        person.slug = slug
    created = create_with_history(people, Person)
    for person, saved in zip(people, created, strict=True):
        person.pk = saved.pk


def merge_persons(keep, other):
    """Merge ``other`` into ``keep``: its quotations (those in the trash too), mentions and aliases
    move, its name becomes an alias, and the fields ``keep`` leaves blank take its values; then
    ``other`` is deleted. Every row that moves records it in its history, with the merge as reason."""
    if keep.pk == other.pk:
        raise ValueError("A person cannot be merged into itself.")
    reason = f"merged {other.name} into {keep.name}"
    with transaction.atomic():
        keys = {name.casefold() for name in keep.names()}
        moved = []
        for alias in other.aliases.all():
            if alias.name.casefold() not in keys:
                keys.add(alias.name.casefold())
                alias.person = keep
                moved.append(alias)
        bulk_update_with_history(moved, PersonAlias, ["person"], default_change_reason=reason)
        if other.name.casefold() not in keys:
            alias = PersonAlias(person=keep, name=other.name)
            alias._change_reason = reason
            alias.save()
        quotations = list(Quotation.with_trash.filter(speaker=other))
        for quotation in quotations:
            # bulk_update skips auto_now; the version editors' forms check is updated_at.
            quotation.speaker, quotation.updated_at = keep, timezone.now()
        bulk_update_with_history(
            quotations,
            Quotation,
            ["speaker", "updated_at"],
            default_change_reason=reason,
            manager=Quotation.with_trash,
        )
        mentions = list(Mention.objects.filter(person=other))
        for mention in mentions:
            mention.person = keep
        bulk_update_with_history(mentions, Mention, ["person"], default_change_reason=reason)
        for name in ("role", "notes", "wikidata_id"):
            if not getattr(keep, name) and getattr(other, name):
                setattr(keep, name, getattr(other, name))
        # Deleted first: the Wikidata id is unique, and may be the one ``keep`` takes over.
        other._change_reason = reason
        other.delete()
        keep._change_reason = reason
        keep.save()
    return keep
