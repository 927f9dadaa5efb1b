"""Synthetic learning for the demo ward: a class run by the demo coach, and residents
across the ward part-way through the curriculum, some with certificates."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.learning import services
from hocvuso.learning.models import (
    Certificate,
    Classroom,
    Course,
    CourseProgress,
    Learner,
    LessonProgress,
    Organisation,
    random_code,
)
from hocvuso.places.models import Ward

LEARNER_SHARE = 0.08  # of the ward's residents


@transaction.atomic
def populate_learning(*, ward: Ward, coach: User, seed: int) -> None:
    """Once per ward: learners with progress, completions and certificates, and one class."""
    if Learner.objects.filter(ward=ward).exists():
        return
    courses = list(Course.objects.filter(is_published=True).prefetch_related("lessons"))
    if not courses:
        return
    rng = random.Random(seed)
    now = timezone.now()
    residents = [
        r
        for r in ward.residents.only("pk", "ward", "full_name", "residential_group", "household")
        if rng.random() < LEARNER_SHARE
    ]
    learners = Learner.objects.bulk_create(
        Learner(
            resident=r,
            first_name=services.first_name_of(r.full_name),
            ward=ward,
            residential_group_id=r.residential_group_id,
        )
        for r in residents
    )
    lessons_done, progress, certificates = [], [], []
    for learner, resident in zip(learners, residents, strict=True):
        for course in rng.sample(courses, k=rng.randint(1, min(3, len(courses)))):
            lessons = [lesson for lesson in course.lessons.all() if lesson.is_published]
            done = lessons[: rng.randint(1, len(lessons))]
            started = now - datetime.timedelta(days=rng.randint(1, 40))
            lessons_done += [
                LessonProgress(learner=learner, lesson=lesson, completed_at=started)
                for lesson in done
            ]
            complete = len(done) == len(lessons) and rng.random() < 0.7
            score = rng.choice((80, 90, 100)) if complete else None
            progress.append(
                CourseProgress(
                    learner=learner,
                    course=course,
                    lessons_done=len(done),
                    best_score=score,
                    attempts=1 if complete else 0,
                    started_at=started,
                    passed_at=started if complete else None,
                    completed_at=started if complete else None,
                )
            )
            if score is not None:  # the course was completed
                certificates.append(
                    Certificate(
                        code=random_code(10),
                        learner=learner,
                        course=course,
                        name=resident.full_name,
                        score=score,
                        issued_at=started,
                        ward=ward,
                        residential_group_id=resident.residential_group_id,
                    )
                )
    LessonProgress.objects.bulk_create(lessons_done, batch_size=2000)
    CourseProgress.objects.bulk_create(progress, batch_size=2000)
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    group = ward.groups.filter(name="Tổ dân phố số 11").first()
    classroom = Classroom.objects.create(
        ward=ward,
        residential_group=group,
        name="Lớp học số Chi hội Phụ nữ tổ 11",
        organisation=Organisation.WOMENS_UNION,
        meets_at="Nhà văn hoá tổ dân phố số 11",
        schedule="Tối thứ Ba, 19:00–20:30",
        coach=coach,
        invite_code=random_code(6),
    )
    for course in courses[:2]:
        classroom.assignments.create(
            course=course, due_on=timezone.localdate() + datetime.timedelta(days=14)
        )
    members = [
        learner
        for learner in learners
        if learner.residential_group_id == (group.pk if group else None)
    ]
    classroom.members.bulk_create(
        classroom.members.model(classroom=classroom, learner=learner, via="registry")
        for learner in members[:25]
    )


# Of the ward's adults: how many the team has asked, and the shares of those asked who have
# a smartphone, a payment account, a digital signature (the national figures are higher in
# cities for the first two, far lower for the third).
FACTS_ASKED = 0.6
FACT_SHARES = {"smartphone": 0.85, "payment_account": 0.7, "digital_signature": 0.2}
SELF_CHECKED = 0.7  # of the learners linked to a resident
CONFIRMED = 0.4  # of those whose self-check says they have the basic skills


@transaction.atomic
def populate_skills(*, ward: Ward, volunteer: User, seed: int) -> None:
    """Once per ward: the facts volunteers recorded over the last four months, learners'
    self-checks, and confirmations (with the basic courses passed) of some of them."""
    from hocvuso.demo.ward import _dated
    from hocvuso.learning.models import ResidentFact, SelfCheck, SkillConfirmation
    from hocvuso.learning.skills import ADULT_AGE, QUESTIONS

    if ResidentFact.objects.filter(resident__ward=ward).exists():
        return
    rng = random.Random(seed)
    now = timezone.now()
    born_by = timezone.localdate().year - ADULT_AGE

    def when() -> datetime.datetime:
        return now - datetime.timedelta(days=rng.triangular(0, 120, 120), hours=rng.random())

    adults = ward.residents.filter(birth_year__lte=born_by).values_list("pk", flat=True)
    ResidentFact.objects.bulk_create(
        (
            ResidentFact(
                resident_id=pk, fact=fact, value=rng.random() < share,
                recorded_by=volunteer, recorded_at=when(),
            )
            for pk in adults
            if rng.random() < FACTS_ASKED
            for fact, share in FACT_SHARES.items()
        ),
        batch_size=2000,
    )  # fmt: skip
    learners = list(
        Learner.objects.filter(ward=ward, resident__birth_year__lte=born_by).values_list(
            "pk", "resident_id"
        )
    )
    checks, met = [], []
    for learner_id, resident_id in learners:
        if rng.random() >= SELF_CHECKED:
            continue
        good = rng.random() < 0.5
        answers = {q.key: 2 if good else rng.choice((0, 1, 2)) for q in QUESTIONS}
        met_basic = all(answers[q.key] == 2 for q in QUESTIONS if q.basic)
        checked_at = when()
        checks.append(
            SelfCheck(learner_id=learner_id, answers=answers, met_basic=met_basic,
                      created_at=checked_at)
        )  # fmt: skip
        if met_basic and rng.random() < CONFIRMED:
            met.append((learner_id, resident_id, checked_at))
    with _dated((SelfCheck, "created_at")):
        SelfCheck.objects.bulk_create(checks, batch_size=2000)
    basic = list(Course.objects.filter(is_published=True, basic=True).prefetch_related("lessons"))
    if not basic:
        return
    passed = []
    for learner_id, _resident_id, checked_at in met:
        for course in basic:
            lessons = sum(1 for lesson in course.lessons.all() if lesson.is_published)
            passed.append(
                CourseProgress(learner_id=learner_id, course=course, lessons_done=lessons,
                               best_score=90, attempts=1, started_at=checked_at,
                               passed_at=checked_at, completed_at=checked_at)
            )  # fmt: skip
    CourseProgress.objects.filter(learner_id__in=[m[0] for m in met], course__in=basic).delete()
    CourseProgress.objects.bulk_create(passed, batch_size=2000)
    SkillConfirmation.objects.bulk_create(
        (
            SkillConfirmation(
                resident_id=resident_id, confirmed_by=volunteer,
                confirmed_at=min(now, checked_at + datetime.timedelta(days=rng.randint(1, 10))),
                vneid_recorded_on=(checked_at + datetime.timedelta(days=12)).date()
                if rng.random() < 0.6 and checked_at + datetime.timedelta(days=12) < now
                else None,
                vneid_recorded_by=volunteer,
            )
            for _learner_id, resident_id, checked_at in met
        ),
        batch_size=2000,
    )  # fmt: skip
