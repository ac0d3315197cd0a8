"""The full-text columns and indexes search reads, per database; ``archive/migrations`` installs them.

PostgreSQL: stored generated ``tsvector`` columns (the database keeps them right on every write:
ingest, admin, API, ``bulk_create``, ``QuerySet.update``) with named GIN indexes. Each is built in the
text's language: ``russian`` for Russian articles (and texts in Cyrillic), else ``english``. The
``russian`` configuration stems Latin words exactly as ``english`` does, so a query in Latin letters
finds English words in either; a query in Cyrillic is parsed as Russian (``search_config``).

SQLite: FTS5 tables over the same text (external content, so nothing is stored twice) kept in step by
triggers, which fire for every write path too. Django rebuilds a SQLite table to alter it, which drops
its triggers: ``install_sqlite_triggers`` puts them back after every migration (archive.apps).

Every name in this SQL is a constant of this module: nothing comes from users (hence the noqa S608).
"""

CYRILLIC = "[А-Яа-яЁё]"


def _config(language_check):
    return f"(CASE WHEN {language_check} THEN 'russian'::regconfig ELSE 'english'::regconfig END)"


ARTICLE_CONFIG = _config(f"language LIKE 'ru%' OR (language = '' AND title ~ '{CYRILLIC}')")

# Generated columns: (table, column, expression, index name). The body is cut at 500,000 characters,
# beyond PostgreSQL's limit of a tsvector (1 MB) for the longest documents.
POSTGRESQL_COLUMNS = [
    (
        "articles_article",
        f"setweight(to_tsvector({ARTICLE_CONFIG}, title), 'A') || "
        f"setweight(to_tsvector({ARTICLE_CONFIG}, left(body, 500000)), 'C')",
        "article_search_idx",
    ),
    ("articles_quotation", f"to_tsvector({_config(f'text ~ {CYRILLIC!r}')}, text)", "quotation_search_idx"),
    (
        "annotations_annotation",
        f"to_tsvector({_config(f'note ~ {CYRILLIC!r}')}, note)",
        "annotation_search_idx",
    ),
]


def postgresql_forwards():
    statements = []
    for table, expression, index in POSTGRESQL_COLUMNS:
        statements.append(
            f"ALTER TABLE {table} ADD COLUMN search tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )
        statements.append(f"CREATE INDEX {index} ON {table} USING gin (search)")
    return statements


def postgresql_backwards():
    return [f"ALTER TABLE {table} DROP COLUMN search" for table, _, _ in POSTGRESQL_COLUMNS]


# FTS5 tables: (fts table, content table, indexed columns).
SQLITE_TABLES = [
    ("archive_article_fts", "articles_article", ["title", "body"]),
    ("archive_quotation_fts", "articles_quotation", ["text"]),
    ("archive_annotation_fts", "annotations_annotation", ["note"]),
]


def _triggers(fts, table, columns):
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"  # noqa: S608
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def sqlite_triggers():
    return [
        statement for fts, table, columns in SQLITE_TABLES for statement in _triggers(fts, table, columns)
    ]


def sqlite_forwards():
    statements = []
    for fts, table, columns in SQLITE_TABLES:
        statements.append(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, content='{table}', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        statements.append(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608
    # A title's words weigh ten times a body's, as PostgreSQL's weights A and C do.
    statements.append(
        "INSERT INTO archive_article_fts(archive_article_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')"
    )
    return statements + sqlite_triggers()


def sqlite_backwards():
    triggers = [
        f"DROP TRIGGER IF EXISTS {fts}_{event}"
        for fts, _, _ in SQLITE_TABLES
        for event in ("insert", "delete", "update")
    ]
    return triggers + [f"DROP TABLE IF EXISTS {fts}" for fts, _, _ in SQLITE_TABLES]


def install_sqlite_triggers(connection):
    """Create any trigger a rebuilt table lost (nothing happens when they are all there)."""
    existing = {fts for fts, _, _ in SQLITE_TABLES}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in cursor.fetchall()}
        if not existing <= tables:
            return  # not migrated yet
        for statement in sqlite_triggers():
            cursor.execute(statement)


# Word pairs (PostgreSQL): every two lexemes next to each other in an article's search vector, as one
# lexeme "first~second", in a column of their own with a GIN index. A phrase of common words is
# rare while each of its words is everywhere, and checking a phrase reads the whole vector of every
# article that has all its words; the pairs find the few articles that hold the phrase's pairs at
# once, and the phrase itself is then checked on those only (``archive.search.postgresql``).
WORD_PAIRS_FUNCTION = """
CREATE FUNCTION archive_word_pairs(document tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || '~' || b.lexeme)), ''::tsvector)
    FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(document)) AS a
    JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(document)) AS b
      ON b.position = a.position + 1
$$
"""
# The pairs of a phrase as a query that wants them all ('' when it has none: a single word, or words
# apart from each other by stop words), built from the lexemes as they are, not parsed again.
PHRASE_PAIRS_FUNCTION = """
CREATE FUNCTION archive_phrase_pairs(config regconfig, phrase text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(quote_literal(lexeme), ' & '), '')
    FROM unnest(archive_word_pairs(to_tsvector(config, phrase)))
$$
"""
ARTICLE_DOCUMENT = POSTGRESQL_COLUMNS[0][1]


def word_pairs_forwards():
    return [
        WORD_PAIRS_FUNCTION,
        PHRASE_PAIRS_FUNCTION,
        "ALTER TABLE articles_article ADD COLUMN word_pairs tsvector "
        f"GENERATED ALWAYS AS (archive_word_pairs({ARTICLE_DOCUMENT})) STORED",
        "CREATE INDEX article_word_pairs_idx ON articles_article USING gin (word_pairs)",
    ]


def word_pairs_backwards():
    return [
        "ALTER TABLE articles_article DROP COLUMN word_pairs",
        "DROP FUNCTION archive_phrase_pairs(regconfig, text)",
        "DROP FUNCTION archive_word_pairs(tsvector)",
    ]
