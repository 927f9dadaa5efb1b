"""TF-IDF in plain Python, for the assistant's few hundred guides.

The same weights as scikit-learn's `TfidfVectorizer(sublinear_tf=True)` with its defaults
(smooth idf, l2 norm) and the same `char_wb` and word n-grams, without the 110 MB that
scikit-learn, SciPy and NumPy add to every web process that answers a question. A guide's
vector is a dict of its terms; the index keeps, per term, the guides that hold it, so a
question is scored against every guide at the cost of its own terms.
"""

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable

Analyzer = Callable[[str], list[str]]
ADDED_KEPT = 256  # vectors of added guides kept, by text


def char_wb(low: int, high: int) -> Analyzer:
    """Character n-grams of `low` to `high` letters within words, each word padded with a
    space on both sides; a word shorter than `low` padded counts once, whole."""

    def analyze(text: str) -> list[str]:
        grams = []
        for word in text.split():
            padded = f" {word} "
            for n in range(low, high + 1):
                if len(padded) <= n:
                    grams.append(padded)
                    break
                grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
        return grams

    return analyze


def words(pattern: str, low: int, high: int) -> Analyzer:
    """Runs of `low` to `high` consecutive words, words being what `pattern` finds."""
    find = re.compile(pattern).findall

    def analyze(text: str) -> list[str]:
        tokens = find(text)
        return [
            " ".join(tokens[i : i + n])
            for n in range(low, high + 1)
            for i in range(len(tokens) - n + 1)
        ]

    return analyze


class Vectorizer:
    """Fitted on the guides once; then weighs a question the same way."""

    def __init__(self, analyzer: Analyzer, preprocessor: Callable[[str], str]) -> None:
        self.analyze = lambda text: analyzer(preprocessor(text))
        self.idf: dict[str, float] = {}
        self._added: dict[str, dict[str, float]] = {}
        self._rare_idf = 0.0

    def fit(self, texts: list[str]) -> "Postings":
        counts = [Counter(self.analyze(text)) for text in texts]
        df: Counter[str] = Counter()
        for terms in counts:
            df.update(terms.keys())
        n = len(texts)
        self.idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
        self._added = {}
        self._rare_idf = math.log((2 + n) / 2) + 1
        postings: dict[str, tuple[array, array]] = defaultdict(lambda: (array("I"), array("d")))
        for doc, terms in enumerate(counts):
            for term, weight in self._weigh(terms).items():
                docs, weights = postings[term]
                docs.append(doc)
                weights.append(weight)
        return Postings(n, dict(postings))

    @property
    def rare_idf(self) -> float:
        """The idf of a term the fitted guides never use: as if one more guide held it."""
        return self._rare_idf

    def vector(self, text: str, *, keep: bool = False) -> dict[str, float]:
        """The vector of a guide added after fitting, its terms the fitted guides never use
        weighing as the rarest (held by one guide): the fitted guides keep their weights, so
        a ward's few guides cost their own terms, not a new fit. With `keep`, kept by text
        for the next ward whose guide reads alike."""
        vector = self._added.get(text)
        if vector is None:
            vector = self._weigh(Counter(self.analyze(text)), self._rare_idf)
            if keep:
                if len(self._added) >= ADDED_KEPT:
                    self._added.clear()
                self._added[text] = vector
        return vector

    def transform(self, text: str, added: Container[str] = ()) -> dict[str, float]:
        """A question's vector; with `added`, the terms only added guides use count too."""
        return self._weigh(Counter(self.analyze(text)), self._rare_idf, added)

    def _weigh(
        self, counts: Counter[str], rare_idf: float = 0.0, rare: Container[str] | None = None
    ) -> dict[str, float]:
        """1 + log(count), times the term's idf, the whole scaled to length 1. A term the
        fitted guides never use weighs `rare_idf` if `rare` holds it (any, without `rare`),
        else is dropped."""
        idf = self.idf
        weights = {}
        for term, count in counts.items():
            weight = idf.get(term)
            if weight is None and rare_idf and (rare is None or term in rare):
                weight = rare_idf
            if weight is not None:
                weights[term] = (1 + math.log(count)) * weight
        norm = math.sqrt(math.fsum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items()} if norm else {}


class Vectors:
    """A few guides' vectors, as dicts: quicker to make than postings, as quick to score."""

    def __init__(self, vectors: list[dict[str, float]]) -> None:
        self.vectors = vectors
        self.terms = set().union(*vectors)

    def cosines(self, query: dict[str, float]) -> list[float]:
        # Over the terms both hold: the rest add nothing to an exact sum.
        return [
            math.fsum(query[term] * vector[term] for term in query.keys() & vector.keys())
            for vector in self.vectors
        ]


class Postings:
    """For each term, the guides holding it and its weight in each, in two arrays: 12 bytes
    a pair where a tuple of two numbers costs 80."""

    def __init__(self, size: int, by_term: dict[str, tuple[array, array]]) -> None:
        self.size = size
        self.by_term = by_term

    def cosines(self, query: dict[str, float]) -> list[float]:
        """The cosine similarity of `query` (a weighed vector) with every guide."""
        scores = [0.0] * self.size
        for term, weight in query.items():
            docs, weights = self.by_term.get(term, ((), ()))
            for doc, doc_weight in zip(docs, weights, strict=True):
                scores[doc] += weight * doc_weight
        return scores


def top(scores: Iterable[float], k: int) -> list[int]:
    """The positions of the `k` highest scores, the highest first."""
    ranked = sorted(enumerate(scores), key=lambda item: (item[1], item[0]), reverse=True)
    return [position for position, _score in ranked[:k]]
