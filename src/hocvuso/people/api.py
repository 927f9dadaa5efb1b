"""Registry endpoints: the same scoped reads as the pages (`people.queries`)."""

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from hocvuso.people import queries
from hocvuso.people.queries import AGE_BANDS, FLAGS, ResidentFilter

router = Router(tags=["registry"])


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
    q: str = Field("", max_length=100)
    group: int | None = None
    age: str = Field("", pattern="^(" + "|".join(b.replace("+", r"\+") for b in AGE_BANDS) + ")?$")
    flags: list[str] = Field(default_factory=list)


@router.get("/residents", response=list[ResidentOut])
@paginate(LimitOffsetPagination)
def list_residents(request: HttpRequest, filters: Query[ResidentQuery]):
    flags = frozenset(f for f in filters.flags if f in FLAGS)
    return queries.filter_residents(
        request.user,
        ResidentFilter(
            q=filters.q, group_id=filters.group, age_band=filters.age, flags=flags - {"disability"}
        ),
    )


@router.get("/households/{household_id}", response=HouseholdOut)
def get_household(request: HttpRequest, household_id: int):
    return queries.household_for(request.user, household_id)
