"""What the processes of ``generate_corpus --jobs`` share: plain values, and entry points that set
Django up before importing any model (a fresh interpreter unpickles them first)."""

from dataclasses import dataclass

from .synthetic import Corpus


@dataclass
class Counts:
    articles: int = 0
    quotations: int = 0
    mentions: int = 0
    annotations: int = 0
    tags: int = 0

    def add(self, other):
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def __str__(self):
        return ", ".join(
            f"{getattr(self, name):,} {name}" for name in self.__dataclass_fields__ if name != "articles"
        )


@dataclass
class Ids:
    """The rows every article refers to, by their index in the corpus."""

    outlets: list
    people: list
    tags: dict
    authors: list
    types: dict  # model name -> content type id


_worker = {}


def start_worker(database, seed, count, ids):
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = database
    _worker.update(corpus=Corpus(seed, count), ids=ids)


def write_worker_batch(numbers):
    from archive.management.commands.generate_corpus import write_batch

    return write_batch(_worker["corpus"], _worker["ids"], numbers)
