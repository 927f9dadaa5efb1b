"""Finding the guide that answers a resident's question, in Vietnamese as people type it:
with or without diacritics, NFC or NFD, with typos.

Every guide (a published lesson, or one of the ward's questions and answers) is folded
(lower case, diacritics and đ dropped; the shortenings residents type, "ko", "dc", "mk",
spelt out) and indexed three times with TF-IDF (`tfidf.py`):
its whole text by character n-grams within words, which survive typos and missing letters,
and by words and word pairs, which reward the right terms; and its title and the ways people
ask for it (the lesson's keywords) by longer character n-grams, which tell a question about
the guide from one that merely shares its words. A question's score against a guide is a
weighted sum of the three cosine similarities; below `ABSTAIN_BELOW` the assistant says it
does not know rather than guess. It says so too when the question is closest to one of the
topics in `offtopic.yaml`, which no guide covers: a question about why the electricity bill
went up shares words with the payment lessons but is not theirs to answer.

Cosines reward a question sharing many common syllables with a guide; a question that shares
only syllables, not one of the words they make (in folded Vietnamese, a word is mostly a pair
of syllables), is about something else: "chatgpt giải bài tập toán lớp 5 cho con" shares
"chatgpt" and "cho con" with the chatbot lesson, never "bài tập". So the best guide
must also hold `PAIRS_COVERED` of the question's word pairs, each weighed by its idf (a pair
no guide holds as the rarest): the coverage test.
"""

import datetime
import itertools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from hocvuso.assistant import tfidf, versions, ward_guides
from hocvuso.assistant.guides import Guide
from hocvuso.assistant.models import FaqEntry
from hocvuso.learning.models import Course, Lesson
from hocvuso.learning.signals import curriculum_loaded
from hocvuso.text.folding import fold
from hocvuso.web import stamps

# Chosen on bench/assistant_questions.yaml: the best trade-off between answering the
# questions the guides cover and saying "I don't know" to the others.
ABSTAIN_BELOW = 0.20
# An off-topic topic must beat the best guide by this much: a question about a lesson that
# happens to say "điện" or "tivi" stays the lesson's. Chosen on the same set.
OFFTOPIC_MARGIN = 0.05
# A ward's own guides are short, as the off-topic topics are, so a question sharing a few
# common words with one scores higher than with a long lesson; below this, they give way.
# Chosen on both question sets asked of a ward, and bench/assistant_wards.py's questions.
WARD_ANSWER_BELOW = 0.30
# The coverage test: the share of the question's word pairs, weighed by idf, the best guide
# must hold, unless it scores above PAIRS_TRUSTED_ABOVE. And an off-topic topic within
# OFFTOPIC_CLOSE of the best guide takes the question when it holds OFFTOPIC_PAIRS_MARGIN
# more of its pairs ("Zalo bị khóa, mở khóa" is the social networks' topic, not the Zalo
# lesson's). Chosen on bench/assistant_questions.yaml, with the questions no guide
# answers written for it on 2026-11-30; each held over a range of values there.
PAIRS_COVERED = 0.05
PAIRS_TRUSTED_ABOVE = 0.35
OFFTOPIC_CLOSE = 0.1
OFFTOPIC_PAIRS_MARGIN = 0.05
WEIGHTS = (0.35, 0.35, 0.30)  # whole text by characters, by words; title and ways of asking
MAX_QUESTION = 300
WORD = r"(?u)\b\w+\b"  # one-letter words too: "a", "o" matter in folded Vietnamese
_STEPS = re.compile(r"<ol>.*?</ol>", re.DOTALL)
# What residents shorten when they type, folded, as whole words: read as the words the
# guides spell out. Only shortenings with one reading ("bh" is bảo hiểm or bao giờ: left),
# and not "đt": spelt out, its "điện" draws questions to the electricity lessons.
SHORT = {
    "ko": "khong", "k": "khong", "kh": "khong", "khg": "khong", "hok": "khong",
    "dc": "duoc", "dk": "dang ky",
    "mk": "mat khau", "pass": "mat khau", "password": "mat khau",
    "tk": "tai khoan", "stk": "so tai khoan", "ck": "chuyen khoan",
    "ntn": "nhu the nao", "j": "gi", "z": "vay", "r": "roi", "bn": "bao nhieu",
    "ns": "noi", "vs": "voi", "ng": "nguoi", "cx": "cung", "mn": "moi nguoi",
    "tr": "trieu", "dvc": "dich vu cong", "fb": "facebook", "mxh": "mang xa hoi",
}  # fmt: skip
_SHORT = re.compile(r"\b(?:" + "|".join(SHORT) + r")\b")


def normal(text: str) -> str:
    """`text` folded, with the shortenings residents type spelt out."""
    return _SHORT.sub(lambda m: SHORT[m.group(0)], fold(text))


@dataclass(frozen=True)
class Match:
    guide: Guide
    score: float


def _pairs(text: str) -> set[str]:
    words = re.findall(WORD, normal(text))
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


class Index:
    """The guides every ward shares (the lessons and the off-topic list), fitted once."""

    def __init__(self, guides: list[Guide]) -> None:
        self.guides = guides
        self.views = (  # (vectorizer, postings, what of a guide it reads)
            self._view(tfidf.char_wb(2, 4), "text"),
            self._view(tfidf.words(WORD, 1, 2), "text"),
            self._view(tfidf.char_wb(3, 5), "anchor"),
        )
        self.pairs = {g.key: _pairs(g.text) for g in guides}  # for `covered`

    def covered(self, question: str, guide: Guide) -> float:
        """The share of the question's word pairs `guide` holds, each weighed by its idf."""
        vectorizer = self.views[1][0]
        idf, rare = vectorizer.idf, vectorizer.rare_idf
        asked = [(pair, idf.get(pair, rare)) for pair in _pairs(question)]
        total = sum(weight for _pair, weight in asked)
        held = self.pairs.get(guide.key) or _pairs(guide.text)
        return sum(weight for pair, weight in asked if pair in held) / total if total else 1.0

    def _view(self, analyzer: tfidf.Analyzer, field: str) -> tuple:
        vectorizer = tfidf.Vectorizer(analyzer, preprocessor=normal)
        return vectorizer, vectorizer.fit([getattr(g, field) for g in self.guides]), field

    def search(self, question: str, k: int = 3) -> list[Match]:
        if not self.guides or not fold(question):
            return []
        cosines = [postings.cosines(v.transform(question)) for v, postings, _ in self.views]
        return _best(self.guides, cosines, k)


class WardIndex:
    """A ward's own guides (its live data, its questions and answers) on top of the shared
    index, weighed with its idf (`tfidf.Vectorizer.vector`): adding them costs their own
    few terms, not a new fit."""

    def __init__(self, shared: Index, guides: list[Guide]) -> None:
        self.shared = shared
        self.guides = shared.guides + guides
        self.views = [
            (
                vectorizer,
                postings,
                tfidf.Vectors(
                    # Every ward's guide on a topic reads alike: weighed once.
                    [vectorizer.vector(getattr(g, f), keep=g.is_ward) for g in guides]
                ),
            )
            for vectorizer, postings, f in shared.views
        ]

    def covered(self, question: str, guide: Guide) -> float:
        """As `Index.covered`; a ward's few guides' pairs are made when asked."""
        return self.shared.covered(question, guide)

    def search(self, question: str, k: int = 3) -> list[Match]:
        if not self.guides or not fold(question):
            return []
        cosines = []
        for vectorizer, shared, own in self.views:
            weighed = vectorizer.transform(question, own.terms)
            cosines.append(shared.cosines(weighed) + own.cosines(weighed))
        return _best(self.guides, cosines, k)


def _best(guides: list[Guide], cosines: list[list[float]], k: int) -> list[Match]:
    chars, words, anchors = cosines
    scores = [
        WEIGHTS[0] * c + WEIGHTS[1] * w + WEIGHTS[2] * a
        for c, w, a in zip(chars, words, anchors, strict=True)
    ]
    return [Match(guides[i], scores[i]) for i in tfidf.top(scores, k)]


def _lesson_guides() -> list[Guide]:
    guides = []
    for lesson in Lesson.objects.filter(
        is_published=True, course__is_published=True
    ).select_related("course"):
        steps = _STEPS.search(lesson.body_html)
        keywords = " ".join(lesson.keywords)
        guides.append(
            Guide(
                key=f"{lesson.course.slug}/{lesson.slug}",
                title=lesson.title,
                url=reverse("learning:lesson", args=[lesson.course.slug, lesson.slug]),
                steps_html=steps.group(0) if steps else "",
                anchor=f"{lesson.title} {keywords} {lesson.course.title}",
                # The title and the ways people ask weigh more than the body's words.
                text=" ".join(
                    (
                        lesson.title,
                        lesson.title,
                        keywords,
                        keywords,
                        lesson.course.title,
                        lesson.body_text,
                    )
                ),
            )
        )
    return guides


def _faq_guides(ward_id: int) -> list[Guide]:
    return [
        Guide(
            key=f"faq:{entry.pk}",
            title=entry.question,
            url="",
            steps_html="",
            text=" ".join(
                (entry.question, entry.question, entry.keywords, entry.keywords, entry.answer)
            ),
            anchor=f"{entry.question} {entry.keywords}",
            answer=entry.answer,
        )
        for entry in FaqEntry.objects.filter(ward_id=ward_id, is_active=True)
    ]


OFFTOPIC = Path(__file__).with_name("offtopic.yaml")


@cache
def _offtopic_guides() -> tuple[Guide, ...]:
    topics = yaml.safe_load(OFFTOPIC.read_text(encoding="utf-8"))["topics"]
    return tuple(
        Guide(
            key=f"offtopic:{n}",
            title=topic["topic"],
            url="",
            steps_html="",
            text=" ".join([topic["topic"], *topic["asks"]]),
            anchor=" ".join([topic["topic"], *topic["asks"]]),
            answer=topic.get("where", ""),
        )
        for n, topic in enumerate(topics)
    )


@dataclass
class _Kept:
    index: WardIndex
    version: str
    expires_at: datetime.datetime


_lock = threading.Lock()
# One build at a time in a process: the threads that find an index out of date together (at
# start, after a guide changes) wait for the first one's build rather than each building it.
_building = threading.RLock()
_shared: tuple[str, Index] | None = None
_wards: OrderedDict[int, _Kept] = OrderedDict()  # the least recently asked first


def shared_index() -> Index:
    """The lessons and the off-topic list, built again only after a lesson or a course is
    written (`lessons_changed`): asking costs one read of the shared cache, no query."""
    global _shared
    version = stamps.read(versions.LESSONS)  # before reading the lessons it stands for
    kept = _shared
    if kept is None or kept[0] != version:
        with _building:
            kept = _shared
            if kept is None or kept[0] != version:
                kept = _shared = (version, Index(_lesson_guides() + list(_offtopic_guides())))
                with _lock:
                    _wards.clear()  # built on the old lessons
    return kept[1]


def lessons_changed(**_: object) -> None:
    stamps.bump(versions.LESSONS)


def connect_signals() -> None:
    """Saving or deleting a lesson or a course, and loading the curriculum, which hides what
    left the folder in bulk, build the lessons' index again in every process."""
    for model in (Lesson, Course):
        uid = f"assistant-lessons:{model._meta.label}"
        post_save.connect(lessons_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(lessons_changed, sender=model, dispatch_uid=f"{uid}:delete")
    curriculum_loaded.connect(lessons_changed, dispatch_uid="assistant-lessons:curriculum")


def ward_index(shared: Index, ward_id: int) -> tuple[WardIndex, datetime.datetime]:
    """A ward's index, and when time alone puts it out of date."""
    built = ward_guides.build(ward_id)
    return WardIndex(shared, built.guides + _faq_guides(ward_id)), built.expires_at


def index_for(ward_id: int | None) -> Index | WardIndex:
    """The index of every guide a ward's residents can be given. Each process keeps the
    `ASSISTANT_WARD_INDEXES` wards asked most recently, so residents of wards taking turns
    never rebuild it; a ward's is built again when its data changes, or time does (see
    `ward_guides`)."""
    shared = shared_index()
    if ward_id is None:
        return shared
    version = ward_guides.version(ward_id)
    kept = _kept_for(ward_id, shared, version)
    if kept is not None:
        return kept
    with _building:
        kept = _kept_for(ward_id, shared, version)  # built while this thread waited
        if kept is not None:
            return kept
        index, expires_at = ward_index(shared, ward_id)
        with _lock:
            _wards[ward_id] = _Kept(index, version, expires_at)
            _wards.move_to_end(ward_id)
            while len(_wards) > settings.ASSISTANT_WARD_INDEXES:
                _wards.popitem(last=False)
    return index


def _kept_for(ward_id: int, shared: Index, version: str) -> WardIndex | None:
    now = timezone.now()
    with _lock:
        kept = _wards.get(ward_id)
        if (
            kept is not None
            and kept.index.shared is shared
            and kept.version == version
            and now < kept.expires_at
        ):
            _wards.move_to_end(ward_id)
            return kept.index
    return None


@dataclass(frozen=True)
class Answer:
    question: str
    best: Match | None  # None: no guide answers well enough
    others: list[Match]
    offtopic: Guide | None = None  # the topic no guide covers that the question is about


def answer(question: str, ward_id: int | None = None) -> Answer:
    """The best guide for `question`, with two others worth a look; no best one when even
    the closest scores below the threshold, or when the question is about a topic no guide
    covers. A ward's own guide answers only above `WARD_ANSWER_BELOW`, and then outranks the
    off-topic list."""
    question = " ".join(question.split())[:MAX_QUESTION]
    index = index_for(ward_id)
    matches = index.search(question, k=10)
    guides = [m for m in matches if not m.guide.is_offtopic]
    answering = [m for m in guides if not m.guide.is_ward or m.score >= WARD_ANSWER_BELOW]
    worth_a_look = [m for m in answering if m.score >= ABSTAIN_BELOW / 2]
    best = answering[0] if answering else None
    top = matches[0] if matches else None
    if (
        top
        and top.guide.is_offtopic
        and not (best and best.guide.is_ward)
        and (not best or top.score - best.score >= OFFTOPIC_MARGIN)
    ):
        return Answer(question, None, worth_a_look[:2], offtopic=top.guide)
    covered = index.covered(question, best.guide) if best else 0.0
    offtopic = next((m for m in matches if m.guide.is_offtopic), None)
    if (
        best
        and offtopic
        and not best.guide.is_ward
        and offtopic.score >= best.score - OFFTOPIC_CLOSE
        and index.covered(question, offtopic.guide) - covered >= OFFTOPIC_PAIRS_MARGIN
    ):
        return Answer(question, None, worth_a_look[:2], offtopic=offtopic.guide)
    if (
        not best
        or best.score < ABSTAIN_BELOW
        or (best.score < PAIRS_TRUSTED_ABOVE and covered < PAIRS_COVERED)
    ):
        return Answer(question, None, worth_a_look[:2])
    return Answer(question, best, [m for m in worth_a_look if m is not best][:2])
