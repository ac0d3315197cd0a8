"""Finding people by a name typed roughly, where the database cannot (SQLite has no trigrams)."""

from rapidfuzz import fuzz, process, utils

# partial_ratio scores the best-aligned stretch of each name: a surname typed with one letter wrong
# ("Kadyrow" in "Ramzan Kadyrov") scores about 86, a stretch typed exactly 100.
CLOSE_ENOUGH = 80


def closest(text, names, limit=200):
    """The ids of ``names`` (pairs of id and name) closest to ``text``, closest first, each once."""
    found = process.extract(
        text,
        {index: name for index, (_, name) in enumerate(names)},
        scorer=fuzz.partial_ratio,
        processor=utils.default_process,
        score_cutoff=CLOSE_ENOUGH,
        limit=None,
    )
    ranked = {}
    for _, score, index in sorted(found, key=lambda hit: -hit[1]):
        ranked.setdefault(names[index][0], score)
    return list(ranked)[:limit]


# pg_trgm's word_similarity of a surname typed with one letter wrong ("Kadirov" in "Ramzan Kadyrov")
# is about 0.45, under the default threshold of 0.6 that its `%>` operator (and index) uses.
WORD_SIMILARITY_THRESHOLD = 0.45


def set_trigram_threshold(sender, connection, **kwargs):
    """Lower pg_trgm's word similarity threshold for each new PostgreSQL connection."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
