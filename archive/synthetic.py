"""Invented articles for benchmarks: outlets, people with aliases, quotations, mentions, tags and notes.

Plain values, no database: ``Corpus(seed, size).article(number)`` is always the same article for the
same seed, size and number, so a benchmark can be rerun on the same data, and articles can be made in
several processes at once. Every word is made up here (common
English and Russian words strung at random, and names built from syllables); nothing comes from a
real article. Frequencies follow a Zipf curve, as real archives do: a few outlets, tags and people
account for most articles, and a long tail appears once or twice.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate


def words(text):
    return text.split()


ENGLISH = words(
    "the of and to in a that for on with as by at from was were is be has have had will would could "
    "council budget river harbour school hospital election minister committee report village city "
    "region water energy road bridge market price wage tax court judge police officer farmer worker "
    "teacher doctor nurse student family child parent museum library station railway airport ship "
    "border army soldier protest strike union factory company bank loan debt inflation growth "
    "drought flood storm fire forest coast island mountain valley winter summer spring autumn "
    "morning evening week month year decade plan law rule vote campaign party leader mayor governor "
    "president spokesman agency ministry office building street square district province country "
    "people crowd group team club season match goal record data study survey figure number share "
    "rise fall increase decrease delay shortage supply demand trade export import deal contract "
    "talks meeting statement interview question answer decision proposal reform scheme project grant "
    "fund cost bill payment rent housing home land field crop harvest cattle fishing boat port "
    "new old local national public private early late small large major minor recent former "
    "said told announced reported confirmed denied warned promised agreed refused opened closed "
    "built moved raised cut spent paid asked answered visited returned started ended began "
    "remained continued expected planned described called added noted insisted argued"
)

RUSSIAN = words(
    "и в не на что с по из для как это к о от за у же так бы но год город район совет школа "
    "больница река мост дорога завод рабочий цена налог суд полиция выборы министр комитет доклад "
    "деревня область вода энергия рынок зарплата учитель врач студент семья ребенок музей станция "
    "аэропорт граница армия солдат протест забастовка компания банк кредит рост засуха наводнение "
    "зима лето весна осень неделя месяц план закон голосование партия мэр губернатор президент "
    "заявил сообщил объявил подтвердил отметил добавил пообещал отказался открыл закрыл построил"
)

SYLLABLES = words(
    "ka ri to ve lan mor sa del ni pa ru en bo ta sh ol ir va ne do gri mal ost ber qui zan tel "
    "hav ory ek lin fen dro mas tu gol yer pik sen var lo ud bra ch im wen"
)

CUES = ["said", "told reporters", "wrote in a statement", "added", "told the outlet", "posted online"]
ANONYMOUS_SPEAKERS = ["a spokesperson", "the ministry", "a local official", "the company", "witnesses"]
ROLES = [
    "mayor",
    "minister",
    "union leader",
    "farmer",
    "economist",
    "governor",
    "spokesperson",
    "judge",
    "activist",
    "teacher",
    "doctor",
    "chief executive",
    "lawmaker",
    "researcher",
]
NOTES = [
    "Check this figure against the {word} report.",
    "Second source needed on the {word} claim.",
    "Compare with what was said about the {word} last year.",
    "Follow up: who else saw the {word}?",
]

# The Quotation and Annotation choices, as plain values so that this module needs no models.
KINDS = (("direct", 6), ("partial", 2), ("indirect", 2))
STATUSES = (("suggested", 6), ("confirmed", 3), ("rejected", 1))
COLOURS = ("yellow", "green", "blue", "pink", "purple")
FIRST_DATE = datetime(2017, 1, 1, tzinfo=UTC)
DAYS = 9 * 365


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class SyntheticQuotation(Span):
    speaker: int | None  # an index into Corpus.people
    speaker_text: str
    cue: str
    kind: str
    status: str
    tags: list = field(default_factory=list)


@dataclass
class SyntheticMention(Span):
    person: int


@dataclass
class SyntheticAnnotation(Span):
    note: str
    colour: str
    private: bool
    author: int  # an index into the corpus's authors
    tags: list = field(default_factory=list)


@dataclass
class SyntheticArticle:
    number: int
    title: str
    outlet: int  # an index into Corpus.outlets
    language: str
    published_at: datetime
    body: str
    tags: list
    quotations: list
    mentions: list
    annotations: list


@dataclass
class SyntheticPerson:
    name: str
    role: str
    aliases: list


def zipf_weights(count, exponent=1.1):
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


class Corpus:
    """The made-up world of one seed: its outlets, people, tags and vocabulary."""

    def __init__(self, seed=0, articles=1000, authors=5):
        self.seed = seed
        self.size = max(1, articles)  # dates spread over nine years whatever the size
        rng = random.Random(f"corpus-{seed}")  # noqa: S311 (made-up data, not secrets)
        self.outlets = self._unique(
            rng,
            lambda: (
                self._word(rng, 2, 3).title()
                + rng.choice([" News", " Daily", " Herald", " Post", " Times", " Review", " Today", ""])
            ),
            max(20, articles // 300),
        )
        self.tags = self._unique(rng, lambda: self._word(rng, 2, 3), max(40, articles // 250))
        self.people = [
            self._person(rng, name)
            for name in self._unique(
                rng,
                lambda: f"{self._word(rng, 2, 3).title()} {self._word(rng, 2, 4).title()}",
                max(60, articles // 20),
            )
        ]
        tail = self._unique(rng, lambda: self._word(rng, 2, 4), 6000)
        self.english = ENGLISH + tail
        self.english_weights = zipf_weights(len(self.english), 1.0)
        self.russian = RUSSIAN
        self.russian_weights = zipf_weights(len(RUSSIAN), 0.9)
        self.authors = authors
        self.outlet_weights = zipf_weights(len(self.outlets))
        self.tag_weights = zipf_weights(len(self.tags))
        self.people_weights = zipf_weights(len(self.people), 1.0)
        # Words a person said once and several outlets reported: the same quotation across outlets.
        self.famous = {
            index: self._sentence(rng, False, 8, 20) for index in range(min(200, len(self.people)))
        }

    @staticmethod
    def _word(rng, least, most):
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(least, most)))

    @staticmethod
    def _unique(rng, make, count):
        seen = {}
        while len(seen) < count:
            seen.setdefault(make(), None)
        return list(seen)

    @staticmethod
    def _person(rng, name):
        given, surname = name.split(" ", 1)
        aliases = [surname]
        if rng.random() < 0.5:
            # Another transliteration: the last vowel or consonant written otherwise.
            swapped = surname.replace("v", "w").replace("i", "y") if "v" in surname or "i" in surname else ""
            if swapped and swapped != surname:
                aliases.append(f"{given} {swapped}")
        if rng.random() < 0.2:
            aliases.append(f"{given[0]}. {surname}")
        return SyntheticPerson(name=name, role=rng.choice(ROLES), aliases=aliases)

    def _sentence(self, rng, russian, least=6, most=18):
        words, weights = (
            (self.russian, self.russian_weights) if russian else (self.english, self.english_weights)
        )
        text = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(least, most)))
        return text[0].upper() + text[1:] + "."

    def article(self, number):
        """The ``number``-th article of this corpus."""
        rng = random.Random(f"{self.seed}-{number}")  # noqa: S311
        russian = rng.random() < 0.1
        title = self._sentence(rng, russian, 5, 11).rstrip(".")
        cast = sorted(
            set(rng.choices(range(len(self.people)), cum_weights=self.people_weights, k=rng.randint(1, 4)))
        )
        body = []  # pieces of text; offsets are counted as they are joined
        length = 0
        quotations, mentions = [], []

        def add(text):
            nonlocal length
            body.append(text)
            length += len(text)
            return length - len(text)

        paragraphs = rng.randint(4, 14)
        for index in range(paragraphs):
            if index:
                add("\n\n")
            for _ in range(rng.randint(2, 5)):
                add(self._sentence(rng, russian) + " ")
            if rng.random() < 0.55:
                self._quote(rng, russian, cast, add, quotations, mentions)
            add(self._sentence(rng, russian))
        text = "".join(body)
        annotations = []
        for _ in range(rng.choices((0, 1, 2, 3), (60, 25, 10, 5))[0]):
            start = rng.randrange(0, max(1, len(text) - 80))
            end = min(len(text), start + rng.randint(20, 80))
            word = rng.choice(self.english[20:400])
            annotations.append(
                SyntheticAnnotation(
                    start,
                    end,
                    text[start:end],
                    note=rng.choice(NOTES).format(word=word) if rng.random() < 0.7 else "",
                    colour=rng.choice(COLOURS),
                    private=rng.random() < 0.2,
                    author=rng.randrange(self.authors),
                    tags=self._some_tags(rng, 0.3),
                )
            )
        return SyntheticArticle(
            number=number,
            title=title,
            outlet=rng.choices(range(len(self.outlets)), cum_weights=self.outlet_weights)[0],
            language="ru" if russian else "en",
            published_at=FIRST_DATE + timedelta(days=DAYS * number / self.size, seconds=rng.randrange(86400)),
            body=text,
            tags=self._some_tags(rng, 0.9, most=5),
            quotations=quotations,
            mentions=mentions,
            annotations=annotations,
        )

    def _some_tags(self, rng, chance, most=2):
        if rng.random() >= chance:
            return []
        picked = rng.choices(self.tags, cum_weights=self.tag_weights, k=rng.randint(1, most))
        return list(dict.fromkeys(picked))

    def _quote(self, rng, russian, cast, add, quotations, mentions):
        """A paragraph's quotation: a named speaker (mentioned by name or alias) or an anonymous one."""
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
        speaker = rng.choice(cast) if rng.random() < 0.85 else None
        if speaker in self.famous and not russian and rng.random() < 0.05:
            words = self.famous[speaker]
        else:
            words = self._sentence(rng, russian, 8, 24)
        person = self.people[speaker] if speaker is not None else None
        written = rng.choice([person.name, *person.aliases]) if person else rng.choice(ANONYMOUS_SPEAKERS)
        cue = rng.choice(CUES)
        if kind == "direct":
            add("“")
            start = add(words)
            add(f"” {written} {cue}. ")
            name_at = start + len(words) + 2
        elif kind == "partial":
            head = self._sentence(rng, russian, 3, 6).rstrip(".")
            name_at = add(written)
            add(f" {cue} that {head.lower()} “")
            start = add(words.rstrip("."))
            add("”. ")
            words = words.rstrip(".")
        else:
            name_at = add(written)
            add(f" {cue} that ")
            words = words[0].lower() + words[1:]
            start = add(words)
            add(" ")
        quotations.append(
            SyntheticQuotation(
                start,
                start + len(words),
                words,
                speaker=speaker,
                speaker_text="" if person else written,
                cue=cue,
                kind=kind,
                status=status,
                tags=self._some_tags(rng, 0.15, most=1),
            )
        )
        if person:
            mentions.append(SyntheticMention(name_at, name_at + len(written), written, person=speaker))
