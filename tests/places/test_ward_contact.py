"""The ward's contact details: written by its own officer only, phones checked, shown on the
ward's public help page and in the assistant's answer on how to reach the ward."""

from django.urls import reverse

from hocvuso.assistant import retrieval
from hocvuso.audit.models import AuditEvent
from hocvuso.places.models import WardContact

FILLED = {
    "office_address": "Số 1 phố Mẫu, phường Tương Mai",
    "office_phone": "024 3864 0000",
    "office_hours": "Thứ Hai đến thứ Sáu, 7:30–17:00",
    "police_phone": "0243.864.1111",
    "email": "",
}


def contact_answer(world) -> str:
    guide = retrieval.answer("liên hệ phường thế nào", world.ward.pk).best.guide
    assert guide.key == f"ward:{world.ward.pk}:contact"
    return guide.answer


def test_the_officer_writes_the_contact_and_the_assistant_gives_the_phones(client, world):
    before = contact_answer(world)
    assert "02438640000" not in before
    client.force_login(world.officer)
    page = client.post(reverse("places:contact") + f"?ward={world.ward.pk}", FILLED)
    assert page.status_code == 302
    contact = WardContact.objects.get(ward=world.ward)
    assert (contact.office_phone, contact.police_phone) == ("02438640000", "02438641111")
    assert AuditEvent.objects.filter(summary__contains="liên hệ").exists()
    answer = contact_answer(world)
    assert "điện thoại 02438640000" in answer and "Số 1 phố Mẫu" in answer
    assert "Công an Phường Tương Mai, điện thoại 02438641111" in answer

    client.post(
        reverse("places:contact") + f"?ward={world.ward.pk}",
        {**FILLED, "office_phone": "0912000111"},
    )
    answer = contact_answer(world)
    assert "0912000111" in answer and "02438640000" not in answer


def test_the_help_page_shows_the_ward_s_contact(client, world):
    WardContact.objects.create(ward=world.ward, office_address="Số 1 phố Mẫu", police_phone="113")
    page = client.get(reverse("help_request", args=[world.ward.pk])).content.decode()
    assert "Liên hệ Phường Tương Mai" in page and "Số 1 phố Mẫu" in page
    other = client.get(reverse("help_request", args=[world.other_ward.pk])).content.decode()
    assert "Số 1 phố Mẫu" not in other


def test_a_bad_phone_is_refused_in_vietnamese(client, world):
    client.force_login(world.officer)
    page = client.post(
        reverse("places:contact") + f"?ward={world.ward.pk}", {**FILLED, "police_phone": "12ab"}
    )
    assert page.status_code == 200
    assert "“12ab” không phải số điện thoại Việt Nam." in page.content.decode()
    assert not WardContact.objects.exists()


def test_another_ward_s_officer_cannot_edit_this_ward_s_contact(client, world):
    WardContact.objects.create(ward=world.ward, office_phone="02438640000")
    client.force_login(world.outsider)
    url = reverse("places:contact") + f"?ward={world.ward.pk}"
    # Not one of their wards: the Vietnamese 404, as for every staff page's ?ward=.
    assert client.get(url).status_code == 404
    assert client.post(url, {**FILLED, "office_phone": "0999999999"}).status_code == 404
    assert WardContact.objects.get(ward=world.ward).office_phone == "02438640000"
    client.force_login(world.volunteer)
    assert client.get(url).status_code == 403
