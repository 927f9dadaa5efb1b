"""An index for the registry's search (see people.search_index): FTS5 and its triggers on
SQLite, pg_trgm's trigram indexes on PostgreSQL."""

from django.db import migrations

from hocvuso.people import search_index


def install(apps, schema_editor) -> None:
    search_index.install(schema_editor.connection)


def uninstall(apps, schema_editor) -> None:
    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_resident_erasure_and_encrypted_disability")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
