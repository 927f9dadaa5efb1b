"""The courses on the national apps residents ask about (issue 15, point 3): social insurance
on the phone (VssID), the health book and documents in VNeID, the ID card for children and
renewing or reissuing a card, and paying electricity and water bills."""

import pytest
from django.urls import reverse

from hocvuso.learning.curriculum import CURRICULUM_DIR, load_curriculum, read_curriculum
from hocvuso.learning.models import Course
from hocvuso.text.folding import fold

# Each course, and what a resident must find in its lessons (folded words).
TEACHES = {
    "vssid": [
        "bao hiem xa hoi viet nam",  # the real app's publisher
        "dang nhap bang tai khoan dinh danh dien tu",
        "qua trinh tham gia",
        "the bhyt",
        "1900 9068",
        "bao hiem xa hoi co so",
    ],
    "so-suc-khoe-giay-to-vneid": [
        "so suc khoe dien tu",
        "lich su kham chua benh",
        "1/6/2025",  # no more paper health-insurance cards
        "the can cuoc gan chip",
        "giay phep lai xe",
        "van nen mang ban that",
    ],
    "the-can-cuoc": [
        "cap the can cuoc cho nguoi duoi 14 tuoi",
        "duoi 6 tuoi",
        "14, 25, 40 va 60 tuoi",
        "cap lai the can cuoc",
        "31/12/2026",  # the half fee ends: the next review knows what to look at
        "nguoi cao tuoi",
        "cong an xa/phuong",
    ],
    "tien-dien-nuoc": [
        "ma khach hang",
        "thanh toan hoa don",
        "evnhanoi",
        "1900 1288",
        "tai khoan mang ten mot nguoi",
        "cup may",
    ],
}
FOLDERS = ["13-vssid", "14-so-suc-khoe-giay-to", "15-the-can-cuoc", "16-tien-dien-nuoc"]


@pytest.fixture
def shipped(db):
    load_curriculum()
    return Course.objects.filter(is_published=True)


@pytest.mark.parametrize("slug", sorted(TEACHES))
def test_each_course_teaches_the_steps_and_where_to_ask(shipped, slug):
    course = shipped.get(slug=slug)
    lessons = list(course.lessons.filter(is_published=True))
    assert 3 <= len(lessons) <= 4
    text = fold(" ".join(f"{lesson.title} {lesson.body_text}" for lesson in lessons))
    assert [words for words in TEACHES[slug] if words not in text] == []
    questions = list(course.questions.all())
    assert len(questions) >= 6 and all(q.explanation for q in questions)
    assert any(q.kind == "multiple" for q in questions)


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_lesson_keeps_the_date_and_sources_of_its_check(folder):
    courses, _ = read_curriculum()
    course = next(c for c in courses if c.folder == folder)
    for lesson in course.lessons:
        assert lesson.checked["date"] == "2026-11-30", lesson.slug
        assert lesson.checked["sources"], lesson.slug
        assert lesson.competences["vn757"], lesson.slug


def test_a_parent_reads_how_to_get_a_card_for_a_child(client, shipped):
    page = client.get(reverse("learning:lesson", args=["the-can-cuoc", "can-cuoc-cho-con"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cấp thẻ căn cước cho người dưới 14 tuổi" in html
    assert "không mất lệ phí" in html
    assert 'alt="Làm căn cước cho con' in html


def test_the_electricity_scam_lesson_names_the_premium_number_only_as_a_fake():
    text = (CURRICULUM_DIR / "16-tien-dien-nuoc" / "04-lua-dao-tien-dien.md").read_text(
        encoding="utf-8"
    )
    quiz = (CURRICULUM_DIR / "16-tien-dien-nuoc" / "quiz.md").read_text(encoding="utf-8")
    assert "1900 1288" in text
    assert "Số 1900 292900 đã bị cảnh báo là số giả" in quiz
