"""Tables of the PostgreSQL search backend (created on PostgreSQL only; SQLite uses tantivy)."""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS search_entry (
    item_id bigint PRIMARY KEY,
    tsv tsvector NOT NULL,
    keys text[] NOT NULL DEFAULT '{}',
    organs bigint[] NOT NULL DEFAULT '{}',
    columns bigint[] NOT NULL DEFAULT '{}',
    topics bigint[] NOT NULL DEFAULT '{}',
    organ_id bigint NOT NULL DEFAULT 0,
    topic_id bigint NOT NULL DEFAULT 0,
    genre_id bigint NOT NULL DEFAULT 0,
    year integer NOT NULL DEFAULT 0,
    validity varchar(16) NOT NULL DEFAULT '',
    published timestamptz,
    title text NOT NULL DEFAULT '',
    signature bigint NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_entry USING gin (tsv);
CREATE INDEX IF NOT EXISTS search_entry_keys ON search_entry USING gin (keys);
CREATE INDEX IF NOT EXISTS search_entry_organs ON search_entry USING gin (organs);
CREATE INDEX IF NOT EXISTS search_entry_published ON search_entry (published DESC);
CREATE TABLE IF NOT EXISTS search_state (key varchar(40) PRIMARY KEY, value text NOT NULL);
"""
DROP = "DROP TABLE IF EXISTS search_entry; DROP TABLE IF EXISTS search_state;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [migrations.RunPython(create, drop)]
