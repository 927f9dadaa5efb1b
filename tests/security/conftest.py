import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.security.town import Town, build_town


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker, tmp_path_factory) -> Town:
    """Built once per module inside a transaction rolled back at its end; each test runs in a
    savepoint of it (the `db` fixture), so what one request changes is gone for the next. A
    module using it overrides `_isolated_files` so that the town's files stay where they are."""
    tmp = tmp_path_factory.mktemp("town")
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp / "media", CACHES=caches):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_town(tmp)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def one_client() -> Client:
    """One client for the module: each new one loads the middleware again, and WhiteNoise
    reads every static file when it does. Its address is a visitor's, not this machine's."""
    return Client(REMOTE_ADDR="203.0.113.10")
