"""Resident identity numbers (居民身份证号码, GB 11643-1999): parse, validate, normalise."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ISO 7064 MOD 11-2 as GB 11643 applies it: weights of the first 17 digits, and the check character.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class ResidentId:
    number: str
    area_code: str
    birth_date: date
    sex: str  # "male" or "female", from the parity of the sequence code

    @property
    def masked(self) -> str:
        from common.privacy import mask_id_number

        return mask_id_number(self.number)


def id_number_check_character(first_17_digits: str) -> str:
    """Return the check character (0-9 or X) of the first 17 digits of an identity number."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17_digits, _WEIGHTS, strict=True))
    return _CHECK_CHARACTERS[total % 11]


def id_number_normalise(value: str) -> str:
    """Return the number without spaces, with full-width digits made ASCII and a final x upper-cased."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def id_number_parse(value: str, *, today: date | None = None) -> ResidentId:
    """Return the parts of a valid 18-character identity number; raise ValidationError saying what is wrong."""
    number = id_number_normalise(value)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("This is an old 15-digit number: enter the 18-character number on the current card."),
            code="id_number_old",
        )
    if not _SHAPE.match(number):
        raise ValidationError(
            _("An identity number has 18 characters: 17 digits and a final digit or X."), code="id_number_shape"
        )
    try:
        birth_date = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("Characters 7 to 14 must be a date of birth (YYYYMMDD)."), code="id_number_birth_date"
        ) from None
    if not (birth_date.year >= _EARLIEST_BIRTH_YEAR and birth_date <= (today or date.today())):
        raise ValidationError(_("The date of birth in this number is not possible."), code="id_number_birth_date")
    if id_number_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("The last character does not match the others: check the number for a typing mistake."),
            code="id_number_check",
        )
    sex = "male" if int(number[16]) % 2 else "female"
    return ResidentId(number=number, area_code=number[:6], birth_date=birth_date, sex=sex)


def validate_id_number(value: str) -> None:
    """Django validator for model and form fields holding an identity number."""
    id_number_parse(value)
