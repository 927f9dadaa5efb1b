import unicodedata

from hocvuso.text.folding import clean, fold


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
