"""Sensitive free text is encrypted at rest with the data keys, read back in clear by the
application, encrypted by the migration where it was plain, and re-encrypted on rotation."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from hocvuso.people.encryption import decrypt_column, encrypt_column
from hocvuso.people.models import Disability
from hocvuso.people.services import disability_record
from hocvuso.support.models import HelpRequest

SECRET = "Không nhìn rõ chữ nhỏ, tay run"
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [value for (value,) in cursor.fetchall()]


@pytest.fixture
def disability(world, settings):
    settings.DATA_KEYS = [OLD]
    return disability_record(
        actor=world.officer,
        resident=world.an,
        description=SECRET,
        given_by="Ông An",
        given_on=world.an.created_at.date(),
    )


def test_the_column_holds_no_plaintext_and_the_page_reads_it(client, world, disability):
    [stored] = raw("people_disability", "description")
    assert SECRET not in stored
    assert stored.startswith("gAAAAA")
    assert Disability.objects.get(pk=disability.pk).description == SECRET
    client.force_login(world.officer)
    url = f"/registry/households/{world.h11.pk}/residents/{world.an.pk}/disability/"
    assert SECRET in client.get(url).content.decode()


def test_a_help_request_is_encrypted_and_a_repeat_is_still_recognised(client, world):
    form = {"name": "Bà Lan", "phone": "0912 345 678", "address": "", "need": "Tôi bị mù màu"}
    client.post(f"/help/{world.ward.code}/", form)
    client.post(f"/help/{world.ward.code}/", form)
    assert HelpRequest.objects.count() == 1
    assert "mù màu" not in raw("support_helprequest", "need")[0]
    assert HelpRequest.objects.get().need == "Tôi bị mù màu"


def test_rotation_re_encrypts_with_the_first_key_so_the_old_one_can_go(disability, settings):
    [before] = raw("people_disability", "description")
    settings.DATA_KEYS = [NEW, OLD]
    call_command("rotate_data_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [after] = raw("people_disability", "description")
    assert after != before
    settings.DATA_KEYS = [NEW]
    assert Disability.objects.get(pk=disability.pk).description == SECRET
    settings.DATA_KEYS = [OLD]
    with pytest.raises(ValueError, match="HOCVUSO_DATA_KEYS"):
        Disability.objects.get(pk=disability.pk)


def test_the_migration_encrypts_rows_written_in_plaintext_and_can_go_back(disability):
    decrypt_column(Disability, "description", connection)
    assert raw("people_disability", "description") == [SECRET]
    assert encrypt_column(Disability, "description", connection, rotate=False) == 1
    assert encrypt_column(Disability, "description", connection, rotate=False) == 0
    assert SECRET not in raw("people_disability", "description")[0]
    assert Disability.objects.get(pk=disability.pk).description == SECRET
