"""Sensitive free text encrypted at rest (a disability, what a help request says).

The keys come from `settings.DATA_KEYS` (`HOCVUSO_DATA_KEYS`): the first encrypts, every
one decrypts, so a new key goes first and the old ones stay until `rotate_data_keys` has
re-encrypted every row with it (docs/data-keys.md).
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models, transaction

# Every Fernet token starts with its version byte 0x80, which base64 writes as "gAAAAA".
_TOKEN_START = "gAAAAA"  # noqa: S105 (a format marker, not a secret)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("HOCVUSO_DATA_KEYS holds no key")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.DATA_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "A sensitive field cannot be decrypted: is its key missing from HOCVUSO_DATA_KEYS?"
        ) from None


def is_encrypted(value: str) -> bool:
    return value.startswith(_TOKEN_START)


class EncryptedTextField(models.TextField):
    """Text stored encrypted; `max_length` only limits what forms accept.

    The empty string is stored as it is, so "nothing written" stays cheap to find. A lookup
    on the text itself cannot work (each encryption differs): only `isnull` and `exact` on
    the empty string make sense, and other lookups are refused.
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ("exact", "isnull"):
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) kept encrypted, found from the models themselves."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def _column(model: type[models.Model], field: str) -> str:
    found = model._meta.get_field(field)
    assert isinstance(found, models.Field) and found.column, field  # the model's own column
    return found.column


def encrypt_column(model: type[models.Model], field: str, connection, *, rotate: bool) -> int:
    """Encrypt the column's plaintext rows (a data migration), or with `rotate`, re-encrypt
    every row with the first key. Reads and writes the raw column, past the field."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(_column(model, field))
    pk = connection.ops.quote_name(model._meta.pk.column)
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
        rows = cursor.fetchall()
        for row_id, value in rows:
            if is_encrypted(value):
                if not rotate:
                    continue
                new = fernet().rotate(value.encode()).decode()
            else:
                new = encrypt(value)
            cursor.execute(
                f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                [new, row_id],
            )
            changed += 1
    return changed


def decrypt_column(model: type[models.Model], field: str, connection) -> int:
    """Write the column back as plaintext: the way back of the migration that encrypted it."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(_column(model, field))
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
        rows = [(row_id, value) for row_id, value in cursor.fetchall() if is_encrypted(value)]
        for row_id, value in rows:
            cursor.execute(
                f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                [decrypt(value), row_id],
            )
    return len(rows)


@transaction.atomic
def rotate_all(connection) -> dict[str, int]:
    """Re-encrypt every sensitive column with the first key, in one transaction."""
    return {
        f"{model._meta.label}.{field}": encrypt_column(model, field, connection, rotate=True)
        for model, field in encrypted_fields()
    }
