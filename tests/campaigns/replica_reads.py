"""Run with HOCVUSO_REPLICA_URL set: print, as JSON, what the campaign's open data shows,
what a snapshot read inside a transaction sees, and write one snapshot."""

import json
import sys

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from hocvuso.campaigns.models import Snapshot  # noqa: E402

campaign = int(sys.argv[1])
today = timezone.localdate()
response = Client(HTTP_HOST="127.0.0.1").get(f"/campaigns/{campaign}/open-data.json")
published = {
    row["indicator"]: row["numerator"]
    for row in response.json()["figures"]
    if row["day"] == today.isoformat() and not row["residential_group"]
}
ward_row = Snapshot.objects.filter(day=today, residential_group=None, indicator="help_given")
with transaction.atomic():
    in_transaction = ward_row.get().numerator
Snapshot.objects.create(day=today, ward_id=313, indicator="written_here", numerator=1)
print(json.dumps({"status": response.status_code, "published": published,
                  "in_transaction": in_transaction, "router_reads_from": ward_row.db}))  # fmt: skip
