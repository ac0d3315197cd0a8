"""Web-search syntax, as people type it into search boxes: ``"exact phrase"``, ``or``, ``-word``.

PostgreSQL reads it itself (``websearch_to_tsquery``); for SQLite, ``to_fts5`` writes the same query
in FTS5's syntax, and ``plain_words`` gives the words to look for in people's names on both.
"""

import re
from dataclasses import dataclass

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class Term:
    text: str
    negated: bool = False
    quoted: str = ""  # a phrase as typed between quotation marks


def parse(query):
    """The query as a list of alternatives (each a list of terms, any of which may match), to be
    matched together; a negated term is an alternative of its own."""
    groups, join_next = [], False
    for match in TOKEN.finditer(query):
        negated = bool(match.group(1))
        if match.group(3) is not None:
            word = match.group(3)
            if word.lower() == "or":
                join_next = bool(groups) and not groups[-1][-1].negated
                continue
            negated = word.startswith("-") and len(word) > 1
            text = word[1:] if negated else word
        else:
            text = match.group(2)
        quoted = text if match.group(3) is None else ""
        text = " ".join(re.findall(r"\w+", text))
        if not text:
            continue
        term = Term(text, negated, quoted)
        if join_next and not negated:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups


def _fts5_string(text):
    return '"' + text.replace('"', '""') + '"'


def to_fts5(query):
    """The FTS5 query for ``query``, or None when it has no word to look for."""
    groups = parse(query)
    wanted = [group for group in groups if not group[0].negated]
    if not wanted:
        return None
    parts = [
        _fts5_string(group[0].text)
        if len(group) == 1
        else "(" + " OR ".join(_fts5_string(t.text) for t in group) + ")"
        for group in wanted
    ]
    unwanted = [group[0].text for group in groups if group[0].negated]
    return " AND ".join(parts) + "".join(f" NOT {_fts5_string(text)}" for text in unwanted)


def plain_words(query):
    """The words wanted, without the syntax: what a person's name is compared with."""
    return " ".join(term.text for group in parse(query) for term in group if not term.negated)
