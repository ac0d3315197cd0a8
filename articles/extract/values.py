"""The plain values extraction produces: found quotations and people, with offsets into the text.

Nothing here knows about the database; ``apply.py`` turns these values into rows.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FoundMention:
    """A person named at ``text[start:end]`` (a full name, a surname, a misspelling)."""

    start: int
    end: int
    text: str


@dataclass
class FoundPerson:
    """A person the article names: the fullest name it gives, every form used, and the role beside it."""

    name: str
    role: str = ""
    mentions: list[FoundMention] = field(default_factory=list)
    # "m", "f" or "" when the text does not say.
    gender: str = ""

    @property
    def aliases(self):
        """Every surface form the article uses for the person, the full name first, each once."""
        names = [self.name]
        for mention in self.mentions:
            form = mention.text
            if form not in names:
                names.append(form)
        return names


@dataclass
class FoundQuotation:
    """Words in quotation marks at ``text[start:end]`` (the marks themselves left out)."""

    start: int
    end: int
    text: str
    # "direct" (standing on their own) or "partial" (inside the reporter's sentence).
    kind: str
    # The person who said it (an index into ``Extraction.people``), or None.
    speaker: int | None = None
    # The speaker as the text names it when it is no person found ("a spokesperson", "BC Hydro").
    speaker_text: str = ""
    # The attribution words ("posted on Telegram", "said"), empty when the speaker was inherited.
    cue: str = ""


@dataclass
class Extraction:
    quotations: list[FoundQuotation]
    people: list[FoundPerson]

    def speaker_name(self, quotation):
        return self.people[quotation.speaker].name if quotation.speaker is not None else None
