"""Every page opened by a code is counted per client address, like the forms that take one:
guessing codes is slow, a family opening its card now and then never waits."""

import pytest
from django.test import Client
from django.urls import reverse

from hocvuso.learning import services
from hocvuso.learning.views import LOOKUP_LIMIT
from tests import factories

TOO_MANY = "Có quá nhiều lần thử từ kết nối này. Vui lòng thử lại sau một giờ"


@pytest.fixture
def codes(world, course) -> dict[str, str]:
    learner = services.learner_for_resident(world.an)
    factories.course_passed(learner, course)
    return {
        "verify": services.certificate_issue(learner=learner, course=course).code,
        "certificate_pdf": services.certificate_issue(learner=learner, course=course).code,
        "learning:household": services.learning_address(world.h11).code,
    }


@pytest.mark.parametrize("view", ["verify", "certificate_pdf", "learning:household"])
def test_one_address_guessing_codes_is_stopped_and_another_is_not(codes, view):
    guesser, neighbour = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.8")
    for number in range(LOOKUP_LIMIT[0]):
        guess = f"ZZZZZ{number:05d}"
        assert guesser.get(reverse(view, args=[guess])).status_code == 404
    stopped = guesser.get(reverse(view, args=[codes[view]]))
    assert stopped.status_code == 429 and TOO_MANY in stopped.content.decode()
    assert neighbour.get(reverse(view, args=[codes[view]])).status_code == 200


def test_the_card_and_certificates_count_together(codes):
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(LOOKUP_LIMIT[0] // 2):
        guesser.get(reverse("verify", args=[f"ZZZZZ{number:05d}"]))
        guesser.get(reverse("learning:household", args=[f"ZZZZZ{number:05d}"]))
    assert guesser.get(reverse("verify", args=[codes["verify"]])).status_code == 429
    join = reverse("learning:household_join", args=[codes["learning:household"]])
    assert guesser.post(join, {"resident": "1"}).status_code == 429


def test_a_family_opening_its_card_through_the_day_is_never_stopped(codes):
    family = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(30):
        assert (
            family.get(
                reverse("learning:household", args=[codes["learning:household"]])
            ).status_code
            == 200
        )
