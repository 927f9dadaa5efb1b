"""The volunteer app's pages: a shell that holds no one's data, its service worker and
manifest, pairing from the volunteer's menu, and logging out wiping what the phone kept."""

import json

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_the_app_page_holds_no_one_s_data_even_for_a_signed_in_volunteer(client, world):
    client.force_login(world.volunteer)
    page = client.get(reverse("fieldapp:shell")).content.decode()
    assert "Ứng dụng tình nguyện viên" in page and "Ghi hỗ trợ" in page
    assert "Dùng ứng dụng trên điện thoại này" in page
    assert world.volunteer.username not in page and world.an.full_name not in page
    assert "<script>" not in page and "style=" not in page


def test_the_app_page_says_what_the_phone_keeps_and_for_how_long(client, db):
    page = client.get(reverse("fieldapp:shell")).content.decode()
    assert "họ tên, năm sinh, mã hộ và địa chỉ" in page
    assert "Bản lưu bị xoá sau 7 ngày không được cập nhật, và khi bạn đăng xuất." in page


def test_the_service_worker_keeps_the_app_and_every_file_it_needs(client, db):
    response = client.get(reverse("fieldapp:service_worker"))
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    shell = json.loads(body.split("const SHELL = ", 1)[1].split(";\n", 1)[0])
    assert shell[0] == "/app/"
    for url in shell[1:]:
        assert finders.find(url.removeprefix("/static/")), url
    assert 'const NAVIGATE = "shell"' in body and 'const CACHE = "hocvuso-app-v' in body


def test_the_lessons_keep_their_own_copy_beside_the_app(client, db):
    body = client.get(reverse("learning:service_worker")).content.decode()
    assert 'const CACHE = "hocvuso-learn-v2"' in body and 'const NAVIGATE = "network"' in body
    assert '"/learn/offline/"' in body


def test_the_manifest_installs_the_app_under_app(db):
    with open(finders.find("fieldapp/manifest.webmanifest"), encoding="utf-8") as file:
        manifest = json.load(file)
    assert manifest["scope"] == manifest["start_url"] == "/app/"
    assert manifest["display"] == "standalone" and manifest["lang"] == "vi"
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_the_volunteer_s_menu_opens_the_pairing_page(client, world):
    client.force_login(world.volunteer)
    home = client.get("/").content.decode()
    assert f'<a href="{reverse("fieldapp:pair")}">Ứng dụng điện thoại</a>' in home
    assert "fieldapp/logout.js" in home and 'data-logout="Điện thoại này còn bản ghi' in home
    page = client.get(reverse("fieldapp:pair")).content.decode()
    assert "Dùng ứng dụng trên điện thoại này" in page
    assert 'data-api="/api/v1/devices/pair"' in page


def test_pairing_needs_a_login(client, db):
    response = client.get(reverse("fieldapp:pair"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_logging_out_tells_the_browser_to_wipe_the_app_s_data(client, world):
    client.force_login(world.volunteer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
