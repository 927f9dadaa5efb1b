"""The providers a group message goes out through, one adapter each.

Every adapter sends one text to one address and either returns the provider's id for it or
raises `Retry` (worth trying again later: a timeout, a dropped connection, a server error,
a rate limit) or `Refused` (trying again cannot help: a wrong key, an unknown number, a
person who does not follow the Official Account). A channel whose provider is not
configured sends nothing: the message waits, ready to copy by hand.
"""

import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from hocvuso.outreach.models import Channel


class Retry(Exception):
    """The provider could not take the message now; a later attempt may succeed."""


class Refused(Exception):
    """The provider refused the message; sending it again would fail the same way."""


@dataclass(frozen=True)
class Outgoing:
    key: str  # the same for every attempt at one delivery, so a provider can drop repeats
    address: str
    subject: str
    text: str


def _post_json(url: str, payload: dict, headers: dict[str, str] | None = None) -> dict:
    """POST JSON and return the JSON answer; network trouble and 5xx are worth a retry."""
    import httpx  # 6 MB: loaded where a message or a question goes out, only

    try:
        response = httpx.post(url, json=payload, headers=headers, timeout=settings.MESSAGE_TIMEOUT)
    except httpx.TimeoutException as error:
        raise Retry(f"timeout: {error}") from error
    except httpx.TransportError as error:
        raise Retry(f"connection: {error}") from error
    if response.status_code == 429 or response.status_code >= 500:
        raise Retry(f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise Refused(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        answer = response.json()
    except ValueError as error:
        raise Retry(f"not JSON: {response.text[:200]}") from error
    if not isinstance(answer, dict):
        raise Retry(f"unexpected answer: {response.text[:200]}")
    return answer


class ZaloOA:
    """Zalo Official Account API v3: a consultation ("tư vấn") text message to a follower.

    POST {ZALO_OA_URL}/v3.0/oa/message/cs, header `access_token`, body
    `{"recipient": {"user_id": …}, "message": {"text": …}}`; the answer is
    `{"error": 0, "message": "Success", "data": {"message_id": …, "user_id": …}}`, or a
    negative `error` with its `message`. Zalo lets an OA write to a follower only within a
    window after the follower last wrote to it, so those refusals are final for this message.
    """

    # Error codes that a later attempt can get past: the OA's request quota.
    RETRY_ERRORS = frozenset({-32})
    MAX_TEXT = 2000

    @staticmethod
    def configured() -> bool:
        return bool(settings.ZALO_OA_ACCESS_TOKEN)

    def send(self, outgoing: Outgoing) -> str:
        answer = _post_json(
            f"{settings.ZALO_OA_URL.rstrip('/')}/v3.0/oa/message/cs",
            {
                "recipient": {"user_id": outgoing.address},
                "message": {"text": outgoing.text[: self.MAX_TEXT]},
            },
            headers={"access_token": settings.ZALO_OA_ACCESS_TOKEN},
        )
        code = answer.get("error")
        if code == 0:
            return str((answer.get("data") or {}).get("message_id", ""))
        reason = f"Zalo {code}: {answer.get('message', '')}"[:300]
        if code in self.RETRY_ERRORS or not isinstance(code, int):
            raise Retry(reason)
        raise Refused(reason)


class Esms:
    """The eSMS.vn gateway: a customer-care SMS under the ward's registered brandname.

    POST {ESMS_URL}/MainService.svc/json/SendMultipleMessage_V4_post_json/ with ApiKey,
    SecretKey, Phone, Content, Brandname, SmsType "2", IsUnicode and RequestId; the answer's
    `CodeResult` is "100" when accepted, with its `SMSID`. A RequestId seen the same day is
    answered "124": the gateway already has this message, so it counts as sent.
    """

    ACCEPTED = "100"
    ALREADY_ACCEPTED = "124"
    # Codes a later attempt can get past: no balance yet, or the gateway busy.
    RETRY_CODES = frozenset({"103", "199"})

    @staticmethod
    def configured() -> bool:
        return bool(settings.ESMS_API_KEY and settings.ESMS_SECRET_KEY and settings.ESMS_BRANDNAME)

    def send(self, outgoing: Outgoing) -> str:
        answer = _post_json(
            f"{settings.ESMS_URL.rstrip('/')}/MainService.svc/json/SendMultipleMessage_V4_post_json/",
            {
                "ApiKey": settings.ESMS_API_KEY,
                "SecretKey": settings.ESMS_SECRET_KEY,
                "Phone": outgoing.address,
                "Content": outgoing.text,
                "Brandname": settings.ESMS_BRANDNAME,
                "SmsType": "2",
                "IsUnicode": "0" if outgoing.text.isascii() else "1",
                "RequestId": outgoing.key[:50],
            },
        )
        code = str(answer.get("CodeResult", ""))
        if code in (self.ACCEPTED, self.ALREADY_ACCEPTED):
            return str(answer.get("SMSID", ""))
        reason = f"eSMS {code or '?'}: {answer.get('ErrorMessage') or answer.get('error', '')}"
        if code in self.RETRY_CODES or not code:
            raise Retry(reason[:300])
        raise Refused(reason[:300])


class Email:
    """Email over SMTP (Django's SMTP backend), one message per person, so nobody sees the
    others' addresses."""

    @staticmethod
    def configured() -> bool:
        return bool(settings.EMAIL_HOST)

    def send(self, outgoing: Outgoing) -> str:
        message_id = f"<{outgoing.key}@{settings.EMAIL_HOST}>"
        email = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.text,
            to=[outgoing.address],
            headers={"Message-ID": message_id},
            connection=get_connection(fail_silently=False),
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:
            raise Refused(f"SMTP: {error.recipients}"[:300]) from error
        except smtplib.SMTPResponseException as error:
            reason = f"SMTP {error.smtp_code}: {error.smtp_error!r}"[:300]
            # 4xx replies are temporary by the protocol's own definition (RFC 5321 §4.2.1).
            raise (Retry if 400 <= error.smtp_code < 500 else Refused)(reason) from error
        except (smtplib.SMTPException, OSError) as error:  # OSError: refused, timed out
            raise Retry(f"SMTP: {error}"[:300]) from error
        return message_id


ADAPTERS: dict[str, type[ZaloOA] | type[Esms] | type[Email]] = {
    Channel.Kind.ZALO_OA: ZaloOA,
    Channel.Kind.SMS: Esms,
    Channel.Kind.EMAIL: Email,
}


def sender_for(kind: str) -> ZaloOA | Esms | Email | None:
    """The adapter that sends on this kind of channel, or None: copy the text by hand."""
    adapter = ADAPTERS.get(kind)
    return adapter() if adapter is not None and adapter.configured() else None
