"""The world of tests/conftest.py with one of everything a URL can name, all in the officer's
ward (Tương Mai, 313) and group 11, built once for a whole test module."""

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from hocvuso.accounts.models import Role, User
from hocvuso.assistant.models import FaqEntry
from hocvuso.campaigns import services as campaigns
from hocvuso.campaigns.models import Campaign, ManualIndicator, Report
from hocvuso.devices.models import DeviceToken
from hocvuso.devices.services import issue_token
from hocvuso.learning import services as learning
from hocvuso.learning.curriculum import CURRICULUM_DIR, load_curriculum
from hocvuso.learning.models import Certificate, Classroom, Course, Organisation, QuizAttempt
from hocvuso.outreach import messaging
from hocvuso.outreach.models import Article, Broadcast, Channel, ChannelMember, Message
from hocvuso.people.models import ImportBatch
from hocvuso.places.models import Ward
from hocvuso.support.models import HelpRequest, HomeVisit
from hocvuso.teams.models import (
    CommunityTeam,
    MobilePoint,
    Shift,
    ShiftAssignment,
    TeamMember,
    Training,
)
from hocvuso.teams.services import teams_for_every_group
from tests import factories
from tests.conftest import World, make_world

SAMPLE_CURRICULUM = Path(__file__).parent.parent / "learning" / "sample_curriculum"


@dataclass
class Town:
    world: World
    coach: User
    unset_ward: Ward  # not yet set up; the officer of Tương Mai is to set it up
    team: CommunityTeam
    member: TeamMember  # the volunteer's membership of group 11's team
    training: Training
    point: MobilePoint
    shift: Shift
    assignment: ShiftAssignment  # the volunteer's shift today
    help_request: HelpRequest
    batch: ImportBatch
    campaign: Campaign
    manual: ManualIndicator
    report: Report
    broadcast: Broadcast
    article: Article
    channel: Channel
    channel_member: ChannelMember
    message: Message
    faq: FaqEntry
    course: Course
    attempt: QuizAttempt
    certificate: Certificate
    classroom: Classroom
    household_code: str
    visit: HomeVisit  # the volunteer's visit to h11
    device_token: DeviceToken  # the volunteer's phone


def build_town(tmp: Path) -> Town:
    w = make_world()
    today, now = timezone.localdate(), timezone.now()
    coach = factories.user("coach11", role=Role.COACH, ward_=w.ward, groups=(w.group11,))
    unset_ward = factories.ward((316, "Phường Vĩnh Hưng"), active=False)
    factories.user("officer-unset", role=Role.OFFICER, ward_=unset_ward)
    w.officer.roles.create(role=Role.OFFICER, ward=unset_ward)

    teams_for_every_group(ward=w.ward, actor=w.officer)
    team = w.ward.teams.get(residential_group=w.group11)
    where = {"ward": w.ward, "residential_group": w.group11}
    member = TeamMember.objects.create(
        team=team, full_name="Lê Minh Đức", joined_on=today, user=w.volunteer, **where
    )
    training = Training.objects.create(ward=w.ward, held_on=today, topic="VNeID", trainer="CA")
    point = MobilePoint.objects.create(ward=w.ward, name="Nhà văn hoá tổ 11", address="Ngõ 168")
    shift = Shift.objects.create(
        point=point, ward=w.ward, date=today, starts=datetime.time(8), ends=datetime.time(11)
    )
    assignment = ShiftAssignment.objects.create(shift=shift, member=member)
    help_request = HelpRequest.objects.create(
        reference="TEST0001", name="Bà Lan", phone="0912345678", need="Cài VNeID", **where
    )
    visit = HomeVisit.objects.create(
        household=w.h11, planned_on=today, assigned_to=member, created_by=w.leader, **where
    )
    device_token, _plain = issue_token(person=w.volunteer, device_name="Máy", issued_by=w.officer)
    batch = ImportBatch.objects.create(
        ward=w.ward, created_by=w.officer, filename="danh-sach.xlsx", sha256="0" * 64,
        upload=ContentFile(b"PK", name="danh-sach.xlsx"), status=ImportBatch.Status.PREVIEW,
        errors_file=ContentFile(b"PK", name="loi.xlsx"),
    )  # fmt: skip

    campaign = campaigns.campaign_create(
        user=w.officer, name="Chiến dịch 45 ngày", wards=[w.ward],
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=34),
    )  # fmt: skip
    manual = ManualIndicator.objects.create(
        ward=w.ward, code="loa", name="Loa", definition="Số buổi", created_by=w.officer
    )
    report = Report.objects.create(
        campaign=campaign, ward=w.ward, kind="weekly", as_of=today, status="done",
        requested_by=w.officer, xlsx=ContentFile(b"PK", name="bao-cao.xlsx"),
    )  # fmt: skip

    broadcast = Broadcast.objects.create(ward=w.ward, scheduled_at=now, title="Bản tin")
    article = Article.objects.create(
        ward=w.ward, title="Tin", body_html="<p>Tin</p>", author=w.officer,
        publish_at=now - datetime.timedelta(hours=1),
    )  # fmt: skip
    channel = Channel.objects.create(kind="sms", name="SMS tổ 11", **where)
    channel_member = ChannelMember.objects.create(channel=channel, address="0912345678")
    (message,) = messaging.message_send(
        user=w.officer, groups=[w.group11], kinds={"sms"}, subject="Lịch", body="Thứ Bảy"
    )
    faq = FaqEntry.objects.create(
        ward=w.ward, question="Giờ làm việc?", answer="8 giờ", created_by=w.officer
    )

    root = tmp / "curriculum"
    shutil.copytree(SAMPLE_CURRICULUM, root)
    shutil.copy(CURRICULUM_DIR / "competences.yaml", root / "competences.yaml")
    load_curriculum(root)
    course = Course.objects.get(slug="mau")
    learner = learning.learner_for_resident(w.an)
    attempt = factories.course_passed(learner, course)
    certificate = learning.certificate_issue(learner=learner, course=course)
    classroom = learning.classroom_create(
        user=coach, ward=w.ward, group=w.group11, name="Lớp tổ 11",
        organisation=Organisation.RESIDENTIAL_GROUP,
    )  # fmt: skip
    return Town(
        world=w, coach=coach, unset_ward=unset_ward, team=team, member=member,
        training=training, point=point, shift=shift, assignment=assignment,
        help_request=help_request, batch=batch, campaign=campaign, manual=manual,
        report=report, broadcast=broadcast, article=article, channel=channel,
        channel_member=channel_member, message=message, faq=faq, course=course,
        attempt=attempt, certificate=certificate, classroom=classroom,
        household_code=learning.learning_address(w.h11).code,
        visit=visit, device_token=device_token,
    )  # fmt: skip
