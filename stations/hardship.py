"""Income circles and the hardship score: plain functions over plain facts, every score with its parts.

No database here: ``stations.services`` gathers the facts of a household and stores the result,
so that the formula can be read, tested and explained on its own (肥城's composite score,
碑林's income circles).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncomeCircle(models.TextChoices):
    DIBAO = "dibao", _("below the dibao standard (低保)")
    NEAR_DIBAO = "near_dibao", _("near-dibao (低保边缘)")
    LOW_INCOME = "low_income", _("low income")
    ABOVE = "above", _("above the low-income line")


def income_circle(
    *,
    monthly_income_per_person: Decimal | None,
    standard: Decimal,
    near_dibao_multiplier: Decimal,
    low_income_multiplier: Decimal,
) -> str | None:
    """Return the household's income circle, or None when its income has not been assessed.

    Below the standard is dibao (浙江省社会救助条例 art. 9: "低于"); up to and including the
    near-dibao limit is near-dibao (art. 13: "以下"); up to the low-income limit is low income.
    """
    if monthly_income_per_person is None:
        return None
    if monthly_income_per_person < standard:
        return IncomeCircle.DIBAO
    if monthly_income_per_person <= standard * near_dibao_multiplier:
        return IncomeCircle.NEAR_DIBAO
    if monthly_income_per_person <= standard * low_income_multiplier:
        return IncomeCircle.LOW_INCOME
    return IncomeCircle.ABOVE


@dataclass(frozen=True)
class MemberFacts:
    age: int
    health: str  # HouseholdMember.Health value
    disability_grade: int  # 0 none, 1 most severe … 4
    able_to_work: bool


@dataclass(frozen=True)
class HouseholdFacts:
    circle: str | None
    members: tuple[MemberFacts, ...]
    annual_income: Decimal | None
    shocks_last_12_months: Decimal
    housing: str  # Household.Housing value
    help_last_90_days: Decimal


@dataclass(frozen=True)
class ScorePart:
    factor: str
    weight: int
    value: float  # 0 (no hardship from this factor) … 1 (the most)
    points: float  # what it adds to the 0–100 score
    detail: dict


@dataclass(frozen=True)
class HardshipScore:
    total: int
    parts: tuple[ScorePart, ...]

    def as_json(self) -> list[dict]:
        return [
            {"factor": p.factor, "weight": p.weight, "value": p.value, "points": p.points, "detail": p.detail}
            for p in self.parts
        ]


# Each factor's value, from 0 to 1. The numbers are the policy: change them here, with the tests.
CIRCLE_VALUES = {
    IncomeCircle.DIBAO: 1.0,
    IncomeCircle.NEAR_DIBAO: 0.75,
    IncomeCircle.LOW_INCOME: 0.5,
    IncomeCircle.ABOVE: 0.0,
}
# Not yet assessed counts as low income, so that a household is not pushed down for paperwork.
UNASSESSED_CIRCLE_VALUE = 0.5
ILLNESS_VALUES = {"serious": 0.7, "mental": 0.6, "chronic": 0.3, "healthy": 0.0}
DISABILITY_VALUES = {1: 1.0, 2: 0.8, 3: 0.5, 4: 0.3}
HOUSING_VALUES = {"adequate": 0.0, "poor": 0.4, "dangerous": 0.8, "none": 1.0}
CHILD_AGE_BELOW = 18
ELDERLY_AGE_FROM = 70
# A shock as large as a year's income is the most a shock can weigh; without a known income,
# this sum stands in for a year's income.
SHOCK_REFERENCE_INCOME = Decimal("20000")
# Help worth this much in 90 days takes away all of this factor's priority.
RECENT_HELP_SATURATION = Decimal("3000")


def _is_dependant(member: MemberFacts) -> bool:
    return member.age < CHILD_AGE_BELOW or member.age >= ELDERLY_AGE_FROM or not member.able_to_work


def hardship_factor_values(facts: HouseholdFacts) -> dict[str, tuple[float, dict]]:
    """Return each factor's value (0–1) and the facts it was read from."""
    members = facts.members
    dependants = sum(1 for member in members if _is_dependant(member))
    illness = sum(ILLNESS_VALUES.get(member.health, 0.0) for member in members)
    disability = sum(DISABILITY_VALUES.get(member.disability_grade, 0.0) for member in members)
    income_reference = facts.annual_income if facts.annual_income else SHOCK_REFERENCE_INCOME
    shock_burden = float(facts.shocks_last_12_months / income_reference) if income_reference else 0.0
    help_share = float(min(facts.help_last_90_days, RECENT_HELP_SATURATION) / RECENT_HELP_SATURATION)
    return {
        "income": (
            CIRCLE_VALUES.get(facts.circle, UNASSESSED_CIRCLE_VALUE) if facts.circle else UNASSESSED_CIRCLE_VALUE,
            {"circle": facts.circle},
        ),
        "dependants": (
            dependants / len(members) if members else 0.0,
            {"dependants": dependants, "members": len(members)},
        ),
        "illness": (min(1.0, illness), {"ill_members": sum(1 for m in members if m.health != "healthy")}),
        "disability": (
            min(1.0, disability),
            {"disabled_members": sum(1 for m in members if m.disability_grade)},
        ),
        "shocks": (
            min(1.0, shock_burden),
            {"shocks_12_months": str(facts.shocks_last_12_months), "income_reference": str(income_reference)},
        ),
        "housing": (HOUSING_VALUES.get(facts.housing, 0.0), {"housing": facts.housing}),
        "recent_help": (1.0 - help_share, {"help_90_days": str(facts.help_last_90_days)}),
    }


def hardship_score(facts: HouseholdFacts, weights: dict[str, int]) -> HardshipScore:
    """Return the 0–100 score as the weighted mean of the factor values, with each factor's part."""
    total_weight = sum(weights.values())
    if total_weight <= 0:
        raise ValueError("At least one hardship weight must be above zero.")
    values = hardship_factor_values(facts)
    parts = []
    for factor, weight in weights.items():
        value, detail = values[factor]
        points = 100.0 * weight * value / total_weight
        parts.append(
            ScorePart(factor=factor, weight=weight, value=round(value, 3), points=round(points, 1), detail=detail)
        )
    total = round(sum(100.0 * weights[factor] * values[factor][0] for factor in weights) / total_weight)
    return HardshipScore(total=max(0, min(100, total)), parts=tuple(parts))
