"""The words Vietnamese wards write above the columns of a resident list.

A header is matched on its folded key (`header_key`): no diacritics, lower case, punctuation
and anything in brackets dropped, so "Họ và tên", "HO VA TEN" and "Họ và\\ntên:" are all
"ho va ten". An exact phrase from the vocabulary wins; otherwise a few keyword rules decide.
Columns of ID numbers, passwords and health are recognised first, so that no rule can ever
map one of them to a field.
"""

import re
from dataclasses import dataclass

from hocvuso.text.folding import fold

FIELDS = (
    "household_key",
    "group",
    "address",
    "full_name",
    "birth",
    "gender",
    "relation",
    "phone",
    "household_phone",
    "has_smartphone",
    "has_internet",
)
REQUIRED = ("household_key", "full_name")
YES_NO_FIELDS = ("has_smartphone", "has_internet")

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")

# Exact folded phrases. Each field lists the wordings seen on ward lists; abbreviations
# (SĐT, ĐT, NS, GT, TDP, HGĐ, QH với CH, ĐTTM) fold to their bare letters.
# fmt: off
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "household_key": (
        "ma ho", "ma ho gia dinh", "ma so ho", "ma so ho gia dinh", "ma hgd", "ma ho gd",
        "ma ho dan", "so ho", "so ho gia dinh", "so hgd", "ho so", "hgd so", "stt ho",
        "so thu tu ho", "tt ho", "so ho khau", "id ho", "ma ho khau",
    ),
    "group": (
        "to dan pho", "to", "tdp", "to dp", "to so", "to dan pho so", "thuoc to",
        "thuoc to dan pho", "ten to", "ten to dan pho", "to dan cu", "to dan", "khu pho",
        "kp", "thon", "xom", "ap", "ban", "thon xom", "thon to", "to thon", "khu dan cu",
        "cum dan cu", "thon to dan pho", "to dan pho thon",
    ),
    "address": (
        "dia chi", "so nha", "dia chi thuong tru", "noi o hien tai", "noi o", "cho o",
        "cho o hien tai", "dia chi noi o", "dia chi cu tru", "noi cu tru", "noi thuong tru",
        "dia chi tam tru", "dia chi ho", "dia chi nha", "so nha duong pho", "so nha ngo ngach",
        "dia chi hien tai", "noi o hien nay", "dia chi hien nay",
    ),
    "full_name": (
        "ho va ten", "ho ten", "ho ten nhan khau", "ho va ten nhan khau", "ten", "ten nhan khau",
        "nhan khau", "ho ten thanh vien", "ho va ten thanh vien", "ten thanh vien",
        "ho va ten cong dan", "ho ten cong dan", "ho ten nguoi dan", "ho va ten nguoi dan",
        "ho ten day du", "ho va ten day du",
    ),
    "birth": (
        "nam sinh", "ngay sinh", "ngay thang nam sinh", "ngay thang nam", "ns", "sinh ngay",
        "sinh nam", "nam sinh ngay sinh", "ngay sinh nam sinh", "ngay sinh nam", "ngay nam sinh",
        "ngay thang sinh",
    ),
    "gender": ("gioi tinh", "gt", "nam nu", "gioi", "phai", "gioi tinh nam nu"),
    "relation": (
        "quan he voi chu ho", "quan he", "qh voi ch", "qh voi chu ho", "quan he voi ch",
        "quan he chu ho", "qh", "qhch", "qh ch", "moi quan he", "quan he gia dinh",
        "quan he voi chu ho gia dinh", "vai tro trong ho",
    ),
    "phone": (
        "so dien thoai", "dien thoai", "sdt", "dt", "so dt", "dien thoai di dong", "so di dong",
        "di dong", "sdt lien he", "dien thoai lien he", "so dien thoai lien he", "sdt ca nhan",
        "so dien thoai ca nhan", "dt di dong", "so dt di dong", "dtdd", "mobile", "phone",
        "so dien thoai di dong",
    ),
    "household_phone": (
        "sdt chu ho", "so dien thoai chu ho", "dien thoai chu ho", "dt chu ho", "so dt chu ho",
        "dien thoai ho", "sdt ho", "so dien thoai ho", "so dien thoai ho gia dinh",
        "dien thoai ho gia dinh", "sdt ho gia dinh", "sdt hgd", "dt ho", "dt hgd",
    ),
    "has_smartphone": (
        "co dien thoai thong minh", "smartphone", "dttm", "dien thoai thong minh", "co dttm",
        "co smartphone", "su dung dien thoai thong minh", "co su dung dien thoai thong minh",
        "dt thong minh", "co dt thong minh", "co smart phone", "smart phone",
    ),
    "has_internet": (
        "co internet", "internet", "co mang", "mang internet", "co ket noi internet",
        "ket noi internet", "wifi", "co wifi", "co mang internet", "su dung internet",
        "co su dung internet", "wi fi",
    ),
}
# fmt: on
VOCABULARY: dict[str, str] = {
    phrase: field_name for field_name, phrases in _VOCABULARY.items() for phrase in phrases
}
ORDINAL = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu", "no", "stt nk"})

# Columns never read: identity documents and secrets, and health (needs a consent per person).
# fmt: off
REFUSED_WORDS = (
    "cccd", "cmnd", "cmt", "cc", "can cuoc", "chung minh", "dinh danh", "ddcn", "ho chieu",
    "passport", "mat khau", "password", "otp", "ma pin", "tai khoan", "ngay cap", "noi cap",
    "khuyet tat", "tan tat", "benh", "suc khoe", "bhyt", "bao hiem y te", "the bhyt",
)
# fmt: on

RULE_MAX_WORDS = 8
# Keyword rules for the wordings the vocabulary misses, in order: (words, field, unless).
_RULES: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("thong minh", "smartphone", "smart phone", "dttm"), "has_smartphone", ()),
    (("internet", "wifi", "wi fi", "co mang"), "has_internet", ()),
    (("quan he", "qh"), "relation", ()),
    (("ma ho", "so ho", "ma hgd", "stt ho", "ho so"), "household_key", ()),
    (("ngay sinh", "nam sinh", "sinh nam", "sinh ngay"), "birth", ()),
    (("gioi tinh",), "gender", ()),
    (("dien thoai", "sdt", "dt", "di dong"), "household_phone", ("chu ho", "ho gia dinh", "hgd")),
    (("dien thoai", "sdt", "dt", "di dong", "dtdd"), "phone", ()),
    (("ho ten", "ho va ten"), "full_name", ("chu ho",)),
    (("dia chi", "noi o", "so nha", "cho o", "thuong tru", "cu tru"), "address", ()),
    (("to dan pho", "tdp", "to dp", "khu pho", "thon", "xom"), "group", ()),
)


def header_key(text: object) -> str:
    """The folded form a header (or a cell suspected of being one) is matched on."""
    folded = _BRACKETS.sub(" ", fold(str(text)))
    return _NOT_WORD.sub(" ", folded).strip()


def words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of `words` (folded, space-separated) as whole words of a key."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(r"(?:^| )(?:" + alternatives + r")(?= |$)")


_REFUSED = words_pattern(REFUSED_WORDS)
_RULE_PATTERNS = tuple(
    (words_pattern(words).search, field_name, words_pattern(unless).search if unless else None)
    for words, field_name, unless in _RULES
)


@dataclass(frozen=True, slots=True)
class Meaning:
    """What one header says: `kind` is "field", "refused", "ordinal", "unknown" or "blank"."""

    kind: str
    field: str = ""


BLANK = Meaning("blank")
UNKNOWN = Meaning("unknown")
REFUSED = Meaning("refused")
ORDINAL_COLUMN = Meaning("ordinal")


def meaning_of(text: str) -> Meaning:
    """Classify one header cell (already cleaned) on its own."""
    if not text:
        return BLANK
    full = _NOT_WORD.sub(" ", fold(text)).strip()
    key = header_key(text)
    # What sits in brackets counts for refusal: "Số (CCCD)" is still an ID column.
    if _REFUSED.search(full):
        return REFUSED
    for candidate in (full, key):
        if candidate in VOCABULARY:
            return Meaning("field", VOCABULARY[candidate])
        if candidate in ORDINAL:
            return ORDINAL_COLUMN
    if not key or key.count(" ") >= RULE_MAX_WORDS:  # a title or a sentence, not a header
        return UNKNOWN
    for has, field_name, unless in _RULE_PATTERNS:
        if has(key) and not (unless and unless(key)):
            return Meaning("field", field_name)
    return UNKNOWN


# Sub-headers under a merged header cell that name a value rather than a column.
MALE_WORDS = frozenset({"nam", "nam gioi"})
FEMALE_WORDS = frozenset({"nu", "nu gioi"})
YES_WORDS = frozenset({"co", "da co", "co su dung"})
NO_WORDS = frozenset({"khong", "chua", "chua co", "khong co", "khong su dung"})
# One-row forms: "Năm sinh (Nam)" | "Năm sinh (Nữ)", or just "Nam" | "Nữ" holding the year.
SINGLE_ROW_MALE = frozenset({"nam", "nam sinh nam", "nam sinh cua nam", "ns nam"})
SINGLE_ROW_FEMALE = frozenset({"nu", "nam sinh nu", "nam sinh cua nu", "ns nu"})


def choice_key(text: str) -> str:
    """The folded key of a sub-header that may name a value, brackets kept."""
    return _NOT_WORD.sub(" ", fold(text)).strip()
