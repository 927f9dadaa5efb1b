"""Reading the audit log: an officer sees the events of the wards they administer."""

from django.db.models import QuerySet

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import administered_ward_ids
from hocvuso.audit.models import AuditEvent


def events_for(user: User) -> QuerySet[AuditEvent]:
    ward_ids = administered_ward_ids(user)
    events = AuditEvent.objects.select_related("ward")
    if ward_ids is None:
        return events
    return events.filter(ward_id__in=sorted(ward_ids))
