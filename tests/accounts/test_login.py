"""Login, logout, password change; wrong passwords are throttled; hashes are argon2."""

from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from hocvuso.accounts.models import User
from tests import factories


def make_user(password="mật-khẩu-dài-2026"):  # noqa: S107
    user = factories.user("canbo1")
    user.set_password(password)
    user.save()
    return user


def test_passwords_are_hashed_with_argon2(db):
    user = make_user()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_a_user_logs_in_and_out(client, db):
    make_user()
    response = client.post(
        reverse("accounts:login"), {"username": "canbo1", "password": "mật-khẩu-dài-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("web:home")).context["user"].username == "canbo1"
    client.post(reverse("accounts:logout"))
    assert not client.get(reverse("web:home")).context["user"].is_authenticated


def test_a_wrong_password_says_so_in_vietnamese(client, db):
    make_user()
    page = client.post(
        reverse("accounts:login"), {"username": "canbo1", "password": "sai"}
    ).content.decode()
    assert "mật khẩu chính xác" in page


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, db):
    make_user()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "canbo1", "password": "sai"})
    response = client.post(
        reverse("accounts:login"), {"username": "canbo1", "password": "mật-khẩu-dài-2026"}
    )
    assert response.status_code == 429
    assert "15 phút" in response.content.decode()
    assert not client.get(reverse("web:home")).context["user"].is_authenticated


def test_a_user_changes_their_password(client, db):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "mật-khẩu-dài-2026",
            "new_password1": "một-mật-khẩu-mới-2027",
            "new_password2": "một-mật-khẩu-mới-2027",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("một-mật-khẩu-mới-2027")
