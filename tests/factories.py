"""Plain builders for test data, through the same services the app uses."""

import itertools

from hocvuso.accounts.models import Role, RoleAssignment, User
from hocvuso.people import services
from hocvuso.people.models import Household, Resident
from hocvuso.places.models import Province, ResidentialGroup, Ward
from hocvuso.places.services import activate_ward, group_create

_counter = itertools.count(1)

# The two Hà Nội wards the tests use, as the official list names them.
TUONG_MAI = (313, "Phường Tương Mai")
HOANG_MAI = (319, "Phường Hoàng Mai")


def ward(code_name: tuple[int, str] = TUONG_MAI, *, active: bool = True) -> Ward:
    province, _ = Province.objects.get_or_create(
        code=1,
        defaults={
            "name": "Thành phố Hà Nội",
            "division_type": "thành phố trung ương",
            "codename": "ha_noi",
        },
    )
    code, name = code_name
    w, _ = Ward.objects.get_or_create(
        code=code,
        defaults={"province": province, "name": name, "division_type": "phường", "codename": name},
    )
    if active:
        activate_ward(ward=w)
    return w


def group(w: Ward, name: str) -> ResidentialGroup:
    found = w.groups.filter(name=name, closed_at__isnull=True).first()
    return found or group_create(ward=w, name=name)


def user(
    username: str | None = None,
    *,
    role: str | None = None,
    ward_: Ward | None = None,
    groups: tuple[ResidentialGroup, ...] = (),
    **extra,
) -> User:
    u = User.objects.create(username=username or f"user{next(_counter)}", **extra)
    u.set_unusable_password()
    u.save(update_fields=["password"])
    if role is not None:
        assignment = RoleAssignment.objects.create(user=u, role=role, ward=ward_)
        assignment.groups.set(groups)
    return u


def system_actor() -> User:
    return User.objects.get_or_create(username="system-test")[0]


def household(
    g: ResidentialGroup,
    *,
    key: str | None = None,
    address: str = "Số 1, ngõ 2 Trương Định",
    phone: str = "",
    has_smartphone: bool | None = True,
    has_internet: bool | None = True,
) -> Household:
    return services.household_save(
        actor=system_actor(),
        household=Household(),
        group=g,
        data={
            "key": key or f"H{next(_counter):05d}",
            "address": address,
            "phone": phone,
            "has_smartphone": has_smartphone,
            "has_internet": has_internet,
        },
    )


def resident(
    h: Household,
    full_name: str,
    *,
    birth_year: int | None = 1980,
    gender: str = "male",
    relation: str = "Chủ hộ",
    is_head: bool = False,
    phone: str = "",
) -> Resident:
    return services.resident_save(
        actor=system_actor(),
        resident=Resident(),
        household=h,
        data={
            "full_name": full_name,
            "birth_year": birth_year,
            "gender": gender,
            "relation": relation,
            "is_head": is_head,
            "phone": phone,
        },
    )


__all__ = ["Role", "group", "household", "resident", "user", "ward"]


def course_passed(learner, course):
    """`learner` reads every lesson of `course` and answers its quiz right: the attempt."""
    from hocvuso.learning import services as learning

    for lesson in learning.published_lessons(course):
        learning.lesson_complete(learner=learner, lesson=lesson)
    answers = {
        q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in course.questions.all()
    }
    return learning.quiz_submit(learner=learner, course=course, answers=answers).attempt
