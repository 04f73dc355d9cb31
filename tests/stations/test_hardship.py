"""The income circles and the hardship score, as plain functions."""

from decimal import Decimal

import pytest

from stations.hardship import (
    HouseholdFacts,
    IncomeCircle,
    MemberFacts,
    hardship_factor_values,
    hardship_score,
    income_circle,
)

WEIGHTS = {
    "income": 30,
    "dependants": 15,
    "illness": 15,
    "disability": 10,
    "shocks": 15,
    "housing": 5,
    "recent_help": 10,
}
STANDARD = Decimal("1100")  # e.g. 温州 2024: 1,100 yuan per person per month


def circle(income: str | None) -> str | None:
    return income_circle(
        monthly_income_per_person=None if income is None else Decimal(income),
        standard=STANDARD,
        near_dibao_multiplier=Decimal("1.5"),
        low_income_multiplier=Decimal("2"),
    )


def facts(**overrides) -> HouseholdFacts:
    base = {
        "circle": IncomeCircle.ABOVE,
        "members": (MemberFacts(age=40, health="healthy", disability_grade=0, able_to_work=True),),
        "annual_income": Decimal("60000"),
        "shocks_last_12_months": Decimal("0"),
        "housing": "adequate",
        "help_last_90_days": Decimal("3000"),
    }
    return HouseholdFacts(**{**base, **overrides})


class IncomeCircleTests:
    @pytest.mark.parametrize(
        ("income", "expected"),
        [
            ("0", IncomeCircle.DIBAO),
            ("1099.99", IncomeCircle.DIBAO),
            ("1100", IncomeCircle.NEAR_DIBAO),  # "below the standard" is dibao; at the standard is not
            ("1650", IncomeCircle.NEAR_DIBAO),  # 1.5 × standard is still near-dibao ("以下")
            ("1650.01", IncomeCircle.LOW_INCOME),
            ("2200", IncomeCircle.LOW_INCOME),
            ("2200.01", IncomeCircle.ABOVE),
            (None, None),
        ],
    )
    def test_boundaries(self, income, expected):
        assert circle(income) == expected


class HardshipScoreTests:
    def test_a_comfortable_household_scores_zero(self):
        assert hardship_score(facts(), WEIGHTS).total == 0

    def test_the_hardest_case_scores_100(self):
        worst = facts(
            circle=IncomeCircle.DIBAO,
            members=(
                MemberFacts(age=82, health="serious", disability_grade=1, able_to_work=False),
                MemberFacts(age=79, health="mental", disability_grade=2, able_to_work=False),
            ),
            annual_income=Decimal("6000"),
            shocks_last_12_months=Decimal("9000"),
            housing="none",
            help_last_90_days=Decimal("0"),
        )
        assert hardship_score(worst, WEIGHTS).total == 100

    def test_parts_add_up_to_the_total_and_explain_it(self):
        score = hardship_score(
            facts(circle=IncomeCircle.NEAR_DIBAO, housing="dangerous", help_last_90_days=Decimal("1500")), WEIGHTS
        )
        assert abs(sum(part.points for part in score.parts) - score.total) <= 1
        parts = {part.factor: part for part in score.parts}
        assert parts["income"].value == 0.75
        assert parts["income"].detail == {"circle": "near_dibao"}
        assert parts["housing"].value == 0.8
        assert parts["recent_help"].value == 0.5

    def test_dependants_are_children_elderly_and_people_unable_to_work(self):
        members = (
            MemberFacts(age=8, health="healthy", disability_grade=0, able_to_work=False),
            MemberFacts(age=75, health="healthy", disability_grade=0, able_to_work=False),
            MemberFacts(age=45, health="healthy", disability_grade=0, able_to_work=False),
            MemberFacts(age=40, health="healthy", disability_grade=0, able_to_work=True),
        )
        value, detail = hardship_factor_values(facts(members=members))["dependants"]
        assert value == 0.75
        assert detail == {"dependants": 3, "members": 4}

    def test_a_shock_is_weighed_against_the_households_income(self):
        small = hardship_factor_values(facts(shocks_last_12_months=Decimal("6000")))["shocks"][0]
        assert small == pytest.approx(0.1)
        unknown_income = hardship_factor_values(facts(annual_income=None, shocks_last_12_months=Decimal("10000")))
        assert unknown_income["shocks"][0] == pytest.approx(0.5)

    def test_unassessed_income_counts_as_low_income(self):
        assert hardship_factor_values(facts(circle=None))["income"][0] == 0.5

    def test_weights_change_the_ranking(self):
        ill = facts(members=(MemberFacts(age=50, health="serious", disability_grade=0, able_to_work=False),))
        poor = facts(circle=IncomeCircle.DIBAO)
        income_first = {**WEIGHTS, "income": 60, "illness": 5}
        illness_first = {**WEIGHTS, "income": 5, "illness": 60}
        assert hardship_score(poor, income_first).total > hardship_score(ill, income_first).total
        assert hardship_score(ill, illness_first).total > hardship_score(poor, illness_first).total

    def test_all_zero_weights_are_refused(self):
        with pytest.raises(ValueError):
            hardship_score(facts(), dict.fromkeys(WEIGHTS, 0))
