"""The one place that decides what a user may see.

Every scoped model carries `ward` and `residential_group` foreign keys; every list, page,
export and API reads through `visible()`, so a volunteer of group 11 never meets group 12.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from hocvuso.accounts.models import Role, RoleAssignment, User

_CACHE_ATTR = "_hocvuso_scope"
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    everything: bool = False  # a superuser
    ward_ids: frozenset[int] = frozenset()  # wards seen whole: the user is their officer
    group_ids: frozenset[int] = frozenset()  # groups seen, in wards not seen whole
    leader_group_ids: frozenset[int] = frozenset()  # groups whose registry the user keeps
    group_ward_ids: frozenset[int] = frozenset()  # the wards of those groups
    roles: frozenset[str] = frozenset()  # the user's roles (`Role` values), for the menu
    # Where each role is held: its wards, and (but for officers) the groups it covers.
    role_ward_ids: Mapping[str, frozenset[int]] = field(default_factory=dict, compare=False)
    role_group_ids: Mapping[str, frozenset[int]] = field(default_factory=dict, compare=False)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.ward_ids or self.group_ids)

    @property
    def seen_ward_ids(self) -> frozenset[int]:
        """Every ward the user sees something of: where their actions are logged."""
        return self.ward_ids | self.group_ward_ids

    def q(self, *, ward_field: str = "ward", group_field: str | None = "residential_group") -> Q:
        """The filter for a model whose ward and group are reached through these fields.

        `group_field="pk"`: the rows are the groups themselves. `group_field=None`: the rows
        belong to a ward as a whole (a training), and anyone working in the ward sees them.
        """
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        if group_field is None:
            if self.seen_ward_ids:
                condition |= Q(**{f"{ward_field}_id__in": sorted(self.seen_ward_ids)})
            return condition
        if self.ward_ids:
            condition |= Q(**{f"{ward_field}_id__in": sorted(self.ward_ids)})
        if self.group_ids:
            lookup = "pk__in" if group_field == "pk" else f"{group_field}_id__in"
            condition |= Q(**{lookup: sorted(self.group_ids)})
        return condition


def scope_of(user: User) -> Scope:
    """What `user` may see, computed once per request and kept on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    elif user.is_superuser:
        scope = Scope(everything=True)
    else:
        ward_ids: set[int] = set()
        group_ids: set[int] = set()
        leader_ids: set[int] = set()
        group_ward_ids: set[int] = set()
        roles: set[str] = set()
        role_wards: dict[str, set[int]] = {}
        role_groups: dict[str, set[int]] = {}
        assignments = RoleAssignment.objects.filter(user=user, ward__is_active=True)
        for assignment in assignments.prefetch_related("groups"):
            roles.add(assignment.role)
            role_wards.setdefault(assignment.role, set()).add(assignment.ward_id)
            if assignment.role == Role.OFFICER:
                ward_ids.add(assignment.ward_id)
            else:
                covered = {g.pk for g in assignment.groups.all() if g.ward_id == assignment.ward_id}
                role_groups.setdefault(assignment.role, set()).update(covered)
                group_ids |= covered
                if covered:
                    group_ward_ids.add(assignment.ward_id)
                if assignment.role == Role.LEADER:
                    leader_ids |= covered
        scope = Scope(
            ward_ids=frozenset(ward_ids),
            group_ids=frozenset(group_ids),
            leader_group_ids=frozenset(leader_ids),
            group_ward_ids=frozenset(group_ward_ids),
            roles=frozenset(roles),
            role_ward_ids={role: frozenset(ids) for role, ids in role_wards.items()},
            role_group_ids={role: frozenset(ids) for role, ids in role_groups.items()},
        )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: User) -> None:
    """Drop the cached scope after the user's roles change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def visible(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """`queryset` narrowed to what `user` may see.

    The model says how it reaches its ward and group through `scope_fields`
    (default: `("ward", "residential_group")`).
    """
    ward_field, group_field = getattr(queryset.model, "scope_fields", ("ward", "residential_group"))
    return queryset.filter(scope_of(user).q(ward_field=ward_field, group_field=group_field))


def administers(user: User, ward_id: int) -> bool:
    """May `user` act as the officer of this ward (import, groups, audit log)?"""
    scope = scope_of(user)
    return scope.everything or ward_id in scope.ward_ids


def administered_ward_ids(user: User) -> frozenset[int] | None:
    """The wards `user` administers; None means every ward (a superuser)."""
    scope = scope_of(user)
    return None if scope.everything else scope.ward_ids


def may_manage(user: User, *, ward_id: int, group_id: int | None) -> bool:
    """May `user` change the records of this group (its households, its team)? The ward's
    officers and the group's team leaders may; volunteers and coaches read only."""
    scope = scope_of(user)
    return scope.everything or ward_id in scope.ward_ids or group_id in scope.leader_group_ids
