"""Phone numbers as the providers want them: E.164 (``+8613800138000``), parsed with ``phonenumbers``.

Odoo's ``_phone_format`` already gives E.164 when it can, but keeps what was typed when it cannot; a provider
must never receive that, and a notice must not go to a landline (a Chinese fixed line cannot receive SMS).
"""

import phonenumbers

# The number types that receive SMS; FIXED_LINE_OR_MOBILE is what phonenumbers says where both share a range
# (e.g. the United States).
SMS_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse(number, region=None):
    """The valid ``PhoneNumber`` of ``number`` (``region``: ISO code for numbers without a ``+``), or None."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def to_e164(number, region=None):
    """``number`` in E.164, or None when it is not a valid number."""
    parsed = parse(number, region)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if parsed else None


def sms_number(number, region=None):
    """``number`` in E.164 when it can receive SMS (a mobile number), else None."""
    parsed = parse(number, region)
    if not parsed or phonenumbers.number_type(parsed) not in SMS_TYPES:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_mainland(e164):
    """Whether the E.164 number is a mainland China one (+86), where only approved templates may be sent."""
    return bool(e164) and e164.startswith("+86")


def national_digits(e164):
    """The national significant number (``13800138000`` for ``+8613800138000``)."""
    return phonenumbers.national_significant_number(phonenumbers.parse(e164))
