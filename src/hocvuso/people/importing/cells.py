"""Converting one cell of a resident list: names, household codes, birth years and dates,
gender, phones and yes/no marks, each with the Vietnamese reason when it cannot be read."""

import datetime
import re
from collections.abc import Callable

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hocvuso.people.importing.headers import choice_key
from hocvuso.people.models import Household, Resident
from hocvuso.places.models import ResidentialGroup
from hocvuso.text.folding import clean
from hocvuso.text.phones import InvalidPhone, normalize_phone

MAX_CELL_CHARS = 1000
_LONGEST = {
    "household_key": Household._meta.get_field("key").max_length,
    "group": ResidentialGroup._meta.get_field("name").max_length,
    "address": Household._meta.get_field("address").max_length,
    "full_name": Resident._meta.get_field("full_name").max_length,
    "relation": Resident._meta.get_field("relation").max_length,
}


class Invalid(Exception):
    """A converter's verdict on one cell; `message` is for the officer."""

    def __init__(self, message: str) -> None:
        self.message = message


def _brief(text: str) -> str:
    """A cell's text short enough to quote in a message."""
    return text if len(text) <= 60 else text[:59] + "…"


def _quoted(value: object) -> str:
    return _brief(_show(value))


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return clean(str(value))


# A letter of any alphabet: a name needs one, and reading.py uses it to tell a name cell.
LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
# What no name holds but totals and signature lines often do ("Tổng: 12", "Hà Nội, ngày 5").
ODD_NAME = re.compile(r"[\d,:]")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T][\d:.]*)?")
_YMD = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T][\d:.]*)?")
_MY = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_NUMBER = re.compile(r"\d+(?:[.,]0+)?")
_EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()

# fmt: off
_GENDERS = {
    "nam": "male", "m": "male", "male": "male", "nam gioi": "male", "trai": "male",
    "nu": "female", "f": "female", "female": "female", "nu gioi": "female", "gai": "female",
}
# fmt: on
# fmt: off
_YES_NO = {
    "co": True, "x": True, "1": True, "yes": True, "true": True, "✓": True, "✔": True,
    "v": True, "y": True, "da co": True, "co su dung": True, "c": True,
    "khong": False, "0": False, "no": False, "false": False, "k": False, "ko": False,
    "n": False, "chua": False, "chua co": False, "khong co": False, "khong su dung": False,
}
# fmt: on
_MARKS = frozenset({"x", "v", "✓", "✔", "*", "+", "1", "co", "yes", "true"})


def _plain_text(value: object) -> str:
    if isinstance(value, str):
        return clean(value)
    return _show(value)


def _key(value: object) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return clean(value)
    return _show(value)


def convert_name(value: object) -> str:
    """A person's name, cleaned; it must have a letter and no digit."""
    text = clean(value) if isinstance(value, str) else _show(value)
    if not text:
        return ""
    if not LETTER.search(text):
        raise Invalid(_("The name “%(value)s” has no letters.") % {"value": _brief(text)})
    if _DIGIT.search(text):
        raise Invalid(_("The name “%(value)s” contains digits.") % {"value": _brief(text)})
    return text


def _birth_converter(today: datetime.date) -> Callable[[object], int | None]:
    this_year = today.year
    today_serial = today.toordinal() - _EXCEL_EPOCH

    def year_of(year: int, value: object) -> int:
        if year < 1900:
            raise Invalid(_("Birth year %(year)s is before 1900.") % {"year": _show(value)})
        if year > this_year:
            raise Invalid(_("Birth year %(year)s is in the future.") % {"year": _show(value)})
        return year

    def invalid(value: object) -> Invalid:
        return Invalid(_("Birth date “%(value)s” is not valid.") % {"value": _quoted(value)})

    def of_date(day: int, month: int, year: int, value: object) -> int:
        try:
            born = datetime.date(year, month, day)
        except ValueError:
            raise invalid(value) from None
        if born > today:
            raise Invalid(_("Birth date %(value)s is in the future.") % {"value": _quoted(value)})
        return year_of(year, value)

    def of_number(number: float, value: object) -> int:
        if number < 3000:  # a year, written as a number
            if not number.is_integer():
                raise invalid(value)
            return year_of(int(number), value)
        # An Excel date serial: a date cell without a date format, or typed as a number.
        if number > today_serial:
            if number < 2_958_466:
                raise Invalid(
                    _("Birth date %(value)s is in the future.")
                    % {"value": _show(datetime.date.fromordinal(_EXCEL_EPOCH + int(number)))}
                )
            raise invalid(value)
        return year_of(datetime.date.fromordinal(_EXCEL_EPOCH + int(number)).year, value)

    def convert(value: object) -> int | None:
        kind = type(value)
        if kind is float or kind is int:
            return of_number(value, value)  # type: ignore[arg-type]
        if kind is datetime.date:
            return of_date(value.day, value.month, value.year, value)  # type: ignore[attr-defined]
        if kind is datetime.datetime:
            return of_date(value.day, value.month, value.year, value)  # type: ignore[attr-defined]
        if kind is not str:
            raise invalid(value)
        text = value.strip()  # type: ignore[attr-defined]
        if not text:
            return None
        if len(text) == 4 and text.isdigit():
            return year_of(int(text), text)
        if _NUMBER.fullmatch(text):
            return of_number(float(text.replace(",", ".")), text)
        if found := _DMY.fullmatch(text):
            return of_date(int(found[1]), int(found[2]), int(found[3]), text)
        if found := _YMD.fullmatch(text):
            return of_date(int(found[3]), int(found[2]), int(found[1]), text)
        if found := _MY.fullmatch(text):
            return of_date(1, int(found[1]), int(found[2]), text)
        raise invalid(text)

    return convert


def _gender(value: object) -> str:
    if isinstance(value, str):
        key = choice_key(value)
        if not key and not value.strip():
            return ""
        if key in _GENDERS:
            return _GENDERS[key]
    raise Invalid(
        _("Gender “%(value)s” is not understood: write Nam or Nữ.") % {"value": _quoted(value)}
    )


def convert_phone(value: object) -> str:
    """A phone cell in national form; text or a number cell that lost its leading zero."""
    if isinstance(value, float):
        # A number cell: Excel dropped the leading zero, which normalize_phone puts back.
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = value if isinstance(value, str) else _show(value)
    if len(text) == 10 and text[0] == "0" and text.isdigit():
        return text  # already national: what normalize_phone would return, for less work
    try:
        return normalize_phone(text)
    except InvalidPhone:
        raise Invalid(
            _("Phone number “%(value)s” is not valid.") % {"value": _brief(clean(text))}
        ) from None


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        if value in (0, 1):
            return bool(value)
    elif isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None
        if key not in _YES_NO:
            key = choice_key(value) or key
        if key in _YES_NO:
            return _YES_NO[key]
    raise Invalid(
        _("“%(value)s” is not understood: write Có or Không.") % {"value": _quoted(value)}
    )


def is_mark(value: object) -> bool:
    """Whether a cell holds a tick (x, ✓, 1, có...) as in the Nam | Nữ columns."""
    if value is True or (isinstance(value, float | int) and value == 1):
        return True
    if not isinstance(value, str):
        return False
    return value.strip().lower() in _MARKS or choice_key(value) in _MARKS


def too_long(length: int, limit: int) -> Invalid:
    return Invalid(
        _("The cell holds %(length)s characters; at most %(limit)s are allowed.")
        % {
            "length": number_format(length, force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
        }
    )


def longest(field: str) -> int:
    """The most characters a field's cell may hold: what the registry keeps, and never more
    than `MAX_CELL_CHARS` (so no check runs over a cell of any length)."""
    return _LONGEST.get(field) or MAX_CELL_CHARS


def _bounded(step: Callable[[object], object], limit: int) -> Callable[[object], object]:
    def convert(value: object) -> object:
        if type(value) is str and len(value) > limit:
            raise too_long(len(value), limit)
        return step(value)

    return convert


def converters(today: datetime.date) -> dict[str, Callable[[object], object]]:
    """The converter of each field; each returns the clean value or raises `Invalid`."""
    steps = {
        "household_key": _key,
        "group": _plain_text,
        "address": _plain_text,
        "full_name": convert_name,
        "birth": _birth_converter(today),
        "gender": _gender,
        "relation": _plain_text,
        "phone": convert_phone,
        "household_phone": convert_phone,
        "has_smartphone": _yes_no,
        "has_internet": _yes_no,
    }
    return {field: _bounded(step, longest(field)) for field, step in steps.items()}
