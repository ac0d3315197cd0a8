"""Reported speech: what someone said in the reporter's words, without quotation marks.

The constructions, each with its reported clause as the quotation's text:

- `SPEAKER said (that) CLAUSE.` and its kin: `told reporters (that)`, `noted that`, `says` in the
  present, `said in a statement that`, `, adding that CLAUSE`;
- `CLAUSE, SPEAKER said.` and `CLAUSE, said SPEAKER.`, the clause before the cue;
- `According to SPEAKER, CLAUSE.`, `CLAUSE, according to SPEAKER.` and `по словам X, ...`.

The speaker is a noun phrase next to the cue: a name, a pronoun, a role ("the minister"), a body ("the
utility") or a description ("officials"). A clause of quoted words only is a direct quotation, which
``marks`` and ``attribution`` handle; a clause that holds quoted words among the reporter's own is
reported speech still (the GenderGapTracker's "mixed" kind).
"""

import bisect
import re

from . import lexicon
from .text import is_participle

# Verbs that report what someone said with a clause after them; past, present and participle forms.
REPORTING = frozenset(lexicon.words("reporting_verbs"))
# Verbs that take whom one tells before the clause ("told reporters that", "assured the council").
TELLING = lexicon.word_set("told tells tell telling assured assures warned warns informed informs reminded")
# Words between a subject and its verb: "has also said", "would later say".
BETWEEN_SUBJECT_AND_VERB = lexicon.word_set(
    "has have had also later previously earlier then further again would will has repeatedly already "
    "recently once still now however initially originally first"
)
# "was told", "is said to": the subject did not say it.
PASSIVE = lexicon.word_set("was were is are be been being get got")
# What follows a verb that reports no clause: "said goodbye", "said to be", "says so".
NO_CLAUSE = lexicon.word_set(
    "to so yes no goodbye nothing something anything little much more less about of by for with why how "
    "what whether if hello thanks sorry not"
)
# Words that can open a clause as its subject's quantity ("said more arrests were possible").
QUANTIFIERS = lexicon.word_set("more less much little")
# Adverbials a clause may follow: "said Tuesday the", "said last week that".
WHEN_WORDS = lexicon.word_set(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later "
    "recently previously again also repeatedly then last this week month year morning afternoon evening "
    "night day weekend"
)
SUBJECT_PRONOUNS = lexicon.word_set("he she they we i it он она они мы")
# Words that cannot be a speaker's last word: "the law that", "which said", "residents are".
NOT_SPEAKER_ENDS = frozenset(lexicon.words("phrase_edges")) | lexicon.word_set(
    "who which whom whose what where when why how as than if because while not"
)
ACCORDING = frozenset({("according", "to"), ("по", "словам"), ("по", "мнению"), ("по", "данным")})
# Their first words, which rule out most words of a sentence before a pair is looked up.
ACCORDING_OPENERS = frozenset(first for first, _ in ACCORDING)
MIN_CLAUSE_WORDS = 4
# A sentence without one of these words reports no speech.
CUE_WORDS = REPORTING | ACCORDING_OPENERS | {"report", "reports", "state", "states"}
MAX_CUE_WORDS = 9
CLAUSE_TRIM = " \t\n,;:—–-"
# Where a story was filed, in capitals, with its agency: "HARBOURTON — ", "PORT ALDER, N.S. (CP) -- ".
DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’ ]+[A-Z.](?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)? )?(\([A-Za-z ]{1,20}\) )?(?:—|–|--?) "
)
# A dateline opens a story: only its first lines are looked at.
DATELINE_REACH = 300


# Words that make a stretch a clause, not a speaker's noun phrase: "debt is higher than", "we can't".
NOT_IN_NOUN_PHRASE = lexicon.word_set(
    "is are was were be been being am have has had do does did can could would will shall should may might "
    "must to than when where how if not never also long just only even already"
)


def is_noun_phrase(text):
    """Whether the text naming a speaker reads as a noun phrase ("the utility", "city staff", "a
    spokesperson for the port"), not a piece of a clause ("debt is higher than", "badly hit", "we can't")."""
    parts = text.split()
    if not parts or len(parts) > 8:
        return False
    lowered = [p.casefold().strip(",.;:") for p in parts]
    if any(p in NOT_IN_NOUN_PHRASE or p.endswith(("n't", "n’t")) for p in lowered):
        return False
    last = lowered[-1]
    if last in lexicon.pronouns() or last in SUBJECT_PRONOUNS:
        return len(parts) == 1
    return not (
        last.endswith(("ly", "'s", "’s", "s'", "s’"))
        or last in NOT_SPEAKER_ENDS
        # A number, but not an age standing for a person ("the 45-year-old").
        or (last[:1].isdigit() and not last.endswith("year-old"))
        or last in REPORTING
        or lowered[0] in NOT_SPEAKER_ENDS - DETERMINER_WORDS
    )


# Verbs that say what a thing shows as readily as what someone said: "the data suggests", "records
# indicated", "the chart shows".
INFERENCE_VERBS = lexicon.word_set(
    "suggest suggests suggested indicate indicates indicated predict predicts predicted show shows showed "
    "reveal reveals revealed"
)
# What a document or a measure is called: what it suggests or indicates is no one's speech.
DOCUMENT_NOUNS = lexicon.word_set(
    "report reports study studies survey surveys data document documents poll polls findings figures "
    "numbers chart charts graph records analysis research statistics results review evidence model tests"
)


# Verbs that are nouns as often ("a report", "the state"): cues only after a subject that fits them.
NOUN_LIKE_VERBS = lexicon.word_set("report state")
PLURAL_SUBJECTS = lexicon.word_set("they we i you")
SINGULAR_SUBJECTS = lexicon.word_set("he she it")


def is_cue(words, n):
    """Whether ``words[n]`` is a verb that reports a clause: one of the reporting verbs, and for
    those that are nouns as often, in lower case after a subject of its number ("residents report",
    "he states"; not "a new report", "the United States")."""
    word = words[n]
    if word.lower in NOUN_LIKE_VERBS or word.lower.removesuffix("s") in NOUN_LIKE_VERBS:
        if not word.text.islower() or not n:
            return False
        previous = words[n - 1]
        if word.lower in NOUN_LIKE_VERBS:
            return previous.lower in PLURAL_SUBJECTS or (
                previous.text.islower() and previous.lower.endswith("s") and not previous.lower.endswith("ss")
            )
        return previous.lower in SINGULAR_SUBJECTS or previous.capitalised
    return word.lower in REPORTING


def has_speaker(found):
    """A reported clause needs someone who said it: a person, or a noun phrase for one, and not a
    document that a verb of inference makes speak ("the data suggests")."""
    verb, person, speaker_text = found[2], found[4], found[5]
    if person is None and verb.lower in INFERENCE_VERBS:
        last = speaker_text.split()[-1:]
        if last and last[0].casefold() in DOCUMENT_NOUNS:
            return False
    if person is not None:
        return True
    if verb.lower in CUE_WORDS - REPORTING:
        # "according to X": what follows the preposition is a noun phrase, however long.
        return bool(speaker_text.strip())
    return is_noun_phrase(speaker_text)


# A line that opens with a label in capitals: "READ MORE:", "WATCH:".
LABEL = re.compile(r"[A-Z][A-Z’'&\- ]{2,}:")


def reported_clauses(attributor, sentences):
    """(start, end, verb Word, cue text, speaker, speaker text) of each reported clause, in order."""
    found = []
    text = attributor.text
    # Most sentences hold no cue word: where the cue words stand tells them apart unread.
    cue_starts = [w.start for w in attributor.own_words if w.lower in CUE_WORDS]
    for index in range(len(sentences.starts)):
        start, end = sentences.bounds(index)
        first_cue = bisect.bisect_left(cue_starts, start)
        if first_cue == len(cue_starts) or cue_starts[first_cue] >= end:
            continue
        words = attributor.words_between(start, end)
        if len(words) < MIN_CLAUSE_WORDS + 1 or not any(w.lower in CUE_WORDS for w in words):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : len(text) if line_end == -1 else line_end].rstrip()
        if LABEL.match(line) and line[-1:] not in '.!?”"':
            # "READ MORE: Minister says ship is late": a headline linking to another story.
            continue
        clauses = according_to(attributor, words, start, end)
        if not clauses:
            # Where the cue verbs stand, found once for both rules that read the sentence.
            cues = [n for n, word in enumerate(words) if word.lower in CUE_WORDS and is_cue(words, n)]
            clauses = cue_after_clause(attributor, words, cues, start, end)
            clauses += cue_before_clause(attributor, words, cues, start, end, clauses)
        kept = []
        for clause in sorted(clauses, key=lambda c: (c[0], -c[1])):
            if not has_speaker(clause):
                continue
            if text[clause[0] : clause[1]].strip() and not any(
                clause[0] < other[1] and other[0] < clause[1] for other in kept
            ):
                kept.append(clause)
        found += kept
    return found


def trimmed(text, start, end):
    """(start, end) without the spaces, commas and the sentence's final stop at the edges, nor a
    dateline before the first sentence ("HARBOURTON, N.S. (CP) — ")."""
    while start < end and text[start] in CLAUSE_TRIM:
        start += 1
    dateline = DATELINE.match(text, start, end) if start < DATELINE_REACH else None
    if dateline and (start == 0 or text[start - 1] == "\n" or dateline.group(1)):
        start = dateline.end()
    while end > start and (text[end - 1] in CLAUSE_TRIM or text[end - 1] in ".!?…"):
        end -= 1
    return start, end


def own_words(attributor, start, end):
    """How many of the reporter's own words (not quoted ones) ``text[start:end]`` holds."""
    return len(attributor.words_between(start, end))


def is_clause(attributor, start, end):
    """Enough of the reporter's own words to be a reported clause, not a quotation with its cue."""
    return own_words(attributor, start, end) >= MIN_CLAUSE_WORDS


def according_to(attributor, words, start, end):
    """`According to X, CLAUSE.`, `CLAUSE, according to X.`, `по словам X, ...`."""
    text = attributor.text
    for n in range(len(words) - 2):
        if words[n].lower not in ACCORDING_OPENERS or (words[n].lower, words[n + 1].lower) not in ACCORDING:
            continue
        cue_end = text.find(",", words[n + 1].end, end)
        before_start, before_end = trimmed(text, start, words[n].start)
        clauses = []
        if (
            n
            and is_clause(attributor, before_start, before_end)
            and text[before_end : words[n].start].strip(" ").startswith(",")
        ):
            # "CLAUSE, according to X." and "CLAUSE, according to X, CLAUSE.": each side is reported.
            clauses.append((before_start, before_end))
            after = trimmed(text, cue_end, end) if cue_end != -1 else None
            following = attributor.words_between(*after) if after is not None else []
            if (
                following
                and is_clause(attributor, *after)
                # "according to the Harbour, Lakes and Rivers Agency": the rest of a name.
                and not all(w.text[0].isupper() or w.lower in ("of", "and", "the", "for") for w in following)
            ):
                clauses.append(after)
            else:
                cue_end = end
        elif cue_end != -1:
            clauses.append(trimmed(text, cue_end, end))
        else:
            return []
        clauses = [clause for clause in clauses if is_clause(attributor, *clause)]
        if not clauses:
            return []
        speaker = attributor.speaker_in(words[n + 1].end, cue_end, words[n].start)
        if speaker is None:
            return []
        cue = text[words[n].start : words[n + 1].end]
        return [(*clause, words[n], cue, *speaker) for clause in clauses]
    return []


def cue_after_clause(attributor, words, cues, start, end):
    """`CLAUSE, X said.`, `CLAUSE, said X.`, and `CLAUSE, X said, but CLAUSE.`: a short cue after a
    comma, closing the sentence or set off by commas in it. ``cues``: where ``is_cue`` holds in ``words``."""
    text = attributor.text
    for n in cues:
        word = words[n]
        if word.lower.endswith("ing") or n < 2:
            continue
        if words[n - 1].lower in DETERMINER_WORDS:
            # "down from the first estimate", "in a note": a noun, no verb.
            continue
        # The comma before the cue: the words from it to the verb are the subject, or none (said X).
        comma = text.rfind(",", start, word.start)
        if comma == -1:
            continue
        subject = [w for w in words[:n] if comma < w.start]
        if len(subject) > MAX_CUE_WORDS - 1 or quotes_between(attributor, comma, word.start):
            # "..., “was a delight” Roe says": the cue is the quoted words', not the clause's.
            continue
        # The cue goes on to the end of the sentence or to the next comma.
        cue_end = text.find(",", word.end, end)
        cue_end = end if cue_end == -1 else cue_end
        rest = [w for w in words[n + 1 :] if w.start < cue_end]
        if len(rest) > (6 if subject else MAX_CUE_WORDS) or any(
            # Another verb of saying; not "in a note to clients", a noun after its article.
            w.lower in REPORTING and not (k and rest[k - 1].lower in DETERMINER_WORDS)
            for k, w in enumerate(rest)
        ):
            continue
        clause = trimmed(text, start, comma)
        if not is_clause(attributor, *clause):
            # "Most of the money, she says, goes to schools": the cue parts a subject from its verb.
            found = interrupted_clause(attributor, words[:n], word, subject, rest, clause, cue_end, end)
            if found:
                return found
            continue
        if (
            clause_is_quotation(attributor, *clause)
            or opens_as_adverbial(attributor, *clause)
            or ends_in_relative_clause(attributor, *clause)
        ):
            continue
        if subject:
            if not is_speaker_phrase(attributor, subject) or (rest and not closes_cue(word, rest)):
                continue
            if subject[0].lower in PREPOSITIONS | SUBJECTLESS:
                # "..., up from the last claim": a phrase after a preposition, no speaker.
                continue
            if len(subject) == 1 and subject[0].lower in lexicon.pronouns():
                # "Ana hid under a desk, he said": not Ana, whom the clause names, but someone before it.
                speaker = attributor.pronoun_speaker(subject[0], position=clause[0])
            else:
                speaker = attributor.speaker_in(comma + 1, word.start, word.start, subject=True)
        else:
            if not rest or rest[0].lower in CUE_TAIL_OPENERS | PREPOSITIONS:
                # "..., testified before the committee": where, not who.
                continue
            last = attributor.words_between(*clause)[-1:]
            if has_finite_verb(rest) or (last and attributor.ends_mention(last[0])):
                # "Her neighbour, Ben Sato, said the water rose fast": a name set off by commas is the
                # subject, and what follows the verb is what was said, not who said it.
                continue
            stop = next(
                (w.start for w in rest[1:] if any(c in text[rest[0].end : w.start] for c in ",.;:")), cue_end
            )
            speaker = attributor.speaker_in(word.end, stop, word.start)
        if speaker is None:
            continue
        found = [(*clause, word, attributor.cue_text(word, rest), *speaker)]
        if cue_end < end:
            # "..., he said, but one more ran to the roof.": the words after the cue are his too.
            after = trimmed(text, cue_end, end)
            following = attributor.words_between(*after)
            if (
                following
                and not following[0].lower.endswith("ing")
                # "..., said Jane Roe, a diver at the port.": after a name, its appositive.
                and (subject or following[0].lower in COORDINATORS)
                and is_clause(attributor, *after)
                and not clause_is_quotation(attributor, *after)
            ):
                found.append((*after, word, attributor.cue_text(word, rest), *speaker))
        return found
    return []


def interrupted_clause(attributor, before, verb, subject, rest, opening, cue_end, end):
    """`SUBJECT, X says, PREDICATE.`: the predicate after a cue set off by commas between a short
    subject and its verb, as [(start, end, verb, cue, speaker, speaker text)], or []."""
    text = attributor.text
    head = attributor.words_between(*opening)
    if (
        not subject
        or rest
        or cue_end >= end
        or not head
        or len(head) >= MIN_CLAUSE_WORDS
        or head[0].start != before[0].start
        or any(c in text[opening[0] : opening[1]] for c in ',;:“”"')
        or head[0].lower in ADVERBIAL_OPENERS
        or len(subject) > 3
        or not is_speaker_phrase(attributor, subject)
    ):
        return []
    after = trimmed(text, cue_end, end)
    following = attributor.words_between(*after)
    if not following or following[0].lower in COORDINATORS or not is_clause(attributor, *after):
        return []
    if len(subject) == 1 and subject[0].lower in lexicon.pronouns():
        # Whom the pronoun means is named before the sentence, not its subject ("revenues").
        speaker = attributor.pronoun_speaker(subject[0], position=before[0].start)
    else:
        speaker = attributor.speaker_in(opening[1] + 1, verb.start, verb.start, subject=True)
    if speaker is None:
        return []
    return [(*after, verb, attributor.cue_text(verb, rest), *speaker)]


# What may follow a cue that closes its sentence: where or when it was said ("in an interview",
# "on Monday", "Tuesday"), not an object or a clause ("agreed with the findings", "tweet it out").
CUE_TAIL_OPENERS = (
    lexicon.word_set("in on at during from via over through by after before while") | WHEN_WORDS
)
# Words that open an adverbial, not a reported clause: "In a statement, she said ...", "When asked, ...".
ADVERBIAL_OPENERS = lexicon.word_set(
    "in on at during from after before when while asked speaking responding following since with to for by "
    "as if inside outside near behind beside under among across"
)


COMPARATIVES = lexicon.word_set("than")
# Adverbs between a cue and its clause: "said however that", "says instead the plan".
ASIDE_ADVERBS = lexicon.word_set("however instead though also")
SUBJECTLESS = lexicon.word_set("up down despite from after before of about than which who whom whose what")
COORDINATORS = lexicon.word_set("and but so yet or")
PREPOSITIONS = lexicon.word_set("in on at during from with to for by")
CONCESSIVES = lexicon.word_set("whereas even")
SUBORDINATORS = lexicon.word_set("when while after before since as if although though because")


def closes_cue(verb, rest):
    """Whether the words after a closing cue's verb say where, when or (for "told") to whom."""
    if verb.lower in TELLING and rest[0].lower not in CUE_TAIL_OPENERS:
        k = object_length(rest)
        return k is not None and (k == len(rest) or rest[k].lower in CUE_TAIL_OPENERS)
    return rest[0].lower in CUE_TAIL_OPENERS


def opens_as_adverbial(attributor, start, end):
    """Whether ``text[start:end]`` is an adverbial or a speaker's name with its appositive (`In an
    email to staff, she said`, `Jane Roe, chief of the board, said`) rather than a reported clause."""
    following = attributor.words_between(start, start + 200)
    if not following:
        return True
    if following[0].lower in ADVERBIAL_OPENERS:
        # "Since May, sales have doubled, the report said": a clause after its adverbial is one still,
        # and so is one with a verb of its own ("At least nine boats were lost, she said").
        if "," in attributor.text[start:end]:
            return False
        return following[0].lower not in PREPOSITIONS or not has_finite_verb(
            attributor.words_between(start, end)
        )
    # A name and an appositive: capitalised words only up to the first comma.
    k = 0
    while k < len(following) and following[k].capitalised:
        k += 1
    return 0 < k < len(following) and attributor.text[following[k - 1].end : following[k].start].startswith(
        ","
    )


def quotes_between(attributor, start, end):
    """Whether quoted words stand in ``text[start:end]``."""
    lo = bisect.bisect_left(attributor.starts, start)
    hi = bisect.bisect_left(attributor.starts, end)
    return any(attributor.quoted_word[lo:hi])


RELATIVE_PRONOUNS = lexicon.word_set("who whose whom which")


def ends_in_relative_clause(attributor, start, end):
    """Whether ``text[start:end]`` ends with a relative clause set off by a comma ("Jane Roe, who
    sailed here for years"): a subject and its appositive before a cue that follows them, no clause."""
    own = attributor.words_between(start, end)
    for k in range(len(own) - 1, 0, -1):
        if "," in attributor.text[own[k - 1].end : own[k].start]:
            # "The ferry, which runs daily, will stop" is a clause; "Jane Roe, who ..." is not.
            return own[k].lower in RELATIVE_PRONOUNS and not has_finite_verb(own[:k])
    return False


def clause_is_quotation(attributor, start, end):
    """Whether the clause is quoted words with at most a few of the reporter's around them."""
    text = attributor.text
    return (
        any(c in text[start:end] for c in '“”"«»„') and own_words(attributor, start, end) < MIN_CLAUSE_WORDS
    )


def is_speaker_phrase(attributor, subject):
    """Whether the words before a verb can be who spoke: a noun phrase, not "residents are still"."""
    last = subject[-1]
    if last.lower in NOT_SPEAKER_ENDS and last.lower not in SUBJECT_PRONOUNS:
        return False
    if last.lower in SUBJECT_PRONOUNS:
        return len(subject) == 1
    if attributor.is_verb(last) or last.lower.endswith("ly"):
        return False
    return not any(w.lower in ("is", "are", "was", "were", "be", "been") for w in subject)


def cue_before_clause(attributor, words, cues, start, end, earlier=()):
    """`X said (that) CLAUSE.`, `X told reporters CLAUSE`, `..., adding that CLAUSE`, `X praised the
    plan and said CLAUSE`. ``cues``: where ``is_cue`` holds in ``words``; ``earlier``: the clauses
    already found in the sentence, whose speaker a participle after them continues."""
    text = attributor.text
    found = []
    for n in cues:
        word = words[n]
        if n + 1 >= len(words):
            continue
        if any(c[0] <= word.start < c[1] for c in list(earlier) + found):
            continue
        previous = words[n - 1] if n else None
        if previous is not None and (previous.lower in PASSIVE or previous.lower in DETERMINER_WORDS):
            # "was told", "is said to"; "the report", "a note": a noun, no verb.
            continue
        if word.lower.endswith("ing"):
            # ", adding that ...", ", saying ...": the sentence's speaker goes on.
            if not text[: word.start].rstrip().endswith(",") or not participle_cue(word, words[n + 1]):
                continue
            speaker = continued_speaker(attributor, words[:n], start, list(earlier) + found)
        elif previous is not None and previous.lower in ("and", "but"):
            # "Jane Roe praised the plan and said ...": the subject of the sentence.
            speaker = sentence_subject(attributor, words[: n - 1], start)
        else:
            subject_end = n
            while subject_end > 0 and words[subject_end - 1].lower in BETWEEN_SUBJECT_AND_VERB:
                subject_end -= 1
            subject_end = before_aside(text, words, subject_end)
            if subject_end == 0:
                continue
            subject = words[max(0, subject_end - 6) : subject_end]
            gap = text[
                words[subject_end - 1].end : words[subject_end].start if subject_end < n else word.start
            ]
            if (
                "\n" in gap
                or any(c in gap for c in ';:()“”"')
                or ("," in gap and subject_end == n and not appositive_before(text, words, subject_end))
            ):
                continue
            if not is_speaker_phrase(attributor, subject[-1:]):
                continue
            if any(w.lower in COMPARATIVES for w in subject[-3:-1]):
                # "costs are lower than the agency says they are": a comparison, not what was said.
                continue
            speaker = attributor.speaker_in(start, words[subject_end - 1].end, word.start, subject=True)
        if speaker is None:
            continue
        if names_right_after(attributor, word, end):
            # ", said Jane Roe, the port's engineer.": the cue after a clause, not before one.
            continue
        if words[0].lower == "as" and opens_subordinate(attributor, words, n):
            # "As Jane Roe said on Monday, the ferry will run": the main clause is what she said.
            found += as_said(attributor, word, end, speaker, words[n + 1 :])
            continue
        clause_start = clause_opening(attributor, words, n, end)
        if clause_start is None:
            continue
        subordinate = opens_subordinate(attributor, words, n)
        clause = trimmed(text, clause_start, clause_stop(attributor, clause_start, end, subordinate))
        if not is_clause(attributor, *clause) or clause_is_quotation(attributor, *clause):
            continue
        if text[clause[0]] in '“"«„' and own_words(attributor, *clause) < 2 * MIN_CLAUSE_WORDS:
            continue
        rest = [w for w in words[n + 1 :] if w.start < clause[0]]
        # "denied the request", "announced the end of the siege": a verb that takes a thing as readily
        # as a clause reports speech only with "that" or a verb of its own in the clause.
        if (
            word.lower not in CLAUSE_VERBS
            and not (rest and rest[-1].lower in ("that", "что"))
            and not has_finite_verb(attributor.words_between(*clause)[:FINITE_WINDOW])
            and not opens_with_subject_pronoun(attributor.words_between(*clause))
        ):
            continue
        found.append((*clause, word, attributor.cue_text(word, rest), *speaker))
    return found


# What opens an aside between a subject and its verb: "the port, in a statement, said", "Roe, for
# her part, said", "Smith, though, said".
ASIDE_WORDS = 6
RELATIVE_ASIDE_WORDS = 20
ASIDE_OPENERS = lexicon.word_set("in on at for by during though however meanwhile too also")


def before_aside(text, words, verb_index):
    """Where the subject ends before a verb, past an aside set off by commas (", in a statement,")."""
    if verb_index < 2 or text[words[verb_index - 1].end : words[verb_index].start].strip() != ",":
        return verb_index
    for k in range(verb_index - 1, max(0, verb_index - RELATIVE_ASIDE_WORDS - 1), -1):
        gap = text[words[k - 1].end : words[k].start]
        if "," in gap:
            # ", speaking on condition of anonymity,", ", citing a report,": a participle's aside;
            # ", who was not allowed to speak publicly,": a relative clause.
            if words[k].lower in RELATIVE_PRONOUNS or (
                verb_index - k <= ASIDE_WORDS and (words[k].lower in ASIDE_OPENERS or is_participle(words[k]))
            ):
                return k
            return verb_index
        if any(c in gap for c in '.;:()“”"\n'):
            return verb_index
    return verb_index


# Verbs whose complement is a clause whatever follows them; the other reporting verbs ("denied",
# "announced", "confirmed", "wrote") take a thing as readily.
CLAUSE_VERBS = lexicon.word_set(
    "say says said saying tell tells told telling add adds added adding note notes noted noting warn warns "
    "warned warning argue argues argued arguing insist insists insisted insisting stress stresses stressed "
    "stressing заявил заявила заявили сказал сказала сказали сообщил сообщила сообщили отметил отметила "
    "отметили добавил добавила добавили подчеркнул подчеркнула подчеркнули"
)
AUXILIARIES = lexicon.word_set(
    "is are was were will would could can should may might must has have had did does do isn't aren't "
    "wasn't weren't won't wouldn't couldn't can't shouldn't hasn't haven't hadn't didn't doesn't don't"
)
FINITE_WINDOW = 12


def has_finite_verb(words):
    """Whether the words hold an auxiliary or a modal, the mark of a clause without a tagger."""
    return any(w.lower.replace("’", "'") in AUXILIARIES for w in words)


# Between two of the reporter's words, a stop that ends a reported clause: "; " or ": ".
CLAUSE_STOP = re.compile(r"[;:](?:\s|$)")


def as_said(attributor, verb, end, speaker, following):
    """[(start, end, verb, cue, speaker, speaker text)] for the main clause after `As X said, ...`, or
    [] when more than a short adverbial stands between the cue and the comma."""
    text = attributor.text
    comma = text.find(",", verb.end, end)
    if comma == -1 or len([w for w in following if w.start < comma]) > 3:
        return []
    clause = trimmed(text, comma, end)
    if not is_clause(attributor, *clause) or clause_is_quotation(attributor, *clause):
        return []
    return [(*clause, verb, attributor.cue_text(verb, []), *speaker)]


def opens_subordinate(attributor, words, n):
    """Whether the cue ``words[n]`` stands in a subordinate clause that opens its sentence ("While
    critics say ..., the mayor says ..."), whose reported clause ends at the comma before the main one."""
    if not words or words[0].lower not in SUBORDINATORS | CONCESSIVES:
        return False
    return not any(
        "," in attributor.text[before.end : word.start]
        for before, word in zip(words[:n], words[1 : n + 1], strict=True)
    )


def clause_stop(attributor, start, end, at_comma=False):
    """Where a reported clause that starts at ``start`` ends, at the latest ``end``: at a semicolon or a
    colon, or before a participle that reports a clause of its own (", saying ...", ", adding that ...")."""
    text = attributor.text
    own = attributor.words_between(start, end)
    for before, word, after in zip(own, own[1:], own[2:] + [None], strict=False):
        gap = text[before.end : word.start]
        # Most words stand one space apart, which stops nothing: the common case is let through first.
        if gap == " " or any(c in gap for c in '“”"«»„'):
            continue
        if gap == ":" and before.text.isdigit() and word.text.isdigit():
            # "at 9:40 p.m.": a time, not a colon.
            continue
        if CLAUSE_STOP.search(gap) or (gap.strip() == "," and (at_comma or participle_cue(word, after))):
            return before.end
    return end


def participle_cue(word, following):
    """Whether ``word`` is a participle that reports a clause of its own after a comma: "saying ...",
    "adding that ...", "noting that ..."."""
    if not word.lower.endswith("ing") or word.lower not in REPORTING:
        return False
    return word.lower == "saying" or (following is not None and following.lower == "that")


def opens_with_subject_pronoun(words):
    """ "stated it rejected the plan", "confirmed they would stay": a subject pronoun opens a clause
    ("it" only before no preposition: "denied it in court" has none)."""
    if len(words) < 2 or words[0].lower not in SUBJECT_PRONOUNS:
        return False
    return words[0].lower != "it" or words[1].lower not in ADVERBIAL_OPENERS | WHEN_WORDS | NO_CLAUSE


def names_right_after(attributor, verb, end):
    """Whether a name follows the verb and ends its clause ("said Jane Roe." / "said Jane Roe, a ...")."""
    found = attributor.mentions_between(verb.end, end)
    following = attributor.words_between(verb.end, end)
    if not (found and following and found[0][0] == following[0].start):
        return False
    return attributor.text[found[0][1] : found[0][1] + 2].strip()[:1] in (",", ".", "")


def appositive_before(text, words, subject_end):
    """ "Jane Roe, the chief engineer, said": the gap before the verb closes an appositive."""
    line_start = text.rfind("\n", 0, words[subject_end - 1].start) + 1
    return text.count(",", line_start, words[subject_end - 1].start) >= 1


def continued_speaker(attributor, before, start, earlier):
    """Who speaks on in a participle (", adding that"): the speaker of the sentence's clause before it,
    else its subject."""
    if earlier:
        return earlier[-1][4], earlier[-1][5]
    return sentence_subject(attributor, before, start) or described_subject(attributor, before)


def described_subject(attributor, before):
    """(None, text) of a description opening the sentence and ending in a noun for a person or a body
    ("A judge", "The Harbour Court judge", "The utility"), or None."""
    if not before or before[0].lower not in DETERMINER_WORDS:
        return None
    phrase = [before[0]]
    for word in before[1:MAX_DESCRIBED_WORDS]:
        if attributor.text[phrase[-1].end : word.start] != " ":
            break
        phrase.append(word)
    # The person's noun before the body's: "A Harbour Court judge".
    for nouns in (lexicon.role_nouns(), lexicon.body_nouns()):
        for word in phrase[1:]:
            if word.lower in nouns:
                return None, attributor.text[before[0].start : word.end]
    return None


MAX_DESCRIBED_WORDS = 6
# Words after which a name is no subject: "met with Jane Roe", "the plan of Jane Roe".
OBJECT_MARKERS = lexicon.word_set("with to of for by from about at in on against than")


def sentence_subject(attributor, before, start):
    """(person, text) of the sentence's subject: a pronoun opening it, or the first person named in it
    not after a preposition ("In an interview, Mayor Jane Roe praised ..."), or None."""
    if not before:
        return None
    pronouns = lexicon.pronouns()
    if before[0].lower in pronouns:
        return attributor.pronoun_speaker(before[0])
    index = {w.start: i for i, w in enumerate(before)}
    for s, e, person in attributor.mentions_between(start, before[-1].end):
        i = index.get(s)
        if i is not None and (i == 0 or before[i - 1].lower not in OBJECT_MARKERS):
            return person, attributor.text[s:e]
    return None


def clause_opening(attributor, words, n, end):
    """Where the reported clause after the verb ``words[n]`` starts, or None when none follows."""
    text = attributor.text
    verb = words[n]
    following = words[n + 1 :]
    after = text[verb.end : following[0].start if following else end]
    if any(c in after for c in '“"«„:'):
        # `said: “...”`, `said “...”`: a direct quotation.
        return None
    first = following[0]
    # "said in a statement that", "told reporters Tuesday that": up to "that" within a few words, past
    # an adverbial or whom one tells; not "said the plan helps firms that ...", a relative "that".
    previous = verb
    adverbial = (
        first.lower in ADVERBIAL_OPENERS | MEDIA_PREPOSITIONS | WHEN_WORDS | ASIDE_ADVERBS
        or first.lower.endswith("ly")
    )
    reach = 8 if adverbial or verb.lower in TELLING else 1
    for later in following[:reach]:
        if later.lower in ("that", "что"):
            return later.end
        gap = text[previous.end : later.start]
        if not any(c in gap for c in '“”"«»„') and any(c in gap for c in ";:,"):
            # "denied the request, calling that ...": another clause's "that" (not "заявила, что").
            break
        previous = later
    k = 0
    if verb.lower in TELLING:
        # "told reporters", "told the Daily Planet", "told CBC News": whom one tells.
        k = object_length(following)
        if k is None:
            return None
    while True:
        while k < len(following) and following[k].lower in WHEN_WORDS | ASIDE_ADVERBS:
            k += 1
        # "said in an interview", "told the paper by email": how it was said, before the clause.
        skip = medium_length(following[k:])
        if not skip:
            break
        k += skip
    if k >= len(following):
        return None
    opening = following[k]
    if opening.lower in NO_CLAUSE and not (
        opening.lower in QUANTIFIERS and has_finite_verb(following[k + 1 : k + 1 + FINITE_WINDOW])
    ):
        # "said nothing", "said little about it"; but "said more arrests were possible".
        return None
    if verb.lower in TELLING and k + 1 < len(following) and following[k + 1].lower == "to":
        # "told the port's staff to wait": a command to someone, not what was said.
        return None
    if opening.lower in ADVERBIAL_OPENERS and (
        opening.lower not in SUBORDINATORS or ", " not in text[opening.end : end]
    ):
        # "said in the hall", "said when asked": no clause; "said while sales fell, prices rose": one.
        return None
    if verb.lower.startswith("add") and (
        opening.text[0].isdigit() or opening.lower in ("a", "an", "another")
    ):
        # "the index added 0.4 per cent", "she added a goal": a gain, not a speaker's addition.
        return None
    if "," in text[verb.end : opening.start]:
        # "said, however, that": an aside; "said, in part": a quotation follows; "said in May,
        # rejecting the plan": what the speaker did, not what was said.
        return None
    return opening.start


MEDIA_NOUNS = lexicon.word_set(
    "email e-mail phone telephone statement interview release post letter text tweet video conference call "
    "briefing speech message news podcast broadcast radio television"
)
MEDIA_PREPOSITIONS = lexicon.word_set("in on by over via during through at")
DETERMINER_WORDS = lexicon.word_set("a an the his her their its our this")


def medium_length(following):
    """How many words say how something was said ("in a statement", "by email", "on Twitter"), or 0."""
    if len(following) < 2 or following[0].lower not in MEDIA_PREPOSITIONS:
        return 0
    if following[1].capitalised and following[1].lower not in DETERMINER_WORDS:
        # "on Twitter", "on CNN Radio": a named medium.
        k = 1
        while k < len(following) and following[k].capitalised:
            k += 1
        return k
    for k in range(1, min(len(following), 6)):
        if following[k].lower in MEDIA_NOUNS:
            while k + 1 < len(following) and following[k + 1].lower in MEDIA_NOUNS:
                k += 1
            return k + 1
        if following[k].lower in ("that", "и") or following[k].lower in REPORTING:
            return 0
    return 0


def object_length(following):
    """How many words name whom one tells ("reporters", "the Daily Planet", "CBC News"), or None."""
    if not following:
        return None
    first = following[0]
    if first.lower in ("reporters", "journalists", "media", "me", "us", "him", "her", "them", "viewers"):
        return 1
    k = 0
    if first.lower in ("the", "a", "an", "his", "her", "their", "its"):
        k = 1
    while k < len(following) and (following[k].text[0].isupper() or k == 1 and not following[0].capitalised):
        k += 1
        if k >= 4:
            break
    if k and following[k - 1].bare != following[k - 1].text.rstrip(".") and k < len(following):
        # "told Harbourton's council": the possessive and what it owns.
        k += 1
    return k or None
