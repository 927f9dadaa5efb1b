from django.urls import reverse


def test_vietnamese_is_the_default_language(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="vi"' in page and "Đăng nhập" in page


def test_the_switcher_turns_the_site_to_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in page and "Staff login" in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập" in client.get(reverse("accounts:login")).content.decode()


def test_a_phone_set_to_english_still_gets_vietnamese_until_the_person_chooses(client, db):
    page = client.get(
        reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert 'lang="vi"' in page
