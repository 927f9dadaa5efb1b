"""Synthetic but realistic residents: the demo ward and city-scale benchmarks.

`generate_rows` yields the same `ResidentRow`s an imported list would, for a ward of an
urban Hanoi district (Phường Tương Mai, Hoàng Mai): households of one to seven people
(young couples with children, three generations under one roof, elderly couples, old
people living alone, single adults), Vietnamese names drawn with their real frequencies,
ages shaped like the city's population, addresses in the streets and alleys of the area
and mobile numbers with the carriers' prefixes.

Nothing here touches the database, the global `random` or the clock: the same arguments
give the same rows, one at a time, so a million of them take a few seconds and no memory
beyond the set that keeps phone numbers unique.
"""

import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence

from hocvuso.people.importing.rows import ResidentRow

MALE = "male"
FEMALE = "female"
HEAD = "Chủ hộ"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Pick:
    """A weighted choice in constant time: each item repeated as often as its weight.

    Weights are small integers (per mille, per ten thousand), so the table stays small and
    a draw is one `random()` and one index, far cheaper than `random.choices`.
    """

    __slots__ = ("items", "size")

    def __init__(self, weighted: Sequence[tuple[str, int]]) -> None:
        self.items = [_nfc(item) for item, weight in weighted for _ in range(weight)]
        self.size = len(self.items)

    def __call__(self, rand: Callable[[], float]) -> str:
        return self.items[int(rand() * self.size)]


def _even(names: str, weight: int = 1) -> list[tuple[str, int]]:
    return [(name, weight) for name in names.split()]


def _weighted(spec: str) -> list[tuple[str, int]]:
    """`"Nguyễn:3840 Trần:1100"` -> `[("Nguyễn", 3840), ("Trần", 1100)]`; `_` is a space."""
    pairs = []
    for part in spec.split():
        name, _sep, weight = part.partition(":")
        pairs.append((name.replace("_", " "), int(weight or 1)))
    return pairs


# Family names, per ten thousand people, after the published Vietnamese frequencies and
# leaning north: in Hanoi Hoàng and Vũ far outnumber the southern Huỳnh and Võ.
_FAMILY = _Pick(
    _weighted(
        "Nguyễn:3800 Trần:1100 Lê:950 Phạm:700 Hoàng:450 Huỳnh:30 Phan:420 Vũ:350 Võ:40"
        " Đặng:210 Bùi:200 Đỗ:170 Hồ:110 Ngô:130 Dương:100 Lý:50 Đào:120 Đinh:120"
        " Trịnh:100 Lương:70 Mai:60 Cao:60 Tạ:60 Hà:80 Chu:50 Kiều:40 Đoàn:80 Lưu:50"
        " Tô:40 Phùng:40 Lại:40 Nghiêm:30 Khuất:30 Quách:30 Vương:30 Triệu:30 Thái:30"
        " Doãn:20 Nông:20 Tăng:20 Hứa:15 Lò:10 Khổng:10 Âu:10 Giang:15 Đàm:30 Tống:20"
    )
)

# Middle names by gender and generation: "Thị" and "Văn" for the old, fewer of them and
# more "Gia", "Bảo", "Khánh", "Ngọc" for those born this century. Compound middles
# ("Thị Thu") are part of the name as people write it.
_MIDDLE = {
    (MALE, 0): _Pick(
        _weighted(
            "Văn:45 Đức:9 Hữu:7 Quang:6 Minh:5 Xuân:4 Ngọc:4 Công:4 Đình:5 Mạnh:3 Tiến:2"
            " Thanh:3 Huy:1 Trọng:2"
        )
    ),
    (FEMALE, 0): _Pick(
        _weighted(
            "Thị:70 Thị_Thu:4 Thị_Thanh:4 Thị_Minh:2 Thu:4 Thanh:4 Ngọc:4 Kim:3 Hồng:3 Bích:2"
        )
    ),
    (MALE, 1): _Pick(
        _weighted(
            "Văn:25 Đức:10 Minh:9 Quang:7 Hoàng:5 Tuấn:4 Anh:4 Thành:4 Trung:4 Hữu:5 Mạnh:4"
            " Việt:4 Ngọc:3 Xuân:3 Đình:3 Tiến:3 Duy:3"
        )
    ),
    (FEMALE, 1): _Pick(
        _weighted(
            "Thị:40 Thu:8 Thanh:8 Minh:5 Ngọc:7 Phương:5 Hồng:5 Lan:3 Thùy:5 Kim:3 Thị_Thu:4"
            " Hải:3 Mai:2 Diệu:2"
        )
    ),
    (MALE, 2): _Pick(
        _weighted(
            "Gia:10 Bảo:9 Minh:12 Đức:10 Quang:7 Khánh:6 Anh:5 Hoàng:6 Tuấn:4 Văn:5 Nhật:5"
            " Đăng:5 Hải:4 Trung:3 Thành:4 Duy:4 Việt:4 Tiến:2"
        )
    ),
    (FEMALE, 2): _Pick(
        _weighted(
            "Ngọc:12 Bảo:8 Khánh:8 Minh:8 Thu:6 Phương:7 Gia:6 Hà:4 Thảo:4 Thị:8 Hải:4"
            " Diệu:4 Tuệ:3 An:3 Thùy:4 Ngọc_Bảo:2 Mai:3 Quỳnh:3"
        )
    ),
}

# Given names by gender, common ones weighted up; the older and the younger generations
# share most of them but not their fashion, so each has its own table.
_GIVEN = {
    (MALE, 0): _Pick(
        _weighted(
            "Hùng:6 Dũng:6 Cường:5 Sơn:5 Hải:5 Thắng:5 Bình:5 Long:4 Minh:5 Tuấn:4 Trung:4"
            " Quang:3 Thành:4 Hòa:4 Lâm:2 Lợi:3 Phúc:3 Tiến:3 Toàn:3 Việt:3 Chiến:3 Hưng:4"
            " Hiếu:2 Nam:4 Thịnh:2 Tú:2 Vinh:3 Đức:4 Khải:2 Thanh:3 An:3 Hà:2 Tâm:2 Tùng:2"
            " Quý:2 Thuận:2 Huấn:1 Lộc:2 Phong:2 Kiên:2 Khoa:1 Quân:2 Đạt:2 Hậu:1 Thái:2"
        )
    ),
    (FEMALE, 0): _Pick(
        _weighted(
            "Hoa:6 Lan:6 Hương:6 Hường:4 Nga:5 Thủy:6 Hằng:5 Hạnh:5 Tâm:3 Liên:4 Loan:4"
            " Mai:5 Nhung:4 Yến:4 Vân:5 Bình:3 Hà:5 Hiền:4 Huệ:3 Cúc:2 Đào:2 Xuân:3 Thu:4"
            " Oanh:3 Tuyết:3 Phượng:3 Thoa:2 Dung:4 Hồng:4 Lý:2 Ngọc:3 Minh:2 Quyên:2"
            " Thảo:2 Giang:2 Huyền:3 Phương:3 Trang:2 Tình:2 Sen:1 Lệ:2 Thắm:2"
        )
    ),
    (MALE, 1): _Pick(
        _weighted(
            "Anh:6 Minh:6 Tuấn:6 Hùng:4 Dũng:4 Cường:3 Đức:5 Hải:4 Long:4 Nam:5 Quang:3"
            " Sơn:3 Thắng:3 Trung:4 Việt:4 Hiếu:4 Huy:5 Khoa:3 Phong:3 Quân:3 Tùng:4 Thành:3"
            " Hoàng:3 Linh:2 Kiên:3 Đạt:3 Duy:3 Hưng:3 Toàn:2 Tiến:2 Bình:2 Giang:2 An:3"
            " Khánh:3 Lâm:2 Phúc:2 Tâm:2 Vinh:2 Thịnh:2 Hoan:1"
        )
    ),
    (FEMALE, 1): _Pick(
        _weighted(
            "Linh:6 Trang:7 Hương:4 Huyền:5 Thảo:5 Hà:5 Ngọc:4 Phương:5 Anh:5 Giang:4"
            " Hằng:4 Hạnh:3 Mai:4 Nga:3 Nhung:3 Thủy:4 Vân:3 Yến:3 Lan:3 Hoa:3 Hường:2"
            " Dung:3 Hiền:3 Loan:2 Quỳnh:3 Thúy:3 Tâm:2 Ly:2 Chi:2 Duyên:2 Nhàn:2 Oanh:2"
            " Thu:2 Trâm:1 Liên:2 Diệp:1 Hậu:1 Nhi:1"
        )
    ),
    (MALE, 2): _Pick(
        _weighted(
            "Minh:7 Nam:5 Khoa:5 Phong:3 Quân:5 Đức:4 Long:4 Hiếu:3 An:5 Anh:6 Huy:5"
            " Khánh:3 Tùng:3 Duy:3 Kiên:3 Đạt:4 Bảo:4 Hoàng:3 Lâm:4 Phúc:4 Khôi:4 Nguyên:3"
            " Vũ:2 Việt:3 Trí:2 Tâm:2 Sơn:3 Hải:3 Dũng:2 Trung:2 Thắng:1 Cường:1 Hưng:3"
            " Thịnh:2 Tuấn:3 Quang:2 Đăng:2 Nhật:1 Thiện:2 Bách:2"
        )
    ),
    (FEMALE, 2): _Pick(
        _weighted(
            "Linh:7 Trang:4 Anh:8 Ngọc:4 Thảo:4 Phương:3 Huyền:3 Giang:3 Hà:4 Vy:4 Chi:5"
            " Mai:4 Nhi:4 An:5 My:3 Ly:3 Ngân:3 Quỳnh:3 Thư:4 Hân:4 Châu:2 Diệp:2 Khuê:2"
            " Tú:1 Yến:2 Hằng:1 Thủy:1 Vân:2 Nhung:1 Hương:2 Lan:2 Trâm:3 Uyên:3 Đan:2"
            " Hoa:1 Minh:2 Tâm:2 Nga:1 Hạnh:1 Như:2"
        )
    ),
}


def _generation(birth_year: int) -> int:
    """0 born before 1970, 1 before 1995, 2 after: names follow fashion."""
    if birth_year < 1970:
        return 0
    if birth_year < 1995:
        return 1
    return 2


# Streets of Tương Mai and the neighbouring wards of Hoàng Mai, with how many of the
# demo households each carries.
_STREETS = _weighted(
    "Trương_Định:8 Tương_Mai:8 Giáp_Bát:5 Kim_Đồng:5 Tân_Mai:6 Nguyễn_An_Ninh:5"
    " Hoàng_Văn_Thụ:4 Đền_Lừ:3 Lương_Khánh_Thiện:4 Nguyễn_Đức_Cảnh:4 Hoàng_Mai:3"
    " Đại_Từ:2 Vũ_Tông_Phan:1 Nguyễn_Chính:2"
)
_STREET_TABLE = _Pick(_STREETS)
_TAN_MAI = _nfc("Tân Mai")
_BLOCKS = [f"{letter}{n}" for letter in "ABCDE" for n in range(1, 8)]  # tập thể Tân Mai

# Mobile prefixes after the 2018 renumbering, weighted by the carriers' market shares:
# Viettel, Vinaphone, Mobifone. Kept as the number without its leading zero, times 10^7,
# so a phone is a prefix plus seven random digits and the uniqueness set holds integers.
_PREFIXES = [
    int(prefix) * 10_000_000
    for prefix, weight in _weighted(
        "086:6 096:8 097:8 098:8 032:4 033:4 034:4 035:3 036:3 037:3 038:3 039:3"
        " 088:4 091:7 094:6 081:2 082:2 083:2 084:2 085:2"
        " 089:3 090:7 093:5 070:2 076:1 077:2 078:1 079:2"
    )
    for _ in range(weight)
]

# Whether a resident of this age carries a phone of their own, by five-year band.
# Hanoi: nearly every adult below seventy, half of those in their late seventies,
# teenagers from fourteen, no younger children.
_PHONE_BY_AGE = [0.0, 0.0, 0.25, 0.75] + [0.96] * 8 + [0.92, 0.85, 0.72, 0.55, 0.38, 0.22]


_OLDEST = 110  # no shape makes anyone older; ages index the per-age tables


def _phone_share(age: int) -> float:
    if age < 14:
        return 0.0
    return _PHONE_BY_AGE[min(age // 5, len(_PHONE_BY_AGE) - 1)]


# Household shapes and their weight among the ward's households. Weighted so that a
# household has three people on average, about 23% of the residents are under 15,
# about 13% are 60 or older and about 9% of households are an old person alone.
_SHAPES = [
    ("nuclear", 45),
    ("young_couple", 6),
    ("single", 9),
    ("elder_alone", 9),
    ("elder_couple", 6),
    ("three_up", 7),
    ("three_down", 9),
    ("single_parent", 6),
    ("siblings", 4),
]
_SHAPE_TABLE = _Pick(_SHAPES)

# A member while the household is being put together: [relation, gender, age, family name].
_Member = list


def _between(rand: Callable[[], float], low: int, high: int) -> int:
    """An integer in [low, high], evenly."""
    return low + int(rand() * (high - low + 1))


def _younger(rand: Callable[[], float], low: int, high: int) -> int:
    """An integer in [low, high], ever less likely towards `high`: the old, as they age."""
    return low + int(min(rand(), rand()) * (high - low + 1))


def _around(rand: Callable[[], float], low: int, high: int) -> int:
    """An integer in [low, high], most likely in the middle (sum of two draws)."""
    return low + int((rand() + rand()) * 0.5 * (high - low + 1))


class _Household:
    """Builds the members of one household; the head comes first."""

    def __init__(self, rng: random.Random) -> None:
        self.rand = rng.random
        self.head_family = ""  # when set, the next household's head bears this family name

    def family(self) -> str:
        # Every shape draws the head's family name first, so a forced one lands on the head.
        if self.head_family:
            family, self.head_family = self.head_family, ""
            return family
        return _FAMILY(self.rand)

    def gender(self, male_share: float = 0.49) -> str:
        return MALE if self.rand() < male_share else FEMALE

    def couple(self, head_age: int, *, male_head: float = 0.8) -> list[_Member]:
        """A head and spouse of about the same age; the husband is usually the head."""
        rand = self.rand
        gap = _between(rand, -1, 6)  # husbands are a few years older, now and then younger
        if rand() < male_head:
            wife = max(18, head_age - gap)
            return [[HEAD, MALE, head_age, self.family()], ["Vợ", FEMALE, wife, self.family()]]
        husband = head_age + gap
        return [[HEAD, FEMALE, head_age, self.family()], ["Chồng", MALE, husband, self.family()]]

    @staticmethod
    def father_family(pair: list[_Member]) -> str:
        return pair[0][3] if pair[0][1] == MALE else pair[1][3]

    @staticmethod
    def mother_age(pair: list[_Member]) -> int:
        return pair[0][2] if pair[0][1] == FEMALE else pair[1][2]

    def children(
        self, mother_age: int, family: str, relation: str, most: int, *, adults: bool = True
    ) -> list[_Member]:
        """Up to `most` children born when the mother was 21 to 33, two to six years apart."""
        rand = self.rand
        draw = rand()
        count = 1 if draw < 0.34 else 2 if draw < 0.85 else 3  # two is the norm in Hanoi
        age = mother_age - _around(rand, 21, 33)
        kids = []
        for _ in range(min(count, most)):
            if age < 0:
                break
            if adults or age < 26:
                kids.append([relation, self.gender(0.51), age, family])
            age -= _between(rand, 2, 6)
        return kids

    def nuclear(self) -> list[_Member]:
        pair = self.couple(_around(self.rand, 25, 56))
        return pair + self.children(self.mother_age(pair), self.father_family(pair), "Con", 3)

    def young_couple(self) -> list[_Member]:
        return self.couple(_between(self.rand, 23, 36))

    def single(self) -> list[_Member]:
        return [[HEAD, self.gender(0.55), _between(self.rand, 20, 59), self.family()]]

    def elder_alone(self) -> list[_Member]:
        # Most old people living alone are widows.
        return [[HEAD, self.gender(0.3), _younger(self.rand, 60, 97), self.family()]]

    def elder_couple(self) -> list[_Member]:
        return self.couple(_younger(self.rand, 60, 92), male_head=0.85)

    def three_up(self) -> list[_Member]:
        """A couple with children, and the parents of one of them."""
        rand = self.rand
        pair = self.couple(_around(rand, 28, 50))
        members = pair + self.children(self.mother_age(pair), self.father_family(pair), "Con", 2)
        _relation, head_gender, head_age, head_family = pair[0]
        spouse_age, spouse_family = pair[1][2], pair[1][3]
        # Usually the head's own parents (the head's family name is the father's);
        # sometimes the spouse's, named from the head's side: "Bố vợ", "Mẹ chồng".
        if rand() < 0.75:
            base_age, family, suffix = head_age, head_family, ""
        else:
            base_age, family = spouse_age, spouse_family
            suffix = " vợ" if head_gender == MALE else " chồng"
        mother_age = base_age + _around(rand, 22, 34)
        if mother_age <= 95 and rand() < 0.75:
            father_age = mother_age + _between(rand, -1, 6)
            members.append(["Bố" + suffix, MALE, father_age, family])
        members.append(["Mẹ" + suffix, FEMALE, min(mother_age, 97), self.family()])
        return members

    def three_down(self) -> list[_Member]:
        """An older head, their married child and the grandchildren."""
        rand = self.rand
        head_age = _younger(rand, 52, 88)
        if rand() < 0.85:
            members = self.couple(head_age, male_head=0.85)
            mother, family = self.mother_age(members), self.father_family(members)
        elif rand() < 0.35:
            members = [[HEAD, MALE, head_age, self.family()]]  # a widower
            mother, family = head_age - 3, members[0][3]
        else:
            members = [[HEAD, FEMALE, head_age, self.family()]]  # a widow
            mother, family = head_age, self.family()  # her late husband's name
        child_age = max(24, mother - _around(rand, 21, 33))
        partner_age = max(20, child_age + _between(rand, -6, 2))
        if rand() < 0.8:
            # A son stays with his parents and brings his wife.
            members.append(["Con", MALE, child_age, family])
            members.append(["Con dâu", FEMALE, partner_age, self.family()])
            young_mother, young_family = partner_age, family
        else:
            members.append(["Con", FEMALE, child_age, family])
            son_in_law = self.family()
            members.append(["Con rể", MALE, child_age + _between(rand, 0, 5), son_in_law])
            young_mother, young_family = child_age, son_in_law
        members += self.children(young_mother, young_family, "Cháu", 3, adults=False)
        return members

    def single_parent(self) -> list[_Member]:
        rand = self.rand
        gender = self.gender(0.2)
        parent_age = _around(rand, 26, 55)
        family = self.family()
        kids_family = family if gender == MALE or rand() < 0.2 else self.family()
        mother_age = parent_age if gender == FEMALE else parent_age - 3
        kids = self.children(mother_age, kids_family, "Con", 2)
        return [[HEAD, gender, parent_age, family], *kids]

    def siblings(self) -> list[_Member]:
        """Brothers and sisters renting or sharing their parents' flat."""
        rand = self.rand
        head_age = _between(rand, 20, 45)
        family = self.family()
        members = [[HEAD, self.gender(0.55), head_age, family]]
        for _ in range(1 if rand() < 0.75 else 2):
            age = max(18, head_age + _between(rand, -8, 8))
            gender = self.gender(0.5)
            # Younger siblings are "Em" whatever their gender; older ones "Anh" or "Chị".
            relation = "Em" if age <= head_age else "Anh" if gender == MALE else "Chị"
            members.append([relation, gender, age, family])
        return members

    def build(self, shape: str) -> list[_Member]:
        members = getattr(self, shape)()
        return members[:7]


_NGUYEN = _nfc("Nguyễn")
_NGUYEN_VAN_AN = _nfc("Nguyễn Văn An")


def demo_group_names(count: int = 74) -> list[str]:
    """The residential groups of the demo ward: "Tổ dân phố số 1" … "Tổ dân phố số 74"."""
    return [_nfc(f"Tổ dân phố số {n}") for n in range(1, count + 1)]


def generate_rows(
    *,
    seed: int,
    ward_code: int,
    group_names: Sequence[str],
    residents: int,
    start_year: int = 2026,
) -> Iterator[ResidentRow]:
    """Yield exactly `residents` synthetic residents of one ward, household by household.

    Households fill the groups in turn, each group taking a share of the ward that varies
    like real ones do; every group is used as long as each share holds a household (ten or
    more residents per group on average). Household codes are `"{ward_code}-{n:06d}"`; phones are
    unique within what one call yields. The last household is cut short to land on
    `residents` exactly, keeping its head.
    """
    if residents <= 0:
        return
    if not group_names:
        raise ValueError("generate_rows needs at least one residential group")
    rng = random.Random(seed)
    rand = rng.random
    groups = [_nfc(name) for name in group_names]

    # Where each group's share of the residents ends (row counts), and its main streets.
    sizes = [0.6 + 0.8 * rand() for _ in groups]
    total = sum(sizes)
    bounds, running = [], 0.0
    for size in sizes:
        running += size
        bounds.append(round(residents * running / total))
    group_streets = [
        (_STREET_TABLE(rand), _STREET_TABLE(rand), _STREET_TABLE(rand)) for _ in groups
    ]

    builder = _Household(rng)
    shapes = _SHAPE_TABLE
    prefixes, prefix_count = _PREFIXES, len(_PREFIXES)
    used_phones: set[int] = set()
    # Per gender and age: the name tables of that generation and the chance of a phone,
    # looked up once here rather than for each of a million residents.
    ages = range(_OLDEST + 1)
    names_by_age = {
        gender: [
            (
                _MIDDLE[gender, _generation(start_year - age)].items,
                _GIVEN[gender, _generation(start_year - age)].items,
            )
            for age in ages
        ]
        for gender in (MALE, FEMALE)
    }
    phone_by_age = [_phone_share(age) for age in ages]
    # Tests and demos search for "Nguyễn Văn An", one of the most common names in the
    # country. Rather than hope the draw produces it, it is forced: households are given
    # a head named Nguyễn until one is headed by a man of 25 or more, and he is named
    # Nguyễn Văn An (his children and grandchildren take Nguyễn from him as usual).
    need_an = True

    row_number = 0
    household_number = 0
    group_index = 0
    while row_number < residents:
        household_number += 1
        while row_number >= bounds[group_index] and group_index < len(groups) - 1:
            group_index += 1
        group = groups[group_index]
        if need_an:
            builder.head_family = _NGUYEN
        members = builder.build(shapes(rand))
        members = members[: residents - row_number]
        forced_head = need_an and members[0][1] == MALE and members[0][2] >= 25
        if forced_head:
            need_an = False

        address = _address(rand, group_streets[group_index])
        household_key = f"{ward_code}-{household_number:06d}"

        names, phones = [], []
        adults_with_phone = younger_with_phone = 0
        for index, (_relation, gender, age, family) in enumerate(members):
            if index == 0 and forced_head:
                full_name = _NGUYEN_VAN_AN
            else:
                middle_names, given_names = names_by_age[gender][age]
                middle = middle_names[int(rand() * len(middle_names))]
                given = given_names[int(rand() * len(given_names))]
                full_name = f"{family} {middle} {given}"
                # Nobody shares a name with a relative in the same house, nor is called
                # "Minh Minh" (names are capitalised, so `endswith` compares whole words).
                while middle.endswith(given) or full_name in names:
                    given = given_names[int(rand() * len(given_names))]
                    full_name = f"{family} {middle} {given}"
            phone = ""
            if rand() < phone_by_age[age]:
                number = prefixes[int(rand() * prefix_count)] + int(rand() * 10_000_000)
                while number in used_phones:
                    number = prefixes[int(rand() * prefix_count)] + int(rand() * 10_000_000)
                used_phones.add(number)
                phone = f"0{number:09d}"
                if age >= 18:
                    adults_with_phone += 1
                if age < 65:
                    younger_with_phone += 1
            names.append(full_name)
            phones.append(phone)

        household_phone = phones[0] or next(
            (p for p, m in zip(phones, members, strict=True) if p and m[2] >= 18), ""
        )
        # Smartphones and home internet go together, and with someone below retirement age
        # who has a phone; households of only old people have them far less often.
        if younger_with_phone:
            has_smartphone = rand() < 0.97
            has_internet = rand() < (0.94 if has_smartphone else 0.45)
        elif adults_with_phone:
            has_smartphone = rand() < 0.55
            has_internet = rand() < (0.7 if has_smartphone else 0.3)
        else:
            has_smartphone = False
            has_internet = rand() < 0.2

        for index, member in enumerate(members):
            row_number += 1
            yield ResidentRow(
                row_number,
                household_key,
                group,
                address,
                names[index],
                start_year - member[2],
                member[1],
                member[0],
                index == 0,
                phones[index],
                household_phone,
                has_smartphone,
                has_internet,
            )


def _address(rand: Callable[[], float], streets: tuple[str, str, str]) -> str:
    """A house on the group's streets: on the street itself, in a ngõ, a ngách or a hẻm,
    or, near Tân Mai street, a flat in the Tân Mai collective housing."""
    street = streets[0] if rand() < 0.6 else streets[1 + int(rand() * 2)]
    house = 1 + int(rand() * rand() * 120)
    kind = rand()
    if kind < 0.15:
        return f"Số {house} {street}"
    lane = 2 + 2 * int(rand() * 200)  # alleys are numbered like houses; even on one side
    if kind < 0.6:
        return f"Số {house}, ngõ {lane} {street}"
    branch = 1 + int(rand() * 60)
    if kind < 0.88:
        return f"Số {house}, ngách {lane}/{branch} {street}"
    if kind < 0.93 or _TAN_MAI not in streets:
        return f"Số {house}, hẻm {lane}/{branch}/{1 + int(rand() * 20)} {street}"
    block = _BLOCKS[int(rand() * len(_BLOCKS))]
    return f"Phòng {1 + int(rand() * 5)}{1 + int(rand() * 12):02d}, nhà {block} tập thể Tân Mai"
