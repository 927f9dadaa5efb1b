"""How many SMS a text takes. The JS of the composer (outreach/static/outreach/sms_count.js)
mirrors this function; a change here goes there too.

A text written only in the GSM 03.38 alphabet goes as 7-bit GSM: 160 characters in one SMS,
153 in each part of a longer one (the escaped characters ^{}[]~|€ and \\ count twice).
Anything else, Vietnamese with its accents included, goes as UCS-2: 70 in one SMS, 67 in
each part, counted in UTF-16 units (an emoji counts twice)."""

from dataclasses import dataclass

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsCount:
    characters: int  # as the gateway counts them: GSM septets or UTF-16 units
    parts: int
    unicode: bool


def sms_count(text: str) -> SmsCount:
    """The SMS a text is sent as. A browser sends a textarea's line breaks as CR LF but
    counts them as one character while the officer types: they count as one here too."""
    text = text.replace("\r\n", "\n")
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        length = len(text) + sum(ch in GSM_EXTENDED for ch in text)
        single, part, unicode = 160, 153, False
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, unicode = 70, 67, True
    if length == 0:
        parts = 0
    elif length <= single:
        parts = 1
    else:
        parts = -(-length // part)
    return SmsCount(characters=length, parts=parts, unicode=unicode)
