"""Identity numbers (GB 11643): check character, date of birth, sex, normalisation, clear errors."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from common.identity import id_number_check_character, id_number_parse, validate_id_number


def make_number(body17: str) -> str:
    return body17 + id_number_check_character(body17)


# The standard's own worked example: 11010519491231002X.
STANDARD_EXAMPLE = "11010519491231002X"


class IdNumberTests:
    def test_the_standards_example_is_valid(self):
        assert id_number_check_character(STANDARD_EXAMPLE[:17]) == "X"
        resident = id_number_parse(STANDARD_EXAMPLE)
        assert resident.area_code == "110105"
        assert resident.birth_date == date(1949, 12, 31)
        assert resident.sex == "female"  # 17th digit 2 is even

    def test_sex_comes_from_the_17th_digit(self):
        assert id_number_parse(make_number("33030219800101001")).sex == "male"

    def test_spaces_full_width_digits_and_lower_case_x_are_accepted(self):
        spaced = "110105 19491231 002x"
        full_width = "１１０１０５１９４９１２３１００２Ｘ"
        assert id_number_parse(spaced).number == STANDARD_EXAMPLE
        assert id_number_parse(full_width).number == STANDARD_EXAMPLE

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("110105194912310021", "id_number_check"),
            ("330302800101001", "id_number_old"),
            ("3303021980010100", "id_number_shape"),
            ("33030219800101001A", "id_number_shape"),
            (make_number("33030219801301001"), "id_number_birth_date"),
            (make_number("33030218800101001"), "id_number_birth_date"),
        ],
    )
    def test_wrong_numbers_say_what_is_wrong(self, value, code):
        with pytest.raises(ValidationError) as error:
            validate_id_number(value)
        assert error.value.code == code

    def test_a_birth_date_in_the_future_is_refused(self):
        with pytest.raises(ValidationError):
            id_number_parse(make_number("33030220300101001"), today=date(2026, 11, 30))

    def test_masked_form(self):
        assert id_number_parse(make_number("33030219800101123")).masked.startswith("3303**********")
