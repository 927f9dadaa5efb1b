"""What the published curriculum teaches, measured against the national framework and
targets, for the coaches' coverage page: every competence of the basic framework
(Quyết định 757/QĐ-BKHCN) and of the learners' AI domain (Thông tư 02/2025/TT-BGDĐT,
domain 6), the lessons tagged with it course by course, and the competences no lesson
teaches yet; then the five basic skills the wards work on and the three targets of
Quyết định 411/QĐ-TTg, each with the courses that teach it."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hocvuso.learning.models import Competence, Course, Lesson

# The framework groups, by the first digit of a vn757 code; AI is the learners'
# framework's sixth domain (tt02 6.x), which the basic framework folds into its last group.
GROUPS: dict[str, Promise] = {
    "0": _("0. Using devices and their software"),
    "1": _("1. Finding, judging and managing information"),
    "2": _("2. Communicating, working together and taking part online"),
    "3": _("3. Making digital content"),
    "4": _("4. Safety, privacy, health and the environment"),
    "5": _("5. Solving problems"),
    "ai": _("Using artificial intelligence (Circular 02/2025, domain 6)"),
}

# The five basic digital skills wards work on, and the courses (by slug) teaching each. A
# slug not (or no longer) published is left out; a test checks each skill keeps a course.
BASIC_SKILLS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (
        _("Online public services"),
        (
            "vneid",
            "dich-vu-cong",
            "etax-mobile",
            "vssid",
            "so-suc-khoe-giay-to-vneid",
            "the-can-cuoc",
            "chu-ky-so",
        ),
    ),
    (_("Online shopping"), ("mua-sam-truc-tuyen",)),
    (_("Online payment"), ("thanh-toan-so", "tien-dien-nuoc")),
    (
        _("Staying safe online"),
        ("an-toan-tren-mang", "tim-kiem-thong-tin", "tri-tue-nhan-tao", "mua-sam-truc-tuyen"),
    ),
    (_("Local digital platforms"), ("ihanoi",)),
)

# What Quyết định 411/QĐ-TTg (2022) counts about every adult, and the courses that help.
TARGETS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (_("A smartphone for every adult"), ("dien-thoai-thong-minh",)),
    (_("A payment account"), ("thanh-toan-so",)),
    (_("A digital signature (over half of adults by 2025)"), ("chu-ky-so",)),
)


@dataclass
class Row:
    competence: Competence
    # One entry per course of the page, in its order: the lessons of that course teaching it.
    cells: list[list[Lesson]]

    @property
    def anchor(self) -> str:
        return f"c-{self.competence.framework}-{self.competence.code.replace('.', '-')}"

    @property
    def taught(self) -> list[tuple[Course, list[Lesson]]]:
        return [(lessons[0].course, lessons) for lessons in self.cells if lessons]

    @property
    def gap(self) -> bool:
        return not any(self.cells)


@dataclass
class Group:
    key: str
    label: Promise
    rows: list[Row] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return sum(row.gap for row in self.rows)


@dataclass
class Need:
    label: Promise
    courses: list[Course]


@dataclass
class Coverage:
    courses: list[Course]
    groups: list[Group]
    basic_skills: list[Need]
    targets: list[Need]

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def gaps(self) -> list[Row]:
        return [row for row in self.rows if row.gap]

    @property
    def taught(self) -> int:
        return sum(not row.gap for row in self.rows)


def _group_key(competence: Competence) -> str | None:
    if competence.framework == "vn757":
        return competence.code.split(".")[0]
    if competence.framework == "tt02" and competence.code.startswith("6."):
        return "ai"
    return None


def coverage() -> Coverage:
    """The published curriculum's coverage, read from what `load_curriculum` put in the
    database: four queries, whatever the number of courses and lessons."""
    courses = list(Course.objects.filter(is_published=True).order_by("position", "pk"))
    column = {course.pk: index for index, course in enumerate(courses)}
    teaching: dict[int, list[list[Lesson]]] = {}
    lessons = (
        Lesson.objects.filter(is_published=True, course__in=courses)
        .order_by("position", "pk")
        .prefetch_related("competences")
    )
    for lesson in lessons:
        lesson.course = courses[column[lesson.course_id]]  # already at hand: no query
        for competence in lesson.competences.all():
            cells = teaching.setdefault(competence.pk, [[] for _ in courses])
            cells[column[lesson.course_id]].append(lesson)
    groups = {key: Group(key, label) for key, label in GROUPS.items()}
    for competence in Competence.objects.filter(framework__in=("vn757", "tt02")):
        key = _group_key(competence)
        if key in groups:
            cells = teaching.get(competence.pk) or [[] for _ in courses]
            groups[key].rows.append(Row(competence, cells))
    for group in groups.values():
        group.rows.sort(key=lambda row: [int(part) for part in row.competence.code.split(".")])
    by_slug = {course.slug: course for course in courses}

    def needs(table: tuple[tuple[Promise, tuple[str, ...]], ...]) -> list[Need]:
        return [
            Need(label, [by_slug[slug] for slug in slugs if slug in by_slug])
            for label, slugs in table
        ]

    return Coverage(
        courses=courses,
        groups=[group for group in groups.values() if group.rows],
        basic_skills=needs(BASIC_SKILLS),
        targets=needs(TARGETS),
    )
