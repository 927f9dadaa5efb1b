"""What the production variables turn on: PostgreSQL's statement time limit, hashed static
files, and the optional error reporting, which never starts without a DSN."""

import sys
import types

import pytest

from hocvuso.web.errors import init_error_reporting
from tests.web.test_requestlog import settings_with

POSTGRES = "postgres://hocvuso@127.0.0.1:5432/hocvuso"


def test_postgresql_cuts_a_statement_past_the_time_limit(monkeypatch):
    database = settings_with(
        monkeypatch, DATABASE_URL=POSTGRES, HOCVUSO_DB_STATEMENT_TIMEOUT_MS="30000"
    )["DATABASES"]["default"]

    assert "-c statement_timeout=30000" in database["OPTIONS"]["options"]


def test_no_time_limit_is_set_unless_asked(monkeypatch):
    monkeypatch.delenv("HOCVUSO_DB_STATEMENT_TIMEOUT_MS", raising=False)
    database = settings_with(monkeypatch, DATABASE_URL=POSTGRES)["DATABASES"]["default"]

    assert "statement_timeout" not in database["OPTIONS"]["options"]


def test_postgresql_compiles_no_query_unless_asked(monkeypatch):
    monkeypatch.delenv("HOCVUSO_DB_JIT", raising=False)
    database = settings_with(monkeypatch, DATABASE_URL=POSTGRES)["DATABASES"]["default"]
    assert database["OPTIONS"]["options"] == "-c jit=off"

    database = settings_with(monkeypatch, DATABASE_URL=POSTGRES, HOCVUSO_DB_JIT="1")["DATABASES"][
        "default"
    ]
    assert "jit" not in database["OPTIONS"]["options"]


@pytest.mark.django_db
def test_the_running_postgresql_has_jit_off():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's (CI runs the suite on it)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_production_serves_hashed_static_files_from_static_root(monkeypatch):
    values = settings_with(monkeypatch, HOCVUSO_HASHED_STATIC="true")

    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["WHITENOISE_USE_FINDERS"] is False


@pytest.fixture
def fake_sentry(monkeypatch):
    """Stands in for sentry-sdk, which is optional and must never be reached in a test."""
    calls = []
    sdk = types.ModuleType("sentry_sdk")
    sdk.init = lambda **options: calls.append(options)
    integrations = types.ModuleType("sentry_sdk.integrations")
    django = types.ModuleType("sentry_sdk.integrations.django")
    django.DjangoIntegration = lambda: "django-integration"
    for name, module in (
        ("sentry_sdk", sdk),
        ("sentry_sdk.integrations", integrations),
        ("sentry_sdk.integrations.django", django),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    return calls


def test_errors_are_reported_without_personal_data_when_a_dsn_is_set(fake_sentry):
    assert init_error_reporting("https://key@errors.example.invalid/1", environment="phuong")

    (options,) = fake_sentry
    assert options["dsn"] == "https://key@errors.example.invalid/1"
    assert options["environment"] == "phuong"
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["integrations"] == ["django-integration"]


def test_nothing_is_reported_without_a_dsn(fake_sentry):
    assert init_error_reporting("", environment="production") is False
    assert fake_sentry == []


def test_a_dsn_without_sentry_sdk_installed_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)

    with pytest.raises(RuntimeError, match='pip install "hocvuso\\[sentry\\]"'):
        init_error_reporting("https://key@errors.example.invalid/1", environment="production")
