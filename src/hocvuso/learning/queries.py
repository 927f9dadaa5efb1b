"""Reads shared by the learning pages, the class report and the campaign's indicators."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import visible
from hocvuso.learning import published, statements
from hocvuso.learning.models import (
    Certificate,
    ClassMember,
    Classroom,
    Course,
    CourseProgress,
    Learner,
    LearningAddress,
    Lesson,
    LessonProgress,
    QuizAttempt,
)
from hocvuso.learning.services import LessonsDone, first_name_of, lesson_is_open, lessons_done
from hocvuso.people.models import Resident


def courses() -> QuerySet[Course]:
    return Course.objects.filter(is_published=True)


def course_by_slug(slug: str) -> Course:
    return get_object_or_404(courses(), slug=slug)


def progress_by_course(learner: Learner | None) -> dict[int, CourseProgress]:
    if learner is None:
        return {}
    return {p.course_id: p for p in CourseProgress.objects.filter(learner=learner)}


@dataclass
class OutlineItem:
    lesson: Lesson
    done: bool
    open: bool


@dataclass
class Outline:
    """The course's lessons as one learner sees them."""

    course: Course
    items: list[OutlineItem]
    learner: Learner | None
    quiz_open: bool
    done_at: dict[int, datetime.datetime] = field(default_factory=dict)  # lesson id -> when

    @property
    def next_item(self) -> OutlineItem | None:
        return next((item for item in self.items if item.open and not item.done), None)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    def lessons_done(self) -> LessonsDone:
        return LessonsDone(len(self.items), self.done_at)


def outline(slug: str, learner: Learner | None) -> Outline:
    """The published course `slug` (404 if none) as this learner sees it: each lesson done,
    open or still locked. Reads only what the learner finished; the course is kept."""
    course, lessons = published.course_lessons(slug)
    done_at = lessons_done(learner, lessons).at
    items = [
        OutlineItem(lesson, lesson.pk in done_at, lesson_is_open(lesson, set(done_at), lessons))
        for lesson in lessons
    ]
    quiz_open = not course.sequential or (learner is not None and len(done_at) == len(lessons))
    return Outline(course, items, learner, quiz_open, done_at)


def certificate_of(learner: Learner | None, course: Course) -> Certificate | None:
    if learner is None:
        return None
    return Certificate.objects.filter(learner=learner, course=course).first()


@dataclass
class AttemptSeen:
    attempt: QuizAttempt
    completed: bool  # every lesson done and the quiz passed
    certificate_code: str | None  # the course's certificate, once issued


def attempt_of(learner: Learner, course: Course, pk: int) -> AttemptSeen:
    """The learner's attempt `pk` at the quiz of `course` (404 if none), with whether the
    course is completed and its certificate, in one statement."""
    found = statements.attempt_seen(learner_id=learner.pk, course_id=course.pk, pk=pk)
    if found is None:
        raise Http404
    attempt, completed, certificate_code = found
    attempt.course = course
    return AttemptSeen(attempt, completed, certificate_code)


def certificate_by_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("course", "ward")
        .filter(code=code.strip().upper())
        .first()
    )


# A household's learning address -------------------------------------------------------


@dataclass
class MemberProgress:
    resident_id: int
    first_name: str
    lessons_done: int = 0
    completed: list[str] = field(default_factory=list)  # course titles
    certificates: int = 0


def learner_of_member(resident: Resident) -> Learner | None:
    return Learner.objects.filter(resident=resident).first()


def household_progress(address: LearningAddress) -> list[MemberProgress]:
    """First names and progress only: all that someone holding the card's link may see."""
    members = {
        resident.pk: MemberProgress(resident.pk, first_name_of(resident.full_name))
        for resident in address.household.residents.order_by("-is_head", "birth_year", "pk")
    }
    learners = Learner.objects.filter(resident_id__in=members).annotate(
        done=Count("lessons_done", distinct=True),
        certs=Count("certificates", filter=Q(certificates__revoked_at__isnull=True), distinct=True),
    )
    by_learner = {}
    for learner in learners:
        if learner.resident_id is None:  # never: the learners are the members'
            continue
        member = members[learner.resident_id]
        member.lessons_done, member.certificates = learner.done, learner.certs
        by_learner[learner.pk] = member
    completed = CourseProgress.objects.filter(
        learner_id__in=by_learner, completed_at__isnull=False
    ).select_related("course")
    for progress in completed.order_by("course__position"):
        by_learner[progress.learner_id].completed.append(progress.course.title)
    return list(members.values())


# Digital classrooms --------------------------------------------------------------------


def classrooms_for(user: User) -> QuerySet[Classroom]:
    """The classes a user sees: those of their scope (by ward or group) and their own."""
    mine = (
        Classroom.objects.filter(coach=user) if user.is_authenticated else Classroom.objects.none()
    )
    return (
        (visible(Classroom.objects.all(), user) | mine)
        .distinct()
        .select_related("ward", "residential_group", "coach")
    )


def classroom_for(user: User, pk: int) -> Classroom:
    return get_object_or_404(classrooms_for(user), pk=pk)


@dataclass
class CourseCell:
    lessons_done: dict[int, datetime.datetime]  # lesson id -> completed_at
    best_score: int | None
    passed: bool
    completed: bool
    certificate: str


@dataclass
class ReportRow:
    learner: Learner
    name: str
    group: str
    cells: dict[int, CourseCell]  # course id -> progress


@dataclass
class ClassReport:
    classroom: Classroom
    assignments: list
    lessons: dict[int, list[Lesson]]  # course id -> its lessons
    rows: list[ReportRow]


def class_report(classroom: Classroom) -> ClassReport:
    """Every member against every assigned course, lesson by lesson, in a fixed number of
    queries however large the class."""
    assignments = list(classroom.assignments.select_related("course"))
    course_ids = [a.course_id for a in assignments]
    lessons: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in Lesson.objects.filter(course_id__in=course_ids, is_published=True).order_by(
        "course_id", "position"
    ):
        lessons[lesson.course_id].append(lesson)
    members = list(
        ClassMember.objects.filter(classroom=classroom).select_related(
            "learner__resident__residential_group", "learner__residential_group"
        )
    )
    learner_ids = [m.learner_id for m in members]
    done: dict[int, dict[int, datetime.datetime]] = defaultdict(dict)
    for learner_id, lesson_id, at in LessonProgress.objects.filter(
        learner_id__in=learner_ids, lesson__course_id__in=course_ids
    ).values_list("learner_id", "lesson_id", "completed_at"):
        done[learner_id][lesson_id] = at
    summaries = {
        (p.learner_id, p.course_id): p
        for p in CourseProgress.objects.filter(learner_id__in=learner_ids, course_id__in=course_ids)
    }
    certificates = {
        (c.learner_id, c.course_id): c.code
        for c in Certificate.objects.filter(
            learner_id__in=learner_ids, course_id__in=course_ids, revoked_at__isnull=True
        )
    }
    rows = []
    for member in members:
        learner = member.learner
        group = (
            learner.resident.residential_group
            if learner.resident is not None
            else learner.residential_group
        )
        cells = {}
        for course_id in course_ids:
            summary = summaries.get((learner.pk, course_id))
            cells[course_id] = CourseCell(
                lessons_done={
                    lesson.pk: done[learner.pk][lesson.pk]
                    for lesson in lessons[course_id]
                    if lesson.pk in done[learner.pk]
                },
                best_score=summary.best_score if summary else None,
                passed=bool(summary and summary.passed_at),
                completed=bool(summary and summary.completed_at),
                certificate=certificates.get((learner.pk, course_id), ""),
            )
        name = learner.resident.full_name if learner.resident is not None else learner.display_name
        rows.append(ReportRow(learner, name, group.name if group else "", cells))
    rows.sort(key=lambda row: row.name)
    return ClassReport(classroom, assignments, dict(lessons), rows)


def certificates_for(user: User) -> QuerySet[Certificate]:
    return visible(Certificate.objects.all(), user).select_related("course", "residential_group")


# What the campaign counts ----------------------------------------------------------------


@dataclass
class LearningCounts:
    learners: int = 0  # learners who finished at least one lesson
    completions: int = 0  # courses completed (every lesson and the quiz)
    certificates: int = 0  # certificates not revoked


def _group_of_learner(prefix: str = "") -> Coalesce:
    """A learner counts in their resident's current group, else in the group they joined."""
    return Coalesce(
        F(f"{prefix}resident__residential_group_id"), F(f"{prefix}residential_group_id")
    )


def counts_by_group(
    ward_ids: list[int], as_of: datetime.datetime | None = None
) -> dict[int | None, LearningCounts]:
    """Learners, completions and certificates per residential group (None: the ward as a
    whole, for learners who joined a ward-wide class), for the campaign's indicators; with
    `as_of`, only what had happened by then."""
    return _counts(ward_ids, "group", as_of)


def counts_by_household(
    ward_ids: list[int], as_of: datetime.datetime | None = None
) -> dict[int | None, LearningCounts]:
    """The same per household; learners not linked to a resident count under None."""
    return _counts(ward_ids, "household", as_of)


def _counts(
    ward_ids: list[int], by: str, as_of: datetime.datetime | None
) -> dict[int | None, LearningCounts]:
    key: Coalesce | F
    learner_key: Coalesce | F
    if by == "group":
        key, learner_key = _group_of_learner("learner__"), _group_of_learner()
    else:
        key, learner_key = F("learner__resident__household_id"), F("resident__household_id")
    in_wards = Q(ward_id__in=ward_ids) | Q(resident__ward_id__in=ward_ids)
    result: dict[int | None, LearningCounts] = defaultdict(LearningCounts)
    lesson_done = Q(lessons_done__isnull=False)
    completed = Q(completed_at__isnull=False)
    valid = Q(revoked_at__isnull=True)
    if as_of is not None:
        lesson_done = Q(lessons_done__completed_at__lte=as_of)
        completed = Q(completed_at__lte=as_of)
        valid = Q(issued_at__lte=as_of) & (Q(revoked_at__isnull=True) | Q(revoked_at__gt=as_of))
    in_wards_by_learner = Q(learner__ward_id__in=ward_ids) | Q(
        learner__resident__ward_id__in=ward_ids
    )
    counted = (
        ("learners", Learner.objects.filter(in_wards, lesson_done), learner_key),
        ("completions", CourseProgress.objects.filter(in_wards_by_learner, completed), key),
        ("certificates", Certificate.objects.filter(in_wards_by_learner, valid), key),
    )
    for name, queryset, unit in counted:
        rows = queryset.annotate(unit=unit).values("unit").annotate(n=Count("pk", distinct=True))
        for row in rows:
            setattr(result[row["unit"]], name, row["n"])
    return dict(result)
