"""The ward dashboard's figures as drawn, kept in the shared cache between views.

Drawing them (twenty figures with their trends, a hundred groups) was most of the page's cost,
and they change only when what they are drawn from is written: the snapshots, the targets,
the counts entered by hand and their definitions, the ward's groups, the services' names,
and the name of whoever entered a count. Every such write gives the dashboards a new version
(signals, and `take_snapshot`, which writes in bulk), at once and again when it commits: a
view drawn in between read the rows as they were before the commit. A version is random, not
counted, so a cache emptied never brings an old one back. The city's comparison
(`queries.city_dashboard`, which also names the wards) is kept under the version too.

A ward's drawing is kept under the version and everything else it depends on: the campaign
and its first day, the ward, the day asked, the language, and the groups the viewer sees.
None is kept longer than `KEPT_SECONDS`, should a write ever bypass the signals (a queryset's
`update()`, SQL by hand), nor past a restart, which may bring other templates. With a read
replica (campaigns/replica.py), a view in the seconds after a snapshot may still draw the
previous one of the day, and keep it as long.
"""

import datetime
import hashlib
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import scope_of
from hocvuso.campaigns.models import Campaign, ManualCount, ManualIndicator, Snapshot, Target
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.support.models import Service
from hocvuso.web import stamps

KEPT_SECONDS = 10 * 60
VERSION_KEY = "campaigns:dashboards-version"
_STARTED = secrets.token_hex(4)  # this process's templates and translations

Figures = tuple[datetime.date | None, SafeString]  # the snapshot's day, the figures drawn


def ward_figures(
    campaign: Campaign, ward: Ward, user: User, day: datetime.date, draw: Callable[[], Figures]
) -> Figures:
    """The ward's figures on `day` as `user` sees them: kept, or drawn by `draw` and kept."""
    kept_version = version()
    key = ":".join(
        map(
            str,
            ("campaigns:ward:v1", _STARTED, kept_version, campaign.pk, campaign.starts_on, ward.pk,
             day, translation.get_language(), _groups_seen(user)),
        )
    )  # fmt: skip
    kept = cache.get(key)
    if kept is not None:
        snapshot_day, html = kept
        return snapshot_day, mark_safe(html)  # noqa: S308 (drawn by our template)
    snapshot_day, html = draw()
    cache.set(key, (snapshot_day, str(html)), KEPT_SECONDS)
    return snapshot_day, html


def _groups_seen(user: User) -> str:
    """Which groups `user` sees: the filter `accounts.scoping.visible` narrows them with."""
    ward_field, group_field = ResidentialGroup.scope_fields
    condition = str(scope_of(user).q(ward_field=ward_field, group_field=group_field))
    return hashlib.sha256(condition.encode()).hexdigest()[:16]


def version() -> str:
    """The dashboards' version: a new one after each write they are drawn from."""
    return stamps.read(VERSION_KEY)


def dashboards_changed(*, using: str = DEFAULT_DB_ALIAS, **_signal: object) -> None:
    """Something the dashboards draw was written: draw them again, now and after the commit."""
    stamps.bump(VERSION_KEY, using=using)


def _user_saved(
    *, update_fields: frozenset[str] | None = None, using: str = DEFAULT_DB_ALIAS, **_signal: object
) -> None:
    """A user's name shows beside the counts they entered; signing in saves only the time."""
    if update_fields is None or {"full_name", "username"} & update_fields:
        dashboards_changed(using=using)


def connect_signals() -> None:
    # Snapshots are deleted only by `take_snapshot`, which says so itself: a receiver of their
    # deletion would make it load every row it deletes.
    post_save.connect(dashboards_changed, sender=Snapshot, dispatch_uid="dashboards.Snapshot")
    for model in (Target, ManualIndicator, ManualCount, ResidentialGroup, Ward, Service):
        name = model.__name__
        post_save.connect(dashboards_changed, sender=model, dispatch_uid=f"dashboards.s.{name}")
        post_delete.connect(dashboards_changed, sender=model, dispatch_uid=f"dashboards.d.{name}")
    post_save.connect(_user_saved, sender=User, dispatch_uid="dashboards.User")
