"""The word lists extraction reads, kept as data files in ``lexicons/`` (their sources are in SOURCES.md)."""

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "lexicons"


def words(name):
    """The words of ``lexicons/NAME.txt``: white-space separated, ``#`` starts a comment."""
    found = []
    for line in (FOLDER / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        found += line.split("#", 1)[0].split()
    return found


def word_set(text):
    """The white-space separated words of ``text``, for short lists kept beside the code."""
    return frozenset(text.split())


@cache
def speech_verbs():
    return frozenset(w.casefold() for w in words("speech_verbs_en") + words("speech_verbs_ru"))


@cache
def role_nouns():
    return frozenset(w.casefold() for w in words("role_nouns"))


@cache
def titles():
    return frozenset(words("titles"))


@cache
def not_names():
    return frozenset(words("not_names"))


@cache
def pronouns():
    """{pronoun: gender} with gender "m", "f" or "" (any)."""
    pairs = words("pronouns")
    return {
        word.casefold(): "" if gender == "any" else gender
        for word, gender in zip(pairs[::2], pairs[1::2], strict=True)
    }


@cache
def given_names():
    return frozenset(words("given_names"))


@cache
def given_name_genders():
    """{given name: "m" or "f"} for names given mostly to one sex."""
    pairs = words("given_names_gender")
    return dict(zip(pairs[::2], pairs[1::2], strict=True))


@cache
def demonyms():
    return frozenset(words("demonyms"))


@cache
def kin_nouns():
    return frozenset(w.casefold() for w in words("kin_nouns"))


@cache
def modifier_heads():
    return frozenset(w.casefold() for w in words("modifier_heads"))


@cache
def body_nouns():
    return frozenset(w.casefold() for w in words("body_nouns"))


@cache
def thing_nouns():
    return frozenset(w.casefold() for w in words("thing_nouns"))


@cache
def document_nouns():
    return frozenset(w.casefold() for w in words("document_nouns"))
