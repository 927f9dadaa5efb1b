"""/metrics gives Prometheus the site's figures, but only to a scraper on this machine or on
one of our proxies asking directly, or to one holding the bearer token: never to the public."""

import pytest


@pytest.fixture
def served(client, db):
    client.get("/privacy/")  # one request counted, so the figures have something to show
    return client


def test_it_is_served_to_a_scraper_on_this_machine(served):
    response = served.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    assert "django_http_requests_total_by_method_total" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_it_is_refused_to_the_public(served):
    response = served.get("/metrics", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 403
    assert b"django_http" not in response.content


def test_it_is_refused_to_the_public_through_our_own_proxy(served, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    response = served.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert response.status_code == 403


def test_it_is_refused_to_a_forged_forwarding_header_naming_loopback(served, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    response = served.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")

    assert response.status_code == 403


def test_it_is_served_to_our_proxy_asking_directly(served, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]

    assert served.get("/metrics", REMOTE_ADDR="10.0.0.5").status_code == 200


def test_it_is_served_anywhere_with_the_token_and_only_with_it(served, settings):
    settings.METRICS_TOKEN = "a-long-random-scrape-token"

    good = served.get(
        "/metrics",
        REMOTE_ADDR="203.0.113.7",
        HTTP_AUTHORIZATION="Bearer a-long-random-scrape-token",
    )
    wrong = served.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer guess")

    assert good.status_code == 200
    assert "django_http_requests_total_by_method_total" in good.content.decode()
    assert wrong.status_code == 403


def test_no_token_is_accepted_when_none_is_set(served, settings):
    settings.METRICS_TOKEN = ""

    response = served.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 403
