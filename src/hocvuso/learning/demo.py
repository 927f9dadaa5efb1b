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
            if complete:
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
