"""People: the names an article gives, the roles beside them, and every later mention folded into one person.

A person is a run of two or more capitalised words that holds no word of a place, an organisation or a
date ("Saskatoon Police Service" is not one; "Minister of Crown-Indigenous Relations Carolyn Bennett"
holds one, "Carolyn Bennett", after the last such word). A lone surname, possessive or misspelt
("Kadyrov's", "Kaydrov"), is folded into the full name it resembles (rapidfuzz), the nearest one before
it when two people share it.
"""

import re
from collections import Counter, defaultdict
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
ROLE_JOINERS = lexicon.word_set("of for the and at with in on")
# A surname misspelt is still this close to the real one (Kaydrov / Kadyrov: 86).
FUZZY_SURNAME = 84
FUZZY_FULL_NAME = 90
MIN_FUZZY_LENGTH = 5
MALE_WORDS = lexicon.word_set("mr mr. sir lord king prince father brother spokesman chairman councilman he")
FEMALE_WORDS = lexicon.word_set(
    "mrs mrs. ms ms. dame lady queen princess mother sister spokeswoman chairwoman councilwoman she"
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
        if (
            len(names) >= 2
            and words[start].text.casefold() not in OPENERS
            and not after_role_of(words, start)
        ):
            found.append((start, end))
    return found


def after_role_of(words, first):
    """ "MLA for Miramichi Bay", "minister of Crown Relations": what a role is of, not a person."""
    return (
        first >= 2
        and words[first - 1].text in ("for", "of")
        and words[first - 2].bare.casefold() in lexicon.role_nouns()
    )


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
            # "председатель парламента Чечни": Russian puts what one heads after the role, in the genitive.
            or is_cyrillic(word.text)
        ):
            break
        taken.append(i)
        i -= 1
    # The role starts at its farthest role word ("Toronto Mayor", "председатель парламента Чечни").
    while taken and not is_role_word(words[taken[-1]]) and not words[taken[-1]].capitalised:
        taken.pop()
    while taken and words[taken[-1]].text.casefold() in ROLE_JOINERS:
        taken.pop()
    if not any(
        words[j].bare.casefold() in lexicon.role_nouns() or words[j].bare in lexicon.titles() for j in taken
    ):
        return ""
    return text[words[taken[-1]].start : words[taken[0]].end]


APPOSITIVE = re.compile(r",\s+((?:the |a |an )?[^,.;:!?()“”\"«»\n]{2,80}?)(?=[,.;:!?)]|\s+(?:said|says)\b|$)")


def is_role_word(word):
    return word.bare.casefold() in lexicon.role_nouns() or word.bare in lexicon.titles()


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
    # "state representative who graduated from ...": the role, not the story of it.
    phrase = re.split(r" (?:who|whose|which|that|where|when) ", phrase, maxsplit=1)[0]
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


def is_cyrillic(word):
    return "а" <= word[-1].casefold() <= "я" or word[-1] in "ёЁ"


CREDIT_AFTER = re.compile(r"\s*/")
CREDIT_BEFORE = re.compile(r"/\s*$")


def is_credit(text, start, end):
    """A photo credit, not a person of the story: "(Adrian Wyld/The Canadian Press)", "(Instagram/Jo Roe)"."""
    return bool(CREDIT_AFTER.match(text, end) or CREDIT_BEFORE.search(text[max(0, start - 3) : start]))


class Registry:
    """The people of one text, found so far, indexed by full name, surname and first name."""

    def __init__(self):
        self.people = []
        self.by_name = {}
        self.by_first = defaultdict(list)
        self.by_last = defaultdict(list)
        self.first_start = []
        # (person index, word) -> how often the text used the word alone for the person so far
        self.alone = Counter()
        self.fuzzy = {}

    def index(self, index, name):
        self.by_name[name.casefold()] = index
        parts = name.split()
        if index not in self.by_first[parts[0]]:
            self.by_first[parts[0]].append(index)
        if index not in self.by_last[parts[-1]]:
            self.by_last[parts[-1]].append(index)
        self.fuzzy.clear()

    def full(self, name, start):
        """The index of the person a full name is, new or already found."""
        index = self.by_name.get(name.casefold())
        if index is None:
            parts = name.split()
            candidates = sorted(set(self.by_first[parts[0]] + self.by_last[parts[-1]]))
            index = next((i for i in candidates if same_person(self.people[i].name, name)), None)
        if index is None:
            index = len(self.people)
            self.people.append(FoundPerson(name=name))
            self.first_start.append(start)
        elif len(name.split()) > len(self.people[index].name.split()):
            self.people[index].name = name
        self.index(index, name)
        return index

    def single(self, name, start):
        """A person the text names by one word only ("Trump said")."""
        index = len(self.people)
        self.people.append(FoundPerson(name=name))
        self.first_start.append(start)
        self.index(index, name)
        return index

    def lone(self, bare, position):
        """The index of the person whose surname ``bare`` is (or misspells), or None; of two, the one
        the text calls so already, else the one named first: news call the article's subject by the
        surname alone and relatives by their full names ("her husband Michael Greenspan")."""
        candidates = [i for i in self.by_last.get(bare, ()) if self.people[i].name.split()[-1] == bare]
        if not candidates:
            candidates = self.close(bare)
        if not candidates:
            # "Michael" for Michael Greenspan, "Wang" for Wang Qishan: a first name only one person has.
            given = [i for i in self.by_first.get(bare, ()) if len(self.people[i].name.split()) > 1]
            candidates = given if len(given) == 1 else []
        if not candidates:
            return None
        index = min(candidates, key=lambda i: (-self.alone[i, bare], self.first_start[i]))
        self.alone[index, bare] += 1
        return index

    def close(self, bare):
        """People whose surname ``bare`` misspells (Kaydrov / Kadyrov)."""
        if bare not in self.fuzzy:
            found = []
            if len(bare) >= MIN_FUZZY_LENGTH:
                for last, indexes in self.by_last.items():
                    if last[0] == bare[0] and fuzz.ratio(bare.casefold(), last.casefold()) >= FUZZY_SURNAME:
                        found += [i for i in indexes if self.people[i].name.split()[-1] == last]
            self.fuzzy[bare] = sorted(set(found))
        return self.fuzzy[bare]


def find_people(text, words, skip=()):
    """(The people of ``text`` in order of their first mention, each with its mentions in order, and
    the registry that folds later names into them).

    ``skip`` holds (start, end) stretches where no mention is looked for (the inside of quotations).
    """
    registry = Registry()
    people = registry.people
    taken = set()
    for first, last in full_names(text, words):
        start, end = words[first].start, words[last].start + len(words[last].bare)
        if any(a <= start < b for a, b in skip) or is_credit(text, start, end):
            continue
        person = people[registry.full(" ".join(text[start:end].split()), start)]
        person.mentions.append(FoundMention(start, end, text[start:end]))
        if not person.role:
            person.role = role_before(text, words, first) or role_after(text, end)
        if not person.gender:
            person.gender = gender_near(text, words, first)
        taken.update(range(first, last + 1))
    if people:
        # Lone surnames (and their misspellings), folded into the full name they belong to.
        for i, word in enumerate(words):
            if i in taken or any(a <= word.start < b for a, b in skip):
                continue
            # "May said": a month is a surname before a speech verb.
            before_verb = i + 1 < len(words) and words[i + 1].text.casefold() in lexicon.speech_verbs()
            if not is_name_word(word, after_name=before_verb):
                continue
            index = registry.lone(word.bare, word.start)
            if index is not None:
                people[index].mentions.append(
                    FoundMention(word.start, word.start + len(word.bare), word.bare)
                )
    for person in people:
        person.mentions.sort(key=lambda m: m.start)
    return people, registry
