"""Pages with personal data are never kept by a browser or a proxy; public pages still are."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from hocvuso.learning import services
from hocvuso.support.models import HelpRequest
from tests.learning.conftest import course, sample_root  # noqa: F401 (fixtures)
from tests.support.test_help_requests import FORM


def kept(response) -> bool:
    """Whether a browser or a shared cache may keep this response."""
    cache_control = response.get("Cache-Control", "")
    return "no-store" not in cache_control and "private" not in cache_control


@pytest.mark.parametrize(
    "path",
    [
        "/registry/",
        "/registry/export.csv",
        "/api/registry/residents",
        "/learn/mau/bai-mot/",  # a public lesson, under a menu with the officer's name
        "/",
    ],
)
def test_every_response_to_a_logged_in_user_is_not_stored(client, world, course, path):  # noqa: F811
    client.force_login(world.officer)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_household_card_pdf_is_not_stored(client, world):
    client.force_login(world.leader)
    response = client.get(reverse("learning:household_card", args=[world.h11.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_the_residents_own_pages_are_not_stored(client, world, course):  # noqa: F811
    address = services.learning_address(world.h11)
    for path in (
        reverse("learning:account"),
        reverse("learning:household", args=[address.code]),
        reverse("help_status"),
    ):
        response = client.get(path)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], path
    household = client.get(reverse("learning:household", args=[address.code]))
    assert "Hường" in household.content.decode()


def test_a_help_requests_reference_and_status_are_not_stored(client, world):
    sent = client.post(
        reverse("help_request", args=[world.ward.pk]), {**FORM, "group": world.group11.pk}
    )
    assert HelpRequest.objects.get().reference in sent.content.decode()
    assert "no-store" in sent["Cache-Control"]
    status = client.post(reverse("help_status"), {"reference": "ZZZZZZZZ", "phone": "0912345678"})
    assert "no-store" in status["Cache-Control"]


def test_public_pages_stay_cacheable(client, world, course):  # noqa: F811
    for path in (
        "/",
        reverse("public_points", args=[world.ward.pk]),
        reverse("help_request", args=[world.ward.pk]),
        reverse("learning:catalogue"),
        "/learn/mau/bai-mot/",
        reverse("news_list", args=[world.ward.pk]),
    ):
        response = client.get(path)
        assert response.status_code == 200 and kept(response), path


def test_static_files_stay_cacheable_even_for_staff(client, world):
    client.force_login(world.officer)
    response = client.get(static("hocvuso/site.css"))
    assert response.status_code == 200 and kept(response)
