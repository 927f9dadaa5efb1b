import pytest

from tests.outreach.providers import FakeHttpProvider, FakeSmtp


@pytest.fixture
def providers(settings):
    """Zalo OA and eSMS configured, both pointing at one local fake server."""
    fake = FakeHttpProvider().start()
    settings.ZALO_OA_URL = fake.url
    settings.ZALO_OA_ACCESS_TOKEN = "oa-token-123"
    settings.ESMS_URL = fake.url
    settings.ESMS_API_KEY, settings.ESMS_SECRET_KEY = "api-key", "secret-key"
    settings.ESMS_BRANDNAME = "PHUONGTM"
    settings.MESSAGE_TIMEOUT = 1
    yield fake
    fake.stop()


@pytest.fixture
def smtp(settings):
    fake = FakeSmtp().start()
    # pytest-django swaps in the in-memory backend; these tests speak real SMTP.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", fake.port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 1
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "ubnd@tuongmai.example"
    yield fake
    fake.stop()
