"""Help given: recorded in a few taps, stored once however often it is sent, and turned into
each resident's status per service."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hocvuso.audit.models import AuditEvent
from hocvuso.people.models import Household
from hocvuso.support.models import HelpRecord, Service, ServiceStatus
from hocvuso.support.services import HelpInput, help_record


@pytest.fixture
def vneid(db):
    return Service.objects.get(code="vneid", ward__isnull=True)


def test_the_national_catalog_is_there_from_the_start(db):
    names = list(Service.objects.filter(ward__isnull=True).values_list("name", flat=True))
    assert names == [
        "VNeID",
        "iHanoi",
        "eTax Mobile",
        "Cổng Dịch vụ công quốc gia",
        "Cổng dịch vụ công Bộ Công an",
        "VssID",
    ]


def test_a_volunteer_records_level2_help_on_a_phone_form(client, world, vneid):
    client.force_login(world.volunteer)
    page = client.get(reverse("support:record"), {"q": "nguyen van an"}).content.decode()
    assert f"?resident={world.an.pk}" in page
    form = client.get(reverse("support:record"), {"resident": world.an.pk})
    client_id = form.context["form"]["client_id"].value()
    response = client.post(
        reverse("support:record") + f"?resident={world.an.pk}",
        {
            "client_id": client_id,
            "service": vneid.pk,
            "task": "vneid_level2",
            "outcome": "done",
            "place": "point",
        },
    )
    assert response.status_code == 302
    status = ServiceStatus.objects.get(resident=world.an, service=vneid)
    assert (status.installed, status.has_account, status.level2) == (True, True, True)
    assert Household.objects.get(pk=world.h11.pk).first_reached_at is not None
    assert AuditEvent.objects.filter(object_type="helprecord", actor=world.volunteer).exists()


def test_sending_the_same_form_twice_stores_it_once(client, world, vneid):
    client.force_login(world.volunteer)
    payload = {
        "client_id": str(uuid.uuid4()),
        "service": vneid.pk,
        "task": "install",
        "outcome": "done",
        "place": "home",
    }
    url = reverse("support:record") + f"?resident={world.an.pk}"
    client.post(url, payload)
    client.post(url, payload)
    assert HelpRecord.objects.count() == 1


def test_a_record_sent_again_is_the_one_stored_even_if_it_could_not_be_stored_now(world, vneid):
    client_id = uuid.uuid4()
    data = HelpInput(resident=world.an, service=vneid, task="install")
    first, new = help_record(actor=world.volunteer, ward=world.ward, client_id=client_id, data=data)
    assert new
    again, new = help_record(actor=world.volunteer, ward=world.ward, client_id=client_id, data=data)
    assert (again, new) == (first, False)
    vneid.is_active = False  # the catalog changed since: the stored record stays as stored
    vneid.save()
    again, new = help_record(actor=world.volunteer, ward=world.ward, client_id=client_id, data=data)
    assert (again, new) == (first, False)
    assert HelpRecord.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="helprecord").count() == 1
    with pytest.raises(ValidationError):  # a new record is checked
        help_record(actor=world.volunteer, ward=world.ward, client_id=uuid.uuid4(), data=data)


def test_a_volunteer_cannot_record_for_another_groups_resident(client, world, vneid):
    resident = world.h12.residents.get()
    client.force_login(world.volunteer)
    assert client.get(reverse("support:record"), {"resident": resident.pk}).status_code == 404
    url = f"{reverse('support:record')}?resident={resident.pk}"
    payload = {"client_id": str(uuid.uuid4()), "service": vneid.pk, "task": "install"}
    assert client.post(url, {**payload, "outcome": "done", "place": "home"}).status_code == 404
    assert not HelpRecord.objects.exists()


def test_a_walk_in_needs_a_name_and_a_real_phone(client, world, vneid):
    client.force_login(world.volunteer)
    url = reverse("support:record") + "?walk_in=1"
    base = {
        "client_id": str(uuid.uuid4()),
        "service": vneid.pk,
        "task": "install",
        "outcome": "done",
        "place": "point",
    }
    page = client.post(url, {**base, "walk_in_phone": "12ab"}).content.decode()
    assert "không phải số điện thoại" in page and not HelpRecord.objects.exists()
    client.post(url, {**base, "walk_in_name": "Bà Tư", "walk_in_phone": "0912 345 000"})
    help_given = HelpRecord.objects.get()
    assert help_given.walk_in_name == "Bà Tư" and help_given.ward == world.ward


def test_a_service_of_another_ward_is_refused(world):
    theirs = Service.objects.create(ward=world.other_ward, code="rieng", name="Dịch vụ riêng")
    with pytest.raises(ValidationError):
        help_record(
            actor=world.officer,
            ward=world.ward,
            client_id=uuid.uuid4(),
            data=HelpInput(resident=world.an, service=theirs, task="install"),
        )
    assert not HelpRecord.objects.exists()


def test_level2_is_only_a_vneid_task(world):
    ihanoi = Service.objects.get(code="ihanoi")
    with pytest.raises(ValidationError):
        help_record(
            actor=world.officer,
            ward=world.ward,
            client_id=uuid.uuid4(),
            data=HelpInput(resident=world.an, service=ihanoi, task="vneid_level2"),
        )


def test_help_that_needs_a_follow_up_changes_no_status(world, vneid):
    help_record(
        actor=world.officer,
        ward=world.ward,
        client_id=uuid.uuid4(),
        data=HelpInput(resident=world.an, service=vneid, task="vneid_level2", outcome="follow_up"),
    )
    assert not ServiceStatus.objects.exists()


def test_later_help_adds_to_the_status_and_never_takes_away(world, vneid):
    """The first help makes the resident's status for the service; later help raises it in
    place, says who helped last, and a lesser task keeps what was proven before."""

    def helped(actor, task):
        help_record(
            actor=actor,
            ward=world.ward,
            client_id=uuid.uuid4(),
            data=HelpInput(resident=world.an, service=vneid, task=task),
        )
        return ServiceStatus.objects.get(resident=world.an, service=vneid)

    first = helped(world.officer, "install")
    assert (first.installed, first.has_account, first.level2) == (True, None, None)
    second = helped(world.volunteer, "vneid_level2")
    assert (second.installed, second.has_account, second.level2) == (True, True, True)
    assert second.pk == first.pk and second.updated_by == world.volunteer
    assert second.updated_at > first.updated_at
    third = helped(world.officer, "install")
    assert (third.installed, third.has_account, third.level2) == (True, True, True)
    assert third.updated_by == world.officer and ServiceStatus.objects.count() == 1


def test_the_household_keeps_the_day_it_was_first_reached(client, world, vneid):
    client.force_login(world.volunteer)
    url = reverse("support:record") + f"?resident={world.an.pk}"
    for task in ("install", "create_account"):
        payload = {"client_id": str(uuid.uuid4()), "service": vneid.pk, "task": task}
        client.post(url, {**payload, "outcome": "done", "place": "point"})
    first, second = HelpRecord.objects.order_by("helped_at")
    assert first.helped_at < second.helped_at
    assert Household.objects.get(pk=world.h11.pk).first_reached_at == first.helped_at


def test_the_household_page_shows_status_and_who_helped(client, world, vneid):
    help_record(
        actor=world.volunteer,
        ward=world.ward,
        client_id=uuid.uuid4(),
        data=HelpInput(resident=world.an, service=vneid, task="create_account"),
    )
    client.force_login(world.officer)
    page = client.get(reverse("people:household", args=[world.h11.pk])).content.decode()
    assert "VNeID" in page and "Tạo tài khoản" in page and "volunteer11" in page


def test_an_officer_adds_a_service_and_volunteers_can_choose_it(client, world):
    client.force_login(world.officer)
    client.post(reverse("support:catalog"), {"name": "Hệ thống Bảo hiểm xã hội số"})
    client.post(reverse("support:catalog"), {"name": "VNeID"})
    assert Service.objects.filter(ward=world.ward).count() == 1
    client.force_login(world.volunteer)
    page = client.get(reverse("support:record"), {"resident": world.an.pk}).content.decode()
    assert "Hệ thống Bảo hiểm xã hội số" in page
    client.force_login(world.outsider)
    page = client.get(reverse("support:record"), {"walk_in": "1"}).content.decode()
    assert "Hệ thống Bảo hiểm xã hội số" not in page
    client.force_login(world.volunteer)
    assert client.get(reverse("support:catalog")).status_code == 403


def test_the_search_lists_each_persons_year_address_and_group(client, world):
    client.force_login(world.volunteer)
    page = client.get(reverse("support:record"), {"q": "nguyen van an"}).content.decode()
    assert (
        f'<a href="?resident={world.an.pk}"><strong>Nguyễn Văn An</strong> (1950)<br>'
        '<span class="muted">Số 12, ngõ 168 Trương Định · Tổ dân phố số 11</span></a>'
    ) in page
    assert "Nguyễn Văn Bình" not in page, "another ward's resident"


def test_the_help_forms_choices_are_drawn_as_djangos_own_widgets_draw_them(world, vneid):
    """The form's radio buttons, select and inputs are drawn by one template each, not
    Django's includes (per option), with the same markup: checked, selected, required, ids."""
    from django import forms

    from hocvuso.support.forms import HelpForm
    from hocvuso.support.services import services_for
    from hocvuso.teams.models import MobilePoint

    point = MobilePoint.objects.create(ward=world.ward, name="Nhà văn hoá tổ 11", address="Số 2")
    chosen = {
        "service": vneid.pk,
        "outcome": "follow_up",
        "place": "home",
        "point": point.pk,
        "dossier_code": 'G01-"2026"',
        "verified": "on",
    }
    for data in (None, chosen):
        form = HelpForm(
            data,
            services=services_for(world.ward),
            points=MobilePoint.objects.filter(ward=world.ward),
            walk_in=False,
        )
        for name in ("service", "task", "outcome", "place", "point"):
            field = form[name]
            django_widget = forms.Select if name == "point" else forms.RadioSelect
            ours = str(field)
            assert ours == field.as_widget(django_widget(choices=field.field.widget.choices))
        for name, django_input in (
            ("client_id", forms.HiddenInput),
            ("dossier_code", forms.TextInput),
            ("note", forms.TextInput),
            ("verified", forms.CheckboxInput),
        ):
            field = form[name]
            assert str(field) == field.as_widget(django_input(attrs=field.field.widget.attrs))
    # The last form was sent with these choices: they are the ones checked and selected.
    assert 'value="home" required id="id_place_1" checked' in str(form["place"])
    assert f'<option value="{point.pk}" selected>' in str(form["point"])
