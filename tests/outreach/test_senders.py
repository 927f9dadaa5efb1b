"""Each provider adapter against a local server that answers as the provider documents:
success, a refusal, a server error, a timeout, and what each means for trying again."""

import pytest

from hocvuso.outreach.senders import Email, Esms, Outgoing, Refused, Retry, ZaloOA, sender_for
from tests.outreach.providers import Reply

TEXT = "Kính gửi bà con Tổ dân phố số 11: thứ Bảy này có điểm hỗ trợ VNeID tại nhà văn hoá."
OUT = Outgoing(key="hocvuso-7", address="", subject="Lịch hỗ trợ", text=TEXT)


def outgoing(address: str) -> Outgoing:
    return Outgoing(key=OUT.key, address=address, subject=OUT.subject, text=OUT.text)


def test_zalo_sends_a_consultation_message_as_documented(providers):
    assert ZaloOA().send(outgoing("8420123456789")) == "zmsg-1"
    request = providers.received[0]
    assert request.path == "/v3.0/oa/message/cs"
    assert request.headers["access_token"] == "oa-token-123"
    assert request.json == {"recipient": {"user_id": "8420123456789"}, "message": {"text": TEXT}}


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [
        (Reply(200, {"error": -216, "message": "Access token is invalid"}), Refused),
        (Reply(200, {"error": -213, "message": "User has not followed OA"}), Refused),
        (Reply(200, {"error": -32, "message": "Exceed rate limit"}), Retry),
        (Reply(502, "<html>Bad gateway</html>"), Retry),
        (Reply(200, {"error": 0, "data": {"message_id": "late"}}, delay=2.5), Retry),
    ],
    ids=["bad-token", "not-a-follower", "rate-limited", "server-error", "timeout"],
)
def test_zalo_tells_a_refusal_from_a_reason_to_retry(providers, reply, outcome):
    providers.script.append(reply)
    with pytest.raises(outcome):
        ZaloOA().send(outgoing("8420123456789"))


def test_esms_sends_a_customer_care_sms_as_documented(providers):
    assert Esms().send(outgoing("0912345678")) == "sms-1"
    request = providers.received[0]
    assert request.path == "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    assert request.json == {
        "ApiKey": "api-key", "SecretKey": "secret-key", "Phone": "0912345678",
        "Content": TEXT, "Brandname": "PHUONGTM", "SmsType": "2", "IsUnicode": "1",
        "RequestId": "hocvuso-7",
    }  # fmt: skip


def test_esms_takes_an_already_received_request_as_sent(providers):
    # A retry after a timeout the gateway had in fact accepted: same RequestId, answer 124.
    providers.script.append(Reply(200, {"CodeResult": "124", "ErrorMessage": "Request exist 1"}))
    assert Esms().send(outgoing("0912345678")) == ""


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [
        (Reply(200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"}), Refused),
        (
            Reply(200, {"CodeResult": "104", "ErrorMessage": "Brand name code is not exist"}),
            Refused,
        ),
        (Reply(200, {"CodeResult": "103", "ErrorMessage": "Balance not enough"}), Retry),
        (Reply(503, "Service Unavailable"), Retry),
        (Reply(200, {"CodeResult": "100", "SMSID": "late"}, delay=2.5), Retry),
    ],
    ids=["bad-key", "bad-brandname", "no-balance", "server-error", "timeout"],
)
def test_esms_tells_a_refusal_from_a_reason_to_retry(providers, reply, outcome):
    providers.script.append(reply)
    with pytest.raises(outcome):
        Esms().send(outgoing("0912345678"))


def test_email_goes_out_over_smtp_with_vietnamese_intact(smtp):
    Email().send(outgoing("ba.hoa@example.vn"))
    recipients, email = smtp.received[0]
    assert recipients == ["ba.hoa@example.vn"]
    assert email["Subject"] == "Lịch hỗ trợ"
    assert email["From"] == "ubnd@tuongmai.example"
    assert TEXT in email.get_content()


def test_email_refused_for_an_unknown_mailbox_is_final(smtp):
    with pytest.raises(Refused):
        Email().send(outgoing("refused@example.vn"))


@pytest.mark.parametrize(
    "step", ["451 4.3.0 Try again later", 2.5], ids=["temporary-reply", "timeout"]
)
def test_email_temporary_trouble_is_worth_a_retry(smtp, step):
    smtp.script.append(step)
    with pytest.raises(Retry):
        Email().send(outgoing("ba.hoa@example.vn"))


def test_email_with_no_server_listening_is_worth_a_retry(smtp, settings):
    smtp.stop()
    with pytest.raises(Retry):
        Email().send(outgoing("ba.hoa@example.vn"))
    smtp.start()


def test_a_provider_not_configured_sends_nothing(settings):
    settings.ZALO_OA_ACCESS_TOKEN = settings.ESMS_API_KEY = settings.EMAIL_HOST = ""
    assert [sender_for(kind) for kind in ("zalo_oa", "sms", "email", "zalo_group")] == [None] * 4
