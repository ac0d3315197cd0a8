"""People: the names an article gives, the roles beside them, and every later mention folded into one person.

A person is a run of two or more capitalised words that holds no word of a place, an organisation or a
date ("Port Alder Police Service" is not one; "Minister of Coastal Fisheries Ana Reyes" holds one,
"Ana Reyes", after the last such word), nor a demonym, a number word, plural initials
("Labour MPs") or a name made an adjective ("Toronto-based"). A run that is no such thing by its words
may be by where it stands (``is_person``): a person cue beside any of its uses (a title or role, a kin
word, a speech verb, ", who", an age) keeps it; else it is a thing when most uses follow "the" ("the
Carolina Hurricanes"), or when its first word is no known given name and a use stands where places,
bodies and products stand ("in Port Alder", "the Northgate Energy pipeline", "law firm Hale Morrow",
"Anak Krakatau, which"). Bylines and photo credits are no people of the story. A lone surname,
possessive or misspelt ("Kadyrov's", "Kaydrov"), is folded into the full name it resembles (rapidfuzz),
the nearest one before it when two people share it.
"""

import re
from collections import Counter, defaultdict
from functools import cache

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from . import lexicon
from .text import is_possessive
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
# Titles that only ever stand before a person's surname (not "General", as in "General Motors").
COURTESY_TITLES = frozenset(
    {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Rev", "Sgt", "Cpl", "Capt"}
    | {"Const", "Insp", "Supt", "Lt", "Col"}
)
MALE_WORDS = lexicon.word_set("mr mr. sir lord king prince father brother spokesman chairman councilman he")
FEMALE_WORDS = lexicon.word_set(
    "mrs mrs. ms ms. dame lady queen princess mother sister spokeswoman chairwoman councilwoman she"
)


def is_name_word(word, after_name=False):
    """A word that may be part of a person's name; ``after_name``: it follows a given name, where a
    month is a surname (Alice May)."""
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
        and bare not in lexicon.demonyms()
        and not is_hyphen_adjective(bare)
        # "Labour MPs", "CEOs": a plural of initials.
        and not ACRONYM_PLURAL.match(bare)
        and not any(is_brand_spelling(part) for part in bare.split("-"))
        # "Organizer Tom Bright", "Sergeant-at-Arms Ada Pell": a role written as a title.
        and not any(
            part.casefold() in lexicon.role_nouns() or part in lexicon.titles() for part in bare.split("-")
        )
    )


# What a surname's inner capital may follow: "McDowell", "DeSantis", "LeBron", "MacKenzie".
SURNAME_PREFIXES = frozenset(
    {"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz", "Ben", "Abu"}
)
# Longer than any surname written as one word: words glued together ("Roewilsonbrandsystem").
MAX_NAME_WORD_LENGTH = 17
INNER_CAPITAL = re.compile(r"(?<=[a-z])[A-Z]")
STEM_ZIPF = 3.0


def is_brand_spelling(part):
    """A word spelt as brands and glued text are, not names: an inner capital after an English word
    ("BundleKit", "PlayHub"; not "McDowell", "LeBron", "JaVale"), or letters glued past any name's
    length."""
    inner = INNER_CAPITAL.search(part)
    if inner:
        stem = part[: inner.start()]
        if (
            stem not in SURNAME_PREFIXES
            and len(stem) > 2
            and zipf_frequency(stem.casefold(), "en") >= STEM_ZIPF
        ):
            return True
    return len(part) > MAX_NAME_WORD_LENGTH


# How often a word must be in English text (wordfreq's Zipf scale: 4 is once per 100,000 words) to be
# taken for a word of the language rather than a name: "Magic Box", "Alarm Management", "Police".
COMMON_ZIPF = 4.0


@cache
def is_common_word(bare):
    """Whether a capitalised word is a common English word and no known given name ("Box", "Service",
    "Pro"), so names a thing unless it follows a given name ("Jane Stone", "Ada Price")."""
    if bare in lexicon.given_names() or not bare.isalpha() or is_cyrillic(bare):
        return False
    lower = bare.casefold()
    # "Analysts", "Protesters": a plural of a common noun.
    return zipf_frequency(lower, "en") >= COMMON_ZIPF or (
        lower.endswith("s") and zipf_frequency(lower[:-1], "en") >= COMMON_ZIPF
    )


# "Toronto-born", "Kremlin-run": a lower-case second part that makes a name an adjective; Korean given
# names ("Jong-un", "Sol-ju") have lower-case syllables too, so only these endings count.
ADJECTIVE_ENDINGS = ("ed", "born", "run", "made", "wide", "bound", "style", "like", "era", "area", "native")


ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s$")


def is_hyphen_adjective(bare):
    """ "San Francisco-based", "TDT School-trained": a place or a body made an adjective."""
    return any(part.islower() and part.endswith(ADJECTIVE_ENDINGS) for part in bare.split("-")[1:])


def name_runs(text, words):
    """Runs of capitalised words separated by single spaces (particles allowed inside): [(first, last)]."""
    runs, first = [], None
    for i, word in enumerate(words):
        if first is None and not word.capitalised:
            # Most words are neither in a run nor open one: only a capitalised word opens one.
            continue
        joined = first is not None and text[words[i - 1].end : word.start] == " "
        if word.capitalised or (word.text in PARTICLES and joined):
            if first is None or not joined:
                if first is not None:
                    runs.append((first, i - 1))
                first = i
            # A possessive ends a name: "Kadyrov's men".
            if is_possessive(word):
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
            after_given = after_name and words[i - 1].bare in lexicon.given_names()
            # "Stella King", "Jane Baker": after a given name, a word for a role is a surname.
            surname_like_role = after_given and is_role_word(words[i]) and words[i].capitalised
            if (
                not (is_name_word(words[i], after_name) or surname_like_role)
                or (not after_given and is_common_word(words[i].bare))
            ) and words[i].text not in PARTICLES:
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
            and words[start - 1].lower in lexicon.role_nouns()
            and not PATRONYMIC.search(names[1].text)
        ):
            start = words.index(names[1])
            names = names[1:]
        if len(names) >= 2 and words[start].lower not in OPENERS and not after_role_of(words, start):
            found.append((start, end))
    return found


def after_role_of(words, first):
    """ "MLA for Miramichi Bay", "minister of Crown Relations": what a role is of, not a person."""
    return first >= 2 and words[first - 1].text in ("for", "of") and is_role_word(words[first - 2])


def role_before(text, words, first):
    """The role written just before a name ("Chechnya head", "Toronto Mayor", "глава Чечни"), or ""."""
    # "chief economist at Gluskin Sheff": the name is where the role is held, not whose it is.
    if first > 0 and words[first - 1].text in ROLE_JOINERS:
        return ""
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
    while taken and words[taken[-1]].lower in ROLE_JOINERS:
        taken.pop()
    if not any(
        words[j].bare.casefold() in lexicon.role_nouns() or words[j].bare in lexicon.titles() for j in taken
    ):
        return ""
    return text[words[taken[-1]].start : words[taken[0]].end]


# "Talia, a nurse": one name alone is a person when an appositive with an article gives its role.
SINGLE_NAME_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s")
APPOSITIVE = re.compile(r",\s+((?:the |a |an )?[^,.;:!?()“”\"«»\n]{2,80}?)(?=[,.;:!?)]|\s+(?:said|says)\b|$)")


def is_role_word(word):
    return is_role(word.bare)


def is_role(bare):
    """A word for what someone is or does ("mayor"), or a title ("Dr", "Premier")."""
    return bare.casefold() in lexicon.role_nouns() or bare in lexicon.titles()


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
        lower = word.lower
        if lower in MALE_WORDS:
            return "m"
        if lower in FEMALE_WORDS:
            return "f"
    return ""


def same_person(name, other):
    """Two full names of one person: equal, or a misspelling of each other with the same first name."""
    if name.casefold() == other.casefold():
        return True
    # "Al Rashed" after "Samir Al Rashed": the end of the full name.
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


# A byline: "Jane Roe, The Associated Press" or "By Jane Roe" alone on its line, "With files from Jane Roe".
BYLINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*$")
BY_BEFORE = re.compile(r"(?:^|\n)[ \t]*By[ \t]+$|[Ww]ith files from[ \t]+$")
BYLINE_AFTER = re.compile(r"[ \t]*,[ \t]*(?:[A-Z][\w.’'&-]*[ \t]*){1,6}(?:\n|$)")
LINE_END = re.compile(r"[ \t]*(?:\n|$)")
# The names after the first of a byline's list: "With files from Jane Roe, Ian Lowe and Ada Pike".
CREDIT_LIST = re.compile(
    r"[ \t–—-]*(?:By|[Ww]ith files from)[ \t]+"
    r"(?:[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*)*(?:,[ \t]*|,?[ \t]+and[ \t]+))+$"
)


# A broadcast's hand-over to its reporter: "Jane Roe has the latest.", "As Jane Roe reports,".
HANDOVER_AFTER = re.compile(r" has (?:the latest|more|the details|the story)\b")
HANDOVER_BEFORE = re.compile(r"\bAs $")
# The author's note closing an article: "Jane Roe is a reporter based in Lisbon who covers ...".
AUTHOR_NOTE = re.compile(
    r" is (?:a|an|the)\b[^.\n]{0,60}?"
    r"\b(?:reporter|writer|editor|columnist|correspondent|journalist|contributor)\b"
)


def is_credit(text, start, end):
    """A photo credit, a byline or an author's note, not a person of the story: "(Adrian Wyld/The
    Canadian Press)", "(Instagram/Jo Roe)", "Jane Roe, The Associated Press" on a line of its own,
    "Jane Roe has the latest.", "Jane Roe is the Star's food writer." closing the article."""
    before = text[max(0, start - 20) : start]
    line_before = text[text.rfind("\n", 0, start) + 1 : start]
    if (
        CREDIT_LIST.match(line_before)
        or CREDIT_AFTER.match(text, end)
        or CREDIT_BEFORE.search(before[-3:])
        or (BYLINE_BEFORE.search(before) and BYLINE_AFTER.match(text, end))
        or (BY_BEFORE.search(before) and (before.endswith("from ") or LINE_END.match(text, end)))
    ):
        return True
    if HANDOVER_AFTER.match(text, end) or (
        HANDOVER_BEFORE.search(before) and text.startswith(" reports", end)
    ):
        return True
    # Only in the last paragraph: a story may be about a reporter.
    return bool(AUTHOR_NOTE.match(text, end)) and "\n" not in text[end:].strip()


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
        surname alone and relatives by their full names ("her husband Paul Weller")."""
        candidates = [i for i in self.by_last.get(bare, ()) if self.people[i].name.split()[-1] == bare]
        if not candidates:
            candidates = self.close(bare)
        if not candidates:
            # "Paul" for Paul Weller, "Zhou" for Zhou Lin: a first name only one person has.
            given = [i for i in self.by_first.get(bare, ()) if len(self.people[i].name.split()) > 1]
            # Of several, the one named first: news introduce their subject before the others.
            candidates = given[:1]
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
    found = []
    if not reads_as_english_or_russian(words):
        # Capitalisation tells names only in English and Russian: German capitalises every noun
        # ("Aus der Notwendigkeit"), and other languages have their own rules.
        return [], Registry()
    for first, last in full_names(text, words):
        start, end = words[first].start, words[last].start + len(words[last].bare)
        if not (any(a <= start < b for a, b in skip) or is_credit(text, start, end)):
            found.append((first, last, start, end, " ".join(text[start:end].split())))
    # Group the full names by person first: whether a name is a person's is judged over all its uses.
    trial = Registry()
    whose = [trial.full(name, start) for _, _, start, _, name in found]
    uses = defaultdict(list)
    for (first, last, *_), index in zip(found, whose, strict=True):
        uses[index].append((first, last))
    things = {
        index for index, spans in uses.items() if not is_person(text, words, trial.people[index].name, spans)
    }
    registry = Registry()
    people = registry.people
    taken = set()
    for (first, last, start, end, name), index in zip(found, whose, strict=True):
        taken.update(range(first, last + 1))
        if index in things:
            continue
        person = people[registry.full(name, start)]
        person.mentions.append(FoundMention(start, end, text[start:end]))
        if not person.role:
            person.role = role_before(text, words, first) or role_after(text, end)
        if not person.gender:
            person.gender = gender_near(text, words, first) or lexicon.given_name_genders().get(
                person.name.split()[0], ""
            )
    # Lone surnames (and their misspellings), folded into the full name they belong to; a single
    # name the text gives a role ("Talia, a nurse from the island,") is a person of its own.
    for i, word in enumerate(words):
        if not word.capitalised or i in taken or any(a <= word.start < b for a, b in skip):
            continue
        # "May said": a month is a surname before a speech verb.
        before_verb = i + 1 < len(words) and words[i + 1].lower in lexicon.speech_verbs()
        if not is_name_word(word, after_name=before_verb):
            continue
        end = word.start + len(word.bare)
        index = registry.lone(word.bare, word.start) if people else None
        titled = i > 0 and words[i - 1].bare in COURTESY_TITLES and text[words[i - 1].end : word.start] == " "
        gender = gender_near(text, words, i) if titled else ""
        if index is not None and gender and people[index].gender not in ("", gender):
            # "Ms. Brandt" after "Tomas Brandt, her husband": another person of the same name.
            index = None
        if index is None and word.bare == word.text and not is_common_word(word.bare):
            role = role_after(text, end)
            if role and SINGLE_NAME_APPOSITIVE.match(text, end):
                index = registry.single(word.bare, word.start)
                people[index].role = role
        if index is None and titled:
            # "Mr. Brandt said", the article giving no full name: a person all the same.
            index = registry.single(word.bare, word.start)
            people[index].gender = gender
        if index is not None:
            people[index].mentions.append(FoundMention(word.start, end, word.bare))
    for person in people:
        person.mentions.sort(key=lambda m: m.start)
    return people, registry


DETERMINERS = lexicon.word_set("the a an")
# The commonest words of English and Russian: a text of some length without them is in another language.
FUNCTION_WORDS = lexicon.word_set(
    "the and of to a in is that for on with was it he she as by и в не на что с он по"
)
LANGUAGE_SAMPLE = 400
MIN_FUNCTION_SHARE = 0.045


def reads_as_english_or_russian(words):
    """Whether the text's words are English or Russian: enough of the commonest words of either among
    its first few hundred (short texts always pass)."""
    sample = words[:LANGUAGE_SAMPLE]
    if len(sample) < 40:
        return True
    return sum(w.lower in FUNCTION_WORDS for w in sample) >= MIN_FUNCTION_SHARE * len(sample)


# Before a place: "in Port Alder", "at Torrey Pines".
PLACE_PREPOSITIONS = lexicon.word_set("in at near outside inside across throughout around through via")
POSSESSIVE = re.compile(r"['’]s$")
# After a person's name: ", who held the post", ", 17, was found".
PERSON_AFTER = re.compile(r",\s+(?:who\b|whose\b|\d{1,3},)")


def is_person(text, words, name, spans):
    """Whether a run of capitalised words names a person, from all its uses ``spans`` [(first, last)].

    Any person cue beside one use settles it: a title or role, a kin word ("his wife"), a speech verb,
    ", who", an age. Without one, a run that mostly follows "the" names a thing ("the Secret Garden",
    "the Carolina Hurricanes"), and so does one whose first word is no known given name when a use
    stands where things stand: after "in"/"at", after a noun for a thing ("law firm Hale Morrow"),
    in quotation marks, before ", which", a price, a number ("Tesla Model 3") or a noun it qualifies
    ("the Northgate Energy pipeline"). The text calling someone by its last word alone ("Okonkwo said",
    "Mr. Okonkwo") still makes it a person.
    """
    given = name.split()[0] in lexicon.given_names()
    if any(has_person_cue(text, words, first, last) for first, last in spans):
        return True
    after_the = sum(word_before(text, words, first, DETERMINERS) for first, _ in spans)
    # A given name before a word for a role ("Ada Head") tells a person only where the name does not
    # stand as a place's does ("at Ada Head").
    role_surname = is_role(name.split()[-1])
    # "the Oliver Sacks kind of way": once, a person's name may qualify a noun too.
    if (2 * after_the > len(spans) and (not given or after_the > 1)) or (
        (not given or role_surname)
        and any(stands_as_thing(text, words, first, last) for first, last in spans)
    ):
        return called_by_surname(text, words, name.split()[-1], spans)
    return True


def called_by_surname(text, words, surname, spans):
    """Whether the text calls someone by ``surname`` alone as one calls a person: "Okonkwo said",
    "said Okonkwo", "Mr. Okonkwo"."""
    for i, word in enumerate(words):
        if word.bare != surname or not word.capitalised or any(a <= i <= b for a, b in spans):
            continue
        if i > 0 and words[i - 1].bare in lexicon.titles() and text[words[i - 1].end : word.start] == " ":
            return True
        if i > 0 and (words[i - 1].capitalised or words[i - 1].lower in ("of", "the")):
            # "the City of Harbourton said", "North Harbourton said": part of another name.
            continue
        if speaks(text, words, i, i):
            return True
    return False


def speaks(text, words, first, last):
    """A speech verb right after or right before the name: "Jane Roe said", "said Jane Roe"."""
    verbs = lexicon.speech_verbs()
    if (
        last + 1 < len(words)
        and words[last + 1].lower in verbs
        and text[words[last].end : words[last + 1].start] == " "
    ):
        return True
    # "said Jane Roe", but not "told Harbourton's council" or "writing Harbourton Council": what
    # follows a verb that takes an object is whom one speaks to.
    return (
        word_before(text, words, first, verbs - OBJECT_VERBS)
        and not words[first - 1].lower.endswith("ing")
        and words[last].bare == words[last].text
    )


OBJECT_VERBS = lexicon.word_set("told tell tells asked ask asks urged urge urges thanked thank thanks")


def word_before(text, words, first, wanted):
    """Whether the word just before ``words[first]``, with only a space between, is one of ``wanted``."""
    if first == 0:
        return False
    previous = words[first - 1]
    return previous.lower in wanted and text[previous.end : words[first].start] == " "


def has_person_cue(text, words, first, last):
    """A cue beside this use that a person is named."""
    end = words[last].start + len(words[last].bare)
    # Not gender_near: its "he" two words before ("as he visited Port Alder") cues no name.
    if role_before(text, words, first) or role_after(text, end):
        return True
    if PERSON_AFTER.match(text, end):
        return True
    before = [w.bare.casefold() for w in words[max(0, first - 2) : first]]
    if any(w in lexicon.kin_nouns() for w in before):
        return True
    return speaks(text, words, first, last)


def stands_as_thing(text, words, first, last):
    """Whether this use of a run of capitalised words stands where a place, an organisation or a
    product stands rather than a person."""
    if is_cyrillic(words[first].text):
        # These are English signs; Russian puts what one heads before the name ("главы Чечни Рамзан").
        return False
    previous = words[first - 1] if first > 0 else None
    if previous is not None:
        joined = text[previous.end : words[first].start] == " "
        # Not "in Vladimir Putin's Russia": there the place is what the person has.
        if word_before(text, words, first, PLACE_PREPOSITIONS) and not POSSESSIVE.search(words[last].text):
            return True
        # "law firm Hale Morrow", "the Anak Krakatau volcano": a noun for a thing beside the name.
        if joined and previous.lower in lexicon.thing_nouns():
            return True
        # "its Word Warriors campaign": no person is "its".
        if previous.lower == "its":
            return True
        # "Centre for Impact Investing", "Federation of Metro Tenants": the rest of a body's name.
        if previous.text in ("of", "for") and first > 1 and words[first - 2].bare in lexicon.not_names():
            return True
        # "firms including Norvale Foods, Kestrel Mills": an item of a list of things.
        if THING_LIST.search(text[max(0, words[first].start - 200) : words[first].start]):
            return True
    start = run_start(text, words, first)
    end = words[last].start + len(words[last].bare)
    line_start = text.rfind("\n", 0, words[start].start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end == -1 else line_end].strip()
    if len(line.split()) <= HEADING_WORDS and line[-1] not in '.!?…”"’)»':
        # A heading ("Harbour troubles", "Counting Port Alder's ferries") or a link's text.
        return True
    if words[start].start > 0 and text[words[start].start - 1] in OPENING_MARKS:
        # “Screenwise Meter”, “Make American Great Again”: a title or a name in quotation marks.
        return True
    end = words[last].start + len(words[last].bare)
    if JOINED_FIRM.match(text, end) or JOINED_FIRM_BEFORE.search(
        text[max(0, words[first].start - 4) : words[first].start]
    ):
        return True
    if PLACE_AFTER.match(text, end) or PRICE_AFTER.match(text, end) or WHICH_AFTER.match(text, end):
        return True
    if AMOUNT_BEFORE.search(text[max(0, words[first].start - 12) : words[first].start]):
        return True
    # "Elon Musk's company": what a person has, not a noun the name qualifies.
    if (
        last + 1 < len(words)
        and text[words[last].end : words[last + 1].start] == " "
        and not POSSESSIVE.search(words[last].text)
    ):
        following = words[last + 1].text
        # "Morning Desk producer", "Northgate Energy spokesperson": where the role is held.
        return following.casefold() in lexicon.modifier_heads() or following in lexicon.role_nouns()
    return False


# A short line without a final stop is a heading.
HEADING_WORDS = 10
OPENING_MARKS = '“"«„‘'
# "Hale Morrow & Blackwell", "Malin + Goetz": partners' names joined make a firm.
JOINED_FIRM = re.compile(r" [&+] [A-Z]")
JOINED_FIRM_BEFORE = re.compile(r"[&+] $")
# "from Trout Brook, N.B.": a place, then the abbreviation of its province or state.
PLACE_AFTER = re.compile(r",\s+(?:[A-Z]\.){2}(?!\w)")
# "Anak Krakatau, which means": "which" is for things, "who" for people.
WHICH_AFTER = re.compile(r",\s+which\b")
THING_LIST = re.compile(
    r"\b(?i:" + "|".join(sorted(lexicon.words("thing_plurals"))) + r"),? (?:including|such as|like) "
    r"(?:[A-Z][\w’'&.-]*(?: [A-Z][\w’'&.-]*)*(?:,| and| or) )*$"
)
# "Graydon Green Cream, $38": a product and its price.
PRICE_AFTER = re.compile(r",\s+[$€£]\d")
# "62% Approval Rating", "($50, Houghton Mifflin Harcourt)", "a $4 million Brindle Arena": after an amount.
AMOUNT_BEFORE = re.compile(r"(?:[$€£]\d[\d.,]*|\d%|\d (?:million|billion)),?\s+$")


def run_start(text, words, first):
    """The first word of the run of capitalised words that ``words[first]`` is in."""
    while (
        first > 0 and words[first - 1].capitalised and text[words[first - 1].end : words[first].start] == " "
    ):
        first -= 1
    return first
