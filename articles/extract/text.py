"""Words and sentences of a text, with their offsets: what the people and attribution rules walk over."""

import bisect
import re
from functools import lru_cache

from .lexicon import word_set

# A word: letters, with inner apostrophes, hyphens and dots (O'Regan, Jean-Yves, U.S.), or one number.
WORD = re.compile(r"[^\W\d_]+(?:[’'\-.][^\W\d_]+)*\.?|\d+(?:[.,]\d+)*")
ABBREVIATIONS = word_set(
    "mr mrs ms dr st jr sr prof gen col lt sgt capt gov sen rep rev hon no vs "
    "etc inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k a.m p.m"
)
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)]*\s+|\n\s*")
# The word a full stop ends, to tell an abbreviation's or an initial's stop from a sentence's.
ABBREVIATED_END = re.compile(r"([^\W\d_][\w.]*)\.$")


POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")


class Word:
    """A word at ``text[start:end]``, with its bare form ("Kadyrov's" -> "Kadyrov", no final dot)."""

    __slots__ = ("bare", "capitalised", "end", "lower", "start", "text")

    def __init__(self, start, end, text):
        self.start, self.end, self.text = start, end, text
        self.lower, self.bare, self.capitalised = word_forms(text)

    def __repr__(self):
        return f"Word({self.start}, {self.end}, {self.text!r})"


def is_possessive(word):
    """ "Kadyrov's", "the ministers'": a word that owns what follows it."""
    return word.bare != word.text.rstrip(".")


def is_participle(word):
    """A present participle, as opens an aside ("speaking", "citing"); not a short word ("king")."""
    return word.lower.endswith("ing") and len(word.lower) > 5


# An article repeats most of its words ("the", "said", its people's names), and so does a batch of
# articles: their forms are worked out once per spelling, not once per occurrence. The cache holds a
# newsroom's working vocabulary (a few MB).
@lru_cache(maxsize=32768)
def word_forms(text):
    """(Lower case, bare form, whether capitalised) of a word as written."""
    bare = text.rstrip(".") if text[-1] == "." else text
    if "'" in bare or "’" in bare:
        for ending in POSSESSIVE_ENDINGS:
            if bare.endswith(ending) and len(bare) > len(ending) + 1:
                bare = bare[: -len(ending)]
                break
    # A capitalised word, or an initial ("J.").
    capitalised = text[0].isupper() and (not text.isupper() or (len(text) == 2 and text[1] == "."))
    return text.casefold(), bare, capitalised


def without_final_stop(token):
    """A token that ends in a dot, as a word: the dot ends the sentence, not the word, unless the word
    is an abbreviation or an initial."""
    if len(token) != 2 and "." not in token[:-1] and token[:-1].casefold() not in ABBREVIATIONS:
        return token[:-1]
    return token


def words(text):
    found = []
    for match in WORD.finditer(text):
        token = match.group()
        start, end = match.span()
        if token[-1] == ".":
            token = without_final_stop(token)
            end = start + len(token)
        found.append(Word(start, end, token))
    return found


def mask(text, spans):
    """``text`` with the inside of each (start, end) span blanked, so rules see only the reporter's words;
    the blank opens with "x" where the words open in lower case, which starts no sentence."""
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        if end > start:
            parts.append(("x" if text[start].islower() else "X") + "x" * (end - start - 1))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def sentence_starts(masked):
    """Offsets where sentences start in a masked text (a paragraph break always starts one)."""
    starts = [0]
    for match in SENTENCE_END.finditer(masked):
        end = match.end()
        if end >= len(masked):
            break
        if match.group()[0] != "\n":
            head = masked[max(0, match.start() - 6) : match.start() + 1]
            tail = ABBREVIATED_END.search(head)
            if tail and (len(tail.group(1)) == 1 or tail.group(1).casefold() in ABBREVIATIONS):
                continue
            if not (masked[end].isupper() or masked[end] in "“\"'«„‘(" or masked[end].isdigit()):
                continue
            if masked[end] in "“\"'«„‘" and masked[end + 1 : end + 2] == "x" and "\n" not in match.group():
                # "walked 12 km. “and never tired”": quoted words that go on in lower case.
                continue
        starts.append(end)
    return starts


class Sentences:
    """Finds the sentence around an offset."""

    def __init__(self, starts, length):
        self.starts = starts
        self.length = length

    def index(self, offset):
        return bisect.bisect_right(self.starts, offset) - 1

    def bounds(self, index):
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.length
        return self.starts[index], end
