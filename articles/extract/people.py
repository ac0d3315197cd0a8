"""People: the names an article gives, the roles beside them, and every later mention folded into one person.

A person is a run of two or more capitalised words that holds no word of a place, an organisation or a
date ("Saskatoon Police Service" is not one; "Minister of Crown-Indigenous Relations Carolyn Bennett"
holds one, "Carolyn Bennett", after the last such word). A lone surname, possessive or misspelt
("Kadyrov's", "Kaydrov"), is folded into the full name it resembles (rapidfuzz), the nearest one before
it when two people share it.
"""

import re
from functools import cache

from rapidfuzz import fuzz

from . import lexicon
from .values import FoundMention, FoundPerson

PARTICLES = frozenset(lexicon.words("particles"))
# Capitalised words that open a sentence rather than name anything.
OPENERS = frozenset(lexicon.words("openers"))
PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична)$")
MAX_ROLE_WORDS = 6
NAME_MONTHS = frozenset({"May", "June", "April", "August"})
ROLE_JOINERS = frozenset(["of", "for", "the", "and", "at", "with", "in", "on"])
# A surname misspelt is still this close to the real one (Kaydrov / Kadyrov: 86).
FUZZY_SURNAME = 84
FUZZY_FULL_NAME = 90
MIN_FUZZY_LENGTH = 5
MALE_WORDS = frozenset(
    [
        "mr",
        "mr.",
        "sir",
        "lord",
        "king",
        "prince",
        "father",
        "brother",
        "spokesman",
        "chairman",
        "councilman",
        "he",
    ]
)
FEMALE_WORDS = frozenset(
    [
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dame",
        "lady",
        "queen",
        "princess",
        "mother",
        "sister",
        "spokeswoman",
        "chairwoman",
        "councilwoman",
        "she",
    ]
)


def is_name_word(word, after_name=False):
    """A word that may be part of a person's name; ``after_name``: it follows a given name, where a
    month is a surname (Theresa May)."""
    if not word.capitalised:
        return False
    if after_name and word.bare in NAME_MONTHS:
        return True
    return is_name(word.bare)


@cache
def is_name(bare):
    return (
        bare not in lexicon.not_names()
        and bare not in lexicon.titles()
        # "Organizer Dwayne Croteau", "Sergeant-at-Arms Kevin Vickers": a role written as a title.
        and not any(
            part.casefold() in lexicon.role_nouns() or part in lexicon.titles() for part in bare.split("-")
        )
    )


def name_runs(text, words):
    """Runs of capitalised words separated by single spaces (particles allowed inside): [(first, last)]."""
    runs, first = [], None
    for i, word in enumerate(words):
        joined = first is not None and text[words[i - 1].end : word.start] == " "
        if word.capitalised or (word.text in PARTICLES and joined):
            if first is None or not joined:
                if first is not None:
                    runs.append((first, i - 1))
                first = i
            # A possessive ends a name: "Kadyrov's men".
            if word.bare != word.text.rstrip("."):
                runs.append((first, i))
                first = None
        else:
            if first is not None:
                runs.append((first, i - 1))
            first = None
    if first is not None:
        runs.append((first, len(words) - 1))
    return runs


def full_names(text, words):
    """(first word, last word) of each full name in the text: two or more name words after any title."""
    found = []
    for first, last in name_runs(text, words):
        start = first
        for i in range(first, last + 1):
            after_name = i > start and is_name_word(words[i - 1])
            if not is_name_word(words[i], after_name) and words[i].text not in PARTICLES:
                start = i + 1
        while start <= last and words[start].text in PARTICLES:
            start += 1
        end = last
        while end >= start and words[end].text in PARTICLES:
            end -= 1
        names = [w for w in words[start : end + 1] if w.text not in PARTICLES]
        # "глава Чечни Рамзан Кадыров": after a role, the first of three capitalised words is whose
        # head the person is, unless the third is a patronymic (Рамзан Ахматович Кадыров).
        if (
            len(names) >= 3
            and is_cyrillic(names[0].text)
            and start > 0
            and words[start - 1].text.casefold() in lexicon.role_nouns()
            and not PATRONYMIC.search(names[1].text)
        ):
            start = words.index(names[1])
            names = names[1:]
        if len(names) >= 2 and words[start].text.casefold() not in OPENERS:
            found.append((start, end))
    return found


def role_before(text, words, first):
    """The role written just before a name ("Chechnya head", "Toronto Mayor", "глава Чечни"), or ""."""
    taken = []
    i = first - 1
    while i >= 0 and len(taken) < MAX_ROLE_WORDS:
        word = words[i]
        if text[word.end : words[i + 1].start].strip():
            break
        lower = word.bare.casefold()
        if not (
            lower in lexicon.role_nouns()
            or word.bare in lexicon.titles()
            or (word.capitalised and lower not in OPENERS)
            or lower in ROLE_JOINERS
        ):
            break
        taken.append(i)
        i -= 1
    while taken and words[taken[-1]].text.casefold() in ROLE_JOINERS:
        taken.pop()
    if not any(
        words[j].bare.casefold() in lexicon.role_nouns() or words[j].bare in lexicon.titles() for j in taken
    ):
        return ""
    return text[words[taken[-1]].start : words[taken[0]].end]


APPOSITIVE = re.compile(r",\s+((?:the |a |an )?[^,.;:!?()“”\"«»\n]{2,80}?)(?=[,.;:!?)]|\s+(?:said|says)\b|$)")


def role_after(text, end):
    """The role in an appositive after a name (", chairman of the parliament of Chechnya,"), or ""."""
    match = APPOSITIVE.match(text, end)
    if not match:
        return ""
    phrase = match.group(1)
    head = [w.strip("'’").casefold() for w in phrase.split()[:5]]
    if not any(w in lexicon.role_nouns() for w in head):
        return ""
    if head[0] in ("who", "which", "whose", "where", "when"):
        return ""
    return re.sub(r"^(?:the|a|an) ", "", phrase).strip()


def gender_near(text, words, first):
    for word in words[max(0, first - 2) : first]:
        lower = word.text.casefold()
        if lower in MALE_WORDS:
            return "m"
        if lower in FEMALE_WORDS:
            return "f"
    return ""


def same_person(name, other):
    """Two full names of one person: equal, or a misspelling of each other with the same first name."""
    if name.casefold() == other.casefold():
        return True
    # "Al Basha" after "Abir Al Basha": the end of the full name.
    if other.casefold().endswith(" " + name.casefold()) or name.casefold().endswith(" " + other.casefold()):
        return True
    first, *_, last = name.split()
    other_first, *_, other_last = other.split()
    if first.casefold() != other_first.casefold() and not (
        len(first.rstrip(".")) == 1 and other_first[0] == first[0]
    ):
        return False
    return last[0] == other_last[0] and fuzz.ratio(last, other_last) >= FUZZY_SURNAME


def surname_of(person):
    return person.name.split()[-1]


def is_cyrillic(word):
    return "а" <= word[-1].casefold() <= "я" or word[-1] in "ёЁ"


CREDIT_AFTER = re.compile(r"\s*/")
CREDIT_BEFORE = re.compile(r"/\s*$")


def is_credit(text, start, end):
    """A photo credit, not a person of the story: "(Adrian Wyld/The Canadian Press)", "(Instagram/Jane Roe)"."""
    return bool(CREDIT_AFTER.match(text, end) or CREDIT_BEFORE.search(text[max(0, start - 3) : start]))


def find_people(text, words, skip=()):
    """The people of ``text``, in order of their first mention, each with its mentions in order.

    ``skip`` holds (start, end) stretches where no mention is looked for (the inside of quotations).
    """
    people = []
    taken = set()
    for first, last in full_names(text, words):
        start, end = words[first].start, words[last].start + len(words[last].bare)
        if any(a <= start < b for a, b in skip):
            continue
        if is_credit(text, start, end):
            continue
        name = " ".join(text[start:end].split())
        person = next((p for p in people if same_person(p.name, name)), None)
        if person is None:
            person = FoundPerson(name=name)
            people.append(person)
        elif len(name.split()) > len(person.name.split()):
            person.name = name
        person.mentions.append(FoundMention(start, end, text[start:end]))
        if not person.role:
            person.role = role_before(text, words, first) or role_after(text, end)
        if not person.gender:
            person.gender = gender_near(text, words, first)
        taken.update(range(first, last + 1))
    if not people:
        return people
    # Lone surnames (and their misspellings), folded into the nearest full name before them.
    for i, word in enumerate(words):
        if i in taken or not is_name_word(word) or any(a <= word.start < b for a, b in skip):
            continue
        bare = word.bare
        person = surname_match(people, bare, word.start)
        if person is not None:
            person.mentions.append(FoundMention(word.start, word.start + len(bare), bare))
    for person in people:
        person.mentions.sort(key=lambda m: m.start)
    return people


def surname_match(people, bare, position):
    """The person whose surname ``bare`` is (or misspells); of two, the one the text calls so already."""
    exact, close = [], []
    for person in people:
        surname = surname_of(person)
        if bare == surname:
            exact.append(person)
        elif (
            len(bare) >= MIN_FUZZY_LENGTH
            and bare[0] == surname[0]
            and fuzz.ratio(bare.casefold(), surname.casefold()) >= FUZZY_SURNAME
        ):
            close.append(person)
    # "Michael" for Michael Greenspan, "Wang" for Wang Qishan: a first name, when only one person has it.
    given = [p for p in people if len(p.name.split()) > 1 and p.name.split()[0] == bare]
    candidates = exact or close or (given if len(given) == 1 else [])
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]

    # News call the article's subject by the surname alone and relatives by their full names ("her
    # husband Michael Greenspan"): the one already called so, else the one named first.
    def standing(person):
        alone = sum(1 for m in person.mentions if m.start < position and m.text == bare)
        first = min((m.start for m in person.mentions), default=position)
        return (-alone, first)

    return min(candidates, key=standing)
