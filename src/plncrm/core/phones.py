"""Phone numbers as one form, whatever way they were written: "tel:+1-206-555-0110"
(a vCard 4.0 URI), "(206) 555-0110" (with `pln config phone-region US`) and
"+1 206 555 0110" are all stored as "+1 206-555-0110", the international
format phonenumbers gives, and matched by their E.164 digits. A number that
is not valid where it claims to be is kept as written (without "tel:")."""

from __future__ import annotations

import re

_URI = re.compile(r"^tel:", re.IGNORECASE)


def normalise(text: str, region: str | None = None) -> str:
    value = text.strip()
    if _URI.match(value):  # "tel:+1-206-555-0110;ext=12": the number, without URI parameters
        value = _URI.sub("", value).split(";", 1)[0].strip()
    if not value or not (value.startswith("+") or region):
        return value
    import phonenumbers

    try:
        number = phonenumbers.parse(value, region or None)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    formatted: str = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return formatted
