"""The curriculum that ships with the app: every course the issue names, each with its quiz,
each lesson tagged in the three frameworks, in Vietnamese a first-time user can follow."""

import xml.etree.ElementTree as ET

import pytest

from hocvuso.learning.curriculum import CURRICULUM_DIR, load_curriculum
from hocvuso.learning.models import Course, Lesson
from hocvuso.text.folding import fold

# Each course, and what its lessons must teach (folded words found in the course's text).
REQUIRED = {
    "dien-thoai-thong-minh": ["co chu", "wi-fi", "ch play", "app store"],
    "vneid": ["muc 1", "muc 2", "vi giay to", "quen mat khau", "so dien thoai", "otp"],
    "ihanoi": ["phan anh", "theo doi"],
    "etax-mobile": ["etax", "nop thue", "tra cuu"],
    "dich-vu-cong": ["dang nhap", "vneid", "ho so", "tra cuu", "le phi"],
    "an-toan-tren-mang": ["cong an", "otp", "duong link"],
    "thanh-toan-so": ["ma qr", "chuyen khoan"],
    "tri-tue-nhan-tao": ["tri tue nhan tao", "chatbot"],
}


@pytest.fixture
def shipped(db):
    load_curriculum()
    return Course.objects.filter(is_published=True)


def test_every_course_the_movement_needs_is_there_with_a_quiz(shipped):
    assert set(REQUIRED) <= set(shipped.values_list("slug", flat=True))
    for course in shipped:
        assert course.questions.count() >= 6, course.slug
        assert course.questions.filter(kind="multiple").exists(), course.slug
        assert all(q.explanation for q in course.questions.all()), course.slug
        assert course.lessons.filter(is_published=True).count() >= 3, course.slug


@pytest.mark.parametrize("slug", sorted(REQUIRED))
def test_each_course_teaches_what_it_promises(shipped, slug):
    course = shipped.get(slug=slug)
    text = fold(" ".join(f"{lesson.title} {lesson.body_text}" for lesson in course.lessons.all()))
    missing = [words for words in REQUIRED[slug] if words not in text]
    assert missing == []


def test_every_lesson_has_numbered_steps_or_a_checklist_and_an_illustration(shipped):
    for lesson in Lesson.objects.filter(course__in=shipped, is_published=True):
        assert "<ol>" in lesson.body_html, lesson.slug
        assert "<img " in lesson.body_html, lesson.slug
        frameworks = set(lesson.competences.values_list("framework", flat=True))
        assert frameworks == {"vn757", "tt02", "digcomp"}, lesson.slug


def test_the_ai_course_builds_the_learners_framework_sixth_domain(shipped):
    codes = set(
        Lesson.objects.filter(
            course__slug="tri-tue-nhan-tao", competences__framework="tt02"
        ).values_list("competences__code", flat=True)
    )
    assert {"6.1", "6.2"} <= codes


def test_illustrations_are_small_described_svgs():
    svgs = list(CURRICULUM_DIR.glob("*/images/*.svg"))
    assert svgs
    for path in svgs:
        assert path.stat().st_size < 8 * 1024, path.name
        root = ET.parse(path).getroot()  # noqa: S314 - our own files
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text.strip(), path.name
        assert not list(root.iter("{http://www.w3.org/2000/svg}script")), path.name
        assert 'href="http' not in path.read_text(encoding="utf-8"), path.name
