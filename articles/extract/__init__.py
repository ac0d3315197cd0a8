"""Extraction: the quotations in a text, who said them, and the people it names.

    extract(text) -> Extraction(quotations=[FoundQuotation...], people=[FoundPerson...])

Plain functions over plain values, without a database: ``marks`` finds quoted stretches, ``people``
the names and roles, ``attribution`` the cues and speakers of quoted words, ``reported`` the reported
speech in the reporter's own words ("she said the ferry will run"), ``setting`` where and when each
was said. ``apply.extract_article`` stores the result for an article. Offsets are into the text given:
``text[q.start:q.end] == q.text`` always.
"""

import bisect

from . import lexicon
from .attribution import LONG_QUOTE_WORDS, NAMING_WORDS, SHORT_QUOTE_WORDS, TERMINAL, Attributor
from .descriptions import resolve_descriptions
from .marks import quoted_spans
from .people import find_people, is_common_word
from .reported import DETERMINER_WORDS, reported_clauses
from .setting import setting
from .text import Sentences, mask, sentence_starts, words
from .values import Extraction, FoundMention, FoundPerson, FoundQuotation

__all__ = ["Extraction", "FoundMention", "FoundPerson", "FoundQuotation", "extract"]


def extract(text: str) -> Extraction:
    """The quotations and people of ``text``."""
    spans = quoted_spans(text)
    # Blank the quoted words but keep a final full stop, which still ends the reporter's sentence.
    masked = mask(
        text, [(q.start, q.end - 1 if text[q.end - 1 : q.end] in TERMINAL else q.end) for q in spans]
    )
    found_words = words(text)
    sentences = Sentences(sentence_starts(masked), len(text))
    inside = [(q.start, q.end) for q in spans]
    opens = [start for start, _ in inside]

    def is_quoted(offset):
        i = bisect.bisect_right(opens, offset) - 1
        return i >= 0 and offset < inside[i][1]

    quoted_word = inside_marks(found_words, inside)
    people, registry = find_people(text, found_words)
    mentions = sorted(
        (m.start, m.end, index)
        for index, person in enumerate(people)
        for m in person.mentions
        if not is_quoted(m.start)
    )
    attributor = Attributor(text, found_words, quoted_word, sentences, registry, mentions)

    quotations = []
    previous = None  # (quoted stretch, FoundQuotation) of the last quotation kept
    for quoted in spans:
        sentence = sentences.index(quoted.open)
        sentence_start, _ = sentences.bounds(sentence)
        after_end = after_limit(text, sentences, quoted, spans, opens)
        cue = attributor.cue_after(quoted, after_end) if after_first(text, quoted) else None
        cue = cue or attributor.cue_before(quoted, sentence_start)
        if cue is None and not after_first(text, quoted):
            cue = attributor.cue_after(quoted, after_end)
        content = text[quoted.start : quoted.end]
        follows = follows_quotation(text, previous[0] if previous else None, quoted, attributor)
        if not is_quotation(text, quoted, content, cue, attributor, follows):
            continue
        kind = kind_of(text, quoted, cue, attributor)
        if kind == "partial" and ((cue is None and not follows) or len(content.split()) == 1):
            # Words quoted inside the reporter's sentence with no one saying them: a document's phrase
            # or a scare quote ("the bylaw demands “tidy front yards”"); one word alone is a term the
            # reporter mentions ("the so-called “smartlock” scheme"), whoever used it.
            continue
        quotation = FoundQuotation(start=quoted.start, end=quoted.end, text=content, kind=kind)
        if cue is not None:
            quotation.speaker, quotation.speaker_text, quotation.cue = cue.speaker, cue.speaker_text, cue.text
        else:
            inherit_from(text, quotation, quoted, previous, attributor)
        if quotation.speaker is not None:
            attributor.spoken.append((quoted.open, quotation.speaker))
        quotations.append(quotation)
        previous = (quoted, quotation)
    attributor.spoken.sort()
    for start, end, _verb, cue, speaker, speaker_text in reported_clauses(attributor, sentences):
        quotations.append(
            FoundQuotation(
                start=start,
                end=end,
                text=text[start:end],
                kind="indirect",
                speaker=speaker,
                speaker_text=speaker_text,
                cue=cue,
            )
        )
    quotations.sort(key=lambda q: q.start)
    resolve_descriptions(attributor, quotations)
    for quotation in quotations:
        describe(text, quotation, sentences)
    return Extraction(quotations=quotations, people=people)


def describe(text, quotation, sentences):
    """Where and when the quotation was said, and whether its speaker is an organisation."""
    if quotation.cue:
        first, _ = sentences.bounds(sentences.index(quotation.start))
        _, last = sentences.bounds(sentences.index(max(quotation.start, quotation.end - 1)))
        quotation.place, quotation.when = setting(text, quotation.start, quotation.end, first, last)
    quotation.speaker_is_body = quotation.speaker is None and is_body(quotation.speaker_text)


def is_body(speaker_text):
    """Whether a speaker named without a person is an organisation: a name ("Northern Power") or a
    body's noun ("the utility", "the police service"), not people described ("officials")."""
    parts = speaker_text.split()
    if not parts or parts[-1].casefold() in lexicon.pronouns():
        return False
    if parts[-1].casefold().strip(".,") in lexicon.body_nouns():
        return True
    if len(parts) == 1:
        # "Northlink said", not "Officials said": one capitalised word that is no common noun.
        return parts[0][0].isupper() and not is_common_word(parts[0].strip(".,"))
    return (
        parts[0][0].isupper()
        and parts[0].casefold() not in DETERMINER_WORDS
        and all(p[0].isupper() or p in ("of", "for", "and", "the", "&") for p in parts)
    )


def inside_marks(found_words, inside):
    """Whether each word starts inside one of the (start, end) stretches, which are in order."""
    starts = [w.start for w in found_words]
    flags = [False] * len(found_words)
    for start, end in inside:
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        flags[lo:hi] = [True] * (hi - lo)
    return flags


def before_mark(text, quoted):
    """(The text just before a quotation's opening mark without the spaces next to it, where it ends)."""
    start = max(0, quoted.open - 80)
    before = text[start : quoted.open].rstrip(" \t")
    return before, start + len(before)


def after_first(text, quoted):
    """Whether the cue is rather after the quotation: the quotation opens its sentence or ends on a comma."""
    before, _ = before_mark(text, quoted)
    return not before or before[-1] in '\n.!?”"»' or text[quoted.end - 1 : quoted.end] in ",—–-"


SHORT_CUE_WORDS = 4


def after_limit(text, sentences, quoted, spans, opens):
    """Where the reporter's words after a quotation stop: the next quotation, or the end of the sentence."""
    index = sentences.index(quoted.close)
    _, end = sentences.bounds(index)
    following = bisect.bisect_right(opens, quoted.close)
    if following < len(spans):
        end = min(end, spans[following].open)
    paragraph_end = text.find("\n", quoted.close)
    if paragraph_end == -1:
        paragraph_end = len(text)
    if end < paragraph_end and index + 1 < len(sentences.starts):
        # “...” Roe said.: a cue standing as a sentence of its own after the quotation.
        _, next_end = sentences.bounds(index + 1)
        if len(text[end:next_end].split()) <= SHORT_CUE_WORDS and next_end <= paragraph_end:
            end = next_end
    return min(end, paragraph_end)


# Before "called", these make it name something rather than report what someone called it.
NAMING_BE = lexicon.word_set("what's is are was were be been being also often sometimes commonly now")
SENTENCE_ADVERBS = lexicon.word_set("but and then still now later meanwhile however also so yet")


def inherit_from(text, quotation, quoted, previous, attributor):
    """A quotation without a cue: the speaker of the one before it, or of the reported speech just
    before it ("Ana Reyes says the ferry will run all winter.\n\n“We have the crews for it...”")."""
    # The reported speech may be in this paragraph or the one before.
    paragraph_start = text.rfind("\n", 0, quoted.open)
    while paragraph_start > 0 and text[paragraph_start - 1].isspace():
        paragraph_start -= 1
    limit = max(0, text.rfind("\n", 0, paragraph_start))
    reported = attributor.reported_speaker(quoted.open, limit)
    opening = sentence_before(text, quoted, attributor)
    if opening is not None and (reported is None or reported[0] < opening[0]):
        # "Jane Roe spoke first. Tom Reid took the microphone. “...”": the person nearest before.
        reported = opening
    if reported is None:
        reported = introduced(text, quoted, limit, paragraph_start, attributor)
    if (
        previous is not None
        and continues(text, previous[0], quoted)
        and (reported is None or reported[0] < previous[0].close)
    ):
        quotation.speaker, quotation.speaker_text = previous[1].speaker, previous[1].speaker_text
        return
    if reported is not None:
        quotation.speaker, quotation.speaker_text = reported[1], reported[2]


def sentence_before(text, quoted, attributor):
    """(position, person, text) of the person who opens the sentence just before a quotation in its
    paragraph ("Jane Roe was blunt. “We ...”"), when that sentence quotes no one, or None."""
    sentence = attributor.sentences.index(quoted.open)
    start, _ = attributor.sentences.bounds(sentence)
    if start != quoted.open or sentence == 0:
        return None
    previous_start, _ = attributor.sentences.bounds(sentence - 1)
    stretch = text[previous_start : quoted.open]
    # In its paragraph: a sentence closing the paragraph before is no introduction of the quotation.
    if "\n" in stretch.lstrip() or any(mark in stretch for mark in '“”"«»'):
        return None
    found = attributor.mentions_between(previous_start, quoted.open)
    opening = attributor.words_between(previous_start, quoted.open)[:2]
    # "But Tom Reid disagreed.", "Then Tom Reid took the microphone."
    if len(opening) == 2 and opening[0].lower in SENTENCE_ADVERBS:
        opening = opening[1:]
    if found and opening and found[0][0] == opening[0].start:
        start, end, person = found[0]
        return start, person, text[start:end]
    return None


def introduced(text, quoted, previous_start, previous_end, attributor):
    """(position, person, text) of the person who opens the paragraph before a quotation that opens
    its own ("Jane Roe, a ferry captain, has sailed here for years.\n\n“We ...”"), when that paragraph
    quotes no one, or None."""
    if text[text.rfind("\n", 0, quoted.open) + 1 : quoted.open].strip():
        return None
    stretch = text[previous_start:previous_end]
    if not stretch.strip() or any(mark in stretch for mark in '“”"«»'):
        return None
    found = attributor.mentions_between(previous_start, previous_end)
    opening = attributor.words_between(previous_start, previous_end)[:1]
    if found and opening and found[0][0] == opening[0].start:
        start, end, person = found[0]
        return start, person, text[start:end]
    return None


def continues(text, earlier, later):
    """Whether ``later`` goes on from ``earlier``: same paragraph, or the paragraph right after it."""
    between = text[earlier.close + 1 : later.open]
    return between.count("\n\n") + (between.count("\n") - 2 * between.count("\n\n")) <= 1


def is_quotation(text, quoted, content, cue, attributor, follows):
    """Quoted words someone said, not scare quotes, a title or a name in quotation marks.

    ``follows``: the words go on from a quotation just before them in the paragraph (`“A,” he said. “B.”`).
    """
    content_words = content.split()
    if not any(c.isalnum() for c in content):
        return False
    before = attributor.words_between(max(0, quoted.open - 40), quoted.open)[-2:]
    if before and any(c in text[before[-1].end : quoted.open] for c in TERMINAL):
        # "... in the short term. “You can't ...”": a sentence ended; its last words name nothing.
        before = []
    if any(w.lower in NAMING_WORDS for w in before):
        return False
    if len(before) == 2 and before[1].lower == "called" and before[0].lower.replace("’", "'") in NAMING_BE:
        # "what's called “...”", "is called “...”": a name given, not words said ("called it “...”" is).
        return False
    if is_nickname(text, quoted):
        return False
    if looks_like_title(content_words) and (cue is None or len(content_words) <= SHORT_QUOTE_WORDS):
        return False
    if quoted.mark == "'" and cue is None:
        return False
    if len(content_words) < LONG_QUOTE_WORDS:
        return follows or (cue is not None and cue_is_close(text, quoted, cue))
    return True


def is_nickname(text, quoted):
    """Maria “Masha” Okonkwo: a name in quotation marks between the parts of a name."""
    if text[quoted.open - 1 : quoted.open] != " " or text[quoted.close + 1 : quoted.close + 2] != " ":
        return False
    if len(text[quoted.start : quoted.end].split()) > 2:
        return False
    before = text[max(0, quoted.open - 30) : quoted.open].split()
    after = text[quoted.close + 1 : quoted.close + 30].split()
    return bool(
        before and after and before[-1].isalpha() and before[-1][0].isupper() and after[0][:1].isupper()
    )


def follows_quotation(text, previous, quoted, attributor):
    """Whether ``quoted`` goes on from ``previous`` in the same paragraph, with at most a cue between."""
    if previous is None:
        return False
    between = text[previous.close + 1 : quoted.open]
    if "\n" in between:
        return False
    stretch = attributor.words_between(previous.close + 1, quoted.open)
    return not stretch or (len(stretch) <= 8 and any(attributor.is_verb(w) for w in stretch))


def cue_is_close(text, quoted, cue):
    """A short quotation needs its cue next to it: `expressed “deep concern”`, `“Go!” she said`."""
    if cue.before:
        between = text[cue.verb.end : quoted.open]
        # "noted that “...,” and that the authorities “are glad.”": the cue governs the whole sentence.
        return len(between.split()) <= 3 or text[quoted.end - 1 : quoted.end] in TERMINAL
    if text[quoted.end - 1 : quoted.end] in (",", "!", "?"):
        # `“We will appeal,” the town's lawyer, Ben Sato, said`: words closed by a comma inside the
        # marks end a spoken sentence whose cue follows, however long its speaker's name.
        return True
    return len(text[quoted.close + 1 : cue.verb.start].split()) <= 4


def looks_like_title(content_words):
    """Most words capitalised and no sentence in it: a title or a name ("List of Words Banished...")."""
    letters = [w for w in content_words if w[0].isalpha()]
    if not letters:
        return False
    capitalised = sum(w[0].isupper() for w in letters)
    if capitalised / len(letters) < 0.6:
        return False
    # "Meet the Press." with its full stop inside the marks is a title still; "Go Home Now!" is not.
    return content_words[-1][-1] not in TERMINAL + "," or (
        content_words[-1][-1] == "."
        and len(letters) <= 4
        and all(w[0].isupper() for w in letters[1:] if len(w) > 3)
    )


def kind_of(text, quoted, cue, attributor):
    """The kind: "direct" when the words stand on their own, "partial" inside the reporter's sentence."""
    before, end = before_mark(text, quoted)
    if not before or before[-1] in '\n.!?:”"»—–-(':
        return "direct"
    if before[-1] == ",":
        # `Kadyrov said, “...”` or `“...,” he said`; not `the words, “...”` in the reporter's sentence.
        previous = attributor.words_between(max(0, end - 40), end)
        if not previous or attributor.is_verb(previous[-1]) or cue is not None:
            return "direct"
    return "partial"
