"""Quotation marks: where each quoted stretch of a text opens and closes.

Handles “…”, "…", ‘…’, '…', «…», „…“ and „…”, marks nested inside others, apostrophes that look like
closing marks (didn’t, players’), and a quotation that runs over several paragraphs, its mark reopened
at the start of each one and closed only at the end. Only the outermost stretches are returned: a mark
nested inside a quotation belongs to it.
"""

import re
from dataclasses import dataclass

# opening mark -> the marks that may close it
CLOSERS = {
    "“": '”"',
    "„": "“”",
    "«": "»",
    "‘": "’",
    '"': '"”',
    "'": "'",
    "‹": "›",
    # Swedish and some careless typing open with the closing mark.
    "”": "”",
}
MARKS = frozenset("“”„«»‘’\"'‹›")
# Quotations are rarely nested more than twice; a run of stray opening marks must not make every
# closing mark search a long stack.
MAX_DEPTH = 8
PARAGRAPH_BREAK = re.compile(r"\n\s*")
INTERESTING = re.compile("[\n" + re.escape("".join(sorted(MARKS))) + "]")
# Marks that open a quotation reopened at the start of a following paragraph, by the mark that opened it.
REOPENERS = {"“": "“", "„": "„«", "«": "«„", '"': '"', "‘": "‘", "'": "'", "‹": "‹"}


@dataclass(frozen=True)
class Quoted:
    """A quoted stretch: the marks at ``open`` and ``close``, the words at ``text[open + 1:close]``."""

    open: int
    close: int
    mark: str

    @property
    def start(self):
        return self.open + 1

    @property
    def end(self):
        return self.close


def is_word_char(char):
    return char.isalnum()


def role(text, i, stack):
    """ "open", "close" or None for the mark at ``text[i]``, from the marks around it."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    open_marks = [entry[0] for entry in stack]
    if char in "«„‹":
        return "open"
    if char in "»›":
        return "close"
    if char == "“":
        return "close" if "„" in open_marks and not after.isalnum() else "open"
    if char == "”":
        if "“" in open_marks or "„" in open_marks or '"' in open_marks:
            return "close"
        # Some writers open with ” too.
        return "open" if before.isspace() and not after.isspace() else None
    if char == "‘":
        return "open" if not is_word_char(before) else None
    if char == "’":
        # didn’t, Kadyrov’s: an apostrophe between letters; the players’ union: one after a plural,
        # when the quotation closes later in the paragraph.
        if "‘" not in open_marks or is_word_char(after):
            return None
        if before in "sS" and after == " " and "’" in text[i + 1 : text.find("\n", i) % (len(text) + 1)]:
            return None
        return "close"
    if char == '"':
        if '"' in open_marks:
            return "close"
        # “...," he added: a curly quotation closed by a straight mark.
        if open_marks and open_marks[-1] == "“" and not before.isspace() and not is_word_char(after):
            return "close"
        # A mark after a word and before a space closes a quotation that opened before a stray
        # paragraph break: it opens nothing.
        if not before.isspace() and before not in "([{—–-/" and (after.isspace() or after in ".,;:!?"):
            return None
        return "open"
    if char == "'":
        if "'" in open_marks and not is_word_char(after) and not before.isspace():
            return "close"
        if not is_word_char(before) and is_word_char(after) and "'" not in open_marks:
            return "open"
        return None
    return None


def quoted_spans(text):
    """The outermost quoted stretches of ``text``, in order; unclosed marks are dropped."""
    found = []
    stack = []  # (mark, position)
    i, length = 0, len(text)
    while i < length:
        # Only line breaks and marks matter: jump to the next one.
        found_at = INTERESTING.search(text, i)
        if found_at is None:
            break
        i = found_at.start()
        char = text[i]
        if char == "\n":
            match = PARAGRAPH_BREAK.match(text, i)
            next_start = match.end()
            if stack:
                opener = stack[0][0]
                reopened = next_start < length and text[next_start] in REOPENERS.get(opener, "")
                closes_later = reopened and opener in CLOSERS
                if closes_later:
                    # A quotation over paragraphs: skip the reopening mark, keep the outer one open.
                    del stack[1:]
                    i = next_start + 1
                    continue
                stack.clear()
            i = next_start
            continue
        if char in MARKS:
            kind = role(text, i, stack)
            if kind == "close":
                for depth in range(len(stack) - 1, -1, -1):
                    mark, position = stack[depth]
                    if char in CLOSERS[mark]:
                        del stack[depth:]
                        if depth == 0 and text[position + 1 : i].strip():
                            found.append(Quoted(position, i, mark))
                        break
            elif kind == "open" and len(stack) < MAX_DEPTH:
                stack.append((char, i))
        i += 1
    return found
