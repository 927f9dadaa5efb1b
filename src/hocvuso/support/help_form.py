"""The help form, and its fields as a volunteer first sees them (nothing chosen), drawn once
per ward, language and kind (for a resident or a walk-in) and kept in each web worker's
memory: they show only the ward's services and mobile points, which change rarely, and
drawing their twenty options and reading both lists was most of the form's cost, paid again
after every help recorded.

Every save or delete of a service or a mobile point draws a new version in the shared cache,
at once and again when its transaction commits, and every use reads the version: a change
shows at once in every worker. Whatever happens, kept fields are drawn again after
`FRESH_SECONDS`. Nothing personal is kept: the form's client id is written in afresh on every
use, and the CSRF token and the resident are outside the fields.
"""

import time
import uuid
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from hocvuso.places.models import Ward
from hocvuso.support.forms import HelpForm
from hocvuso.support.models import Service
from hocvuso.support.services import services_for
from hocvuso.teams.models import MobilePoint
from hocvuso.web import stamps

FRESH_SECONDS = 60
MAX_KEPT = 1000  # wards × languages × kinds; past it the worker starts again from nothing
VERSION_KEY = "support:help-form-version"
FIELDS_TEMPLATE = "support/partials/help_fields.html"
# The client id the kept fields are drawn with, replaced by a new one on each use.
_DRAWN_ID = str(uuid.UUID(int=0))

_kept: dict[tuple[int, bool, str | None], tuple[str, float, str]] = {}


def help_form(data: Any, *, ward: Ward, walk_in: bool, **kwargs: Any) -> HelpForm:
    """The help form for `ward`: its services and its active mobile points."""
    return HelpForm(
        data,
        services=services_for(ward),
        points=MobilePoint.objects.filter(ward=ward, is_active=True),
        walk_in=walk_in,
        **kwargs,
    )


def first_fields(ward: Ward, *, walk_in: bool) -> SafeString:
    """The form's fields, nothing chosen, with a new client id."""
    key = (ward.pk, walk_in, translation.get_language())
    version, now = stamps.read(VERSION_KEY), time.monotonic()
    kept = _kept.get(key)
    if kept is None or kept[0] != version or now - kept[1] >= FRESH_SECONDS:
        form = help_form(None, ward=ward, walk_in=walk_in, initial={"client_id": _DRAWN_ID})
        # Labelled with the version read before it: a change in between draws it again.
        kept = (version, now, render_to_string(FIELDS_TEMPLATE, {"form": form}))
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = kept
    return mark_safe(kept[2].replace(_DRAWN_ID, str(uuid.uuid4())))  # noqa: S308 - rendered


def forget(*, using: str = DEFAULT_DB_ALIAS, **_: object) -> None:
    """Draw the fields again in every worker: now, and once the change is committed."""
    stamps.bump(VERSION_KEY, using=using)


def connect_signals() -> None:
    for model in (Service, MobilePoint):
        label = model._meta.label
        post_save.connect(forget, sender=model, dispatch_uid=f"help_form:{label}:save")
        post_delete.connect(forget, sender=model, dispatch_uid=f"help_form:{label}:delete")
