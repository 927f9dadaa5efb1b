"""The help form's fields, kept once drawn for a ward, language and kind: what they show is
the form as drawn afresh, with a new client id each time, and a change to the ward's services
or mobile points shows at once."""

import re
import uuid

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from hocvuso.support import services
from hocvuso.support.help_form import FIELDS_TEMPLATE, help_form
from hocvuso.support.models import Service
from hocvuso.teams.models import MobilePoint

CLIENT_ID = re.compile(r'<input type="hidden" name="client_id" value="([0-9a-f-]{36})"')
FIELDS = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+">\n(.*)<p class="actions">', re.S)


def _fields(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return FIELDS.search(page.content.decode()).group(1)


def test_the_kept_fields_are_the_form_drawn_afresh_with_a_new_client_id(client, world):
    MobilePoint.objects.create(ward=world.ward, name="Nhà văn hoá tổ 11", address="Số 2")
    client.force_login(world.volunteer)
    for url, walk_in in (
        (f"{reverse('support:record')}?resident={world.an.pk}", False),
        (f"{reverse('support:record')}?walk_in=1", True),
    ):
        first, second = _fields(client, url), _fields(client, url)  # drawn, then kept
        ids = [CLIENT_ID.search(fields).group(1) for fields in (first, second)]
        assert ids[0] != ids[1] and all(uuid.UUID(i) for i in ids)
        form = help_form(None, ward=world.ward, walk_in=walk_in, initial={"client_id": ids[1]})
        assert second == render_to_string(FIELDS_TEMPLATE, {"form": form})
        assert ('name="walk_in_name"' in second) is walk_in
        assert "Nhà văn hoá tổ 11" in second and "VNeID" in second


def test_a_change_to_the_services_or_points_shows_at_once(client, world):
    form = f"{reverse('support:record')}?resident={world.an.pk}"
    client.force_login(world.volunteer)
    assert "Bảo hiểm xã hội số" not in _fields(client, form)
    service = services.service_add(actor=world.officer, ward=world.ward, name="Bảo hiểm xã hội số")
    point = MobilePoint.objects.create(ward=world.ward, name="Điểm chợ Tương Mai", address="Chợ")
    fields = _fields(client, form)
    assert "Bảo hiểm xã hội số" in fields and "Điểm chợ Tương Mai" in fields
    point.is_active = False
    point.save()
    service.name = "BHXH số"
    service.save()
    fields = _fields(client, form)
    assert "Điểm chợ Tương Mai" not in fields and "BHXH số</label>" in fields
    Service.objects.filter(pk=service.pk).get().delete()
    assert "BHXH số" not in _fields(client, form)


def test_each_language_has_its_own_fields(client, world):
    form = f"{reverse('support:record')}?resident={world.an.pk}"
    client.force_login(world.volunteer)
    assert "<legend>Dịch vụ</legend>" in _fields(client, form)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _fields(client, form)
    assert "<legend>Service</legend>" in english and "<legend>Dịch vụ</legend>" not in english
