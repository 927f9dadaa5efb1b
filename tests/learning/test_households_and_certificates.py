"""The household's learning address (QR card and page), certificates as PDF, revocation,
and the counts the campaign reads."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hocvuso.learning import queries, services
from hocvuso.learning.models import Certificate, Learner, LearningAddress
from hocvuso.places.services import group_merge
from tests import factories


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def address(world):
    return services.learning_address(world.h11)


def test_the_household_card_is_a_pdf_with_its_code(client, world):
    client.force_login(world.leader)
    response = client.get(reverse("learning:household_card", args=[world.h11.pk]))
    address = LearningAddress.objects.get(household=world.h11)
    text = _pdf_text(response)
    assert "ĐỊA CHỈ HỌC TẬP SỐ" in text and address.code in text
    drawing = PdfReader(io.BytesIO(response.content)).pages[0].get_contents().get_data()
    assert drawing.count(b" l\n") > 100  # the QR code's modules, drawn as vector lines
    # The same household keeps the same card.
    again = client.get(reverse("learning:household_card", args=[world.h11.pk]))
    assert address.code in _pdf_text(again) and LearningAddress.objects.count() == 1


def test_a_group_s_cards_print_one_per_household(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("learning:group_cards", args=[world.group11.pk]))
    assert _pdf_text(response).count("ĐỊA CHỈ HỌC TẬP SỐ") == world.group11.households.count()


def test_a_group_s_cards_print_four_to_a_page(client, world):
    for number in range(2, 7):  # six households in the group
        factories.household(world.group11, key=f"TM-011-00{number}")
    client.force_login(world.officer)
    response = client.get(reverse("learning:group_cards", args=[world.group11.pk]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert [page.extract_text().count("ĐỊA CHỈ HỌC TẬP SỐ") for page in pages] == [4, 2]


def test_another_group_s_household_card_is_not_found(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("learning:household_card", args=[world.h12.pk])).status_code == 404


def test_the_household_page_shows_first_names_and_progress_only(client, world, address, course):
    learner = services.learner_for_resident(world.an)
    services.lesson_complete(learner=learner, lesson=course.lessons.get(slug="bai-mot"))
    page = client.get(reverse("learning:household", args=[address.code])).content.decode()
    assert "An" in page and "Hường" in page and "Đã học 1 bài" in page
    assert "Nguyễn Văn An" not in page and "Đỗ Thị" not in page
    assert "1950" not in page and world.an.phone not in page and world.h11.address not in page


def test_a_member_claims_the_device_s_progress_for_the_household(client, world, address, course):
    client.post(reverse("learning:lesson_done", args=[course.slug, "bai-mot"]))
    hương = world.h11.residents.get(full_name="Đỗ Thị Hường")
    client.post(reverse("learning:household_join", args=[address.code]), {"resident": hương.pk})
    learner = Learner.objects.get()
    assert learner.resident == hương and learner.first_name == "Hường"
    counts = queries.counts_by_household([world.ward.pk])
    assert counts[world.h11.pk].learners == 1


def test_a_person_of_another_household_cannot_be_claimed(client, world, address, course):
    other = world.h12.residents.get()
    page = client.post(
        reverse("learning:household_join", args=[address.code]), {"resident": other.pk}
    )
    assert page.status_code == 404


def test_guessing_household_codes_is_throttled(client, db):
    for _ in range(20):
        client.post(reverse("learning:household_code"), {"code": "WRONGCODE1"})
    assert (
        client.post(reverse("learning:household_code"), {"code": "WRONGCODE1"}).status_code == 429
    )


def test_the_certificate_pdf_carries_the_name_and_the_verification_address(client, world, course):
    learner = services.learner_for_resident(world.an)
    factories.course_passed(learner, course)
    certificate = services.certificate_issue(learner=learner, course=course)
    assert certificate.name == "Nguyễn Văn An" and certificate.residential_group == world.group11
    text = _pdf_text(client.get(reverse("certificate_pdf", args=[certificate.code])))
    assert "GIẤY CHỨNG NHẬN" in text and "Nguyễn Văn An" in text and "Khóa học mẫu" in text
    assert f"/c/{certificate.code}/" in text


def test_an_officer_revokes_a_certificate_and_verification_says_so(client, world, course):
    learner = services.learner_for_resident(world.an)
    factories.course_passed(learner, course)
    certificate = services.certificate_issue(learner=learner, course=course)
    client.force_login(world.volunteer)
    url = reverse("learning:certificate_revoke", args=[certificate.code])
    assert client.post(url, {"reason": "Nhầm người"}).status_code == 403
    client.force_login(world.officer)
    client.post(url, {"reason": "Cấp nhầm người"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_by == world.officer
    page = client.get(reverse("verify", args=[certificate.code])).content.decode()
    assert "Giấy chứng nhận này đã bị thu hồi" in page and "Cấp nhầm người" in page


def test_an_outsider_cannot_revoke(client, world, course):
    learner = services.learner_for_resident(world.an)
    factories.course_passed(learner, course)
    certificate = services.certificate_issue(learner=learner, course=course)
    client.force_login(world.outsider)
    url = reverse("learning:certificate_revoke", args=[certificate.code])
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_counts_follow_the_resident_when_their_group_is_merged(world, course):
    """Learners, completions and certificates count where the person lives now: after a
    merge of their residential group, in the group it merged into."""
    an = services.learner_for_resident(world.an)
    factories.course_passed(an, course)
    services.certificate_issue(learner=an, course=course)
    visitor = services.learner_start()
    services.lesson_complete(learner=visitor, lesson=course.lessons.get(slug="bai-mot"))
    by_group = queries.counts_by_group([world.ward.pk])
    assert (
        by_group[world.group11.pk].learners,
        by_group[world.group11.pk].completions,
        by_group[world.group11.pk].certificates,
    ) == (1, 1, 1)
    assert None not in by_group  # the visitor belongs to no ward

    group_merge(
        source=world.group11,
        target=world.group12,
        actor=world.officer,
        effective_on=datetime.date.today(),
    )
    by_group = queries.counts_by_group([world.ward.pk])
    assert world.group11.pk not in by_group
    assert by_group[world.group12.pk].completions == 1
    assert queries.counts_by_group([world.other_ward.pk]) == {}


def test_a_revoked_certificate_no_longer_counts(world, course):
    an = services.learner_for_resident(world.an)
    factories.course_passed(an, course)
    certificate = services.certificate_issue(learner=an, course=course)
    services.certificate_revoke(user=world.officer, certificate=certificate, reason="Nhầm")
    assert queries.counts_by_group([world.ward.pk])[world.group11.pk].certificates == 0
    assert Certificate.objects.count() == 1
