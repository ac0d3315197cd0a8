"""Attribution: which quoted stretches are quotations, of what kind, who said them and with which cue.

Cues are looked for on both sides of a quotation, in the reporter's words of its sentence:
after it (`,” Kadyrov posted on Telegram.`, `!” said Kaydrov.`, `», — заявил Кадыров.`) and before it
(`Kadyrov wrote: “`, `Kadyrov noted that “`, `According to Daudov, the soldiers “`). The speaker is the
person named beside the cue; a pronoun is the person last named in a subject's place before it, of the
right gender when the text has told it; a role ("the mayor said") the person who holds it. A quotation
without a cue of its own continues the one before it in its paragraph, or in the paragraph before.
"""

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from . import lexicon
from .people import is_common_word, is_name, is_name_word
from .reported import sentence_subject
from .text import Word, is_participle, is_possessive
from .values import FoundMention

AFTER_WINDOW = 30
SUBJECT_WINDOW = 8
SHORT_QUOTE_WORDS = 3
# A stretch in quotation marks this long is a quotation even when no cue names its speaker.
LONG_QUOTE_WORDS = 5
NAMING_WORDS = frozenset(lexicon.words("naming_words"))
CUE_PREPOSITIONS = lexicon.word_set("on in to at via during through")
CLAUSE_STOPS = lexicon.word_set("on in at to during after before from with via while because when as")
CLAUSE_OPENERS = lexicon.word_set(
    "that which who whom what where how and but or because while as when after before from with"
    " though although so since yet whereas unless"
)
MAX_PHRASE_WORDS = 6
INDEFINITE = lexicon.word_set("a an another one some")
# Words that open a clause or an adverbial, not a speaker ("as one trader said", "citing a source").
LEADING = lexicon.word_set("as though although while so since yet whereas unless because if when once citing")
WHEN_WORDS = lexicon.word_set(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight earlier later"
)
WHEN_OPENERS = lexicon.word_set("on last this late early")
# A name goes on past the phrase's word limit ("the latest figures from the Harbour Statistics Office").
MAX_NAME_WORDS = 5
# "an official named Orvel", "a trader called Bram": the name that follows is the speaker.
NAMED = lexicon.word_set("named called")
# Verbs of authorship before "by" in a document's description ("a study released by the Harbour
# Institute"): the author speaks for the document. "obtained by", "seen by" name a reader instead.
AUTHORED = lexicon.word_set(
    "released published issued conducted written prepared produced compiled commissioned"
)
POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
AGE = re.compile(r"(?:\d+-)?year-old")
SUBJECT_PRONOUNS = lexicon.word_set("he she they он она они")
PLURAL_PRONOUNS = lexicon.word_set("they они")
NAME_JOINERS = lexicon.word_set("of the for from at in on to by and")
MAX_NAME_CHARS = 60
RELATIVES = lexicon.word_set("who whose which whom")
GOVERNORS = lexicon.word_set("the a an with to of for by from about at in on against than into")
PROTAGONIST_MENTIONS = 2
PHRASE_EDGES = frozenset(lexicon.words("phrase_edges"))
ACCORDING_TO = frozenset({("according", "to"), ("по", "словам"), ("по", "мнению"), ("по", "данным")})
DETERMINERS = lexicon.word_set("the a an this that his her their its our one another")
INNER_SUBJECT_OPENERS = lexicon.word_set("the his her their its")
TERMINAL = ".!?…"
# How far back a pronoun's person may have been named.
PRONOUN_SENTENCES = 15
# The reporter's words read on either side of a quotation, at most: a sentence as long as a book
# must not make extraction quadratic.
CONTEXT_CHARS = 600


@dataclass
class Cue:
    verb: Word
    text: str
    # The person's index in the people list, or None.
    speaker: int | None
    speaker_text: str
    before: bool


def parts_phrases(gap):
    """Whether the stretch between two words parts two phrases: a comma, a bracket, a dash, a line
    break ("WASHINGTON — The port authority", a heading before its paragraph)."""
    return any(c in gap for c in ",;:()\n—–") or "--" in gap


def may_be_single_name(bare):
    """Whether one capitalised word alone can name a person ("Okafor said"): not a common English
    word ("Witnesses", "Commons") nor a brand's inner capitals ("NorthLink") or initials ("BCH")."""
    if bare in lexicon.given_names():
        return True
    if is_common_word(bare) or bare.isupper() or any(c.isupper() for c in bare[1:] if c.isalpha()):
        return "-" in bare and not bare.isupper()
    return True


def past_relative_clause(text, stretch):
    """The words before a verb without a relative clause set off by commas just before it ("a diver
    from the port, who found the wreck, said" -> "a diver from the port")."""
    if len(stretch) < 3 or not text[stretch[-1].end : stretch[-1].end + 2].startswith(","):
        return stretch
    for k in range(len(stretch) - 1, 0, -1):
        if stretch[k].lower in RELATIVES and text[stretch[k - 1].end : stretch[k].start].strip() == ",":
            return stretch[:k]
    return stretch


class Attributor:
    """Attributes the quoted stretches of one text, given its words, sentences and people."""

    def __init__(self, text, words, quoted_word, sentences, registry, mentions):
        self.text = text
        # Whether each word is inside a quotation.
        self.quoted_word = quoted_word
        self.words = words
        self.starts = [w.start for w in words]
        # The reporter's words alone, which most rules walk over: filtered once here, not at each look.
        self.own_words = [w for w, quoted in zip(words, quoted_word, strict=True) if not quoted]
        self.own_starts = [w.start for w in self.own_words]
        self.sentences = sentences
        self.registry = registry
        self.verbs = lexicon.speech_verbs()
        self.people = registry.people
        # (start, end, person index) of every mention, in order.
        self.mentions = mentions
        # (position, person index) of every quotation attributed so far, in order, to resolve pronouns.
        self.spoken = []

    def words_between(self, start, end):
        """The reporter's words in text[start:end] (none from inside a quotation)."""
        lo = bisect.bisect_left(self.own_starts, start)
        hi = bisect.bisect_left(self.own_starts, end)
        found = self.own_words[lo:hi]
        # Words are in order and do not overlap: only the last one can run past ``end``.
        if found and found[-1].end > end:
            found.pop()
        return found

    def mentions_between(self, start, end):
        """(start, end, person index) of the mentions inside text[start:end], in order."""
        lo = bisect.bisect_left(self.mentions, (start,))
        hi = bisect.bisect_left(self.mentions, (end,))
        return [m for m in self.mentions[lo:hi] if m[1] <= end]

    def is_verb(self, word):
        return word.lower in self.verbs

    def cue_text(self, verb, after_words):
        """The verb and what qualifies it: "posted on Telegram", "told reporters", "said in a statement"."""
        parts = [verb]
        if after_words and (
            verb.lower in ("told", "tells", "tell") or after_words[0].text in CUE_PREPOSITIONS
        ):
            parts.append(after_words[0])
            rest = after_words[1:3]
            if parts[-1].text in CUE_PREPOSITIONS and rest:
                if rest[0].lower in DETERMINERS and len(rest) > 1:
                    parts += rest[:2]
                else:
                    parts.append(rest[0])
        end = parts[-1].end
        if self.text[verb.end : end].count("\n") or any(c in self.text[verb.end : end] for c in ",.;:"):
            end = verb.end
        return self.text[verb.start : end]

    def speaker_in(self, start, end, position, subject=False):
        """(person index or None, text) for the speaker named in text[start:end]; None when nobody is.

        ``subject``: the stretch ends at the cue's verb, so the speaker is the words nearest to it
        ("he said", "Kadyrov noted"), or, past an appositive ("Daudov, chairman of ..., said"), the name
        before the appositive, or else the sentence's subject.
        """
        stretch = self.words_between(start, end)
        if not stretch:
            return None
        found = self.mentions_between(start, end)
        pronouns = lexicon.pronouns()
        if subject:
            last = stretch[-1]
            if last.lower in pronouns:
                return self.pronoun_speaker(last)
            for s, e, person in reversed(found):
                if (e == last.start + len(last.bare) or e == last.end) and not self.governed(s, stretch):
                    return person, self.text[s:e]
            if self.text[last.end : end].strip().startswith(","):
                # "X, the role, said": the name before the appositive.
                for s, e, person in reversed(found):
                    if self.text[e:end].lstrip().startswith(","):
                        return person, self.text[s:e]
                if (
                    len(stretch) >= 2
                    and is_name_word(last)
                    and self.text[stretch[-2].end : last.start] == ", "
                    and stretch[-2].lower in lexicon.kin_nouns() | lexicon.role_nouns()
                ):
                    # "His wife, Mila, said": the one name after the description.
                    return self.person_named(last), last.bare
        else:
            first = stretch[0]
            if first.lower in SUBJECT_PRONOUNS:
                return self.pronoun_speaker(first)
        # "Jane Roe of the port said"; not "Roe's staff said", where the person owns the speaker.
        found = [m for m in found if not POSSESSIVE_AFTER.match(self.text, m[1])]
        # "In a letter about the Roe case, the port said", "said a spokesperson for Roe": a name after
        # a preposition or an article is not the speaker.
        found = [m for m in found if not self.governed(m[0], stretch)]
        if found:
            s, e, person = found[0]
            return person, self.text[s:e]
        for word in stretch[:1] + stretch[-3:] if subject else stretch[:2]:
            lower = word.lower
            # "he", not "her lawyer": a possessive or an object names whose words, not who spoke.
            if lower in SUBJECT_PRONOUNS:
                return self.pronoun_speaker(word)
        if subject and stretch[-1].lower == "and" and len(stretch) > 2:
            # "The Harbour Board called for the crew's release and expressed “concern”": the verb
            # shares the sentence's subject, a body's name opening it.
            opening = self.opening_name(stretch)
            if opening:
                return None, opening
        phrase_words = self.noun_phrase(stretch, subject)
        for k, word in enumerate(phrase_words[:-1]):
            following = phrase_words[k + 1]
            if word.lower in NAMED and is_name_word(following) and following is phrase_words[-1]:
                return self.person_named(following), following.bare
        if not subject:
            author = self.authored_by(stretch, phrase_words)
            if author:
                return None, author
        for word in reversed(phrase_words):
            if is_possessive(word):
                # "the Prime Minister's office": a role before a possessive is the owner's, no speaker.
                break
            lower = word.bare.casefold()
            # "the 45-year-old": an age describes a person as a role does.
            if (
                lower in lexicon.role_nouns()
                or lower.split("-")[0] in lexicon.role_nouns()
                or AGE.fullmatch(lower)
            ):
                # "a spokesperson said": an indefinite article brings in someone not named before.
                indefinite = phrase_words[0].lower in INDEFINITE
                person = None if indefinite else self.resolve_role(lower, position)
                owned = any(is_possessive(w) for w in phrase_words)
                if person is None and not (indefinite or owned) and self.is_definite(stretch, phrase_words):
                    # Not "the minister's spokesperson": someone else than whom the article is about.
                    person = self.protagonist(position)
                return person, self.text[phrase_words[0].start : phrase_words[-1].end]
        # A capitalised name the article did not give in full ("Trump said"), or a description.
        # Only next to the verb: "Trump said", "said Trump".
        word = phrase_words[-1] if subject else phrase_words[0]
        if (
            is_name_word(word)
            and len(phrase_words) == 1
            or (
                subject
                and len(phrase_words) > 1
                and is_name_word(word)
                and not phrase_words[-2].capitalised
                # "the City of Harbourton": the end of a body's name.
                and phrase_words[-2].lower not in NAME_JOINERS
            )
        ):
            if (
                not subject
                and self.word_at(position) == "according"
                and self.registry.lone(word.bare, word.start) is None
            ):
                # "according to Brightwater": one word the article gives no person for is as often a
                # body's name as a person's; it is kept as written, not made a person.
                return None, word.bare
            if subject and self.plural_verb_at(position):
                # "Democrats say", "Northlanders shout": a plural verb's subject is no one person.
                return None, self.text[phrase_words[0].start : word.start + len(word.bare)]
            return self.person_named(word), word.bare
        while phrase_words and phrase_words[-1].lower in PHRASE_EDGES:
            phrase_words = phrase_words[:-1]
        while phrase_words and phrase_words[0].lower in (PHRASE_EDGES - DETERMINERS):
            phrase_words = phrase_words[1:]
        while len(phrase_words) > 1 and phrase_words[0].lower in LEADING:
            phrase_words = phrase_words[1:]
        if not phrase_words:
            return None, ""
        phrase = self.text[phrase_words[0].start : phrase_words[-1].end]
        if phrase_words[0].lower == "the" and len(phrase_words) > 1:
            person = self.described(phrase_words[1:], position)
            if person is not None:
                return person, phrase
        return None, phrase

    def authored_by(self, stretch, phrase_words):
        """The name after "by" when the phrase is a document followed by a clause that says who made it
        ("a survey that was issued in spring by Civic Forum", "a report published by the Harbour
        Institute"), or ""."""
        if not phrase_words or phrase_words[-1].lower not in lexicon.document_nouns():
            return ""
        rest = stretch[stretch.index(phrase_words[-1]) + 1 :]
        for k, word in enumerate(rest[:-1]):
            if k and parts_phrases(self.text[rest[k - 1].end : word.start]):
                return ""
            if word.lower == "by" and any(w.lower in AUTHORED for w in rest[:k]):
                name = []
                agent = rest[k + 1 :]
                for later in agent[1:] if agent and agent[0].lower == "the" else agent:
                    if not (
                        later.text[0].isupper()
                        or (name and later.lower in NAME_JOINERS - {"by", "in", "on", "at", "to"})
                    ):
                        break
                    if name and self.text[name[-1].end : later.start] != " ":
                        break
                    name.append(later)
                while name and not name[-1].text[0].isupper():
                    name.pop()
                return self.text[name[0].start : name[-1].start + len(name[-1].bare)] if name else ""
        return ""

    def opening_name(self, stretch):
        """The capitalised name that opens a sentence ("The Harbour Board"), or ""."""
        run = []
        for word in stretch:
            # "The U.S. Trade Bureau": initials belong to the name.
            if not (word.text[0].isupper() or (run and word.lower in NAME_JOINERS - {"and"})):
                break
            if run and self.text[run[-1].end : word.start] != " ":
                break
            run.append(word)
        while run and not run[-1].text[0].isupper():
            run.pop()
        if not run or run[0].lower in GOVERNORS - DETERMINERS or run[0].lower in lexicon.pronouns():
            return ""
        if (
            len(run) == 1
            and is_common_word(run[0].bare)
            or len(run) == 2
            and run[0].lower in DETERMINERS
            and is_common_word(run[1].bare)
        ):
            return ""
        return self.text[run[0].start : run[-1].start + len(run[-1].bare)]

    def word_at(self, position):
        """The lower-case word that starts at ``position``, or ""."""
        i = bisect.bisect_left(self.starts, position)
        return self.words[i].lower if i < len(self.words) and self.words[i].start == position else ""

    def plural_verb_at(self, position):
        """Whether the word at ``position`` is a speech verb in the plural of the present tense ("say",
        "shout", not "says", "said")."""
        verb = self.word_at(position)
        return bool(verb) and not verb.endswith(("s", "ed")) and verb + "s" in self.verbs

    def governed(self, start, stretch):
        """Whether the name at ``start`` follows a preposition or an article in ``stretch``, also past
        its title ("a spokesperson for Mayor Lena Ortiz")."""
        i = bisect.bisect_left([w.start for w in stretch], start)
        while i > 0 and (
            stretch[i - 1].bare in lexicon.titles() or stretch[i - 1].lower in lexicon.role_nouns()
        ):
            i -= 1
        return 0 < i < len(stretch) + 1 and stretch[i - 1].lower in GOVERNORS

    def named_after(self, start, end):
        """(person, text) of a name set off by a comma right after a description ("said the port's
        spokesperson, Jane Roe"), or None."""
        if not self.text[start - 2 : start].strip().endswith(","):
            return None
        found = self.mentions_between(start, end)
        following = self.words_between(start, end)
        if found and following and found[0][0] == following[0].start:
            s, e, person = found[0]
            return person, self.text[s:e]
        return None

    def described(self, description, position):
        """The person the text introduced with this description before ``position``: "Jane Roe, the
        harbour master," or "harbour master Jane Roe" for "the harbour master"; None if no one."""
        wanted = " ".join(w.lower for w in description)
        appositive = re.compile(r",\s+(?:the|a|an)\s+" + re.escape(wanted) + r"\b")
        found = None
        for start, end, person in self.mentions[: bisect.bisect_left(self.mentions, (position,))]:
            after = self.text[end : end + len(wanted) + 8].casefold()
            before = self.text[max(0, start - len(wanted) - 1) : start].casefold()
            if appositive.match(after) or before == wanted + " ":
                found = person
        return found

    def is_definite(self, stretch, phrase_words):
        """Whether the description opens with "the", also past adjectives set off by commas ("the
        tall, soft-spoken coach")."""
        index = stretch.index(phrase_words[0])
        before = [w.lower for w in stretch[max(0, index - 3) : index + 1]]
        return "the" in before and not any(w in CLAUSE_OPENERS for w in before[before.index("the") :])

    def protagonist(self, position):
        """The person named most often before ``position``, when one stands out: whom "the mayor" means
        when no one was given that role by name."""
        counts = Counter(
            person for _, _, person in self.mentions[: bisect.bisect_left(self.mentions, (position,))]
        )
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if (
            ranked
            # The only person named so far: "Jane Roe, who ... . The former harbour master said".
            and (len(ranked) == 1 or (ranked[0][1] >= PROTAGONIST_MENTIONS and ranked[0][1] > ranked[1][1]))
        ):
            return ranked[0][0]
        return None

    def noun_phrase(self, stretch, subject):
        """The words of a speaker who is no named person: before the verb, back to the clause's start
        ("In a statement, Facebook said"); after the quotation, up to an appositive ("a citizen, whose
        name is redacted, wrote")."""
        if subject:
            stretch = past_relative_clause(self.text, stretch)
            words = [stretch[-1]]
            for k in range(len(stretch) - 2, -1, -1):
                word = stretch[k]
                gap = self.text[word.end : words[0].start]
                if (
                    word.lower == "with"
                    and k
                    and (
                        stretch[k - 1].lower == "familiar"
                        or stretch[k - 1].lower.endswith("ed")
                        or stretch[k - 1].lower.removesuffix("s") in lexicon.role_nouns()
                    )
                ):
                    # "people familiar with the talks", "officials involved with the plan", "officials
                    # with the ministry": the phrase goes on past its "with".
                    words.insert(0, word)
                    continue
                if parts_phrases(gap) or word.lower in CLAUSE_OPENERS:
                    if (words[0].lower in RELATIVES or is_participle(words[0])) and "," in gap:
                        # "a reader, whose letter was unsigned, wrote", "an official, speaking on
                        # condition of anonymity, said": past the aside.
                        words = [word]
                        continue
                    break
                words.insert(0, word)
            # Past a preposition: "in a step the firm said".
            opening = 1 if words[0].lower in GOVERNORS - DETERMINERS else 0
            for k in range(opening + 2, min(len(words), opening + 4)):
                if (
                    words[opening].lower in DETERMINERS
                    and words[k].lower in INNER_SUBJECT_OPENERS
                    and words[k - 1].lower not in GOVERNORS | DETERMINERS
                ):
                    # "a step the firm said it had to take": a relative clause without "that", whose
                    # subject spoke.
                    words = words[k:]
                    break
            mark_before = self.text[max(0, stretch[0].start - 3) : stretch[0].start].strip()[-1:]
            if mark_before and mark_before in '”"»' and len(words) < len(stretch):
                # After the quotation: the subject opens the stretch; the rest is an appositive.
                words = [stretch[0]]
                for word in stretch[1:]:
                    gap = self.text[words[-1].end : word.start]
                    if parts_phrases(gap) and not (
                        gap.strip() == "," and self.between_adjectives(words, word)
                    ):
                        break
                    words.append(word)
        else:
            words = [stretch[0]]
            for word in stretch[1:]:
                if parts_phrases(self.text[words[-1].end : word.start]):
                    break
                if word.lower in WHEN_WORDS:
                    # "said Jane Roe on Tuesday": when it was said is no part of the speaker.
                    while len(words) > 1 and words[-1].lower in WHEN_OPENERS:
                        words.pop()
                    break
                if words[-1].lower in lexicon.document_nouns() and word.lower.endswith("ed"):
                    # "a survey printed in the gazette": the document is the speaker.
                    break
                # "a survey that the board ran", "the letter seen by the paper": a relative
                # clause, or a participle with its agent, is no part of the speaker.
                if word.lower in RELATIVES or (word.lower == "that" and not words[-1].capitalised):
                    break
                if word.lower == "by" and len(words) > 2 and words[-1].lower.endswith(("ed", "en")):
                    words.pop()
                    break
                words.append(word)
            if len(words) > MAX_PHRASE_WORDS:
                # Not a name cut in two ("numbers from Statistics" of "... Statistics Norland").
                end = MAX_PHRASE_WORDS
                while (
                    end < len(words)
                    and end < MAX_PHRASE_WORDS + MAX_NAME_WORDS
                    and words[end - 1].capitalised
                    and words[end].capitalised
                ):
                    end += 1
                return words[:end]
        if not subject:
            return words
        start = max(0, len(words) - MAX_PHRASE_WORDS)
        while (
            start > 0
            and len(words) - start < MAX_PHRASE_WORDS + MAX_NAME_WORDS
            and words[start - 1].capitalised
            and words[start].capitalised
        ):
            # Not a name cut in two ("Harbour Agency's Coastal Power Systems Program" of "The
            # International Harbour Agency's ...").
            start -= 1
        return words[start:]

    @staticmethod
    def between_adjectives(words, following):
        """Whether a comma after ``words`` only parts two adjectives of one description ("the tall,
        soft-spoken coach"): the description so far is a determiner and lower-case words that name no
        one, and a lower-case word that opens no clause goes on after it."""
        return (
            len(words) >= 2
            and words[0].lower in DETERMINERS
            and all(not w.capitalised and w.lower not in lexicon.role_nouns() for w in words[1:])
            and not following.capitalised
            and following.lower not in CLAUSE_OPENERS | RELATIVES | PHRASE_EDGES
        )

    def person_named(self, word):
        """The person a lone capitalised word names: a known surname, or a new person when the word
        can be a name at all; None for a body or a common noun ("Northlink said", "Protesters said")."""
        index = self.registry.lone(word.bare, word.start)
        if index is None:
            if not may_be_single_name(word.bare) or self.names_a_body(word.bare):
                return None
            index = self.registry.single(word.bare, word.start)
        mention = FoundMention(word.start, word.start + len(word.bare), word.bare)
        person = self.people[index]
        if mention not in person.mentions:
            person.mentions.append(mention)
            person.mentions.sort(key=lambda m: m.start)
            bisect.insort(self.mentions, (mention.start, mention.end, index))
        return index

    def names_a_body(self, bare):
        """Whether the text gives ``bare`` as the first word of a body's name ("Brightwave Telecom",
        "Northwind Power Co."): then "Brightwave said" is the body speaking."""
        for match in re.finditer(r"\b" + re.escape(bare) + r" ([A-Z][\w&’'-]*)", self.text):
            following = match.group(1)
            if not is_name(following) and following.casefold() not in lexicon.role_nouns():
                return True
        return False

    def pronoun_speaker(self, word, position=None):
        """(person, "") for the person a pronoun refers to, or (None, the pronoun) when none fits;
        ``position``: look for the person before it rather than before the pronoun."""
        gender = lexicon.pronouns()[word.lower]
        if word.lower in PLURAL_PRONOUNS:
            # "they say": most often a group named before ("residents", "the Conservatives").
            group = self.group_before(word.start if position is None else position)
            if group:
                return None, group
        if word.lower in PLURAL_PRONOUNS:
            return None, word.text
        person = self.resolve_pronoun(word.start if position is None else position, gender)
        if person is None and gender and word.lower not in PLURAL_PRONOUNS:
            # No one of that gender named before: the gender a given name suggests is a guess ("Wei",
            # "Andrea" are given to both), and "he" alone names no speaker at all.
            person = self.resolve_pronoun(word.start if position is None else position, "")
        return person, "" if person is not None else word.text

    def group_before(self, position):
        """The plural subject of the sentence before ``position`` or of its own ("Republican senators
        are eager ..., and they say"), as written, or ""."""
        index = self.sentences.index(position)
        for back in (index, index - 1):
            if back < 0:
                break
            start, _ = self.sentences.bounds(back)
            stretch = self.words_between(start, position)[:4]
            phrase = []
            for word in stretch:
                phrase.append(word)
                if word.lower.endswith("s") and not word.lower.endswith("ss") and len(word.lower) > 3:
                    # Not "the party hopes": after a noun, a word ending in "s" is its verb.
                    after_noun = any(
                        w.lower in lexicon.body_nouns() | lexicon.role_nouns() for w in phrase[:-1]
                    )
                    if word.lower not in lexicon.pronouns() and not self.is_verb(word) and not after_noun:
                        text = self.text[phrase[0].start : word.end]
                        return text if len(phrase) <= 3 and "," not in text else ""
                    break
                if word.lower in SUBJECT_PRONOUNS:
                    break
        return ""

    def resolve_pronoun(self, position, gender):
        """The person last named in a subject's place before ``position`` (of ``gender`` when known).

        A sentence that opens with the same pronoun refers to the same person: look further back.
        """
        index = self.sentences.index(position)
        pronouns = lexicon.pronouns()

        def fits(person):
            known = self.people[person].gender
            return not gender or not known or known == gender

        horizon = position - 5 * CONTEXT_CHARS
        for back in range(index, max(-1, index - PRONOUN_SENTENCES), -1):
            start, end = self.sentences.bounds(back)
            if end <= horizon:
                break
            start, end = max(start, horizon), min(end, position)
            events = [(s, p) for s, _, p in self.mentions_between(start, end)]
            spoken = self.spoken[
                bisect.bisect_left(self.spoken, (start,)) : bisect.bisect_left(self.spoken, (end,))
            ]
            events += spoken
            events += [
                (w.start, None)
                for w in self.words_between(start, end)
                if pronouns.get(w.lower, "-") == gender and gender
            ]
            events.sort(key=lambda event: event[0])
            for _, person in events:
                if person is None:
                    break
                if fits(person):
                    if gender and not self.people[person].gender:
                        self.people[person].gender = gender
                    return person
        return None

    def resolve_role(self, noun, position):
        """The person last named before ``position`` whose role is ``noun`` ("the mayor")."""
        # "the mayor" for "mayoral candidate Lena Ortiz" too.
        holders = {
            index
            for index, person in enumerate(self.people)
            if any(word.startswith(noun[:5]) for word in person.role.casefold().split())
        }
        if holders:
            for _, _, person in reversed(self.mentions[: bisect.bisect_left(self.mentions, (position,))]):
                if person in holders:
                    return person
        return None

    def cue_after(self, quoted, sentence_end):
        """The cue after a quotation: `,” Kadyrov said`, `,” said Kadyrov`, `», — заявил Кадыров`."""
        sentence_end = min(sentence_end, quoted.close + CONTEXT_CHARS)
        stretch = self.words_between(quoted.close + 1, sentence_end)[:AFTER_WINDOW]
        content_end = self.text[quoted.start : quoted.end].rstrip()
        ends_sentence = content_end[-1:] == "." and self.text[quoted.close + 1 : quoted.close + 2] not in ",;"
        for n, word in enumerate(stretch):
            if not self.is_verb(word):
                continue
            between = self.text[quoted.close + 1 : word.start]
            # A long subject is a name with an appositive ("Jane Roe, the engineer in charge, said") or
            # a name with its role before it ("... marine biologist Tomas Varga said").
            if n > SUBJECT_WINDOW and not (
                (self.starts_with_mention(stretch[0]) and "," in between) or self.ends_mention(stretch[n - 1])
            ):
                return None
            if ends_sentence and n > 4:
                return None
            rest = stretch[n + 1 :]
            if ends_sentence and rest and rest[0].lower == "that":
                return None
            if n:
                found = self.speaker_in(quoted.close + 1, word.start, word.start, subject=True)
            else:
                clause_end = sentence_end
                previous_end = word.end
                for later in rest:
                    if later.text in CLAUSE_STOPS or any(
                        c in self.text[previous_end : later.start] for c in ",.;:"
                    ):
                        clause_end = later.start
                        break
                    previous_end = later.end
                found = self.speaker_in(word.end, clause_end, word.start)
                if found is not None and found[0] is None:
                    found = self.named_after(clause_end, sentence_end) or found
            if found is None:
                return None
            person, speaker_text = found
            return Cue(word, self.cue_text(word, rest), person, speaker_text, before=False)
        return None

    def reported_speaker(self, position, limit):
        """(verb position, person, text) of the last speech verb with a speaker between ``limit`` and
        ``position`` ("Transport Minister Ines Okafor says she will meet the unions..."), or None."""
        limit = max(limit, position - 3 * CONTEXT_CHARS)
        index = self.sentences.index(position)
        for back in range(index, -1, -1):
            start, end = self.sentences.bounds(back)
            end = min(end, position)
            if end <= limit:
                break
            for word in reversed(self.words_between(max(start, limit), end)):
                if self.is_verb(word):
                    found = self.speaker_in(start, word.start, word.start, subject=True)
                    if found and found[0] is not None:
                        return word.start, found[0], found[1]
        return None

    def ends_mention(self, word):
        found = self.mentions_between(word.start - MAX_NAME_CHARS, word.end)
        return bool(found) and found[-1][1] in (word.end, word.start + len(word.bare))

    def starts_with_mention(self, word):
        i = bisect.bisect_left(self.mentions, (word.start,))
        return (i < len(self.mentions) and self.mentions[i][0] == word.start) or is_name_word(word)

    def cue_before(self, quoted, sentence_start):
        """The cue before a quotation: `Kadyrov wrote: “`, `He noted that “`, `According to Daudov, “`."""
        sentence_start = max(sentence_start, quoted.open - CONTEXT_CHARS)
        stretch = self.words_between(sentence_start, quoted.open)
        if stretch and self.text[stretch[-1].end : quoted.open].strip() == ":":
            # "Jane Roe: “...”": a name and a colon, as interviews and live reports write.
            found = self.mentions_between(stretch[0].start, quoted.open)
            if found and found[-1][1] in (stretch[-1].end, stretch[-1].start + len(stretch[-1].bare)):
                start, end, person = found[-1]
                return Cue(stretch[-1], "", person, self.text[start:end], before=True)
        for n in range(len(stretch) - 1, -1, -1):
            word = stretch[n]
            lower = word.lower
            # "according to X, ...", "по словам X, ..."
            if n + 1 < len(stretch) and (lower, stretch[n + 1].lower) in ACCORDING_TO:
                end = quoted.open
                for later in stretch[n + 2 :]:
                    if any(c in self.text[stretch[n + 1].end : later.start] for c in ",;:"):
                        end = later.start
                        break
                found = self.speaker_in(stretch[n + 1].end, end, word.start)
                if found:
                    cue = self.text[word.start : stretch[n + 1].end]
                    return Cue(word, cue, found[0], found[1], before=True)
                continue
            if not self.is_verb(word) or (n and stretch[n - 1].lower in DETERMINERS):
                # Not "the estimate was “...”": after an article, a noun.
                continue
            # A verb inside a clause that another quotation already closed is that one's.
            found = self.speaker_in(sentence_start, word.start, word.start, subject=True)
            if found is None:
                # "said Kadyrov: “"
                found = self.speaker_in(word.end, quoted.open, word.start)
            if found is None:
                return None
            person, speaker_text = found
            return Cue(word, self.cue_text(word, stretch[n + 1 :]), person, speaker_text, before=True)
        if stretch and self.text[stretch[-1].end : quoted.open].strip() == ":":
            # "Sam Ott, who joined in May, sees it differently: “...”": a sentence that introduces the
            # quotation with a colon, its subject a person, gives the speaker.
            found = sentence_subject(self, stretch, sentence_start)
            if found is not None and (found[0] is not None or found[1]):
                return Cue(stretch[-1], "", found[0], found[1], before=True)
        return None
