"""What changes learning records: progress, quizzes, certificates, accounts, households'
learning addresses and digital classrooms. One transaction each."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    Max,
    Min,
    Model,
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.accounts.permissions import may
from hocvuso.accounts.scoping import scope_of, visible
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.learning import statements
from hocvuso.learning.models import (
    Assignment,
    Certificate,
    ClassMember,
    Classroom,
    Course,
    CourseProgress,
    Learner,
    LearningAddress,
    Lesson,
    LessonProgress,
    Question,
    QuizAttempt,
    random_code,
)
from hocvuso.people.models import Household, Resident
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.text.folding import clean

M = TypeVar("M", bound=Model)


class LearningError(ValueError):
    """An action the learner or coach cannot take; the message says why, in their language."""


def first_name_of(full_name: str) -> str:
    """The given name: the last word of a Vietnamese full name."""
    words = clean(full_name).split()
    return words[-1] if words else ""


def _create_with_code(model: type[M], field: str, length: int, **fields: object) -> M:
    """Create a row under a fresh random code, drawing again if the code is taken."""
    for _try in range(5):
        code = random_code(length)
        if not model._default_manager.filter(**{field: code}).exists():
            try:
                with transaction.atomic():
                    return model._default_manager.create(**{field: code}, **fields)
            except IntegrityError:  # taken in between by another request
                continue
    raise RuntimeError(f"could not draw a free {model.__name__} code")


def learner_start() -> Learner:
    """A learner with no account: the device's cookie is all that knows them. Seen now, so
    the request that made them need not write that again."""
    return Learner.objects.create(last_seen_at=_now())


def _now() -> datetime.datetime:
    return timezone.now()


def published_lessons(course: Course) -> list[Lesson]:
    return list(course.lessons.filter(is_published=True).order_by("position"))


@dataclass
class LessonsDone:
    """Which of a course's published lessons a learner finished, and when."""

    total: int  # the course's published lessons
    at: dict[int, datetime.datetime]  # lesson id -> completed_at

    @property
    def all(self) -> bool:
        return len(self.at) == self.total

    @property
    def last(self) -> datetime.datetime | None:
        return max(self.at.values(), default=None)


def lessons_done(learner: Learner | None, lessons: list[Lesson]) -> LessonsDone:
    """What `learner` finished of `lessons` (a course's published lessons)."""
    if learner is None:
        return LessonsDone(len(lessons), {})
    finished = statements.lessons_finished(learner.pk, [lesson.pk for lesson in lessons])
    return LessonsDone(len(lessons), finished)


def _completed_at(
    done: LessonsDone, passed_at: datetime.datetime | None
) -> datetime.datetime | None:
    """A course is completed when every lesson is done and the quiz passed, whichever came
    last."""
    if passed_at is None or not done.all:
        return None
    return max(passed_at, done.last or passed_at)


def refresh_progress(
    learner: Learner, course: Course, lessons: list[Lesson] | None = None
) -> CourseProgress:
    """Rewrite the learner's summary row for `course` from their lessons and attempts.
    `lessons`: the course's published lessons, when the caller has them already."""
    if lessons is None:
        lessons = published_lessons(course)
    done = lessons_done(learner, lessons)
    attempts = QuizAttempt.objects.filter(learner=learner, course=course).aggregate(
        count=Count("pk"),
        best=Max("score"),
        first_pass=Min("created_at", filter=Q(passed=True)),
    )
    progress, _created = CourseProgress.objects.get_or_create(
        learner=learner, course=course, defaults={"started_at": _now()}
    )
    progress.lessons_done = len(done.at)
    progress.best_score = attempts["best"]
    progress.attempts = attempts["count"]
    progress.passed_at = attempts["first_pass"]
    progress.completed_at = _completed_at(done, attempts["first_pass"])
    progress.save(
        update_fields=["lessons_done", "best_score", "attempts", "passed_at", "completed_at"]
    )
    return progress


def lesson_is_open(lesson: Lesson, done_ids: set[int], lessons: list[Lesson]) -> bool:
    """In a course taken in order, a lesson opens once every lesson before it is done."""
    if not lesson.course.sequential:
        return True
    return all(earlier.pk in done_ids for earlier in lessons if earlier.position < lesson.position)


@dataclass
class LessonDone:
    following: Lesson | None  # the next lesson to open; None when the quiz comes next


@transaction.atomic
def lesson_complete(
    *, learner: Learner, lesson: Lesson, lessons: list[Lesson] | None = None
) -> LessonDone:
    """Mark `lesson` done (again changes nothing) and update the course's summary row from
    what this reads, rather than counting again. `lessons`: the course's published lessons,
    when the caller has them already."""
    if lessons is None:
        lessons = published_lessons(lesson.course)
    done = lessons_done(learner, lessons)
    if not lesson_is_open(lesson, set(done.at), lessons):
        raise LearningError(_("Finish the lessons before this one first."))
    if lesson.pk not in done.at:
        now = _now()
        # A second tap racing this one finds the row there and leaves it.
        statements.lesson_finished(learner_id=learner.pk, lesson_id=lesson.pk, at=now)
        if any(other.pk == lesson.pk for other in lessons):
            done.at[lesson.pk] = now
        _count_lessons(learner, lesson.course, done, now)
    done_ids = set(done.at)
    following = next(
        (o for o in lessons if o.pk not in done_ids and lesson_is_open(o, done_ids, lessons)),
        None,
    )
    return LessonDone(following)


def _count_lessons(
    learner: Learner, course: Course, done: LessonsDone, now: datetime.datetime
) -> None:
    """Write the lessons' part of the course's summary row (making it on the first lesson):
    one UPDATE, in which the quiz's pass date, if any, decides completion."""
    statements.count_lessons(
        learner_id=learner.pk,
        course_id=course.pk,
        lessons_done=len(done.at),
        last=done.last if done.all else None,
        now=now,
    )


@dataclass
class QuizResult:
    attempt: QuizAttempt
    wrong: set[int]  # the questions answered wrong


@transaction.atomic
def quiz_submit(
    *,
    learner: Learner,
    course: Course,
    answers: Mapping[int, Iterable[int]],
    questions: list[Question] | None = None,
    done: LessonsDone | None = None,
) -> QuizResult:
    """Grade `answers` (question id → the choice ids picked). A question is right when
    exactly its right choices are picked. `questions` (with their choices) and `done` (the
    learner's lessons of the course): when the caller has them already. A course taken in
    order opens its quiz once every lesson is done."""
    if done is None:
        done = lessons_done(learner, published_lessons(course))
    if course.sequential and not done.all:
        raise LearningError(_("Finish every lesson of the course before the quiz."))
    if questions is None:
        questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        raise LearningError(_("This course has no quiz yet."))
    wrong = set()
    picked_by_question = {}
    for question in questions:
        picked = {int(c) for c in answers.get(question.pk, ())}
        right = {c.pk for c in question.choices.all() if c.is_correct}
        picked_by_question[str(question.pk)] = sorted(picked)
        if picked != right:
            wrong.add(question.pk)
    correct = len(questions) - len(wrong)
    score = round(100 * correct / len(questions))
    attempt = statements.attempt_made(
        QuizAttempt(
            learner=learner,
            course=course,
            correct=correct,
            total=len(questions),
            score=score,
            passed=score >= course.pass_mark,
            answers=picked_by_question,
        )
    )
    _count_attempt(learner, course, attempt, done)
    return QuizResult(attempt, wrong)


def _count_attempt(
    learner: Learner, course: Course, attempt: QuizAttempt, done: LessonsDone
) -> None:
    """Add `attempt` to the course's summary row (making it if the quiz came first)."""
    passed_at = attempt.created_at if attempt.passed else None
    counted = statements.count_attempt(
        learner_id=learner.pk,
        course_id=course.pk,
        score=attempt.score,
        passed_at=passed_at,
        completes=done.all,
        last=done.last,
    )
    if not counted:
        CourseProgress.objects.create(
            learner=learner,
            course=course,
            started_at=_now(),
            lessons_done=len(done.at),
            attempts=1,
            best_score=attempt.score,
            passed_at=passed_at,
            completed_at=_completed_at(done, passed_at),
        )


def certificate_name(learner: Learner) -> str:
    """The name printed on the learner's certificates, if known."""
    if learner.resident is not None:
        return learner.resident.full_name
    return learner.full_name


def _placement(learner: Learner) -> tuple[int | None, int | None, int | None]:
    """The ward, group and household a learner counts in."""
    resident = learner.resident
    if resident is not None:
        return resident.ward_id, resident.residential_group_id, resident.household_id
    return learner.ward_id, learner.residential_group_id, None


@transaction.atomic
def certificate_issue(*, learner: Learner, course: Course, name: str = "") -> Certificate:
    """The certificate for a completed course; the same one if it was issued before."""
    existing = Certificate.objects.filter(learner=learner, course=course).first()
    if existing:
        return existing
    progress = refresh_progress(learner, course)
    if progress.completed_at is None:
        raise LearningError(_("Pass the quiz and finish every lesson to earn the certificate."))
    name = clean(name) or certificate_name(learner)
    if not name:
        raise LearningError(_("Write the name to print on the certificate."))
    if not learner.full_name and not learner.resident_id:
        learner.full_name = name[:150]
        learner.first_name = learner.first_name or first_name_of(name)
        learner.save(update_fields=["full_name", "first_name"])
    ward_id, group_id, _household = _placement(learner)
    return _create_with_code(
        Certificate,
        "code",
        10,
        learner=learner,
        course=course,
        name=name[:150],
        score=progress.best_score or 0,
        issued_at=progress.completed_at,
        ward_id=ward_id,
        residential_group_id=group_id,
    )


@transaction.atomic
def certificate_revoke(*, user: User, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw a certificate: verification says so from now on. Officers of its ward only."""
    if certificate.ward_id is None or not may(
        user, "administer", "learning", ward_id=certificate.ward_id
    ):
        raise PermissionDenied
    reason = clean(reason)
    if not reason:
        raise LearningError(_("Say why the certificate is revoked."))
    if certificate.revoked_at:
        raise LearningError(_("This certificate is already revoked."))
    certificate.revoked_at = _now()
    certificate.revoked_by = user
    certificate.revoke_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=certificate,
        summary=_("Revoked the certificate %(code)s") % {"code": certificate.code},
        changes={"revoke_reason": ["", certificate.revoke_reason]},
    )
    return certificate


# Accounts and claiming progress ------------------------------------------------------


@transaction.atomic
def account_create(*, learner: Learner, phone: str, password: str, full_name: str) -> Learner:
    """Give the device's learner a phone number and password, keeping all its progress."""
    if Learner.objects.filter(phone=phone).exclude(pk=learner.pk).exists():
        raise LearningError(_("This phone number already has an account. Log in instead."))
    learner.phone = phone
    learner.password = make_password(password)
    full_name = clean(full_name)
    if full_name and not learner.resident_id:
        learner.full_name = full_name[:150]
        learner.first_name = first_name_of(full_name)
    learner.save(update_fields=["phone", "password", "full_name", "first_name"])
    return learner


def account_check(*, phone: str, password: str) -> Learner | None:
    """The learner with this phone and password, or None."""
    learner = Learner.objects.filter(phone=phone).first()
    if learner is None:
        make_password(password)  # the same work as a check, so timing tells nothing
        return None
    return learner if check_password(password, learner.password) else None


@transaction.atomic
def learners_merge(*, keep: Learner, gone: Learner) -> Learner:
    """Move everything `gone` learned onto `keep` (claiming a device's progress)."""
    if keep.pk == gone.pk:
        return keep
    have = set(LessonProgress.objects.filter(learner=keep).values_list("lesson_id", flat=True))
    LessonProgress.objects.filter(learner=gone).exclude(lesson_id__in=have).update(learner=keep)
    QuizAttempt.objects.filter(learner=gone).update(learner=keep)
    held = set(Certificate.objects.filter(learner=keep).values_list("course_id", flat=True))
    Certificate.objects.filter(learner=gone).exclude(course_id__in=held).update(learner=keep)
    joined = set(ClassMember.objects.filter(learner=keep).values_list("classroom_id", flat=True))
    ClassMember.objects.filter(learner=gone).exclude(classroom_id__in=joined).update(learner=keep)
    course_ids = set(
        CourseProgress.objects.filter(learner=gone).values_list("course_id", flat=True)
    )
    if not keep.first_name and gone.first_name:
        keep.first_name, keep.full_name = gone.first_name, keep.full_name or gone.full_name
        keep.save(update_fields=["first_name", "full_name"])
    if not keep.ward_id and gone.ward_id:
        keep.ward_id, keep.residential_group_id = gone.ward_id, gone.residential_group_id
        keep.save(update_fields=["ward", "residential_group"])
    # A duplicate certificate stays with the old record, which then holds nothing else.
    if not Certificate.objects.filter(learner=gone).exists():
        gone.delete()
    else:
        LessonProgress.objects.filter(learner=gone).delete()
        CourseProgress.objects.filter(learner=gone).delete()
    for course in Course.objects.filter(pk__in=course_ids):
        refresh_progress(keep, course)
    return keep


# A household's digital learning address ----------------------------------------------


@transaction.atomic
def learning_address(household: Household) -> LearningAddress:
    """The household's learning address, made the first time it is asked for."""
    existing = LearningAddress.objects.filter(household=household).first()
    if existing:
        return existing
    return _create_with_code(LearningAddress, "code", 10, household=household)


class PasswordNeeded(LearningError):
    """The member learns under a password, and it was not given (no message) or was wrong."""


class DeviceHoldsAccount(LearningError):
    """The device learns under a password of its own: a tap on the card does not switch it."""


@transaction.atomic
def household_join(
    *,
    learner: Learner | None,
    address: LearningAddress,
    resident: Resident,
    password: str | None = None,
) -> Learner:
    """The device (learning as `learner`, or nobody yet) says it is `resident` of the
    household behind `address`; returns the learner it is from now on.

    The card alone starts a member's learner or continues one with no password; one kept
    under a password needs it. Nothing is lost: a device holding a password of its own is
    not switched (the view asks it to log out first), another member's learner stays as it
    is, and only an unclaimed device's progress moves onto the member."""
    if resident.household_id != address.household_id:
        raise LearningError(_("This person is not in the household."))
    member = Learner.objects.filter(resident=resident).first()
    if learner is not None and member is not None and member.pk == learner.pk:
        return learner
    if learner is not None and learner.is_protected and (member is not None or learner.resident_id):
        raise DeviceHoldsAccount
    if member is not None:
        if member.is_protected and not (password and check_password(password, member.password)):
            if password is None:
                raise PasswordNeeded
            raise PasswordNeeded(
                _("The password is not right. Try again, or ask %(name)s.")
                % {"name": member.first_name}
            )
        if learner is not None and learner.is_unclaimed:
            return learners_merge(keep=member, gone=learner)
        return member
    if learner is None or learner.resident_id:
        return learner_for_resident(resident)
    learner.resident = resident
    learner.first_name = first_name_of(resident.full_name)
    learner.full_name = ""  # the registry holds the name; it is not copied here
    learner.ward_id, learner.residential_group_id = resident.ward_id, resident.residential_group_id
    learner.save(update_fields=["resident", "first_name", "full_name", "ward", "residential_group"])
    return learner


# Digital classrooms ------------------------------------------------------------------


def may_run_classroom(user: User, classroom: Classroom) -> bool:
    """The class's coach and the ward's officers run it; others may only read it."""
    return classroom.coach_id == user.pk or may(
        user, "administer", "learning", ward_id=classroom.ward_id
    )


@transaction.atomic
def classroom_create(
    *,
    user: User,
    ward: Ward,
    group: ResidentialGroup | None,
    name: str,
    organisation: str,
    meets_at: str = "",
    schedule: str = "",
) -> Classroom:
    """Anyone working in the ward opens a class for the whole ward's organisation; a class
    of one residential group needs that group in the user's scope."""
    scope = scope_of(user)
    if group is not None and group.ward_id != ward.pk:
        raise LearningError(_("This group is not in the ward."))
    allowed = may(user, "administer", "learning", ward_id=ward.pk) or (
        group.pk in scope.group_ids if group else ward.pk in scope.seen_ward_ids
    )
    if not allowed:
        raise PermissionDenied
    classroom = _create_with_code(
        Classroom,
        "invite_code",
        6,
        ward=ward,
        residential_group=group,
        name=clean(name)[:150],
        organisation=organisation,
        meets_at=clean(meets_at)[:200],
        schedule=clean(schedule)[:200],
        coach=user,
    )
    record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        obj=classroom,
        summary=_("Opened the digital classroom %(name)s") % {"name": classroom.name},
    )
    return classroom


@transaction.atomic
def classroom_update(
    *,
    user: User,
    classroom: Classroom,
    name: str,
    organisation: str,
    meets_at: str,
    schedule: str,
) -> Classroom:
    """The class's coach or the ward's officer changes its name, organisation, place or
    time; saving it gives the ward's assistant a fresh answer on where classes meet."""
    if not may_run_classroom(user, classroom):
        raise PermissionDenied
    classroom.name = clean(name)[:150]
    classroom.organisation = organisation
    classroom.meets_at = clean(meets_at)[:200]
    classroom.schedule = clean(schedule)[:200]
    classroom.save(update_fields=["name", "organisation", "meets_at", "schedule"])
    record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=classroom,
        summary=_("Changed the digital classroom %(name)s") % {"name": classroom.name},
    )
    return classroom


def learner_for_resident(resident: Resident) -> Learner:
    learner = Learner.objects.filter(resident=resident).first()
    if learner:
        return learner
    return Learner.objects.create(
        resident=resident,
        first_name=first_name_of(resident.full_name),
        ward_id=resident.ward_id,
        residential_group_id=resident.residential_group_id,
    )


@transaction.atomic
def classroom_enrol(*, user: User, classroom: Classroom, resident_ids: Iterable[int]) -> int:
    """Enrol residents from the registry; all of them or none. Returns how many were new."""
    if not may_run_classroom(user, classroom):
        raise PermissionDenied
    wanted = set(resident_ids)
    residents = list(visible(Resident.objects.filter(pk__in=wanted, ward=classroom.ward), user))
    if len(residents) != len(wanted) or not wanted:
        raise LearningError(_("Some of these people are not in your part of the registry."))
    added = 0
    for resident in residents:
        _member, created = ClassMember.objects.get_or_create(
            classroom=classroom,
            learner=learner_for_resident(resident),
            defaults={"via": ClassMember.Via.REGISTRY},
        )
        added += created
    record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=classroom,
        summary=_("Enrolled %(count)d people in %(name)s")
        % {"count": added, "name": classroom.name},
        changes={"residents": sorted(wanted)},
    )
    return added


@transaction.atomic
def classroom_join(*, learner: Learner, code: str, first_name: str = "") -> Classroom:
    """A learner joins a class with the invite code the coach gave out."""
    classroom = Classroom.objects.filter(
        invite_code=code.strip().upper(), closed_at__isnull=True
    ).first()
    if classroom is None:
        raise LearningError(_("No open class has this code. Check it with your coach."))
    first_name = clean(first_name)
    if not learner.first_name and not first_name:
        raise LearningError(_("Write your name so the coach knows who joined."))
    if not learner.first_name:
        learner.first_name = first_name_of(first_name)
        learner.full_name = first_name[:150]
    if not learner.ward_id:
        learner.ward_id = classroom.ward_id
        learner.residential_group_id = classroom.residential_group_id
    learner.save(update_fields=["first_name", "full_name", "ward", "residential_group"])
    ClassMember.objects.get_or_create(
        classroom=classroom, learner=learner, defaults={"via": ClassMember.Via.INVITE}
    )
    return classroom


@transaction.atomic
def assignment_set(
    *, user: User, classroom: Classroom, course: Course, due_on: datetime.date | None
) -> Assignment:
    if not may_run_classroom(user, classroom):
        raise PermissionDenied
    assignment, _created = Assignment.objects.update_or_create(
        classroom=classroom, course=course, defaults={"due_on": due_on}
    )
    return assignment
