import time

from django.core.management.base import BaseCommand

from hocvuso.accounts.models import User
from hocvuso.campaigns.demo import populate_campaign
from hocvuso.demo.ward import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_RESIDENTS,
    DEMO_WARD_CODE,
    demo_examples,
    load_demo_ward,
)
from hocvuso.learning.curriculum import load_curriculum
from hocvuso.learning.demo import populate_learning, populate_skills
from hocvuso.outreach.demo import populate_outreach


class Command(BaseCommand):
    help = "Load the demo ward (Tương Mai, 74 groups, ~70,000 synthetic residents) and demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--residents", type=int, default=DEMO_RESIDENTS)

    def handle(self, *args, residents: int, **options) -> None:
        started = time.perf_counter()
        load_curriculum()
        ward = load_demo_ward(residents=residents)
        populate_learning(
            ward=ward, coach=User.objects.get(username="huongdan"), seed=DEMO_WARD_CODE
        )
        populate_skills(
            ward=ward, volunteer=User.objects.get(username="tinhnguyen11"), seed=DEMO_WARD_CODE
        )
        officer = User.objects.get(username="canbo")
        populate_campaign(ward=ward, officer=officer)
        populate_outreach(ward=ward, officer=officer)
        self.stdout.write(
            f"Loaded in {time.perf_counter() - started:.1f} s. "
            f"{ward.name}: {ward.groups.filter(closed_at__isnull=True).count()} groups, "
            f"{ward.households.count()} households, {ward.residents.count()} residents"
        )
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username, full_name, _role, _groups in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {full_name}")
        self.stdout.write(f"  {'admin':<14} superuser, /admin/")
        card, certificate = demo_examples(ward)
        if card:
            self.stdout.write(f"A household's learning card: /learn/household/{card}/")
        if certificate:
            self.stdout.write(f"A certificate to verify: /c/{certificate}/")
