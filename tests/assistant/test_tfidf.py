import math

import pytest

from hocvuso.assistant import tfidf
from hocvuso.text.folding import fold


def test_it_cuts_words_into_padded_character_ngrams() -> None:
    assert tfidf.char_wb(2, 4)("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]


def test_it_counts_a_word_shorter_than_the_ngrams_once_whole() -> None:
    assert tfidf.char_wb(3, 5)("o ab") == [" o ", " ab", "ab ", " ab "]


def test_it_counts_words_and_word_pairs() -> None:
    assert tfidf.words(r"(?u)\b\w+\b", 1, 2)("mật khẩu mới") == [
        "mật",
        "khẩu",
        "mới",
        "mật khẩu",
        "khẩu mới",
    ]


def test_a_term_every_guide_shares_weighs_less_than_a_rare_one() -> None:
    vectorizer = tfidf.Vectorizer(tfidf.words(r"\w+", 1, 1), preprocessor=fold)
    guides = vectorizer.fit(["Mật khẩu", "mật mã"])
    # "mat" is in both guides (idf 1), "khau" in one (idf 1 + ln 3/2); each guide has length 1.
    rare = 1 + math.log(3 / 2)
    assert guides.cosines(vectorizer.transform("khẩu")) == pytest.approx(
        [rare / math.sqrt(1 + rare**2), 0.0]
    )
    assert guides.cosines(vectorizer.transform("mat khau")) == pytest.approx(
        [1.0, 1 / (1 + rare**2)]
    )


def test_a_question_in_words_no_guide_uses_matches_nothing() -> None:
    vectorizer = tfidf.Vectorizer(tfidf.char_wb(2, 4), preprocessor=fold)
    guides = vectorizer.fit(["cài VNeID"])
    assert guides.cosines(vectorizer.transform("xyz")) == [0.0]


def test_it_ranks_the_highest_scores_first() -> None:
    assert tfidf.top([0.1, 0.7, 0.3, 0.7], k=3) == [3, 1, 2]
