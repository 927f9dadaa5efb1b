"""With HOCVUSO_LOG_FORMAT=json every request is one JSON line for a log collector, with its id,
path, status and duration; the id comes back to the client and from our proxy only."""

import io
import json
import logging.config
import runpy

import pytest
from django.conf import settings as django_settings

import hocvuso.settings


def settings_with(monkeypatch, **environ: str) -> dict:
    """The settings module as it would read this environment."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(hocvuso.settings.__file__)


@pytest.fixture
def json_logs(monkeypatch):
    """The log lines, parsed, with the logging the JSON settings configure."""
    logging.config.dictConfig(settings_with(monkeypatch, HOCVUSO_LOG_FORMAT="json")["LOGGING"])
    written = io.StringIO()
    (console,) = logging.getLogger().handlers
    console.setStream(written)
    yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    logging.config.dictConfig(django_settings.LOGGING)


def test_a_request_logs_one_json_line_with_its_path_status_and_duration(client, db, json_logs):
    response = client.get("/privacy/?q=Nguyễn Văn An", HTTP_X_REQUEST_ID="abcdef0123456789")

    lines = [line for line in json_logs() if line["logger"] == "hocvuso.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert line["path"] == "/privacy/"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["duration_ms"] > 0
    assert line["level"] == "INFO"
    assert "Nguyễn" not in json.dumps(line, ensure_ascii=False)  # the query string is not kept
    # Not from one of our proxies: the offered id is ignored, a new one made and sent back.
    assert line["request_id"] != "abcdef0123456789"
    assert response["X-Request-ID"] == line["request_id"]


def test_the_request_id_of_our_own_proxy_is_kept(client, db, settings, json_logs):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    response = client.get("/privacy/", HTTP_X_REQUEST_ID="abcdef0123456789")

    (line,) = [line for line in json_logs() if line["logger"] == "hocvuso.requests"]
    assert line["request_id"] == "abcdef0123456789"
    assert response["X-Request-ID"] == "abcdef0123456789"


def test_a_missing_page_is_logged_with_its_status(client, db, json_logs):
    client.get("/no-such-page/")

    statuses = [line["status"] for line in json_logs() if line["logger"] == "hocvuso.requests"]
    assert statuses == [404]


def test_text_logs_stay_quiet_for_the_demo(monkeypatch):
    config = settings_with(monkeypatch, HOCVUSO_LOG_FORMAT="text")["LOGGING"]

    assert config["handlers"]["console"]["formatter"] == "text"
    assert config["loggers"]["hocvuso.requests"]["level"] == "WARNING"


def test_an_unknown_log_format_is_refused(monkeypatch):
    with pytest.raises(ValueError, match="HOCVUSO_LOG_FORMAT must be text or json"):
        settings_with(monkeypatch, HOCVUSO_LOG_FORMAT="xml")
