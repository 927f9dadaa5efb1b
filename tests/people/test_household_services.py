"""The household page's "Digital services": what the help recorded below it proved."""

import uuid

from django.urls import reverse

from hocvuso.support.models import Service
from hocvuso.support.services import HelpInput, help_record


def _help(world, task, outcome):
    etax = Service.objects.get(code="etax", ward__isnull=True)
    help_record(
        actor=world.officer, ward=world.ward, client_id=uuid.uuid4(),
        data=HelpInput(service=etax, task=task, outcome=outcome, resident=world.an),
    )  # fmt: skip


def _services(client, world) -> str:
    client.force_login(world.officer)
    page = client.get(reverse("people:household", args=[world.h11.pk])).content.decode()
    return page[page.index("Dịch vụ số") : page.index("Ghi hỗ trợ cho hộ này")]


def test_help_not_yet_finished_is_not_called_nothing_known(client, world):
    _help(world, "create_account", "follow_up")
    section = _services(client, world)
    assert "Chưa lần hỗ trợ nào dưới đây hoàn tất việc cài ứng dụng hay tạo tài khoản." in section
    assert "Chưa có thông tin" not in section


def test_an_etax_account_opened_with_help_shows_under_digital_services(client, world):
    _help(world, "create_account", "done")
    section = _services(client, world)
    assert "eTax Mobile" in section
    assert "Chưa" not in section
