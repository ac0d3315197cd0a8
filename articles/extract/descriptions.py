"""Speakers named by a description of a body or a document, resolved to whom the article meant.

A speaker that is no person is often a description standing for a name the article gave before:
"the utility said" for the body that spoke in the paragraph before ("Northern Power said"); "the
report said" or "according to the study" for the body or person who wrote it ("economist Jane Roe
wrote in a report", "a study by the Harbour Institute", "the Harbour Institute study"). The
description is replaced by that name as the article wrote it; it is kept as written when the article
introduced none. "A statement said" is of whoever spoke just before it; "the officials" takes up the
fuller description given before ("two officials at the port"). Two more mendings of what the cues
found: a one-word speaker that is the surname of a full name the article gives elsewhere is that
person (who speaks is a person, even when the given name is in no list), and words beside a cue that
are no noun phrase ("between spring and fall") give way to the subject that opens the sentence.
"""

import re

from . import lexicon
from .people import is_common_word
from .reported import is_noun_phrase, sentence_subject
from .values import FoundMention

# How far back (in characters) the name a description stands for may have been given.
HORIZON = 3000
SINGULAR_PERSONAL = lexicon.word_set("he she")
DEFINITE = lexicon.word_set("the this that")
ARTICLES = lexicon.word_set("the a an")
MAX_DESCRIPTION_WORDS = 4
INNER_DETERMINERS = lexicon.word_set("the a an their his her its our my your this these those")
BEFORE_PLACES = lexicon.word_set("between during after before since until into onto over under through")
# Capitalised words that open a sentence without naming anyone.
OPENERS = lexicon.word_set("the a an in on at as but and after before when while if this that these it")
PREPOSITIONS = lexicon.word_set("in on at by of from for with about to")
# A name on one line: capitalised words, with "of", "for", "and", "the" or "&" between them.
NAME = r"[A-Z][\w.&’'-]*(?: (?:(?:of|for|and|the|&) )?[A-Z][\w.&’'-]*)*"
AUTHOR = re.compile(r"\b(\w+) (?:by|from|of) (?:the )?(" + NAME + ")")
OWNED_DOCUMENT = re.compile(r"(?:[Tt]he )?(" + NAME + r")['’]s (?:[a-z-]+ ){0,2}[a-z]+$")
OWNED_NAME = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir) [a-z]+['’]s (?:[a-z-]+ ){0,2}([A-Z]\S*(?: \S+)*)$")
POSSESSIVE_END = re.compile(r"['’]s?$")
WORD = re.compile(r"[\w’'-]+")


def resolve_descriptions(attributor, quotations):
    """Replace, in place and in order, each quotation's speaker that describes a body or a document
    with the name the article gave it before, and a speaker that is no noun phrase with the subject of
    the quotation's sentence."""
    text = attributor.text
    for index, quotation in enumerate(quotations):
        if quotation.speaker is not None or not quotation.speaker_text:
            continue
        if quotation.speaker_text.casefold() == "it":
            found = body_for_it(attributor, quotation, quotations[:index])
            if found is not None:
                quotation.speaker_text = found
            continue
        if quotation.speaker_text.casefold() in SINGULAR_PERSONAL:
            found = described_speaker_before(text, quotation, quotations[:index])
            if found is not None:
                quotation.speaker_text = found
            continue
        person = surname_of(attributor, quotation.speaker_text)
        if person is not None:
            quotation.speaker = person
            continue
        if not reads_as_noun_phrase(quotation.speaker_text):
            found = subject_of_sentence(attributor, quotation)
            if found is not None:
                quotation.speaker, quotation.speaker_text = found
                continue
        found = document_owner(quotation.speaker_text) or named_inside_owner(quotation.speaker_text)
        if found is None:
            found = document_author(text, quotation, quotations[:index])
        if found is None:
            found = described_before(quotation, quotations[:index])
        if found is None and is_body_description(quotation.speaker_text):
            found = body_spoken_before(text, quotation, quotations[:index])
            if found is None:
                found = body_introduced_before(text, quotation)
            if found is None:
                # "Northwind Power did not respond. In a statement, the company said ...".
                body = body_opening_before(attributor, quotation)
                found = (None, body) if body else None
        if found is not None:
            quotation.speaker, quotation.speaker_text = found


def surname_of(attributor, speaker_text):
    """The person a one-word speaker names by the surname when the article gives the full name
    elsewhere, with a given name the word lists lack ("Okafor said" and "Ines Okafor"), or None:
    who speaks is a person."""
    word = POSSESSIVE_END.sub("", speaker_text.strip())
    if " " in word or not word[:1].isupper() or not word.isalpha():
        return None
    for match in re.finditer(r"\b([A-Z][a-z]+) " + re.escape(word) + r"\b", attributor.text):
        given = match.group(1)
        if given in lexicon.given_names() or not (
            is_common_word(given) or given in lexicon.titles() or given.casefold() in lexicon.role_nouns()
        ):
            index = attributor.registry.full(match.group(0), match.start())
            person = attributor.people[index]
            mention = FoundMention(match.start(), match.end(), match.group(0))
            if mention not in person.mentions:
                person.mentions.append(mention)
                person.mentions.sort(key=lambda m: m.start)
            return index
    return None


def head_of(speaker_text):
    parts = WORD.findall(speaker_text)
    return parts[-1].casefold() if parts else ""


def reads_as_noun_phrase(speaker_text):
    """Whether a speaker's words read as a noun phrase: not a clause's piece ("is higher than"), nor a
    prepositional phrase ("between spring and fall"), nor a verb with its object ("ran the count",
    "raise their prices"): a determiner inside one follows a preposition ("a spokesperson for the
    port")."""
    if not is_noun_phrase(speaker_text):
        return False
    words = [w.casefold() for w in WORD.findall(speaker_text)]
    if words[0] in PREPOSITIONS | BEFORE_PLACES or (words[0].endswith("ed") and len(words) > 1):
        return False
    return not any(
        word in INNER_DETERMINERS and words[i - 1] not in PREPOSITIONS for i, word in enumerate(words[1:], 1)
    )


def subject_of_sentence(attributor, quotation):
    """(person, text) of the subject that opens the quotation's sentence, when the words beside its
    cue are no noun phrase (`Jane Roe, who lost “two belts” that spring, says`, `Northern Power runs
    the dam and warns “...”`), or None."""
    start, _ = attributor.sentences.bounds(attributor.sentences.index(quotation.start))
    before = attributor.words_between(start, quotation.start)
    found = sentence_subject(attributor, before, start)
    if found is not None:
        return found
    run = []
    for word in before:
        if not word.capitalised or (run and attributor.text[run[-1].end : word.start] != " "):
            break
        run.append(word)
    if len(run) > 1 and run[0].lower in ARTICLES:
        run = run[1:]
    if run and run[0].lower not in OPENERS and (len(run) > 1 or not is_common_word(run[0].bare)):
        return None, clean(attributor.text[run[0].start : run[-1].start + len(run[-1].bare)])
    return None


def document_owner(speaker_text):
    """(None, owner) for a document named by whose it is ("the Harbour Board's annual report",
    "Tide Canada's public database"): its owner wrote it; or None."""
    found = OWNED_DOCUMENT.match(speaker_text)
    if found and head_of(speaker_text) in lexicon.document_nouns():
        return None, found.group(1)
    return None


def named_inside_owner(speaker_text):
    """(None, name) of a body named after a description of where it is ("the province's Department
    of Harbour Services", "the country's state-run Tide news agency"): the name, which is the body's
    own; or None."""
    found = OWNED_NAME.match(speaker_text)
    return (None, found.group(1)) if found else None


def document_author(text, quotation, earlier):
    """(person, text) of whoever wrote the document a speaker names ("the report said"), or None."""
    words = quotation.speaker_text.split()
    # "a report by the Harbour Institute", "the latest figures from Statistics Office".
    by = AUTHOR.search(quotation.speaker_text)
    if (
        by
        and by.group(1).casefold() in lexicon.document_nouns()
        and len(quotation.speaker_text[: by.start(1)].split()) <= 3
    ):
        return None, clean(by.group(2))
    head = head_of(quotation.speaker_text)
    if head not in lexicon.document_nouns():
        return None
    if len(words) > MAX_DESCRIPTION_WORDS or any(w.casefold() in PREPOSITIONS for w in words):
        # "a diver named in the study": the document is not the head of the speaker's description.
        return None
    # "the Harbour Institute study", "the Harbour Institute's report": the name just before the noun.
    names = []
    for word in reversed(words[1:-1]):
        if not word[:1].isupper():
            break
        names.insert(0, POSSESSIVE_END.sub("", word))
    if names and words[0].casefold() in DEFINITE | {"a", "an"}:
        return None, " ".join(names)
    if words[0].casefold() in ("a", "an"):
        # "A statement said": a document not named before, of whoever spoke just before it.
        for before in reversed(earlier):
            if before.speaker is not None or before.speaker_text:
                if text.count("\n\n", before.end, quotation.start) <= 1:
                    return before.speaker, before.speaker_text
                break
        return None
    if words[0].casefold() not in DEFINITE | {"its", "their"}:
        return None
    # An earlier quotation whose sentence names the document: its speaker wrote it.
    pattern = re.compile(r"\b" + re.escape(head) + r"\b", re.IGNORECASE)
    for before in reversed(earlier):
        if quotation.start - before.end > HORIZON:
            break
        if before.speaker is None and not before.speaker_text:
            continue
        if head_of(before.speaker_text) == head and before.speaker is None:
            continue
        start, end = sentence_around(text, before)
        if pattern.search(text[start:end]):
            return before.speaker, before.speaker_text
    # "a report by the Harbour Institute" in the reporter's words before it.
    window = text[max(0, quotation.start - HORIZON) : quotation.start]
    last = None
    for match in re.finditer(
        r"\b" + re.escape(head) + r" (?:by|from) (?:the )?(" + NAME + ")", window, re.IGNORECASE
    ):
        last = match
    # "the Harbour Institute's new report", "the Harbour Institute released a report".
    for match in re.finditer(
        r"\b(" + NAME + r")(?:['’]s (?:[a-z-]+ ){0,2}|,? (?:released|published|issued) (?:a|an|its|the) "
        r"(?:[a-z-]+ ){0,3})" + re.escape(head) + r"\b",
        window,
    ):
        if last is None or match.start() > last.start():
            last = match
    if last is not None:
        return None, clean(last.group(1))
    return None


def described_speaker_before(text, quotation, earlier):
    """The description of the unnamed person who spoke just before, whom "he" or "she" takes up
    ("The boy's mother, who asked not to be named, said ... “...,” she said."), or None."""
    if not earlier:
        return None
    before = earlier[-1]
    if text.count("\n\n", before.end, quotation.start) > 1 or before.speaker is not None:
        return None
    described = head_of(before.speaker_text) in lexicon.role_nouns() | lexicon.kin_nouns()
    if described and before.speaker_text.split()[0].casefold() != "a":
        return before.speaker_text
    return None


def described_before(quotation, earlier):
    """(None, text) of the fuller description an earlier speaker was given that a short one takes up
    ("officials" or "the officials" after "two officials at the port"), or None."""
    words = quotation.speaker_text.split()
    head = head_of(quotation.speaker_text)
    if (
        len(words) > 2
        or (len(words) == 2 and words[0].casefold() not in DEFINITE)
        or not head.isalpha()
        or head[0].isupper()
        or head in lexicon.pronouns()
    ):
        return None
    for before in reversed(earlier):
        if quotation.start - before.end > HORIZON:
            break
        parts = [w.casefold() for w in WORD.findall(before.speaker_text)]
        if before.speaker is None and head in parts and len(parts) > len(words) and parts[0] not in DEFINITE:
            return None, before.speaker_text
    return None


def is_body_description(speaker_text):
    """ "the utility", "the regional agency": a definite description of a body, without a name."""
    words = speaker_text.split()
    return (
        len(words) <= MAX_DESCRIPTION_WORDS
        and words[0].casefold() in DEFINITE
        and head_of(speaker_text) in lexicon.body_nouns()
        and not any(w[:1].isupper() for w in words[1:])
    )


def body_spoken_before(text, quotation, earlier):
    """(None, name) of the body that spoke last before a quotation, in its paragraph or the one
    before, when a description of a body ("the utility") says it spoke again; or None."""
    for before in reversed(earlier):
        if text.count("\n\n", before.end, quotation.start) > 1:
            return None
        if before.speaker is not None:
            return None
        parts = before.speaker_text.split()
        if parts and any(p[:1].isupper() for p in parts[1:] or parts) and parts[0].casefold() not in DEFINITE:
            return None, before.speaker_text
        # A name after its article ("The Harbour Board"), not a description ("the utility").
        if len(parts) > 1 and parts[0].casefold() == "the" and is_body_name(" ".join(parts[1:])):
            return None, before.speaker_text
    return None


def body_introduced_before(text, quotation):
    """(None, name) of the body the article introduced with a description's head noun before the
    quotation ("Northwind, a security firm," or "the transit agency Northwind" for "the firm"), the
    last one so introduced; or None."""
    head = head_of(quotation.speaker_text)
    window = text[max(0, quotation.start - HORIZON) : quotation.start]
    found = None
    pattern = (
        r"(?:\b(" + NAME + r"), (?:a|an|the) (?:[\w’'-]+ ){0,3}" + re.escape(head) + r"\b"
        r"|\b" + re.escape(head) + r",? (" + NAME + r"))"
    )
    for match in re.finditer(pattern, window):
        if match.group(1) and following_word(window, match.end()) in lexicon.role_nouns():
            # "Jane Roe, a regional agency spokesperson": the body's noun only qualifies a person's.
            continue
        name = clean(re.split(r"\.\s", match.group(1) or match.group(2))[0])
        if name.split()[0].casefold() not in OPENERS and not is_common_word(name) and name.casefold() != head:
            found = name
    return (None, found) if found else None


def following_word(text, position):
    """The lower-case word right after ``position`` past one space, or ""."""
    found = WORD.match(text, position + 1) if text[position : position + 1] == " " else None
    return found.group().casefold() if found else ""


def body_for_it(attributor, quotation, earlier):
    """The body "it said" stands for: the body that spoke last before, in the quotation's paragraph
    or the one before, or else the body whose name or description opens one of the two sentences
    before ("Northwind Power closed the dam. It said ..."); or None."""
    text = attributor.text
    for before in reversed(earlier):
        if text.count("\n\n", before.end, quotation.start) > 1 or quotation.start - before.end > HORIZON:
            break
        if before.speaker is not None:
            break
        if is_body_name(before.speaker_text) or is_body_description(before.speaker_text):
            return before.speaker_text
    return body_opening_before(attributor, quotation)


def body_opening_before(attributor, quotation):
    """The body whose name or description opens the quotation's sentence or one of the two before
    ("Northwind Power closed the dam. It said ..."), or None."""
    text = attributor.text
    index = attributor.sentences.index(quotation.start)
    for back in (index, index - 1, index - 2):
        if back < 0:
            break
        start, _ = attributor.sentences.bounds(back)
        if start >= quotation.start and back != index:
            continue
        words = attributor.words_between(start, quotation.start)
        run = []
        for word in words:
            if not (word.text[0].isupper() or (run and word.lower in ("of", "for", "and", "the", "&"))):
                break
            if run and text[run[-1].end : word.start] != " ":
                break
            run.append(word)
        while run and not run[-1].text[0].isupper():
            run.pop()
        if run and attributor.mentions_between(run[0].start, run[-1].end):
            # A person opens the sentence ("Ms. Vasquez said ..."): no body's name.
            break
        if run and run[0].lower in ARTICLES:
            if len(run) == 1:
                # "The utility", "The regional district": a body's noun after at most two modifiers.
                for word in words[1:4]:
                    if word.capitalised:
                        break
                    if word.lower in lexicon.body_nouns():
                        return text[words[0].start : word.end]
            run = run[1:]
        if run and text[run[-1].end : run[-1].end + 1] == ":":
            # "READ MORE: ...", "WATCH: ...": a label before a link, no body.
            continue
        if run and (len(run) > 1 or not is_common_word(run[0].bare)) and run[0].lower not in OPENERS:
            return clean(text[run[0].start : run[-1].start + len(run[-1].bare)])
    return None


def is_body_name(speaker_text):
    """A capitalised name that is no common word ("Northwind Power", "Northlink")."""
    parts = speaker_text.split()
    return (
        bool(parts)
        and all(p[:1].isupper() or p in ("of", "for", "and", "the", "&") for p in parts)
        and (len(parts) > 1 or not is_common_word(parts[0]))
    )


def sentence_around(text, quotation):
    """The stretch from the sentence start before a quotation to the sentence end after it."""
    start = max(text.rfind(". ", 0, quotation.start), text.rfind("\n", 0, quotation.start)) + 1
    ends = [i for i in (text.find(". ", quotation.end), text.find("\n", quotation.end)) if i != -1]
    return start, min(ends) if ends else len(text)


def clean(name):
    """A name as found, without a sentence's capitalised article before it nor a full stop after it
    (kept after initials: "the U.S.")."""
    name = OPENING_ARTICLE.sub("", name)
    last = name.split()[-1]
    if last.endswith(".") and last.count(".") == 1:
        name = name[:-1]
    return name


# A name's capitalised article at a sentence's start is no part of it ("The Harbour Institute").
OPENING_ARTICLE = re.compile(r"^(?:The|A|An)\s+")
