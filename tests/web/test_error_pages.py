"""Every error page says in Vietnamese what happened, in the site's layout, and offers the
next step: the home page, the assistant, help at home, and logging in where that helps."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.web.error_urls")


def links(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


def next_steps_offered(response, world) -> bool:
    found = links(response)
    return {"/", "/ask/", f"/help/{world.ward.pk}/"} <= found


def test_an_unknown_address_gets_the_vietnamese_404_with_next_steps(client, world):
    response = client.get("/khong-co-trang-nay/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text
    assert "Nhờ Phường Tương Mai hỗ trợ tại nhà" in text
    assert next_steps_offered(response, world)
    assert 'class="top"' in text  # the site's layout, with its menu


def test_a_refusal_to_an_anonymous_visitor_offers_to_log_in(client, world):
    response = client.get("/fails/forbidden/")
    text = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền mở trang này" in text
    assert "Hãy đăng nhập để tiếp tục" in text
    assert f"{reverse('accounts:login')}?next=/fails/forbidden/" in links(response)
    assert next_steps_offered(response, world)


def test_a_refusal_to_a_logged_in_user_sends_them_to_their_officer_not_to_the_login(client, world):
    client.force_login(world.volunteer)
    response = client.get("/fails/forbidden/")
    text = response.content.decode()
    assert response.status_code == 403
    assert "hãy hỏi cán bộ phường" in text
    assert not any(link.startswith(reverse("accounts:login")) for link in links(response))
    assert next_steps_offered(response, world)


def test_an_expired_form_is_explained_in_vietnamese(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert next_steps_offered(response, world)


def test_a_malformed_request_gets_the_vietnamese_400(client, world):
    response = client.get("/fails/malformed/")
    assert response.status_code == 400
    assert "Địa chỉ hoặc biểu mẫu đã gửi không đúng" in response.content.decode()
    assert next_steps_offered(response, world)


def test_a_refused_ward_says_why_and_offers_the_same_next_steps(client, world):
    response = client.get("/fails/refused/")
    assert response.status_code == 404
    assert "Phường này không có." in response.content.decode()
    assert next_steps_offered(response, world)


def test_too_many_tries_asks_to_wait_and_offers_the_next_steps(client, world):
    response = client.get("/fails/throttled/")
    assert response.status_code == 429
    assert "Vui lòng chờ" in response.content.decode()
    assert next_steps_offered(response, world)


def test_a_bug_gets_the_self_contained_vietnamese_500(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    response = client.get("/fails/broken/")
    text = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in text
    assert "vui lòng thử lại sau vài phút" in text
    assert {"/", "/ask/"} <= links(response)
    assert "a bug" not in text and "Traceback" not in text


def test_the_error_pages_follow_a_visitor_who_chose_english(client, world):
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/khong-co-trang-nay/").content.decode()


def test_the_site_has_a_favicon_at_the_address_browsers_ask(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")
    page = client.get("/khong-co-trang-nay/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
