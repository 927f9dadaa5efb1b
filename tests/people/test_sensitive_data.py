"""Disability is stored only with consent, and every read is logged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hocvuso.audit.models import AuditEvent
from hocvuso.people.models import Consent, Disability
from hocvuso.people.services import disability_record


def test_a_disability_cannot_be_saved_without_consent(client, world):
    client.force_login(world.officer)
    url = reverse("people:resident_disability", args=[world.h11.pk, world.an.pk])
    response = client.post(
        url, {"description": "Không nhìn rõ chữ nhỏ", "given_by": "", "given_on": "2026-11-01"}
    )
    assert response.status_code == 200
    assert not Disability.objects.exists()


def test_with_consent_it_is_saved_and_each_view_is_logged(client, world):
    client.force_login(world.officer)
    url = reverse("people:resident_disability", args=[world.h11.pk, world.an.pk])
    response = client.post(
        url,
        {
            "description": "Không nhìn rõ chữ nhỏ",
            "given_by": "Ông An",
            "given_on": "2026-11-01",
            "confirm": "on",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert Disability.objects.get(resident=world.an).consent.given_by == "Ông An"
    client.force_login(world.volunteer)
    assert "Không nhìn rõ chữ nhỏ" in client.get(url).content.decode()
    read = AuditEvent.objects.filter(action="read_sensitive", actor=world.volunteer)
    assert read.count() == 1


def test_a_volunteer_cannot_record_or_erase_it(client, world):
    client.force_login(world.volunteer)
    url = reverse("people:resident_disability", args=[world.h11.pk, world.an.pk])
    assert client.post(url, {"action": "erase"}).status_code == 403


def test_erasing_withdraws_the_consent(world):
    from hocvuso.people.services import disability_remove

    disability_record(
        actor=world.officer,
        resident=world.an,
        description="Đi lại khó khăn",
        given_by="Ông An",
        given_on=datetime.date(2026, 11, 1),
    )
    disability_remove(actor=world.officer, resident=world.an)
    assert not Disability.objects.exists()
    assert Consent.objects.get(resident=world.an).withdrawn_at is not None


def test_consent_cannot_be_dated_in_the_future(world):
    with pytest.raises(ValidationError):
        disability_record(
            actor=world.officer,
            resident=world.an,
            description="x",
            given_by="Ông An",
            given_on=datetime.date.today() + datetime.timedelta(days=3),
        )


def test_filtering_by_disability_is_logged_as_a_sensitive_read(client, world):
    disability_record(
        actor=world.officer,
        resident=world.an,
        description="Đi lại khó khăn",
        given_by="Ông An",
        given_on=datetime.date(2026, 11, 1),
    )
    client.force_login(world.officer)
    page = client.get(reverse("people:residents"), {"flags": "disability"}).content.decode()
    assert "Nguyễn Văn An" in page and "Đỗ Thị Hường" not in page
    assert AuditEvent.objects.filter(action="read_sensitive", actor=world.officer).exists()


def test_a_household_of_another_group_hides_its_disability_page(client, world):
    client.force_login(world.volunteer)
    url = reverse("people:resident_disability", args=[world.h12.pk, world.h12.residents.get().pk])
    assert client.get(url).status_code == 404
