"""`manage.py backup` and `manage.py restore`: a round trip gives every table back row for row,
a restore over data needs --yes, and a broken backup changes nothing."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from hocvuso.accounts import scoping
from hocvuso.accounts.models import RoleAssignment
from hocvuso.people.models import Resident
from tests import factories


def table_checksums() -> dict[str, str]:
    """Every table's rows, ordered by primary key, hashed."""
    sums = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            key = connection.introspection.get_primary_key_column(cursor, table)
            quoted = connection.ops.quote_name(table)
            order = connection.ops.quote_name(key) if key else "1"
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256()
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
            sums[table] = digest.hexdigest()
    return sums


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_gives_every_table_back_row_for_row(world, tmp_path, capsys):
    before = table_checksums()
    path = tmp_path / "ward.backup"

    call_command("backup", str(path))
    assert str(path) in capsys.readouterr().out
    Resident.objects.filter(pk=world.an.pk).delete()
    factories.resident(world.h12, "Lê Thị Mai", birth_year=1980)
    assert table_checksums() != before

    call_command("restore", str(path), "--yes")

    after = table_checksums()
    assert len(after) > 40
    assert after == before
    assert Resident.objects.get(pk=world.an.pk).full_name == "Nguyễn Văn An"


@pytest.mark.django_db(transaction=True)
def test_a_restore_over_a_wards_data_needs_yes(world, tmp_path):
    path = tmp_path / "ward.backup"
    call_command("backup", str(path))
    factories.resident(world.h12, "Lê Thị Mai", birth_year=1980)
    before = table_checksums()

    with pytest.raises(CommandError, match=r"already holds data.*--yes"):
        call_command("restore", str(path))

    assert table_checksums() == before


@pytest.mark.django_db(transaction=True)
def test_a_broken_backup_changes_nothing(world, tmp_path):
    path = tmp_path / "ward.backup"
    call_command("backup", str(path))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = table_checksums()

    with pytest.raises(CommandError):
        call_command("restore", str(path), "--yes")

    assert table_checksums() == before
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.backup"), "--yes")


@pytest.mark.django_db(transaction=True)
def test_a_backup_without_a_path_goes_to_the_data_dirs_backups_folder(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path

    call_command("backup")

    (written,) = (tmp_path / "backups").iterdir()
    assert written.name.startswith("hocvuso-")
    assert written.stat().st_size > 10_000


@pytest.mark.django_db(transaction=True)
def test_a_restore_takes_back_a_role_granted_after_the_backup_on_the_next_request(
    world, tmp_path, client
):
    # The web processes keep each user's scope between requests; the restore writes rows no
    # signal sees, so only forgetting what was kept makes the restored roles count at once.
    path = tmp_path / "ward.backup"
    call_command("backup", str(path))
    RoleAssignment.objects.filter(user=world.volunteer).update(ward=world.other_ward)
    scoping.roles_changed()
    client.force_login(world.volunteer)
    page = reverse("people:household", args=[world.h11.pk])
    assert client.get(page).status_code == 404  # kept: the volunteer now works elsewhere

    call_command("restore", str(path), "--yes")

    client.force_login(world.volunteer)
    assert client.get(page).status_code == 200
