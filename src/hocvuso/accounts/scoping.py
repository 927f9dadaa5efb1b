"""The one place that decides what a user may see.

Every scoped model carries `ward` and `residential_group` foreign keys; every list, page,
export and API reads through `visible()`, so a volunteer of group 11 never meets group 12.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, Q, QuerySet

from hocvuso.accounts.models import Role, RoleAssignment, User
from hocvuso.web import stamps

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
    """What `user` may see, kept on the user object for the rest of the request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    elif user.is_superuser:
        scope = Scope(everything=True)
    else:
        scope = _kept_scope(user.pk)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: User) -> None:
    """Drop the user's scope, the request's and the one this process keeps, after their roles
    change within the request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    _KEPT.pop(user.pk, None)


# Scopes kept between requests by this process: user id -> (roles version, built at, scope).
# Every write to a role, its groups, a ward or a group gives the roles a new version in the
# shared cache, which every web process and server reads (`roles_changed`), so the very next
# request builds its scope again. No scope is kept longer than `_KEPT_SECONDS` anyway, should
# a write ever bypass the signals (a queryset's `update()`, SQL by hand).
_KEPT: dict[int, tuple[str, float, Scope]] = {}
_KEPT_SECONDS = 60.0
_KEPT_MOST = 10_000
_VERSION_KEY = "accounts:roles-version"


def _kept_scope(user_id: int) -> Scope:
    # The version is read before the roles, so a scope is kept under a version no newer than
    # its rows: whatever commits after they were read has replaced that version already.
    version = _roles_version()
    now = time.monotonic()
    kept = _KEPT.get(user_id)
    if kept is not None and kept[0] == version and now - kept[1] < _KEPT_SECONDS:
        return kept[2]
    scope = _scope_from_roles(user_id)
    if len(_KEPT) >= _KEPT_MOST:
        _KEPT.clear()
    _KEPT[user_id] = (version, now, scope)
    return scope


def _roles_version() -> str:
    return stamps.read(_VERSION_KEY)


def roles_changed(*, using: str = DEFAULT_DB_ALIAS, **_signal: object) -> None:
    """A role, its groups, a ward or a group was written: every kept scope is stale.

    The version changes at once, and again once the write commits, so that a scope built by
    another request from the rows as they were before the commit is not kept past it."""
    stamps.bump(_VERSION_KEY, using=using)


def place_changed(
    *, created: bool = False, using: str = DEFAULT_DB_ALIAS, **_signal: object
) -> None:
    """A ward or a group was saved or deleted. A new one is in no role yet: nothing is stale."""
    if not created:
        roles_changed(using=using)


def role_groups_changed(*, action: str, using: str = DEFAULT_DB_ALIAS, **_signal: object) -> None:
    """The groups a role covers were changed (`m2m_changed`)."""
    if action.startswith("post_"):
        roles_changed(using=using)


def _scope_from_roles(user_id: int) -> Scope:
    """The scope of a signed-in, active user who is not a superuser, from their roles."""
    ward_ids: set[int] = set()
    group_ids: set[int] = set()
    leader_ids: set[int] = set()
    group_ward_ids: set[int] = set()
    roles: set[str] = set()
    role_wards: dict[str, set[int]] = {}
    role_groups: dict[str, set[int]] = {}
    # One row per role and group it lists (a role listing none: one row with no group).
    rows = RoleAssignment.objects.filter(user_id=user_id, ward__is_active=True).values_list(
        "role", "ward_id", "groups__id", "groups__ward_id"
    )
    for role, ward_id, group_id, group_ward_id in rows:
        roles.add(role)
        role_wards.setdefault(role, set()).add(ward_id)
        if role == Role.OFFICER:
            ward_ids.add(ward_id)
            continue
        covered = role_groups.setdefault(role, set())
        if group_id is None or group_ward_id != ward_id:
            continue  # no group, or a group of another ward listed by mistake
        covered.add(group_id)
        group_ids.add(group_id)
        group_ward_ids.add(ward_id)
        if role == Role.LEADER:
            leader_ids.add(group_id)
    return Scope(
        ward_ids=frozenset(ward_ids),
        group_ids=frozenset(group_ids),
        leader_group_ids=frozenset(leader_ids),
        group_ward_ids=frozenset(group_ward_ids),
        roles=frozenset(roles),
        role_ward_ids={role: frozenset(ids) for role, ids in role_wards.items()},
        role_group_ids={role: frozenset(ids) for role, ids in role_groups.items()},
    )


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
