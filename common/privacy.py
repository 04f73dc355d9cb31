"""Privacy helpers: masking for screens, detection of personal data in public text, field encryption.

Names, phones, identity numbers and exact addresses of a household never reach a public page
(DESIGN.md §6). Staff screens show them masked; unmasking is a logged act (common.models.AccessLog).
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models

# --- Masking ------------------------------------------------------------------------------------


def mask_id_number(number: str) -> str:
    """Return 3303**********1234: the province and city, then the last four characters."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """Return 138****5678 for a mobile number, 0577-****1234 for a landline."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if "-" in phone:
        area, _, local = phone.partition("-")
        return f"{area}-{'*' * max(len(local) - 4, 0)}{local[-4:]}"
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


def mask_name(name: str) -> str:
    """Return the surname followed by one star per other character: 张小红 → 张**."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


# --- Personal data in free text -----------------------------------------------------------------

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class PiiFinding:
    """Personal data found in a text: its kind, where it is, and a masked excerpt safe to show."""

    kind: str  # "phone", "id_number" or "name"
    start: int
    end: int
    masked: str


def _normalise_for_scan(text: str) -> str:
    # Full-width digits (１３８…) are common in Chinese input; NFKC maps them one character to one.
    return unicodedata.normalize("NFKC", text)


def pii_findings(text: str, *, names: tuple[str, ...] | list[str] = ()) -> list[PiiFinding]:
    """Return every phone number, identity number and given name found in ``text``, in order of position.

    Identity-number-shaped strings are reported even with a wrong check character: a mistyped
    number is still somebody's number. A name of three characters or more is also looked for
    without its surname (张小红 → 小红), as neighbours call people.
    """
    scanned = _normalise_for_scan(text)
    findings: list[PiiFinding] = []
    taken: list[range] = []

    def add(kind: str, start: int, end: int, masked: str) -> None:
        if any(start < span.stop and end > span.start for span in taken):
            return
        taken.append(range(start, end))
        findings.append(PiiFinding(kind=kind, start=start, end=end, masked=masked))

    for match in _ID_NUMBER.finditer(scanned):
        add("id_number", match.start(), match.end(), mask_id_number(match.group().upper()))
    for pattern in (_MOBILE, _LANDLINE):
        for match in pattern.finditer(scanned):
            add("phone", match.start(), match.end(), mask_phone(re.sub(r"\s", "", match.group())))
    for name in names:
        name = name.strip()
        variants = [name] + ([name[1:]] if len(name) >= 3 else [])
        for variant in variants:
            if len(variant) < 2:
                continue
            for match in re.finditer(re.escape(variant), scanned):
                add("name", match.start(), match.end(), mask_name(name))
    return sorted(findings, key=lambda finding: finding.start)


# --- Encryption at rest --------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("Set AIXIN_FIELD_ENCRYPTION_KEYS: sensitive fields cannot be stored without it.")
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            f"AIXIN_FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key: {error}"
        ) from None


def field_fernet() -> MultiFernet:
    """Return the cipher of sensitive fields: the first key encrypts, every key decrypts (rotation)."""
    return _fernet(tuple(settings.AIXIN_FIELD_ENCRYPTION_KEYS))


def encrypt_text(value: str) -> str:
    return field_fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return field_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ImproperlyConfigured(
            "A sensitive field could not be decrypted with any key in AIXIN_FIELD_ENCRYPTION_KEYS."
        ) from None


def blind_index(value: str, *, purpose: str) -> str:
    """Return a keyed hash of ``value`` for equality lookups (the same ID number in two households).

    The ``purpose`` keeps indexes of different fields apart, so that equal values in two fields
    do not produce equal hashes.
    """
    key = settings.AIXIN_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("Set AIXIN_BLIND_INDEX_KEY to look sensitive fields up.")
    message = f"{purpose}:{value}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token: the raw column never holds the plain value.

    It cannot be searched or ordered (each encryption differs); keep a ``blind_index`` beside
    it when records must be found by the value. Empty strings are stored empty.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_text(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.name} is encrypted and cannot be searched with '{lookup_name}'; use its blind index."
            )
        return super().get_lookup(lookup_name)
