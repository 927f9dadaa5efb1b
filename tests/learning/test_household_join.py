"""A household's learning card starts a member's learner or continues one kept under no
password; it never hands over one kept under a password, and never costs a device the
account it holds. Two `Client()`s are two phones."""

import pytest
from django.test import Client
from django.urls import reverse

from hocvuso.learning import services
from hocvuso.learning.models import Learner, LessonProgress

PASSWORD = "mat-khau-cua-an"
ASKS_PASSWORD = "An lưu tiến độ học bằng mật khẩu"
WRONG_PASSWORD = "Mật khẩu chưa đúng. Hãy thử lại, hoặc hỏi An."


@pytest.fixture
def address(world):
    return services.learning_address(world.h11)


@pytest.fixture
def huong(world):
    return world.h11.residents.get(full_name="Đỗ Thị Hường")


def _join(device: Client, address, resident, **fields):
    url = reverse("learning:household_join", args=[address.code])
    return device.post(url, {"resident": resident.pk, **fields})


def _save_account(device: Client, phone: str, name: str = "Nguyễn Văn An"):
    data = {"full_name": name, "phone": phone, "password": PASSWORD}
    assert device.post(reverse("learning:account_create"), data).status_code == 302


def _account_page(device: Client) -> str:
    return device.get(reverse("learning:account")).content.decode()


def _done(device: Client, course, lesson: str = "bai-mot") -> None:
    device.post(reverse("learning:lesson_done", args=[course.slug, lesson]))


def test_a_card_cannot_take_over_a_member_saved_with_a_password(world, address, course):
    phone_a, phone_b = Client(), Client()
    _join(phone_a, address, world.an)
    _done(phone_a, course)
    _save_account(phone_a, "0912000111")

    asked = _join(phone_b, address, world.an)
    assert asked.status_code == 200 and ASKS_PASSWORD in asked.content.decode()
    assert "0912000111" not in _account_page(phone_b)
    wrong = _join(phone_b, address, world.an, password="doan-bua-thoi")
    assert wrong.status_code == 400 and WRONG_PASSWORD in wrong.content.decode()
    assert "0912000111" not in _account_page(phone_b)
    # Phone A is still An, with his account and progress.
    assert "0912000111" in _account_page(phone_a)
    an = Learner.objects.get(resident=world.an)
    assert an.phone == "0912000111" and an.lessons_done.count() == 1


def test_the_member_s_own_password_lets_another_phone_continue(world, address, course):
    phone_a, phone_b = Client(), Client()
    _join(phone_a, address, world.an)
    _save_account(phone_a, "0912000111")
    _done(phone_b, course)  # what phone B learned before it knew who it was

    assert _join(phone_b, address, world.an, password=PASSWORD).status_code == 302
    assert "0912000111" in _account_page(phone_b)
    an = Learner.objects.get(resident=world.an)
    assert an.lessons_done.count() == 1 and Learner.objects.count() == 1


def test_guessing_a_member_s_password_locks_it_like_a_log_in(world, address):
    phone_a, phone_b = Client(), Client()
    _join(phone_a, address, world.an)
    _save_account(phone_a, "0912000111")
    for _ in range(10):
        assert _join(phone_b, address, world.an, password="doan-bua-thoi").status_code == 400
    locked = _join(phone_b, address, world.an, password=PASSWORD)
    assert locked.status_code == 429
    assert "Có quá nhiều lần thử từ kết nối này" in locked.content.decode()
    assert "0912000111" not in _account_page(phone_b)
    # The lock is the log-in's: the phone number cannot be guessed through it meanwhile.
    login = {"phone": "0912000111", "password": PASSWORD}
    assert phone_b.post(reverse("learning:account_login"), login).status_code == 429


def test_a_phone_account_is_kept_when_its_device_taps_a_member_who_learns(
    world, address, course, huong
):
    grandma, shared = Client(), Client()
    _join(grandma, address, huong)
    _done(grandma, course)
    _done(shared, course)
    _save_account(shared, "0912000222", name="Nguyễn Thị Lan")

    refused = _join(shared, address, huong)
    assert refused.status_code == 200
    assert "Máy này đang lưu tiến độ học của Lan" in refused.content.decode()
    assert "0912000222" in _account_page(shared)
    lan = Learner.objects.get(phone="0912000222")
    assert lan.resident is None and lan.lessons_done.count() == 1
    assert Learner.objects.get(resident=huong).lessons_done.count() == 1

    # Only on purpose: log out of Lan's account and learn as Hường; both stay whole.
    assert _join(shared, address, huong, switch="1").status_code == 302
    assert "0912000222" not in _account_page(shared)
    assert Learner.objects.count() == 2 and LessonProgress.objects.count() == 2
    login = {"phone": "0912000222", "password": PASSWORD}
    assert shared.post(reverse("learning:account_login"), login).status_code == 302
    assert "0912000222" in _account_page(shared)


def test_a_phone_account_becomes_a_member_who_has_not_started(world, address, course):
    phone = Client()
    _done(phone, course)
    _save_account(phone, "0912000111")
    assert _join(phone, address, world.an).status_code == 302
    an = Learner.objects.get()
    assert an.resident == world.an and an.phone == "0912000111" and an.lessons_done.count() == 1


def test_tapping_another_member_leaves_the_first_member_s_progress_alone(
    world, address, course, huong
):
    shared = Client()
    _join(shared, address, world.an)
    _done(shared, course)
    assert _join(shared, address, huong).status_code == 302
    _done(shared, course)
    an, hương = Learner.objects.get(resident=world.an), Learner.objects.get(resident=huong)
    assert an.lessons_done.count() == 1 and hương.lessons_done.count() == 1
    # And back: An continues, still with no password, and keeps what he learned.
    assert _join(shared, address, world.an).status_code == 302
    assert Learner.objects.count() == 2 and an.lessons_done.count() == 1


def test_logging_in_does_not_swallow_a_household_member(world, address, course):
    family, own = Client(), Client()
    _save_account(own, "0912000333", name="Trần Văn Minh")
    _join(family, address, world.an)
    _done(family, course)
    login = {"phone": "0912000333", "password": PASSWORD}
    assert family.post(reverse("learning:account_login"), login).status_code == 302
    an = Learner.objects.get(resident=world.an)
    assert an.lessons_done.count() == 1
    assert Learner.objects.get(phone="0912000333").lessons_done.count() == 0
