"""The coaches' coverage page: every competence of the framework, the lessons teaching it
course by course, a gap where no lesson does, and who may open it."""

import re

import pytest
from django.urls import reverse

from hocvuso.accounts.models import Role
from hocvuso.learning.curriculum import (
    CurriculumError,
    load_curriculum,
    read_competences,
    read_curriculum,
)
from tests import factories

URL = "/learn/coverage/"


@pytest.fixture
def coach(world):
    return factories.user("coach11", role=Role.COACH, ward_=world.ward, groups=(world.group11,))


def _item(html: str, anchor: str) -> str:
    """The text of the list item of one competence, tags stripped."""
    match = re.search(rf'<li id="{anchor}">(.*?)</li>\s*(?=<li id=|</ul>\s*</section>)', html, re.S)
    assert match, anchor
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_address_is_the_coverage_page_not_a_course():
    assert reverse("learning:coverage") == URL


def test_the_page_lists_every_competence_of_the_framework_and_the_ai_domain(
    client, coach, sample_root
):
    load_curriculum(sample_root)
    client.force_login(coach)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    frameworks = read_competences(sample_root)
    for code, name in frameworks["vn757"].items():
        assert f'id="c-vn757-{code.replace(".", "-")}"' in html, code
        assert f"{code} {name}" in html
    for code in ("6.1", "6.2", "6.3"):
        assert f'id="c-tt02-{code.replace(".", "-")}"' in html
    assert "Sử dụng trí tuệ nhân tạo" in html
    # The sample course teaches 0.1 and 4.2 only: two of the listed competences.
    total = len(frameworks["vn757"]) + 3
    assert f"2 of {total}" in html or f"2 trên {total}" in html


def test_a_lesson_shows_under_what_it_teaches_and_a_gap_where_nothing_does(
    client, coach, sample_root
):
    load_curriculum(sample_root)
    client.force_login(coach)
    html = client.get(URL).content.decode()
    assert _item(html, "c-vn757-0-1") == "0.1 Sử dụng thiết bị Khóa học mẫu: Bài một"
    assert "Chưa có bài học" in _item(html, "c-vn757-3-4")

    lesson = sample_root / "01-mau" / "01-bai-mot.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace('vn757: ["0.1"]', 'vn757: ["0.2"]'),
        encoding="utf-8",
    )
    load_curriculum(sample_root)
    html = client.get(URL).content.decode()
    assert _item(html, "c-vn757-0-1") == "0.1 Sử dụng thiết bị Chưa có bài học"
    assert _item(html, "c-vn757-0-2") == "0.2 Sử dụng phần mềm trên thiết bị Khóa học mẫu: Bài một"
    assert 'href="#c-vn757-0-1"' in html  # named among the gaps at the top


def test_the_basic_skills_and_national_targets_show_their_courses_or_a_gap(
    client, coach, sample_root
):
    load_curriculum(sample_root)
    client.force_login(coach)
    html = client.get(URL).content.decode()
    for label in (
        "Dịch vụ công trực tuyến",
        "Mua sắm trực tuyến",
        "Thanh toán trực tuyến",
        "An toàn trên mạng",
        "Nền tảng số của địa phương",
        "Điện thoại thông minh cho mọi người trưởng thành",
        "Tài khoản thanh toán",
        "Chữ ký số",
    ):
        assert label in html, label
    # The sample curriculum has none of those courses: each row says so.
    assert html.count("Chưa có bài học") >= 8


@pytest.mark.parametrize("who", ["volunteer", "leader", "nobody"])
def test_volunteers_leaders_and_people_without_a_role_are_refused(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 403


def test_a_resident_without_a_staff_login_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_ward_officer_may_read_it(client, world, sample_root):
    load_curriculum(sample_root)
    client.force_login(world.officer)
    assert client.get(URL).status_code == 200


def test_no_course_may_take_the_page_s_address(sample_root):
    course = sample_root / "01-mau" / "course.md"
    course.write_text(
        course.read_text(encoding="utf-8").replace("slug: mau", "slug: coverage"), encoding="utf-8"
    )
    with pytest.raises(CurriculumError, match="slug coverage is taken by a page of its own"):
        read_curriculum(sample_root)


def test_the_classes_page_links_to_it_for_a_coach_only(client, world, coach):
    link = f'href="{URL}"'
    client.force_login(coach)
    assert link in client.get(reverse("learning:classes")).content.decode()
    client.force_login(world.volunteer)
    assert link not in client.get(reverse("learning:classes")).content.decode()
