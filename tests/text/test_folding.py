import unicodedata

import pytest

from hocvuso.text.folding import clean, fold, fold_each


def test_it_drops_diacritics_and_case():
    assert fold("Nguyễn Văn An") == "nguyen van an"


def test_it_folds_d_with_stroke_to_d():
    assert fold("Đỗ Đức Đạt") == "do duc dat"


def test_nfc_and_nfd_fold_alike():
    name = "Phạm Thị Hường"
    assert fold(unicodedata.normalize("NFD", name)) == fold(unicodedata.normalize("NFC", name))


def test_it_collapses_white_space():
    assert fold("  Lê \t Thị\n  Mai ") == "le thi mai"


def test_clean_returns_nfc_with_single_spaces():
    decomposed = unicodedata.normalize("NFD", "  Hoàng   Văn Thụ ")
    assert clean(decomposed) == unicodedata.normalize("NFC", "Hoàng Văn Thụ")


def test_blank_input_folds_to_empty():
    assert fold(None) == "" and fold("") == "" and clean(None) == ""


def test_cleaning_drops_the_controls_that_make_text_read_backwards():
    assert clean("Nguy\u202eễn Văn An\u202c") == "Nguyễn Văn An"
    assert clean("\u2067Số 12\u2069, ngõ 168") == "Số 12, ngõ 168"


def test_fold_each_folds_every_text_as_fold_does_repeats_included():
    texts = ["Nguyễn Văn An", "NGUYỄN VĂN AN", "Nguyễn Văn An", "Đặng Thị Lan", "", "Nguyễn Văn An"]
    assert fold_each(texts) == [fold(text) for text in texts]
    assert fold_each(iter(texts))[-1] == "nguyen van an"


BIDI_CONTROLS = [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_clean_drops_every_bidirectional_control(control):
    assert clean(f"Lê{chr(control)} Thị Mai{chr(control)}") == "Lê Thị Mai"
