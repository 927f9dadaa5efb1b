"""Courses, lessons and quizzes (loaded from the curriculum folder); learners and their
progress; digital classrooms; certificates; each household's digital learning address.

Progress follows Kolibri: one summary row per learner and item (`LessonProgress`,
`CourseProgress`) beside the attempt log (`QuizAttempt`), so reports read summaries and
never replay attempts.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.people.models import Household, Resident
from hocvuso.places.models import ResidentialGroup, Ward

# No 0/O, 1/I/L: codes are read aloud and typed by hand from a printed card.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class Framework(models.TextChoices):
    VN757 = "vn757", _("Basic digital skills (Decision 757/QĐ-BKHCN)")
    TT02 = "tt02", _("Learners' digital competence (Circular 02/2025/TT-BGDĐT)")
    DIGCOMP = "digcomp", _("DigComp 2.2")


class Competence(models.Model):
    framework = models.CharField(max_length=10, choices=Framework.choices)
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_competence_code")
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.code} {self.name}"


class Course(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    intro_html = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # A lesson opens only once the one before it is done.
    sequential = models.BooleanField(default=True)
    pass_mark = models.PositiveSmallIntegerField(default=70)  # percent of the quiz
    quiz_title = models.CharField(max_length=200, blank=True)
    # One of the courses that teach the five basic digital skills (front matter `basic:`):
    # a resident who passed them all may have their skills confirmed by a volunteer.
    basic = models.BooleanField(default=False)
    # A course dropped from the curriculum folder is hidden, never deleted: people's
    # progress and certificates still point at it.
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField()
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(default=5)
    video_url = models.URLField(blank=True)
    body_html = models.TextField()
    # The words of the lesson without markup: what read-aloud says and search matches.
    body_text = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    competences = models.ManyToManyField(Competence, blank=True, related_name="lessons")
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="unique_lesson_slug")
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("One or more answers")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    image = models.CharField(max_length=200, blank=True)  # a static path
    image_alt = models.CharField(max_length=200, blank=True)
    explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["course", "position"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text


class Learner(models.Model):
    """Someone learning: on one device with no account at all, with a phone number and a
    password of their own, or as a member of a household. Never a VNeID login.

    A learner linked to a resident counts in that resident's household and group; one who
    joined a class by its invite code counts in the class's ward (and group, if it has one).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=60, blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=15, null=True, blank=True, unique=True)
    password = models.CharField(max_length=128, blank=True)  # a hash, never the password
    resident = models.OneToOneField(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="learner"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="learners"
    )
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["ward", "residential_group"], name="learner_ward_group")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.first_name or str(_("Learner"))

    @property
    def has_account(self) -> bool:
        return bool(self.phone and self.password)

    @property
    def is_protected(self) -> bool:
        """Kept under a password: only it, or this learner's own devices, continue them."""
        return bool(self.password)

    @property
    def is_unclaimed(self) -> bool:
        """Known only to one device's cookie: no household member, no password. What such a
        learner did moves onto whoever the device says it is."""
        return self.resident_id is None and not self.is_protected


class SelfCheck(models.Model):
    """A learner's own answers to the skills self-check (`learning.skills`): "tự khai",
    self-reported, never a confirmation. Kept whole, so a later check never rewrites one."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="self_checks")
    answers = models.JSONField(default=dict)  # question key -> 0 not yet, 1 with help, 2 alone
    placement = models.JSONField(default=dict)  # vn757 group -> level key
    met_basic = models.BooleanField(default=False)  # every basic skill done alone
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["learner", "-created_at"], name="selfcheck_learner_time")]

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.created_at:%d/%m/%Y}"


class LessonProgress(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="lessons_done")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.lesson_id}"


class CourseProgress(models.Model):
    """The summary row a report reads: lessons done, best quiz score, passed, completed."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="courses")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    lessons_done = models.PositiveSmallIntegerField(default=0)
    best_score = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField()
    passed_at = models.DateTimeField(null=True, blank=True)
    # Every lesson done and the quiz passed.
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="one_progress_per_course")
        ]
        indexes = [models.Index(fields=["course", "completed_at"], name="progress_completed")]

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.course_id}: {self.lessons_done}"


class QuizAttempt(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="attempts")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    correct = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()  # percent
    passed = models.BooleanField()
    answers = models.JSONField(default=dict)  # question id -> the choice ids picked
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.course_id}: {self.score}%"


class Certificate(models.Model):
    """Earned by passing a course; anyone holding its code can verify it."""

    code = models.CharField(max_length=12, unique=True)
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name on the certificate"), max_length=150)
    score = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField()
    # The ward and group the learner counted in when it was issued: who may revoke it.
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates"
    )
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="one_certificate_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class LearningAddress(models.Model):
    """A household's digital learning address: the code on its printed QR card."""

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="learning_address"
    )
    code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class Organisation(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union branch")
    WOMENS_UNION = "womens_union", _("Women's Union branch")
    RESIDENTIAL_GROUP = "residential_group", _("Residential group")
    ELDERLY_CLUB = "elderly_club", _("Elderly club")
    VETERANS = "veterans", _("Veterans' association")
    OTHER = "other", _("Other organisation")


class Classroom(models.Model):
    """A digital classroom: one organisation's class, run by a coach."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="classrooms")
    residential_group = models.ForeignKey(
        ResidentialGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="classrooms",
        help_text=_("Leave empty for an organisation of the whole ward."),
    )
    name = models.CharField(_("class name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=30, choices=Organisation.choices)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="classrooms"
    )
    meets_at = models.CharField(
        _("meeting place"),
        max_length=200,
        blank=True,
        help_text=_("Where the class meets, e.g. the residential group's cultural house."),
    )
    schedule = models.CharField(
        _("schedule"),
        max_length=200,
        blank=True,
        help_text=_("When it meets, e.g. Tuesday evenings, 19:00–20:30."),
    )
    invite_code = models.CharField(max_length=8, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ClassMember(models.Model):
    class Via(models.TextChoices):
        REGISTRY = "registry", _("Enrolled from the registry")
        INVITE = "invite", _("Joined with the invite code")

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="members")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="memberships")
    via = models.CharField(max_length=10, choices=Via.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "learner"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.classroom_id} · {self.learner_id}"


class Assignment(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "course__position"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "course"], name="one_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.classroom_id} · {self.course_id}"


class Fact(models.TextChoices):
    """What the national targets count about each adult (Quyết định 411/QĐ-TTg)."""

    SMARTPHONE = "smartphone", _("Has a smartphone of their own")
    PAYMENT_ACCOUNT = "payment_account", _("Has a payment account")
    DIGITAL_SIGNATURE = "digital_signature", _("Has a digital signature")


class ResidentFact(models.Model):
    """One fact about one resident, as a volunteer last recorded it (yes or no); the audit
    log keeps every change. The one place the campaign's figures read it from."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="facts")
    fact = models.CharField(max_length=20, choices=Fact.choices)
    value = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    scope_fields = ("resident__ward", "resident__residential_group")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "fact"], name="one_value_per_fact")
        ]
        indexes = [models.Index(fields=["fact", "value", "recorded_at"], name="fact_value_time")]

    def __str__(self) -> str:
        return f"{self.resident_id} · {self.fact}: {self.value}"


class SkillConfirmation(models.Model):
    """ "Đã xác nhận": a volunteer or coach saw the resident do the basic skills after the
    basic courses were passed. Separate from what the resident said of themselves (the
    self-check). Whether the result was entered on VNeID is recorded by hand: no API."""

    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="skill_confirmation"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField()
    vneid_recorded_on = models.DateField(_("recorded on VNeID on"), null=True, blank=True)
    vneid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope_fields = ("resident__ward", "resident__residential_group")

    class Meta:
        indexes = [models.Index(fields=["confirmed_at"], name="confirmation_time")]

    def __str__(self) -> str:
        return f"{self.resident_id} · {self.confirmed_at:%d/%m/%Y}"
