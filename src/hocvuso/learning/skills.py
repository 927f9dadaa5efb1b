"""The basic digital skills: the resident's own self-check ("tự khai"), a volunteer's
confirmation after a practical check ("đã xác nhận") with its VNeID status, and the facts
the national targets count (a smartphone, a payment account, a digital signature).

The self-check places a resident on the groups of the basic framework (Quyết định
757/QĐ-BKHCN, `vn757` in competences.yaml) and proposes the courses whose lessons teach what
they cannot do alone yet, read from the lessons' competence tags, so new courses count.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Field, Model, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.models import Role, User
from hocvuso.accounts.scoping import scope_of
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.learning.models import (
    Course,
    CourseProgress,
    Fact,
    Learner,
    ResidentFact,
    SelfCheck,
    SkillConfirmation,
)
from hocvuso.people.models import Resident

FRAMEWORK = "vn757"
# The national targets count adults from 15: the payment-account target counts "dân số từ
# 15 tuổi trở lên" (the national digital transformation plans, after the World Bank's
# Findex), and the same age is used for every skills indicator so they share one base.
ADULT_AGE = 15
ALONE, WITH_HELP, NOT_YET = 2, 1, 0
ANSWERS = (
    (ALONE, gettext_lazy("Yes, on my own")),
    (WITH_HELP, gettext_lazy("Yes, with some help")),
    (NOT_YET, gettext_lazy("Not yet")),
)
# The groups of the basic framework, by the first digit of a competence's code.
GROUPS = {
    "0": gettext_lazy("Using the phone and its apps"),
    "1": gettext_lazy("Finding and judging information"),
    "2": gettext_lazy("Communicating, online services and digital identity"),
    "3": gettext_lazy("Making digital content"),
    "4": gettext_lazy("Safety, privacy and health"),
    "5": gettext_lazy("Solving problems, new technology and AI"),
}
LEVELS = {
    "ready": gettext_lazy("You can do this"),
    "practise": gettext_lazy("Practise a little more"),
    "start": gettext_lazy("Start learning here"),
}
PROPOSED = 4  # courses proposed at most


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise
    competences: tuple[str, ...]  # vn757 codes
    basic: bool  # one of the five basic skills (or the phone itself, which they need)


QUESTIONS = (
    Question("phone", gettext_lazy("Can you unlock your phone and make a video call on your own?"), ("0.1", "2.1"), True),  # noqa: E501
    Question("apps", gettext_lazy("Can you install an app from CH Play or the App Store, and update it?"), ("0.2",), True),  # noqa: E501
    Question("search", gettext_lazy("Can you look something up on the Internet and tell an official website (ending in .gov.vn) from a fake one?"), ("1.1", "1.2"), False),  # noqa: E501
    Question("photo", gettext_lazy("Can you take a clear photo of a paper and send it through Zalo?"), ("3.1", "2.2", "1.3"), False),  # noqa: E501
    Question("vneid", gettext_lazy("Can you log in to VNeID and show your ID card or health insurance card from it?"), ("2.6",), True),  # noqa: E501
    Question("public_service", gettext_lazy("Can you file a request on the National Public Service Portal and look up its result?"), ("2.3",), True),  # noqa: E501
    Question("payment", gettext_lazy("Can you pay a bill or send money with a bank app or a QR code?"), ("2.3", "5.2"), True),  # noqa: E501
    Question("shopping", gettext_lazy("Can you buy something online and check first that the seller can be trusted?"), ("5.2", "1.2"), True),  # noqa: E501
    Question("scam", gettext_lazy("Do you know never to tell anyone your OTP code, and how to spot a scam call?"), ("4.1", "4.2"), True),  # noqa: E501
    Question("ihanoi", gettext_lazy("Can you send a report to the authorities through iHanoi and follow its answer?"), ("2.3", "2.4"), True),  # noqa: E501
    Question("health", gettext_lazy("Do you keep screen time in check, for yourself and for the children at home?"), ("4.3",), False),  # noqa: E501
    Question("ai", gettext_lazy("Have you asked an AI assistant a question and checked its answer elsewhere?"), ("5.3", "1.2"), False),  # noqa: E501
)  # fmt: skip


class SkillsError(ValidationError):
    """A skills record that cannot be made; the message says why, in the user's language."""


# The self-check ---------------------------------------------------------------------------


@dataclass
class Placement:
    """Where a self-check puts the resident: a level per framework group, the competences
    not yet done alone, and whether every basic skill is done alone."""

    levels: dict[str, str]
    gaps: set[str]
    met_basic: bool
    groups: list[tuple[str, str | Promise, str, Promise]] = field(default_factory=list)


def place(answers: dict[str, int]) -> Placement:
    """A level per group: "ready" when every answer there is "on my own", "start" when most
    are "not yet", "practise" in between."""
    scores: dict[str, list[int]] = {}
    gaps: set[str] = set()
    for question in QUESTIONS:
        answer = answers.get(question.key, NOT_YET)
        for code in question.competences:
            scores.setdefault(code.split(".")[0], []).append(answer)
            if answer < ALONE:
                gaps.add(code)
    levels = {}
    for group, values in sorted(scores.items()):
        mean = sum(values) / len(values)
        levels[group] = "ready" if mean == ALONE else "practise" if mean >= WITH_HELP else "start"
    met = all(answers.get(q.key) == ALONE for q in QUESTIONS if q.basic)
    placement = Placement(levels=levels, gaps=gaps, met_basic=met)
    placement.groups = [
        (group, GROUPS.get(group) or group, level, LEVELS[level]) for group, level in levels.items()
    ]
    return placement


def proposals(gaps: set[str], learner: Learner | None = None) -> list[Course]:
    """The published courses whose lessons teach the most of `gaps`, the learner's completed
    courses left out; ties go to the course that comes first in the curriculum."""
    if not gaps:
        return []
    found = (
        Course.objects.filter(is_published=True)
        .annotate(
            hits=Count(
                "lessons__competences",
                filter=Q(
                    lessons__is_published=True,
                    lessons__competences__framework=FRAMEWORK,
                    lessons__competences__code__in=sorted(gaps),
                ),
                distinct=True,
            )
        )
        .filter(hits__gt=0)
    )
    if learner is not None:
        done = CourseProgress.objects.filter(learner=learner, completed_at__isnull=False)
        found = found.exclude(pk__in=done.values("course_id"))
    return list(found.order_by("-hits", "position")[:PROPOSED])


def latest_self_check(learner: Learner | None) -> SelfCheck | None:
    return learner.self_checks.first() if learner is not None else None


@transaction.atomic
def self_check_record(*, learner: Learner, answers: dict[str, int]) -> SelfCheck:
    """Keep a learner's self-check, as they answered it: self-reported."""
    known = {q.key for q in QUESTIONS}
    answers = {k: v for k, v in answers.items() if k in known and v in (ALONE, WITH_HELP, NOT_YET)}
    placement = place(answers)
    check = SelfCheck.objects.create(
        learner=learner, answers=answers, placement=placement.levels, met_basic=placement.met_basic
    )
    if learner.resident_id:
        record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            obj=check,
            ward_id=learner.ward_id,
            summary=_("Self-check (self-reported) by learner %(id)s") % {"id": learner.pk},
        )
    return check


# What a volunteer records -----------------------------------------------------------------

FIELD_ROLES = {Role.OFFICER, Role.LEADER, Role.VOLUNTEER, Role.COACH}


def may_confirm(user: User) -> bool:
    """Volunteers, coaches, team leaders and officers confirm; the resident must also be in
    their scope (the views load it through `people.queries.resident_for`)."""
    scope = scope_of(user)
    return scope.everything or bool(scope.roles & FIELD_ROLES)


def is_adult(resident: Resident) -> bool:
    return resident.age is not None and resident.age >= ADULT_AGE


def basic_courses() -> list[Course]:
    return list(Course.objects.filter(is_published=True, basic=True))


def passed_basic(resident: Resident) -> bool:
    """Has the resident's learner passed the quiz of every basic course?"""
    courses = basic_courses()
    learner = Learner.objects.filter(resident=resident).first()
    if not courses or learner is None:
        return False
    passed = CourseProgress.objects.filter(
        learner=learner, course__in=courses, passed_at__isnull=False
    ).count()
    return passed == len(courses)


@transaction.atomic
def fact_set(*, actor: User, resident: Resident, fact: str, value: bool | None) -> None:
    """Record (or, with None, forget) one fact about a resident, in one tap."""
    if fact not in Fact.values:
        raise SkillsError(_("This is not a fact the campaign counts."))
    if not may_confirm(actor):
        raise PermissionDenied
    existing = ResidentFact.objects.select_for_update().filter(resident=resident, fact=fact).first()
    before = existing.value if existing else None
    if before == value:
        return
    if value is None:
        assert existing is not None  # no fact and none asked for returned above
        existing.delete()
    else:
        ResidentFact.objects.update_or_create(
            resident=resident,
            fact=fact,
            defaults={"value": value, "recorded_by": actor, "recorded_at": timezone.now()},
        )
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=resident,
        summary=_("%(person)s: %(fact)s: %(value)s")
        % {
            "person": resident.full_name,
            "fact": Fact(fact).label,
            "value": _("unknown") if value is None else _("yes") if value else _("no"),
        },
        changes={fact: [before, value]},
    )


@transaction.atomic
def skills_confirm(*, actor: User, resident: Resident) -> SkillConfirmation:
    """ "Đã xác nhận": the actor saw the resident do the basic skills, once the basic courses
    are passed. Confirming again keeps the first confirmation."""
    if not may_confirm(actor):
        raise PermissionDenied
    existing = SkillConfirmation.objects.filter(resident=resident).first()
    if existing is not None:
        return existing
    if not passed_basic(resident):
        raise SkillsError(_("Confirm only once the resident has passed every basic course."))
    confirmation = SkillConfirmation.objects.create(
        resident=resident, confirmed_by=actor, confirmed_at=timezone.now()
    )
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=confirmation,
        ward_id=resident.ward_id,
        summary=_("Confirmed the basic digital skills of %(person)s")
        % {"person": resident.full_name},
    )
    return confirmation


@transaction.atomic
def vneid_record(
    *, actor: User, resident: Resident, day: datetime.date | None
) -> SkillConfirmation:
    """The volunteer says the confirmed result was entered on VNeID on `day` (None: not
    yet). By hand: VNeID has no API for it."""
    if not may_confirm(actor):
        raise PermissionDenied
    confirmation = SkillConfirmation.objects.select_for_update().filter(resident=resident).first()
    if confirmation is None:
        raise SkillsError(_("Confirm the skills before recording them on VNeID."))
    if day is not None and day > timezone.localdate():
        raise SkillsError(_("The date cannot be in the future."))
    before = confirmation.vneid_recorded_on
    confirmation.vneid_recorded_on = day
    confirmation.vneid_recorded_by = actor if day else None
    confirmation.save(update_fields=["vneid_recorded_on", "vneid_recorded_by"])
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=confirmation,
        ward_id=resident.ward_id,
        summary=_("Recorded on VNeID: %(person)s, %(day)s")
        % {"person": resident.full_name, "day": f"{day:%d/%m/%Y}" if day else _("not yet")},
        changes={"vneid_recorded_on": [str(before or ""), str(day or "")]},
    )
    return confirmation


# What the volunteer sees ------------------------------------------------------------------


@dataclass
class SkillCard:
    """One resident's card: the facts recorded, their latest self-check, the confirmation
    and whether every basic course is passed, as plain values."""

    resident: Resident
    facts: dict[str, bool]
    self_checked_at: datetime.datetime | None  # the latest self-check's time, if any
    self_check_met_basic: bool  # what the latest self-check says
    confirmed_by: str  # who confirmed, named as a User is; "" if not confirmed
    confirmed_at: datetime.datetime | None
    vneid_recorded_on: datetime.date | None
    passed_basic: bool

    @property
    def fact_rows(self) -> list[tuple[str, Promise, bool | None]]:
        return [(code, label, self.facts.get(code)) for code, label in Fact.choices]


# One statement for all the cards, written out: the five queries the ORM built for them cost
# ten times what SQLite takes to answer them, on every help form. Tables and columns are the
# models' own; every value is a parameter.
_CARDS_SQL = """
SELECT r.id, c.confirmed_at, c.vneid_recorded_on, u.full_name, u.username,
  (SELECT s.created_at FROM learning_selfcheck s WHERE s.learner_id = l.id
   ORDER BY s.created_at DESC, s.id DESC LIMIT 1),
  (SELECT s.met_basic FROM learning_selfcheck s WHERE s.learner_id = l.id
   ORDER BY s.created_at DESC, s.id DESC LIMIT 1),
  (SELECT COUNT(*) FROM learning_courseprogress p JOIN learning_course k ON k.id = p.course_id
   WHERE p.learner_id = l.id AND p.passed_at IS NOT NULL AND k.basic AND k.is_published),
  (SELECT COUNT(*) FROM learning_course k WHERE k.basic AND k.is_published),
  {facts}
FROM people_resident r
LEFT JOIN learning_learner l ON l.resident_id = r.id
LEFT JOIN learning_skillconfirmation c ON c.resident_id = r.id
LEFT JOIN accounts_user u ON u.id = c.confirmed_by_id
WHERE r.id IN ({ids})
"""
_FACT_SQL = (
    "(SELECT f.value FROM learning_residentfact f WHERE f.resident_id = r.id AND f.fact = %s)"
)


def _reader(model: type[Model], name: str) -> Callable[[Any], Any]:
    """What the ORM does to the column of `model.name` as the database gives it (SQLite gives
    dates as text and booleans as 0 or 1), so the values are the ones a queryset reads."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a column, not a relation's other side
    column = field.get_col(model._meta.db_table)
    steps = connection.ops.get_db_converters(column) + column.get_db_converters(connection)

    def read(value: Any) -> Any:
        for step in steps:
            value = step(value, column, connection)
        return value

    return read


def skill_cards(residents: list[Resident]) -> list[SkillCard]:
    """What a volunteer sees and records for each resident, in one statement."""
    if not residents:
        return []
    ids = [r.pk for r in residents]
    # Placeholders only: the fact codes and ids are parameters.
    sql = _CARDS_SQL.format(
        facts=", ".join([_FACT_SQL] * len(Fact.values)), ids=", ".join(["%s"] * len(ids))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*Fact.values, *ids])
        rows = {row[0]: row for row in cursor.fetchall()}
    checked_at, met_basic = _reader(SelfCheck, "created_at"), _reader(SelfCheck, "met_basic")
    confirmed_at = _reader(SkillConfirmation, "confirmed_at")
    vneid_on, fact_value = (
        _reader(SkillConfirmation, "vneid_recorded_on"),
        _reader(ResidentFact, "value"),
    )
    cards = []
    for resident in residents:
        _, when, vneid, full_name, username, checked, met, passed, basic, *facts = rows[resident.pk]
        cards.append(
            SkillCard(
                resident=resident,
                facts={
                    code: fact_value(value)
                    for code, value in zip(Fact.values, facts, strict=True)
                    if value is not None
                },
                self_checked_at=checked_at(checked),
                self_check_met_basic=bool(met_basic(met)),
                # Named as User.__str__ names them.
                confirmed_by=str(User(full_name=full_name, username=username)) if when else "",
                confirmed_at=confirmed_at(when),
                vneid_recorded_on=vneid_on(vneid),
                passed_basic=bool(basic) and passed == basic,
            )
        )
    return cards
