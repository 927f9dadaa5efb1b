"""How many SMS a message takes: 160/153 without accents, 70/67 with them (UCS-2)."""

import pytest
from django.urls import reverse

from hocvuso.outreach import messaging
from hocvuso.outreach.models import Channel
from hocvuso.outreach.sms import sms_count


@pytest.mark.parametrize(
    ("text", "characters", "parts", "unicode"),
    [
        ("", 0, 0, False),
        ("a" * 160, 160, 1, False),
        ("a" * 161, 161, 2, False),
        ("a" * 306, 306, 2, False),
        ("a" * 307, 307, 3, False),
        ("[tdp]" + "a" * 154, 161, 2, False),  # [ and ] take two places each
        ("Cafe à la crème", 15, 1, False),  # à and è are in the GSM alphabet
        ("ư" * 70, 70, 1, True),
        ("ư" * 71, 71, 2, True),
        ("ư" * 134, 134, 2, True),
        ("ư" * 135, 135, 3, True),
        ("Kính gửi bà con", 15, 1, True),
        ("Chào 👋", 7, 1, True),  # an emoji is two UTF-16 units
        ("dòng một\r\ndòng hai", 17, 1, True),  # a submitted line break is one character
    ],
)
def test_a_text_counts_its_characters_and_sms_parts(text, characters, parts, unicode):
    counted = sms_count(text)
    assert (counted.characters, counted.parts, counted.unicode) == (characters, parts, unicode)


def test_the_composer_and_its_preview_say_how_many_sms_the_text_takes(client, world):
    sms = Channel.objects.create(
        ward=world.ward, residential_group=world.group11, kind="sms", name="SMS tổ 11"
    )
    messaging.members_add(user=world.officer, channel=sms, text="0912345678")
    client.force_login(world.officer)
    empty = client.get(reverse("outreach:compose")).content.decode()
    assert "<span data-sms-characters>0</span> ký tự" in empty
    body = "Kính gửi bà con [tổ dân phố]!" + " Mời bà con đến điểm hỗ trợ." * 3
    page = client.post(reverse("outreach:compose"), {
        "groups": [world.group11.pk], "kinds": ["sms"], "body": body, "action": "preview",
    }).content.decode()  # fmt: skip
    assert "Xem lại trước khi gửi" in page
    # The preview counts the text as the group gets it: the group's name in place.
    sent = body.replace("[tổ dân phố]", "Tổ dân phố số 11")
    assert f"<span data-sms-characters>{len(sent)}</span> ký tự" in page
    assert "<span data-sms-parts>2</span> tin SMS" in page
    assert "có dấu: một tin 70 ký tự" in page
