"""Read the curriculum folder (Markdown with front matter, see curriculum/README.md) and
bring the database in line with it, all or nothing."""

import datetime
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import frontmatter
import yaml
from django.db import transaction
from django.templatetags.static import static
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from hocvuso.learning.models import Choice, Competence, Course, Lesson, Question
from hocvuso.learning.signals import curriculum_loaded

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"
# The folder is served as static files under this prefix (settings.STATICFILES_DIRS).
STATIC_PREFIX = "curriculum"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NUMBERED = re.compile(r"^(\d+)-")
MAX_IMAGE_BYTES = 8 * 1024
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Paths under /learn/ that are pages of their own (see learning/urls.py), not courses.
RESERVED_SLUGS = {
    "offline",
    "account",
    "household",
    "join",
    "classes",
    "cards",
    "certificates",
    "coverage",
    "self-check",
    "skills",
}


class CurriculumError(Exception):
    """The folder has mistakes; nothing was loaded. `problems` says where and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LessonSource:
    slug: str
    title: str
    minutes: int
    video: str
    body_html: str
    body_text: str
    keywords: list[str]
    competences: dict[str, list[str]]
    # When the lesson's facts were last checked and against what (see README.md), so the
    # next review knows what to look at. Empty when the lesson has no `checked:` entry.
    checked: dict[str, Any] = field(default_factory=dict)


@dataclass
class QuestionSource:
    text: str
    kind: str
    image: str
    image_alt: str
    explanation: str
    choices: list[tuple[str, bool]]


@dataclass
class CourseSource:
    folder: str
    slug: str
    title: str
    summary: str
    intro_html: str
    sequential: bool
    pass_mark: int
    quiz_title: str = ""
    # One of the courses teaching the five basic digital skills (front matter `basic: true`).
    basic: bool = False
    lessons: list[LessonSource] = field(default_factory=list)
    questions: list[QuestionSource] = field(default_factory=list)


@dataclass
class LoadReport:
    courses: int
    lessons: int
    questions: int
    hidden: list[str]


class _Problems(list):
    """Every mistake found, each naming its file relative to the curriculum folder."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def add(self, path: Path, message: str) -> None:
        self.append(f"{path.relative_to(self.root)}: {message}")


def _svg_size(path: Path) -> tuple[int, int] | None:
    """The drawing's width and height from its viewBox, so the page reserves its space."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - our own repository's files
    except ET.ParseError:
        return None
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) != 4:
        return None
    return round(float(box[2])), round(float(box[3]))


class _Renderer:
    """Markdown to HTML for one course folder: raw HTML is escaped, images point at the
    static copy of the folder and carry their size, and every image must exist."""

    def __init__(self, folder: Path, problems: _Problems) -> None:
        self.folder = folder
        self.problems = problems
        self.md = MarkdownIt("commonmark", {"html": False, "typographer": False})
        # markdown-it calls a rule as a method of its renderer: wrap ours to keep `self`.
        self.md.add_render_rule("image", lambda _r, *args: self._image(*args))
        self.md.add_render_rule("link_open", lambda _r, *args: self._link_open(*args))
        self.source: Path = folder

    @property
    def html(self) -> RendererHTML:
        """MarkdownIt's own renderer, which its type names only by protocol."""
        return cast(RendererHTML, self.md.renderer)

    def image_url(self, src: str, source: Path) -> str:
        """Check `src` (relative to the course folder) and return its static URL."""
        path = (self.folder / src).resolve()
        if self.folder.resolve() not in path.parents or not path.is_file():
            self.problems.add(source, f"image {src} not found")
            return ""
        if path.suffix.lower() != ".svg":
            self.problems.add(source, f"image {src} is not an SVG")
        elif path.stat().st_size > MAX_IMAGE_BYTES:
            self.problems.add(source, f"image {src} is over {MAX_IMAGE_BYTES // 1024} KB")
        elif _svg_size(path) is None:
            self.problems.add(source, f"image {src} is not an SVG with a viewBox")
        relative = path.relative_to(self.problems.root.resolve()).as_posix()
        return static(f"{STATIC_PREFIX}/{relative}")

    def _image(self, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        alt = self.html.renderInlineAsText(token.children or [], options, env)
        if not alt.strip():
            self.problems.add(self.source, f"image {src} has no description (alt text)")
        url = self.image_url(src, self.source)
        size = _svg_size(self.folder / src) if url else None
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        return (
            f'<img src="{self.md.utils.escapeHtml(url)}" alt="{self.md.utils.escapeHtml(alt)}"'
            f'{dims} loading="lazy" decoding="async">'
        )

    def _link_open(self, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        if href.startswith(("http://", "https://")):
            tokens[idx].attrSet("rel", "noopener")
        return self.html.renderToken(tokens, idx, options, env)

    def render(self, text: str, source: Path) -> tuple[str, str]:
        """HTML and plain text of `text`."""
        self.source = source
        tokens = self.md.parse(text)
        html = self.md.renderer.render(tokens, self.md.options, {})
        words = [
            self.html.renderInlineAsText(t.children or [], self.md.options, {})
            for t in tokens
            if t.type == "inline"
        ]
        return html, "\n".join(w for w in words if w)


def _number(path: Path) -> int | None:
    match = NUMBERED.match(path.name)
    return int(match.group(1)) if match else None


def read_competences(root: Path) -> dict[str, dict[str, str]]:
    """Each framework's codes and names, from competences.yaml."""
    path = root / "competences.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: {str(code): label for code, label in framework["competences"].items()}
        for name, framework in data["frameworks"].items()
    }


def _read_course(folder: Path, frameworks: dict, problems: _Problems) -> CourseSource | None:
    course_file = folder / "course.md"
    if not course_file.is_file():
        problems.add(folder, "course.md is missing")
        return None
    renderer = _Renderer(folder, problems)
    post = _parse(course_file, problems)
    if post is None:
        return None
    meta = post.metadata
    slug = str(meta.get("slug", ""))
    if not SLUG.match(slug):
        problems.add(course_file, "slug must be lower case letters, digits and dashes")
    elif slug in RESERVED_SLUGS:
        problems.add(course_file, f"slug {slug} is taken by a page of its own")
    for key in ("title", "summary"):
        if not str(meta.get(key, "")).strip():
            problems.add(course_file, f"{key} is missing")
    pass_mark = meta.get("pass_mark", 70)
    if not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
        problems.add(course_file, "pass_mark must be a whole number from 1 to 100")
        pass_mark = 70
    basic = meta.get("basic", False)
    if not isinstance(basic, bool):
        problems.add(course_file, "basic must be true or false")
        basic = False
    intro_html, _ = renderer.render(post.content, course_file)
    course = CourseSource(
        folder=folder.name,
        slug=slug,
        title=str(meta.get("title", "")).strip(),
        summary=str(meta.get("summary", "")).strip(),
        intro_html=intro_html,
        sequential=bool(meta.get("sequential", True)),
        pass_mark=pass_mark,
        basic=basic,
    )
    lesson_files = sorted(
        (p for p in folder.glob("*.md") if _number(p) is not None), key=lambda p: _number(p) or 0
    )
    if not lesson_files:
        problems.add(folder, "a course needs at least one lesson (NN-slug.md)")
    for path in lesson_files:
        lesson = _read_lesson(path, renderer, frameworks, problems)
        if lesson:
            course.lessons.append(lesson)
    slugs = [lesson.slug for lesson in course.lessons]
    if len(slugs) != len(set(slugs)):
        problems.add(folder, "two lessons have the same slug")
    _read_quiz(folder / "quiz.md", course, renderer, problems)
    return course


def _parse(path: Path, problems: _Problems) -> frontmatter.Post | None:
    try:
        return frontmatter.loads(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.add(path, f"cannot be read: {error}")
        return None


def _read_lesson(
    path: Path, renderer: _Renderer, frameworks: dict, problems: _Problems
) -> LessonSource | None:
    post = _parse(path, problems)
    if post is None:
        return None
    meta = post.metadata
    slug = str(meta.get("slug", ""))
    if not SLUG.match(slug):
        problems.add(path, "slug must be lower case letters, digits and dashes")
    elif slug in ("quiz", "certificate"):
        problems.add(path, f"slug {slug} is taken by a page of its own")
    if not str(meta.get("title", "")).strip():
        problems.add(path, "title is missing")
    if not post.content.strip():
        problems.add(path, "the lesson has no text")
    minutes = meta.get("minutes", 5)
    if not isinstance(minutes, int) or not 1 <= minutes <= 120:
        problems.add(path, "minutes must be a whole number from 1 to 120")
        minutes = 5
    video = str(meta.get("video", "") or "")
    if video and not video.startswith("https://"):
        problems.add(path, "video must be an https:// address")
    tags = meta.get("competences") or {}
    competences: dict[str, list[str]] = {}
    for name, codes in frameworks.items():
        given = [str(c) for c in (tags.get(name) or [])] if isinstance(tags, dict) else []
        if not given:
            problems.add(path, f"needs at least one {name} competence")
        for code in given:
            if code not in codes:
                problems.add(path, f"{name} has no competence {code}")
        competences[name] = given
    keywords = meta.get("keywords") or []
    checked = _read_checked(meta.get("checked"), path, problems)
    body_html, body_text = renderer.render(post.content, path)
    return LessonSource(
        slug=slug,
        title=str(meta.get("title", "")).strip(),
        minutes=minutes,
        video=video,
        body_html=body_html,
        body_text=body_text,
        keywords=[str(k) for k in keywords] if isinstance(keywords, list) else [],
        competences=competences,
        checked=checked,
    )


def _read_checked(value: Any, path: Path, problems: _Problems) -> dict[str, Any]:
    """`checked: {date: YYYY-MM-DD, sources: [...]}`, with the date as an ISO string."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(path, "checked must have a date and a list of sources")
        return {}
    day = value.get("date")
    if isinstance(day, datetime.date):
        day = day.isoformat()
    if not isinstance(day, str) or not ISO_DATE.match(day):
        problems.add(path, "checked needs a date written YYYY-MM-DD")
    sources = value.get("sources")
    if (
        not isinstance(sources, list)
        or not sources
        or any(not isinstance(s, str) or not s.strip() for s in sources)
    ):
        problems.add(path, "checked needs at least one source (an address or a document number)")
        sources = []
    return {"date": day, "sources": [s.strip() for s in sources]}


def _read_quiz(path: Path, course: CourseSource, renderer: _Renderer, problems: _Problems) -> None:
    if not path.is_file():
        problems.add(path.parent, "quiz.md is missing: every course has a quiz")
        return
    post = _parse(path, problems)
    if post is None:
        return
    course.quiz_title = str(post.metadata.get("title", "")).strip()
    questions: Any = post.metadata.get("questions") or []  # whatever the YAML holds
    if not questions:
        problems.add(path, "the quiz has no questions")
    for number, item in enumerate(questions, start=1):
        where = f"question {number}"
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            problems.add(path, f"{where} has no text")
            continue
        kind = item.get("kind", "single")
        choices = [
            (str(c.get("text", "")).strip(), bool(c.get("correct", False)))
            for c in item.get("choices") or []
            if isinstance(c, dict)
        ]
        right = sum(1 for _, correct in choices if correct)
        if len(choices) < 2 or any(not text for text, _ in choices):
            problems.add(path, f"{where} needs at least two choices, each with text")
        if kind == "single" and right != 1:
            problems.add(path, f"{where} is single choice and needs exactly one right answer")
        elif kind == "multiple" and right < 1:
            problems.add(path, f"{where} needs at least one right answer")
        elif kind not in ("single", "multiple"):
            problems.add(path, f"{where}: kind must be single or multiple")
        image = str(item.get("image", "") or "")
        course.questions.append(
            QuestionSource(
                text=str(item["text"]).strip(),
                kind=kind,
                image=renderer.image_url(image, path) if image else "",
                image_alt=str(item.get("image_alt", "") or item["text"]).strip()[:200],
                explanation=str(item.get("explanation", "") or "").strip(),
                choices=choices,
            )
        )


def read_curriculum(root: Path = CURRICULUM_DIR) -> tuple[list[CourseSource], dict]:
    """Every course in the folder, checked; raises CurriculumError listing every mistake."""
    problems = _Problems(root)
    frameworks = read_competences(root)
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir() and _number(p) is not None),
        key=lambda p: _number(p) or 0,
    )
    courses = [c for c in (_read_course(f, frameworks, problems) for f in folders) if c]
    slugs = [c.slug for c in courses]
    if len(slugs) != len(set(slugs)):
        problems.append("two courses have the same slug")
    if problems:
        raise CurriculumError(list(problems))
    return courses, frameworks


@transaction.atomic
def load_curriculum(root: Path = CURRICULUM_DIR) -> LoadReport:
    """Bring the database in line with the folder. Lessons are matched by slug, so progress
    survives an edit; what left the folder is hidden, not deleted."""
    courses, frameworks = read_curriculum(root)
    competences = _load_competences(frameworks)
    seen_courses = []
    lesson_count = question_count = 0
    for position, source in enumerate(courses, start=1):
        course, _ = Course.objects.update_or_create(
            slug=source.slug,
            defaults={
                "title": source.title,
                "summary": source.summary,
                "intro_html": source.intro_html,
                "position": position,
                "sequential": source.sequential,
                "pass_mark": source.pass_mark,
                "quiz_title": source.quiz_title,
                "basic": source.basic,
                "is_published": True,
            },
        )
        seen_courses.append(course.pk)
        lesson_count += _load_lessons(course, source.lessons, competences)
        question_count += _load_questions(course, source.questions)
    hidden = list(
        Course.objects.filter(is_published=True)
        .exclude(pk__in=seen_courses)
        .values_list("slug", flat=True)
    )
    Course.objects.filter(slug__in=hidden).update(is_published=False)
    curriculum_loaded.send(sender=Course)
    return LoadReport(len(courses), lesson_count, question_count, hidden)


def _load_competences(frameworks: dict[str, dict[str, str]]) -> dict[tuple[str, str], int]:
    ids = {}
    for name, codes in frameworks.items():
        for code, label in codes.items():
            competence, _ = Competence.objects.update_or_create(
                framework=name, code=code, defaults={"name": label}
            )
            ids[(name, code)] = competence.pk
    return ids


def _load_lessons(course: Course, lessons: list[LessonSource], competences: dict) -> int:
    kept = []
    for position, source in enumerate(lessons, start=1):
        lesson, _ = Lesson.objects.update_or_create(
            course=course,
            slug=source.slug,
            defaults={
                "position": position,
                "title": source.title,
                "minutes": source.minutes,
                "video_url": source.video,
                "body_html": source.body_html,
                "body_text": source.body_text,
                "keywords": source.keywords,
                "is_published": True,
            },
        )
        lesson.competences.set(
            [
                competences[(name, code)]
                for name, codes in source.competences.items()
                for code in codes
            ]
        )
        kept.append(lesson.pk)
    course.lessons.exclude(pk__in=kept).update(is_published=False)
    return len(kept)


def _load_questions(course: Course, questions: list[QuestionSource]) -> int:
    # Attempts keep their score; only the summary rows are read by reports, so the quiz can
    # be replaced whole.
    course.questions.all().delete()
    for position, source in enumerate(questions, start=1):
        question = Question.objects.create(
            course=course,
            position=position,
            text=source.text,
            kind=source.kind,
            image=source.image,
            image_alt=source.image_alt,
            explanation=source.explanation,
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=i, text=text, is_correct=correct)
            for i, (text, correct) in enumerate(source.choices, start=1)
        )
    return len(questions)
