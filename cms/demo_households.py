"""Demo households: made-up families in the situations the seed programmes describe.

Nobody here is real. Identity numbers and phone numbers are left empty on purpose: a generated
number with a valid check digit, or a generated mobile number, could be a real person's.
Every household is created through the station services, as a coordinator would record it,
and looked up again by its station and head of household, so a second seed adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from common.models import Region
from stations.models import (
    Consent,
    Household,
    HouseholdMember,
    IncomeStandard,
    LoveStation,
    WatchedGroup,
)
from stations.services import (
    MemberInput,
    assistance_record_create,
    consent_record,
    household_create,
    household_shock_add,
    household_watched_groups_set,
    income_standard_create,
)

# A round figure near Wenzhou's recent standards, marked as demo data wherever it is shown.
DEMO_STANDARD_AMOUNT = Decimal("1200.00")
DEMO_STANDARD_SOURCE = "演示数据（非正式文件）"
DEMO_CONSENT_VERSION = "2026-1"
DEMO_RANDOM_SEED = 20151231
HOUSEHOLDS_PER_DEMO_STATION = 6
OTHER_STATIONS_WITH_HOUSEHOLDS = 20
HOUSEHOLDS_PER_OTHER_STATION = 2

SURNAMES = "陈林黄张李王吴刘蔡杨郑周徐潘金叶朱胡邱卢"
ELDER_WOMEN = ["秀英", "桂芳", "月娥", "玉兰", "素珍", "彩凤"]
ELDER_MEN = ["德华", "国强", "建国", "志明", "阿松", "永福"]
ADULT_WOMEN = ["丽萍", "海燕", "晓红", "美玲"]
ADULT_MEN = ["建平", "海波", "伟东", "立新"]
CHILDREN = [("子涵", "female"), ("欣怡", "female"), ("浩然", "male"), ("梓轩", "male"), ("雨桐", "female")]


@dataclass(frozen=True)
class DemoFamily:
    members: list[MemberInput]
    income: Decimal
    housing: str
    groups: set[str]
    shock: tuple[str, Decimal, str] | None
    help: list[tuple[str, str, str, Decimal]]  # source, category, description, value


def _birth(rng: random.Random, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low * 365 + 30, high * 365 + 300))


def _member(name, relation, sex, birth, **kwargs) -> MemberInput:
    return MemberInput(name=name, relation=relation, sex=sex, birth_date=birth, **kwargs)


def _family(rng: random.Random, today: date, kind: int) -> DemoFamily:
    """Return one of six situations from the 2015 pilots, with made-up people."""
    surname = rng.choice(SURNAMES)
    relation, sex, health, work = (
        HouseholdMember.Relation,
        HouseholdMember.Sex,
        HouseholdMember.Health,
        HouseholdMember.Work,
    )
    schooling = HouseholdMember.Schooling
    income = Decimal(rng.randrange(60, 200) * 10)
    if kind == 0:  # a solitary elderly woman (独居老人)
        members = [
            _member(
                surname + rng.choice(ELDER_WOMEN),
                relation.HEAD,
                sex.FEMALE,
                _birth(rng, today, 78, 90),
                health=health.CHRONIC,
                work=work.RETIRED,
            )
        ]
        return DemoFamily(
            members,
            min(income, Decimal("1000")),
            "poor",
            {WatchedGroup.SOLITARY_ELDERLY},
            None,
            [("station_goods", "winter_supplies", "棉被2床、电暖器1台", Decimal("600"))],
        )
    if kind == 1:  # serious illness of the breadwinner (因病致贫)
        child_name, child_sex = rng.choice(CHILDREN)
        members = [
            _member(
                surname + rng.choice(ADULT_MEN),
                relation.HEAD,
                sex.MALE,
                _birth(rng, today, 44, 55),
                health=health.SERIOUS,
                work=work.UNABLE,
            ),
            _member(
                rng.choice(SURNAMES) + rng.choice(ADULT_WOMEN),
                relation.SPOUSE,
                sex.FEMALE,
                _birth(rng, today, 40, 50),
                work=work.EMPLOYED,
            ),
            _member(
                surname + child_name,
                relation.CHILD,
                child_sex,
                _birth(rng, today, 12, 16),
                schooling=schooling.JUNIOR,
                work=work.STUDENT,
            ),
        ]
        shock = ("medical", Decimal(rng.randrange(30, 90) * 1000), "住院及化疗费用（自付部分）")
        return DemoFamily(
            members,
            income,
            "adequate",
            {WatchedGroup.SERIOUSLY_ILL},
            shock,
            [("fund_grant", "medical", "冠名基金医疗救助", Decimal("5000"))],
        )
    if kind == 2:  # a left-behind child with a grandparent (留守儿童)
        child_name, child_sex = rng.choice(CHILDREN)
        members = [
            _member(
                surname + rng.choice(ELDER_WOMEN),
                relation.HEAD,
                sex.FEMALE,
                _birth(rng, today, 64, 74),
                health=health.CHRONIC,
                work=work.FARMING,
            ),
            _member(
                surname + child_name,
                relation.GRANDCHILD,
                child_sex,
                _birth(rng, today, 7, 12),
                schooling=schooling.PRIMARY,
                work=work.CHILD,
            ),
        ]
        return DemoFamily(
            members,
            income,
            "adequate",
            {WatchedGroup.LEFT_BEHIND_CHILD},
            None,
            [("volunteer_service", "education", "志愿者每周课业辅导", Decimal("0"))],
        )
    if kind == 3:  # a severely disabled adult cared for by a parent
        members = [
            _member(
                surname + rng.choice(ELDER_MEN), relation.HEAD, sex.MALE, _birth(rng, today, 62, 72), work=work.RETIRED
            ),
            _member(
                surname + rng.choice(ADULT_MEN),
                relation.CHILD,
                sex.MALE,
                _birth(rng, today, 30, 40),
                disability_grade=rng.choice([1, 2]),
                work=work.UNABLE,
            ),
        ]
        return DemoFamily(
            members,
            income,
            "adequate",
            {WatchedGroup.SEVERELY_DISABLED},
            None,
            [("agency_service", "disability_aids", "轮椅及康复训练", Decimal("1800"))],
        )
    if kind == 4:  # a family whose house a typhoon damaged (受灾)
        first, second = rng.sample(CHILDREN, 2)
        members = [
            _member(
                surname + rng.choice(ADULT_MEN), relation.HEAD, sex.MALE, _birth(rng, today, 38, 50), work=work.FARMING
            ),
            _member(
                rng.choice(SURNAMES) + rng.choice(ADULT_WOMEN),
                relation.SPOUSE,
                sex.FEMALE,
                _birth(rng, today, 36, 48),
                work=work.FARMING,
            ),
            _member(
                surname + first[0],
                relation.CHILD,
                first[1],
                _birth(rng, today, 6, 11),
                schooling=schooling.PRIMARY,
                work=work.CHILD,
            ),
            _member(
                surname + second[0],
                relation.CHILD,
                second[1],
                _birth(rng, today, 2, 5),
                schooling=schooling.PRESCHOOL,
                work=work.CHILD,
            ),
        ]
        shock = ("disaster", Decimal(rng.randrange(20, 60) * 1000), "台风致房屋受损")
        return DemoFamily(
            members,
            income,
            "dangerous",
            set(),
            shock,
            [("government", "disaster", "受灾人员临时生活救助", Decimal("2000"))],
        )
    # An empty-nest elderly couple (空巢老人)
    members = [
        _member(
            surname + rng.choice(ELDER_MEN),
            relation.HEAD,
            sex.MALE,
            _birth(rng, today, 72, 82),
            health=health.CHRONIC,
            work=work.RETIRED,
        ),
        _member(
            rng.choice(SURNAMES) + rng.choice(ELDER_WOMEN),
            relation.SPOUSE,
            sex.FEMALE,
            _birth(rng, today, 70, 80),
            work=work.RETIRED,
        ),
    ]
    return DemoFamily(members, income, "poor", {WatchedGroup.EMPTY_NEST_ELDERLY}, None, [])


def demo_income_standards_ensure(*, administrator: User, on: date, result) -> None:
    """Give every Wenzhou county a (demo) standard from the start of the year."""
    valid_from = on.replace(month=1, day=1)
    for county in Region.objects.filter(level=Region.Level.COUNTY, code__startswith="3303").order_by("code"):
        exists = IncomeStandard.objects.filter(county=county, valid_from=valid_from).exists()
        result.note("income standards", created=not exists)
        if not exists:
            income_standard_create(
                county=county,
                monthly_amount=DEMO_STANDARD_AMOUNT,
                valid_from=valid_from,
                source=DEMO_STANDARD_SOURCE,
                created_by=administrator,
            )


def _villages_of(station: LoveStation) -> list[Region]:
    township = station.region if station.region.level == Region.Level.TOWNSHIP else station.region.parent
    return list(Region.objects.filter(parent=township, level=Region.Level.VILLAGE).order_by("code"))


def demo_households_ensure(*, demo_stations: list[tuple[LoveStation, User]], administrator: User, result) -> None:
    """Record families at the demo accounts' stations and at a spread of other active stations."""
    # Demo data, not secrets: a seeded generator makes the same city every time.
    rng = random.Random(DEMO_RANDOM_SEED)  # noqa: S311
    today = timezone.localdate()
    demo_income_standards_ensure(administrator=administrator, on=today, result=result)
    plan: list[tuple[LoveStation, User, int]] = [
        (station, recorder, HOUSEHOLDS_PER_DEMO_STATION) for station, recorder in demo_stations
    ]
    taken = {station.pk for station, _recorder in demo_stations}
    others = [
        station
        for station in LoveStation.objects.filter(status=LoveStation.Status.ACTIVE)
        .select_related("region__parent")
        .order_by("region__code", "name")
        if station.pk not in taken
    ]
    for station in rng.sample(others, min(OTHER_STATIONS_WITH_HOUSEHOLDS, len(others))):
        plan.append((station, administrator, HOUSEHOLDS_PER_OTHER_STATION))
    for station, recorder, count in plan:
        villages = _villages_of(station)
        if not villages:
            continue
        for number in range(count):
            # One generator per household, so that skipping a household already there leaves the
            # others exactly as the first run made them.
            rng = random.Random(f"{DEMO_RANDOM_SEED}:{station.region.code}:{station.name}:{number}")  # noqa: S311
            family = _family(rng, today, kind=number % 6)
            village = rng.choice(villages)
            head = family.members[0]
            existing = Household.objects.filter(
                station=station, members__name=head.name, members__relation=HouseholdMember.Relation.HEAD
            ).first()
            result.note("households", created=existing is None)
            if existing is not None:
                continue
            household = household_create(
                station=station,
                region=village,
                members=family.members,
                created_by=recorder,
                address_detail=f"{village.short_name}{rng.randint(1, 80)}号",
                monthly_income_per_person=family.income,
                income_assessed_on=today - timedelta(days=rng.randint(10, 120)),
                housing=family.housing,
            )
            head_member = household.members.get(relation=HouseholdMember.Relation.HEAD)
            consent_record(
                household=household,
                scope=Consent.Scope.PROCESSING,
                version=DEMO_CONSENT_VERSION,
                given_by=head_member,
                given_as=Consent.GivenAs.SELF,
                given_on=today - timedelta(days=rng.randint(10, 120)),
                recorded_by=recorder,
            )
            if family.groups:
                household_watched_groups_set(
                    household=household, groups=family.groups, since=today - timedelta(days=90), changed_by=recorder
                )
            if family.shock:
                kind, amount, note = family.shock
                household_shock_add(
                    household=household,
                    kind=kind,
                    amount=amount,
                    occurred_on=today - timedelta(days=rng.randint(20, 200)),
                    note=note,
                    added_by=recorder,
                )
            for source, category, description, value in family.help:
                assistance_record_create(
                    household=household,
                    source=source,
                    category=category,
                    description=description,
                    value=value,
                    given_on=today - timedelta(days=rng.randint(5, 80)),
                    recorded_by=recorder,
                )
            result.created["assistance records"] += len(family.help)
