"""Registry endpoints: the same scoped reads as the pages (`people.queries`)."""

from typing import Annotated, Literal

from ninja import Path, Query, Router, Schema
from pydantic import Field

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.audit.reads import log_list_read
from hocvuso.people import queries
from hocvuso.people.queries import AGE_BANDS, SEARCH_MAX
from hocvuso.places.queries import MAX_ID

router = Router(tags=["registry"])

MAX_LIMIT = 100  # people in one page of the API (README.md and the OpenAPI description say so)
MAX_OFFSET = 1_000_000  # more than any city's registry; a larger offset can only be a mistake
# Filters the API offers: the disability flag reads sensitive data and is for the pages only.
ApiFlag = Literal["elderly", "no_smartphone", "no_internet", "not_reached"]


class ErrorOut(Schema):
    detail: str
    detail_en: str


class InvalidOut(ErrorOut):
    errors: list[dict]


ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: InvalidOut}


class ResidentOut(Schema):
    id: int
    full_name: str
    birth_year: int | None
    gender: str
    relation: str
    is_head: bool
    phone: str
    household_id: int
    household_key: str = Field(alias="household.key")
    residential_group: str = Field(alias="residential_group.name")


class ResidentPage(Schema):
    items: list[ResidentOut]
    count: int


class HouseholdOut(Schema):
    id: int
    key: str
    address: str
    phone: str
    has_smartphone: bool | None
    has_internet: bool | None
    residential_group: str = Field(alias="residential_group.name")
    residents: list[ResidentOut]

    @staticmethod
    def resolve_residents(obj) -> list:
        return list(
            obj.residents.select_related("household", "residential_group").order_by(
                "-is_head", "id"
            )
        )


class ResidentQuery(Schema):
    q: str = Field(
        "",
        max_length=SEARCH_MAX,
        pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
        description="Name, address, household code or phone, with or without diacritics.",
    )
    group: int | None = Field(
        None, ge=1, le=MAX_ID, description="One of your residential groups; another is a 404."
    )
    age: str = Field("", pattern="^(" + "|".join(b.replace("+", r"\+") for b in AGE_BANDS) + ")?$")
    flags: list[ApiFlag] = Field(default_factory=list, max_length=4)
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/residents", response={200: ResidentPage, **ERRORS})
def list_residents(request: AuthenticatedHttpRequest, filters: Query[ResidentQuery]):
    """A page of the residents you may see. Every page read here is in the audit log."""
    flt = queries.resident_filter(
        request.user, q=filters.q, group=filters.group, age=filters.age, flags=filters.flags
    )
    residents = queries.filter_residents(request.user, flt)
    items = list(residents[filters.offset : filters.offset + filters.limit])
    count = residents.count()
    log_list_read(
        request.user,
        route="api",
        offset=filters.offset,
        shown=len(items),
        total=count,
        filters=flt.describe(),
        every_page=True,
    )
    return {"items": items, "count": count}


@router.get("/households/{household_id}", response={200: HouseholdOut, **ERRORS})
def get_household(
    request: AuthenticatedHttpRequest, household_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> object:
    return queries.household_for(request.user, household_id)
