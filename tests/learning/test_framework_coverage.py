"""The shipped curriculum against the national framework and targets (issue 15, point 3):
every group of the basic framework and the AI domain taught, the five basic skills and the
three targets of Quyết định 411/QĐ-TTg each with a course, and the four courses written for
the groups the first eight missed."""

import pytest

from hocvuso.learning.coverage import BASIC_SKILLS, GROUPS, TARGETS, coverage
from hocvuso.learning.curriculum import load_curriculum, read_curriculum
from hocvuso.learning.models import Course, Lesson
from hocvuso.text.folding import fold

# The four courses, and what their lessons must teach (folded words of the course's text).
NEW_COURSES = {
    "tim-kiem-thong-tin": ["tim kiem", ".gov.vn", "tctm", "156", "tin gia", "tingia.gov.vn"],
    "giao-tiep-tren-mang": ["zalo", "goi video", "nhom", "chup", "cat", "pin"],
    "mua-sam-truc-tuyen": ["thanh toan khi nhan hang", "tra hang", "1800 6838", "online.gov.vn"],
    "chu-ky-so": ["chu ky so", "ky so tu xa", "411/qd-ttg", "ma pin", "tu danh dau"],
}


@pytest.fixture
def shipped(db):
    load_curriculum()
    return coverage()


def test_every_group_of_the_framework_and_the_ai_domain_is_taught(shipped):
    taught = {group.key for group in shipped.groups if group.gaps < len(group.rows)}
    assert taught == set(GROUPS)


def test_the_competences_the_first_eight_courses_missed_are_now_taught(shipped):
    rows = {row.competence.code: row for row in shipped.groups[0].rows}
    rows |= {row.competence.code: row for group in shipped.groups[1:] for row in group.rows}
    for code in ("2.2", "2.4", "3.1", "3.2", "3.3", "4.3", "4.4", "5.3", "5.4"):
        assert not rows[code].gap, code


def test_each_basic_skill_and_national_target_has_a_published_course(shipped):
    assert all(need.courses for need in shipped.basic_skills + shipped.targets)
    # The first twelve courses are named where they belong (later ones join as they ship).
    slugs = {course.slug for course in shipped.courses[:12]}
    named = {slug for _, names in BASIC_SKILLS + TARGETS for slug in names}
    assert len(slugs) == 12 and slugs - {"giao-tiep-tren-mang"} <= named


@pytest.mark.parametrize("slug", sorted(NEW_COURSES))
def test_each_new_course_teaches_what_it_promises(shipped, slug):
    course = Course.objects.get(slug=slug, is_published=True)
    lessons = Lesson.objects.filter(course=course, is_published=True)
    assert 3 <= lessons.count() <= 4
    assert course.questions.count() >= 6
    text = fold(" ".join(f"{lesson.title} {lesson.body_text}" for lesson in lessons))
    assert [words for words in NEW_COURSES[slug] if fold(words) not in text] == []


def test_every_lesson_of_the_new_courses_keeps_the_date_and_sources_of_its_check():
    courses, _ = read_curriculum()
    new = [course for course in courses if course.slug in NEW_COURSES]
    assert len(new) == 4
    for course in new:
        for lesson in course.lessons:
            assert lesson.checked["date"] == "2026-11-30", lesson.slug
            assert lesson.checked["sources"], lesson.slug
