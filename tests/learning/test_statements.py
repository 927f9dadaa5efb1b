"""The learner's hot statements are written out by hand (learning/statements.py): what they
read and write must be exactly what the ORM reads and writes."""

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from hocvuso.learning import devices, statements
from hocvuso.learning.models import Course, CourseProgress, Learner, Lesson, LessonProgress

pytestmark = pytest.mark.django_db


def _course():
    course = Course.objects.create(slug="c", title="C", is_published=True, position=1)
    lessons = [
        Lesson.objects.create(course=course, slug=f"l{i}", title=f"L{i}", position=i)
        for i in (1, 2)
    ]
    return course, lessons


def test_the_cookies_learner_is_the_one_the_orm_reads():
    seen = timezone.now() - datetime.timedelta(hours=3)
    learner = Learner.objects.create(first_name="Lan", last_seen_at=seen)
    found = statements.learner_by_public_id(str(learner.public_id))
    expected = Learner.objects.get(pk=learner.pk)
    assert found is not None
    for field in Learner._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.last_seen_at == seen and found.last_seen_at.tzinfo is not None
    assert found._state.adding is False
    assert statements.learner_by_public_id("not-a-uuid") is None
    assert statements.learner_by_public_id("00000000-0000-0000-0000-000000000000") is None


def test_a_forged_or_unknown_cookie_is_nobody():
    learner = Learner.objects.create()
    client = Client()
    client.cookies[devices.COOKIE] = signing.dumps("nonsense", salt=devices._SALT)
    response = client.get("/learn/account/")
    assert response.status_code == 200
    assert Learner.objects.count() == 1 and learner.pk


def test_lessons_finished_reads_when_each_was_done():
    _course_made, (first, second) = _course()
    learner = Learner.objects.create()
    at = timezone.now() - datetime.timedelta(minutes=5)
    LessonProgress.objects.create(learner=learner, lesson=first, completed_at=at)
    assert statements.lessons_finished(learner.pk, [first.pk, second.pk]) == {first.pk: at}
    assert statements.lessons_finished(learner.pk, []) == {}


@pytest.mark.parametrize("quiz_later", [True, False])
def test_the_last_lesson_completes_a_passed_course_at_whichever_came_last(quiz_later):
    course, _lessons = _course()
    learner = Learner.objects.create()
    now = timezone.now()
    last = now - datetime.timedelta(minutes=10)
    passed = last + datetime.timedelta(minutes=5 if quiz_later else -5)
    CourseProgress.objects.create(
        learner=learner, course=course, started_at=now, lessons_done=1, passed_at=passed
    )
    statements.count_lessons(
        learner_id=learner.pk, course_id=course.pk, lessons_done=2, last=last, now=now
    )
    progress = CourseProgress.objects.get(learner=learner, course=course)
    assert progress.lessons_done == 2
    assert progress.completed_at == max(passed, last)


def test_the_first_lesson_makes_the_summary_row_and_no_pass_completes_nothing():
    course, _lessons = _course()
    learner = Learner.objects.create()
    now = timezone.now()
    statements.count_lessons(
        learner_id=learner.pk, course_id=course.pk, lessons_done=1, last=None, now=now
    )
    statements.count_lessons(
        learner_id=learner.pk, course_id=course.pk, lessons_done=2, last=now, now=now
    )
    progress = CourseProgress.objects.get(learner=learner, course=course)
    assert (progress.lessons_done, progress.started_at, progress.completed_at) == (2, now, None)


@pytest.mark.parametrize(
    ("lessons_first", "scores"),
    [(True, [40, 100, 60, 100]), (False, [100, 30]), (True, [20, 50]), (False, [])],
)
def test_each_attempt_leaves_the_summary_a_full_count_writes(lessons_first, scores):
    """Attempts counted one UPDATE at a time say what counting them all again says: the best
    score, the first pass, and completion at whichever of it and the last lesson came last."""
    from hocvuso.learning import services
    from hocvuso.learning.models import Choice, Question

    course, lessons = _course()
    course.pass_mark, course.sequential = 50, False  # the quiz may come first
    course.save(update_fields=["pass_mark", "sequential"])
    question = Question.objects.create(course=course, position=1, text="?")
    right = Choice.objects.create(question=question, position=1, text="a", is_correct=True)
    wrong = Choice.objects.create(question=question, position=2, text="b", is_correct=False)
    learner = Learner.objects.create()

    def summary():
        p = CourseProgress.objects.get(learner=learner, course=course)
        return (p.lessons_done, p.best_score, p.attempts, p.passed_at, p.completed_at)

    def lessons_done():
        for lesson in lessons:
            services.lesson_complete(learner=learner, lesson=lesson)

    if lessons_first:
        lessons_done()
    for score in scores:
        picked = right if score >= 50 else wrong
        services.quiz_submit(learner=learner, course=course, answers={question.pk: [picked.pk]})
    if not lessons_first:
        lessons_done()
    counted = summary()
    services.refresh_progress(learner, course)
    assert counted == summary()
    assert (counted[4] is not None) == any(s >= 50 for s in scores)


def test_a_lesson_finished_twice_keeps_when_it_was_first_done():
    _course_made, (first, _second) = _course()
    learner = Learner.objects.create()
    earlier = timezone.now() - datetime.timedelta(minutes=3)
    statements.lesson_finished(learner_id=learner.pk, lesson_id=first.pk, at=earlier)
    statements.lesson_finished(learner_id=learner.pk, lesson_id=first.pk, at=timezone.now())
    assert list(LessonProgress.objects.values_list("lesson_id", "completed_at")) == [
        (first.pk, earlier)
    ]


def test_an_attempt_made_reads_back_as_the_orm_saves_it():
    from hocvuso.learning.models import QuizAttempt

    course, _lessons = _course()
    learner = Learner.objects.create()
    made = statements.attempt_made(
        QuizAttempt(
            learner=learner,
            course=course,
            correct=1,
            total=2,
            score=50,
            passed=True,
            answers={"7": [3, 4]},
        )
    )
    read = QuizAttempt.objects.get(pk=made.pk)
    assert made.pk and not made._state.adding
    assert (read.learner_id, read.course_id, read.correct, read.total, read.score) == (
        learner.pk,
        course.pk,
        1,
        2,
        50,
    )
    assert read.passed is True and read.answers == {"7": [3, 4]}
    assert read.created_at == made.created_at and read.created_at.tzinfo is not None


def test_a_result_address_past_any_id_is_not_found(client):
    """The result page reads the attempt by a written statement: an id too large for the
    database names nothing (404), as the ORM would have it, rather than failing."""
    course, _lessons = _course()
    Learner.objects.create()
    client.cookies[devices.COOKIE] = signing.dumps(
        str(Learner.objects.get().public_id), salt=devices._SALT
    )
    for attempt_id in (2**63, 10**30):
        response = client.get(f"/learn/{course.slug}/quiz/{attempt_id}/")
        assert response.status_code == 404
