"""Finding the guide that answers a resident's question, in Vietnamese as people type it:
with or without diacritics, NFC or NFD, with typos.

Every guide (a published lesson, or one of the ward's questions and answers) is folded
(lower case, diacritics and đ dropped) and indexed three times with TF-IDF (`tfidf.py`):
its whole text by character n-grams within words, which survive typos and missing letters,
and by words and word pairs, which reward the right terms; and its title and the ways people
ask for it (the lesson's keywords) by longer character n-grams, which tell a question about
the guide from one that merely shares its words. A question's score against a guide is a
weighted sum of the three cosine similarities; below `ABSTAIN_BELOW` the assistant says it
does not know rather than guess. It says so too when the question is closest to one of the
topics in `offtopic.yaml`, which no guide covers: a question about why the electricity bill
went up shares words with the payment lessons but is not theirs to answer.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Count, Max, Sum
from django.db.models.functions import Length
from django.urls import reverse

from hocvuso.assistant import tfidf
from hocvuso.assistant.models import FaqEntry
from hocvuso.learning.models import Lesson
from hocvuso.text.folding import fold

# Chosen on bench/assistant_questions.yaml: the best trade-off between answering the
# questions the guides cover and saying "I don't know" to the others.
ABSTAIN_BELOW = 0.20
# An off-topic topic must beat the best guide by this much: a question about a lesson that
# happens to say "điện" or "tivi" stays the lesson's. Chosen on the same set.
OFFTOPIC_MARGIN = 0.05
WEIGHTS = (0.35, 0.35, 0.30)  # whole text by characters, by words; title and ways of asking
MAX_QUESTION = 300
WORD = r"(?u)\b\w+\b"  # one-letter words too: "a", "o" matter in folded Vietnamese
_STEPS = re.compile(r"<ol>.*?</ol>", re.DOTALL)


@dataclass(frozen=True)
class Guide:
    key: str  # "course/lesson" or "faq:<id>"
    title: str
    url: str
    steps_html: str  # the lesson's numbered steps
    text: str  # what is indexed
    anchor: str  # its title and the ways people ask for it
    answer: str = ""  # a question-and-answer entry's answer

    @property
    def is_faq(self) -> bool:
        return self.key.startswith("faq:")

    @property
    def is_offtopic(self) -> bool:
        """A topic no guide covers; `answer` says where to ask instead."""
        return self.key.startswith("offtopic:")


@dataclass(frozen=True)
class Match:
    guide: Guide
    score: float


class Index:
    def __init__(self, guides: list[Guide]) -> None:
        self.guides = guides
        self.chars = tfidf.Vectorizer(tfidf.char_wb(2, 4), preprocessor=fold)
        self.words = tfidf.Vectorizer(tfidf.words(WORD, 1, 2), preprocessor=fold)
        self.anchors = tfidf.Vectorizer(tfidf.char_wb(3, 5), preprocessor=fold)
        texts = [g.text for g in guides]
        self.char_matrix = self.chars.fit(texts)
        self.word_matrix = self.words.fit(texts)
        self.anchor_matrix = self.anchors.fit([g.anchor for g in guides])

    def search(self, question: str, k: int = 3) -> list[Match]:
        if not self.guides or not fold(question):
            return []
        chars = self.char_matrix.cosines(self.chars.transform(question))
        words = self.word_matrix.cosines(self.words.transform(question))
        anchors = self.anchor_matrix.cosines(self.anchors.transform(question))
        scores = [
            WEIGHTS[0] * c + WEIGHTS[1] * w + WEIGHTS[2] * a
            for c, w, a in zip(chars, words, anchors, strict=True)
        ]
        return [Match(self.guides[i], scores[i]) for i in tfidf.top(scores, k)]


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


def _faq_guides(ward_id: int | None) -> list[Guide]:
    if ward_id is None:
        return []
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


_INDEXES: dict[str, Index] = {}


def index_for(ward_id: int | None) -> Index:
    """The index of every guide a ward's residents can be given, built once per content
    version and kept in this process."""
    # An edited lesson changes the length of the text; a new one the count.
    lessons = Lesson.objects.filter(is_published=True).aggregate(
        n=Count("pk"), size=Sum(Length("body_text"))
    )
    faq = FaqEntry.objects.filter(ward_id=ward_id).aggregate(n=Count("pk"), last=Max("updated_at"))
    key = f"{ward_id}:{lessons['n']}:{lessons['size']}:{faq['n']}:{faq['last']}"
    index = _INDEXES.get(key)
    if index is None:
        index = Index(_lesson_guides() + _faq_guides(ward_id) + list(_offtopic_guides()))
        _INDEXES.clear()  # one version at a time: the old ones will not be asked again
        _INDEXES[key] = index
    return index


@dataclass(frozen=True)
class Answer:
    question: str
    best: Match | None  # None: no guide answers well enough
    others: list[Match]
    offtopic: Guide | None = None  # the topic no guide covers that the question is about


def answer(question: str, ward_id: int | None = None) -> Answer:
    """The best guide for `question`, with two others worth a look; no best one when even
    the closest scores below the threshold, or when the question is about a topic no guide
    covers."""
    question = " ".join(question.split())[:MAX_QUESTION]
    matches = index_for(ward_id).search(question, k=6)
    guides = [m for m in matches if not m.guide.is_offtopic]
    worth_a_look = [m for m in guides if m.score >= ABSTAIN_BELOW / 2]
    top = matches[0] if matches else None
    if (
        top
        and top.guide.is_offtopic
        and (not guides or top.score - guides[0].score >= OFFTOPIC_MARGIN)
    ):
        return Answer(question, None, worth_a_look[:2], offtopic=top.guide)
    if not guides or guides[0].score < ABSTAIN_BELOW:
        return Answer(question, None, worth_a_look[:2])
    return Answer(question, guides[0], worth_a_look[1:3])
