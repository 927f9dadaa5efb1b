"""The database router that sends the campaign snapshots' reads to a read replica, when
`HOCVUSO_REPLICA_URL` configures one (settings.py; docs/scale.md).

Dashboards, reports and open data read only `Snapshot` rows, which are written every 30
minutes by the task worker and never by a page: a replica a few seconds behind shows the same
figures. Inside a transaction on the primary (taking a snapshot reads the day's rows before
replacing them) reads stay on the primary, so a write never follows a stale read.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

REPLICA = "replica"
READ_FROM_REPLICA = {"campaigns.snapshot"}


class SnapshotReadsToReplica:
    def db_for_read(self, model: type[Model], **hints: object) -> str | None:
        if model._meta.label_lower not in READ_FROM_REPLICA:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type, **hints: object) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        return True  # the replica is a copy of the primary: the same rows on both

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica gets its tables by replication
