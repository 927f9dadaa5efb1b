"""The curriculum folder is loaded whole or not at all, and an edit keeps learners' progress."""

import pytest
from django.core.management import call_command

from hocvuso.learning import services
from hocvuso.learning.curriculum import (
    CURRICULUM_DIR,
    CurriculumError,
    load_curriculum,
    read_curriculum,
)
from hocvuso.learning.models import Competence, Course, Lesson, LessonProgress


def test_it_loads_lessons_quiz_and_competences(course):
    lessons = list(course.lessons.order_by("position"))
    assert [lesson.slug for lesson in lessons] == ["bai-mot", "bai-hai"]
    assert course.pass_mark == 60 and course.sequential
    first = lessons[0]
    assert "<ol>" in first.body_html and "<strong>Bật máy.</strong>" in first.body_html
    assert {(c.framework, c.code) for c in first.competences.all()} == {
        ("vn757", "0.1"),
        ("tt02", "1.1"),
        ("digcomp", "1.1"),
    }
    questions = list(course.questions.order_by("position"))
    assert [q.kind for q in questions] == ["single", "multiple"]
    assert [c.is_correct for c in questions[1].choices.order_by("position")] == [True, True, False]
    assert Competence.objects.filter(framework="tt02", code="6.1").exists()  # the AI domain


def test_raw_html_in_a_lesson_is_shown_as_text_never_run(course):
    body = course.lessons.get(slug="bai-mot").body_html
    assert "<script>" not in body
    assert "&lt;script&gt;" in body


def test_images_carry_their_size_and_description(course):
    body = course.lessons.get(slug="bai-mot").body_html
    assert 'alt="Nút nguồn ở cạnh phải điện thoại"' in body
    assert 'width="200" height="120"' in body
    assert "/static/curriculum/01-mau/images/nut.svg" in body


def test_every_mistake_is_listed_and_nothing_changes(sample_root, db):
    lesson = sample_root / "01-mau" / "02-bai-hai.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace('tt02: ["4.2"]', 'tt02: ["9.9"]'),
        encoding="utf-8",
    )
    quiz = sample_root / "01-mau" / "quiz.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace(
            "correct: true\n      - text: Người", "\n      - text: Người"
        ),
        encoding="utf-8",
    )
    (sample_root / "01-mau" / "images" / "nut.svg").unlink()
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(sample_root)
    problems = "\n".join(caught.value.problems)
    assert "01-mau/02-bai-hai.md: tt02 has no competence 9.9" in problems
    assert "question 1 is single choice and needs exactly one right answer" in problems
    assert "image images/nut.svg not found" in problems
    assert not Course.objects.exists()


def test_an_edited_lesson_keeps_its_learners_progress(course, sample_root):
    learner = services.learner_start()
    first = course.lessons.get(slug="bai-mot")
    services.lesson_complete(learner=learner, lesson=first)
    path = sample_root / "01-mau" / "01-bai-mot.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Bài một", "Bài một (sửa)"), encoding="utf-8"
    )
    load_curriculum(sample_root)
    first.refresh_from_db()
    assert first.title == "Bài một (sửa)"
    assert LessonProgress.objects.filter(learner=learner, lesson=first).exists()


def test_a_lesson_removed_from_the_folder_is_hidden_not_deleted(course, sample_root):
    (sample_root / "01-mau" / "02-bai-hai.md").unlink()
    load_curriculum(sample_root)
    assert not Lesson.objects.get(slug="bai-hai").is_published
    assert [lesson.slug for lesson in services.published_lessons(course)] == ["bai-mot"]


def test_a_course_may_not_take_a_page_s_address(sample_root, db):
    path = sample_root / "01-mau" / "course.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("slug: mau", "slug: classes"), encoding="utf-8"
    )
    with pytest.raises(CurriculumError, match="slug classes is taken"):
        read_curriculum(sample_root)


def _add_front_matter(path, lines: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", f"\n{lines}---\n", 1), encoding="utf-8")


def test_a_lesson_keeps_the_date_and_sources_its_facts_were_checked_against(sample_root):
    _add_front_matter(
        sample_root / "01-mau" / "01-bai-mot.md",
        "checked:\n  date: 2026-11-30\n  sources:\n    - Thông tư 17/2024/TT-NHNN\n"
        "    - https://sbv.gov.vn/\n",
    )
    courses, _ = read_curriculum(sample_root)
    first, second = courses[0].lessons
    assert first.checked == {
        "date": "2026-11-30",
        "sources": ["Thông tư 17/2024/TT-NHNN", "https://sbv.gov.vn/"],
    }
    assert second.checked == {}


def test_a_check_without_a_date_or_sources_is_refused(sample_root):
    _add_front_matter(sample_root / "01-mau" / "01-bai-mot.md", "checked:\n  date: hôm qua\n")
    _add_front_matter(sample_root / "01-mau" / "02-bai-hai.md", "checked: đã xem\n")
    with pytest.raises(CurriculumError) as caught:
        read_curriculum(sample_root)
    problems = "\n".join(caught.value.problems)
    assert "01-mau/01-bai-mot.md: checked needs a date written YYYY-MM-DD" in problems
    assert "01-mau/01-bai-mot.md: checked needs at least one source" in problems
    assert "01-mau/02-bai-hai.md: checked must have a date and a list of sources" in problems


def test_the_command_reports_what_it_loaded(db, capsys):
    call_command("load_curriculum")
    assert "Loaded" in capsys.readouterr().out
    assert Course.objects.filter(is_published=True).count() == len(
        [p for p in CURRICULUM_DIR.iterdir() if p.is_dir() and (p / "course.md").exists()]
    )
