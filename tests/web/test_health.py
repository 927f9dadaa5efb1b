"""/healthz tells monitoring whether this server can serve: the database, the cache and a task
worker that has run lately, each checked and named in the body; 503 when one fails."""

import json
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command

from hocvuso.web.health import HEARTBEAT_KEY


def test_it_answers_200_with_every_check_when_the_worker_has_just_run(client, world):
    cache.set(HEARTBEAT_KEY, time.time() - 5)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["seconds_since_last_round"] < 60


def test_it_answers_503_when_the_worker_has_not_run_for_minutes(client, world):
    cache.set(HEARTBEAT_KEY, time.time() - 10 * 60)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["seconds_since_last_round"] >= 600
    assert body["checks"]["database"] == {"ok": True}


def test_it_answers_503_when_no_worker_ever_ran(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "error": "no task worker has run"}


def test_it_answers_503_when_the_cache_keeps_nothing(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "value not kept"}


@pytest.mark.django_db(transaction=True)
def test_a_round_of_the_task_worker_makes_it_healthy(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get("/healthz").status_code == 503

    call_command("work", once=True)

    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["worker"]["seconds_since_last_round"] <= 60


def test_it_shows_no_personal_data(client, world):
    cache.set(HEARTBEAT_KEY, time.time())

    response = client.get("/healthz")

    body = response.json()
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "cache", "worker"}
    text = json.dumps(body, ensure_ascii=False)
    for personal in (world.an.full_name, world.h11.phone, world.h11.address, "Tương Mai"):
        assert personal not in text


def test_it_is_never_throttled(client, world):
    cache.set(HEARTBEAT_KEY, time.time())

    statuses = {client.get("/healthz", REMOTE_ADDR="203.0.113.7").status_code for _ in range(200)}

    assert statuses == {200}


def test_it_answers_a_plain_http_probe_even_when_the_site_redirects_to_https(
    client, world, settings
):
    settings.SECURE_SSL_REDIRECT = True
    cache.set(HEARTBEAT_KEY, time.time())

    assert client.get("/healthz").status_code == 200
    assert client.get("/learn/").status_code == 301
