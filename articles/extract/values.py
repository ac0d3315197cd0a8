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
    """What someone said at ``text[start:end]``: words in quotation marks (the marks left out), or a
    reported clause in the reporter's words."""

    start: int
    end: int
    text: str
    # "direct" (quoted words standing on their own), "partial" (quoted words inside the reporter's
    # sentence) or "indirect" (reported speech: "she said the ferry will run").
    kind: str
    # The person who said it (an index into ``Extraction.people``), or None.
    speaker: int | None = None
    # The speaker as the text names it when it is no person found ("a spokesperson", "Northern Power").
    speaker_text: str = ""
    # The attribution words ("posted on Telegram", "said"), empty when the speaker was inherited.
    cue: str = ""
    # Where or through what it was said, as written ("on Telegram", "at a press conference"), or "".
    place: str = ""
    # When it was said, as written ("on Monday", "last week"), or "": the article's date then.
    when: str = ""
    # The speaker is an organisation ("the utility", "Northern Power"), not a person nor a description
    # of unnamed people ("officials", "a spokesperson").
    speaker_is_body: bool = False


@dataclass
class Extraction:
    quotations: list[FoundQuotation]
    people: list[FoundPerson]

    def speaker_name(self, quotation):
        return self.people[quotation.speaker].name if quotation.speaker is not None else None
