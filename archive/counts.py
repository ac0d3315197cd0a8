"""The stored counts of people (``Person.quotation_count``, ``Person.latest_quotation``), kept right
by database triggers: whatever writes a quotation (ingest, the admin and its bulk actions, the API,
``bulk_create``, ``QuerySet.update()``, a merge) or changes an article's date, the database follows.

A quotation counts when it has a speaker, is not rejected and is not in the trash; the latest date is
its article's ``sort_date``. A new quotation adds one (the hot path of ingestion: no counting);
any other change counts the people concerned again, from their quotations (an index on speaker).
``recount`` counts everyone again in one statement, for bulk loads that turn the triggers off
(``generate_corpus``) and for the migration that adds the counts.

SQLite rebuilds a table to alter it, which drops its triggers: ``install_sqlite_triggers`` puts them
back after every migration (archive.apps), as for the search tables. Every name here is a constant.
"""

from contextlib import contextmanager

COUNTED = "{q}.speaker_id IS NOT NULL AND {q}.status <> 'rejected' AND {q}.trashed_at IS NULL"


def _recount(person):
    """SET clause counting ``person`` (an SQL expression of a person id) again."""
    mine = f"q.speaker_id = {person} AND q.status <> 'rejected' AND q.trashed_at IS NULL"
    return (
        f"quotation_count = (SELECT count(*) FROM articles_quotation q WHERE {mine}), "
        "latest_quotation = (SELECT max(a.sort_date) FROM articles_quotation q "
        f"JOIN articles_article a ON a.id = q.article_id WHERE {mine})"
    )


RECOUNT = f"UPDATE articles_person SET {_recount('articles_person.id')}"  # noqa: S608

# A quotation's change that may change a count: its speaker, status, trash or article.
CHANGED = (
    "OLD.speaker_id IS NOT NEW.speaker_id OR OLD.status IS NOT NEW.status "
    "OR (OLD.trashed_at IS NULL) IS NOT (NEW.trashed_at IS NULL) OR OLD.article_id IS NOT NEW.article_id"
)
DATE_CHANGED = "OLD.published_at IS NOT NEW.published_at OR OLD.ingested_at IS NOT NEW.ingested_at"
INSERTED = (
    "UPDATE articles_person SET quotation_count = quotation_count + 1, latest_quotation = {latest} "
    "WHERE id = NEW.speaker_id"
)
ARTICLE_SPEAKERS = "SELECT speaker_id FROM articles_quotation WHERE article_id = NEW.id"
INSERTED_POSTGRESQL = INSERTED.format(
    latest="GREATEST(latest_quotation, (SELECT sort_date FROM articles_article WHERE id = NEW.article_id))"
)
POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION archive_person_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'articles_article' THEN
        UPDATE articles_person SET {_recount("articles_person.id")}
        WHERE id IN ({ARTICLE_SPEAKERS});
    ELSIF TG_OP = 'INSERT' THEN
        IF {COUNTED.format(q="NEW")} THEN
            {INSERTED_POSTGRESQL};
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE articles_person SET {_recount("articles_person.id")} WHERE id = OLD.speaker_id;
    ELSE
        UPDATE articles_person SET {_recount("articles_person.id")}
        WHERE id = OLD.speaker_id OR id = NEW.speaker_id;
    END IF;
    RETURN NULL;
END
$$
"""
POSTGRESQL_TRIGGERS = {
    "archive_person_counts_insert": "AFTER INSERT ON articles_quotation FOR EACH ROW",
    "archive_person_counts_delete": "AFTER DELETE ON articles_quotation FOR EACH ROW",
    "archive_person_counts_update": "AFTER UPDATE ON articles_quotation FOR EACH ROW "
    f"WHEN ({CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')})",
    "archive_person_counts_dates": "AFTER UPDATE ON articles_article FOR EACH ROW "
    f"WHEN ({DATE_CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')})",
}


def _trigger_tables():
    return {name: when.split(" ON ")[1].split()[0] for name, when in POSTGRESQL_TRIGGERS.items()}


def postgresql_forwards():
    return [
        POSTGRESQL_FUNCTION,
        *(
            f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION archive_person_counts()"
            for name, when in POSTGRESQL_TRIGGERS.items()
        ),
        RECOUNT,
    ]


def postgresql_backwards():
    table = _trigger_tables()
    return [f"DROP TRIGGER IF EXISTS {name} ON {table[name]}" for name in POSTGRESQL_TRIGGERS] + [
        "DROP FUNCTION IF EXISTS archive_person_counts()"
    ]


def sqlite_triggers():
    recount_old = f"UPDATE articles_person SET {_recount('articles_person.id')} WHERE id = OLD.speaker_id;"
    recount_new = f"UPDATE articles_person SET {_recount('articles_person.id')} WHERE id = NEW.speaker_id;"
    newest = "(SELECT sort_date FROM articles_article WHERE id = NEW.article_id)"
    latest = f"max(coalesce(latest_quotation, ''), {newest})"
    return [
        "CREATE TRIGGER IF NOT EXISTS archive_person_counts_insert AFTER INSERT ON articles_quotation "
        f"WHEN {COUNTED.format(q='NEW')} BEGIN {INSERTED.format(latest=latest)}; END",
        "CREATE TRIGGER IF NOT EXISTS archive_person_counts_delete AFTER DELETE ON articles_quotation "
        f"WHEN OLD.speaker_id IS NOT NULL BEGIN {recount_old} END",
        "CREATE TRIGGER IF NOT EXISTS archive_person_counts_update AFTER UPDATE ON articles_quotation "
        f"WHEN {CHANGED} BEGIN {recount_old} {recount_new} END",
        "CREATE TRIGGER IF NOT EXISTS archive_person_counts_dates AFTER UPDATE ON articles_article "
        f"WHEN {DATE_CHANGED} BEGIN UPDATE articles_person SET {_recount('articles_person.id')} "
        f"WHERE id IN ({ARTICLE_SPEAKERS}); END",
    ]


def sqlite_forwards():
    return [*sqlite_triggers(), RECOUNT]


def sqlite_backwards():
    return [f"DROP TRIGGER IF EXISTS {name}" for name in POSTGRESQL_TRIGGERS]


def install_sqlite_triggers(connection):
    """Create any trigger a rebuilt table lost, once the migration that adds them has run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM django_migrations WHERE app = 'archive' AND name = %s", [MIGRATION])
        if cursor.fetchone() is None:
            return
        for statement in sqlite_triggers():
            cursor.execute(statement)


MIGRATION = "0004_person_quotation_counts"


@contextmanager
def paused(connection, pause=True):
    """The triggers off for a bulk load on PostgreSQL (a row at a time, the most quoted person would
    be updated thousands of times), and everyone counted again after it, even if the load fails.
    Inside a transaction, a table with deferred checks pending cannot be altered: they run first."""
    if connection.vendor != "postgresql" or not pause:
        yield
        return
    tables = _trigger_tables()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, table in tables.items():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, table in tables.items():
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        recount(connection)


def recount(connection):
    """Count every person's quotations again (after a load with the triggers off)."""
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT)
