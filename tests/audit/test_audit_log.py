from django.urls import reverse

from hocvuso.audit.models import AuditEvent


def test_the_officer_reads_the_wards_log_with_who_when_what_and_from_where(client, world):
    client.force_login(world.officer)
    client.get(reverse("people:export", args=["csv"]), REMOTE_ADDR="10.1.2.3")
    page = client.get(reverse("audit:events")).content.decode()
    assert "officer" in page and "10.1.2.3" in page
    event = AuditEvent.objects.filter(action="export").latest("at")
    assert (
        event.actor == world.officer
        and event.ip_address == "10.1.2.3"
        and event.ward_id == world.ward.pk
    )


def test_the_log_of_one_ward_is_not_shown_to_another_wards_officer(client, world):
    AuditEvent.objects.create(
        ward=world.ward, action="update", object_type="resident", summary="bí mật tổ 11"
    )
    client.force_login(world.outsider)
    assert "bí mật tổ 11" not in client.get(reverse("audit:events")).content.decode()


def test_volunteers_cannot_read_the_log(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("audit:events")).status_code == 403


def test_a_volunteers_export_is_refused_and_leaves_nothing_to_log(client, world):
    """Only the officer exports personal data (README's rights table)."""
    client.force_login(world.volunteer)
    assert client.get(reverse("people:export", args=["xlsx"])).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()
