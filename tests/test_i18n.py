import pytest
from django.urls import reverse


def test_vietnamese_is_the_default_language(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="vi"' in page and "Đăng nhập" in page


def test_the_switcher_turns_the_site_to_english_and_back(client, db):
    login = reverse("accounts:login")
    page = client.get(login).content.decode()
    english = reverse("language", args=["en"])
    assert f'<a href="{english}" lang="en" hreflang="en">English</a>' in page
    response = client.get(english, HTTP_REFERER=f"http://testserver{login}")
    assert response.status_code == 302 and response["Location"] == f"http://testserver{login}"
    page = client.get(login).content.decode()
    assert 'lang="en"' in page and "Staff login" in page
    assert '<strong lang="en" aria-current="true">English</strong>' in page
    client.get(reverse("language", args=["vi"]))
    assert "Đăng nhập" in client.get(login).content.decode()


@pytest.mark.parametrize(
    "referer",
    ["", "http://evil.example/phish/", "javascript:alert(1)", "//evil.example/", "not a url"],
)
def test_the_switcher_goes_back_only_to_this_site(client, db, referer):
    response = client.get(reverse("language", args=["en"]), HTTP_REFERER=referer)
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize("code", ["fr", "EN", "vi-x", "x" * 300])
def test_an_unknown_language_changes_nothing(client, db, code):
    response = client.get(f"/language/{code}/")
    assert response.status_code == 404 and "django_language" not in response.cookies


def test_the_switcher_is_the_same_on_every_public_page_and_sets_no_cookie(client, db):
    for url in ("/", "/learn/", "/privacy/", "/ask/"):
        response = client.get(url)
        assert response.status_code == 200 and not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content


def test_a_phone_set_to_english_still_gets_vietnamese_until_the_person_chooses(client, db):
    page = client.get(
        reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert 'lang="vi"' in page
