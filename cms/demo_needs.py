"""Demo needs: what the made-up households of cms/demo_households.py ask for, in the states a city sees.

Every need goes through the need services as staff would post it: created as a draft, sent for
review, approved by the station lead or the city administrator. Most households consented to a
public story and their needs are published; a few did not, and their needs stay with the station.
At the demo lead's station some needs wait in review and one is a draft, so the moderation pages
have work on them. Public texts name no one: the village is the most exact place they give.

A household that already has needs is left alone, so a second seed adds nothing; a household seeded
before needs existed gets its needs on the next seed.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from stations.models import Consent, Household, HouseholdMember, LoveStation, Need, WatchedGroup
from stations.need_services import need_approve, need_create, need_met_add, need_submit
from stations.services import consent_record, household_has_consent

DEMO_CONSENT_VERSION = "2026-1"
DEMO_RANDOM_SEED = 20161111
# Out of ten households, how many consented to a public story.
PUBLIC_STORY_IN_TEN = 8


@dataclass(frozen=True)
class DemoNeed:
    kind: str
    category: str
    title: str  # alternatives separated by "|", one picked per household
    description: str
    quantity: int | None = None
    unit: str = ""
    amount: Decimal | None = None
    tier: str = Need.Tier.SINGLE_DEPARTMENT
    urgency: int = Need.Urgency.NORMAL


GOODS, MONEY = Need.Kind.GOODS, Need.Kind.MONEY
VOLUNTEER, PROFESSIONAL = Need.Kind.VOLUNTEER_SERVICE, Need.Kind.PROFESSIONAL_SERVICE

# By household situation, in the order of cms.demo_households._family's kinds; {village} is filled in.
NEEDS_BY_SITUATION: dict[str, list[DemoNeed]] = {
    "solitary_elderly": [
        DemoNeed(
            GOODS,
            "winter_supplies",
            "独居老人过冬需要厚棉被和电热毯|{village}独居奶奶的过冬被褥|给独居老人添一床厚棉被",
            "{village}一位八十多岁的独居老人，老房子冬天阴冷潮湿，现有的被子已经很薄。"
            "需要两床厚棉被和一条电热毯，帮老人平安过冬。",
            quantity=3,
            unit="件",
            urgency=Need.Urgency.HIGH,
        ),
        DemoNeed(
            VOLUNTEER,
            "elderly_care",
            "每周上门陪伴、代买药品|陪独居老人聊聊天、买买药|{village}老人需要定期探访",
            "老人腿脚不便，子女不在身边。希望有志愿者每周上门一次，陪老人聊聊天，帮忙买药、打扫。",
            quantity=8,
            unit="次",
        ),
    ],
    "serious_illness": [
        DemoNeed(
            MONEY,
            "medical",
            "化疗期间的自付医疗费|因病致贫家庭的治疗费用|帮顶梁柱渡过治疗难关",
            "家里的顶梁柱今年查出重病，正在化疗，医保报销后仍有较大的自付部分。爱人打零工维持家用，孩子正在读初中。",
            amount=Decimal("20000"),
            tier=Need.Tier.JOINT,
            urgency=Need.Urgency.HIGH,
        ),
        DemoNeed(
            GOODS,
            "education",
            "初中生的学习用品和冬季校服|孩子的校服和文具",
            "孩子读初二，家里因病开支大，需要一套冬季校服和一学期的学习用品。",
            quantity=2,
            unit="套",
        ),
    ],
    "left_behind_child": [
        DemoNeed(
            VOLUNTEER,
            "education",
            "留守儿童课后作业辅导|{village}留守孩子需要课后辅导|每周两次的作业辅导",
            "孩子读小学，父母在外地打工，由年迈的奶奶照顾。希望有志愿者每周两次在驿站辅导功课。",
            quantity=16,
            unit="次",
        ),
        DemoNeed(
            GOODS,
            "clothing_bedding",
            "孩子的冬衣和棉鞋|留守孩子过冬的棉衣",
            "孩子长得快，去年的冬衣已经穿不下，需要一件棉衣和一双棉鞋（身高约140厘米，鞋码34）。",
            quantity=2,
            unit="件",
        ),
    ],
    "disability": [
        DemoNeed(
            GOODS,
            "disability_aids",
            "一辆轻便轮椅|需要一辆可折叠的轮椅",
            "家中成年子女重度残疾，由年过六旬的母亲照护。旧轮椅已损坏，需要一辆轻便、可折叠的轮椅。",
            quantity=1,
            unit="辆",
        ),
        DemoNeed(
            PROFESSIONAL,
            "psychological",
            "长期照护者的心理支持|照护重残子女的母亲需要喘口气",
            "母亲多年独自照护，身心疲惫。希望社工机构提供几次上门心理疏导，并介绍喘息服务。",
            quantity=4,
            unit="次",
        ),
    ],
    "typhoon": [
        DemoNeed(
            VOLUNTEER,
            "home_repair",
            "台风后修补屋顶和门窗|{village}受灾房屋修补|漏雨的屋顶需要修补",
            "台风过后，{village}这户人家的屋顶漏雨、窗户破损。需要懂泥瓦和木工的志愿者上门修补。",
            quantity=2,
            unit="次",
            tier=Need.Tier.SPECIAL_URGENT,
            urgency=Need.Urgency.CRITICAL,
        ),
        DemoNeed(
            MONEY,
            "disaster",
            "受灾后的临时生活费|台风受灾家庭的生活补助",
            "家里的电器和部分家具被水泡坏，收入也受到影响。需要一笔临时生活费，帮助渡过难关。",
            amount=Decimal("5000"),
            tier=Need.Tier.JOINT,
        ),
    ],
    "empty_nest": [
        DemoNeed(
            GOODS,
            "food",
            "空巢老人的米、油和过冬蔬菜|{village}空巢老人的过冬食物|给空巢老人送米送油",
            "{village}一对空巢老人，靠养老金生活，入冬后出门买菜不便。需要米、油和耐放的蔬菜。",
            quantity=4,
            unit="份",
        ),
    ],
}
SITUATIONS = list(NEEDS_BY_SITUATION)

COMMUNITY_NEED = DemoNeed(
    VOLUNTEER,
    "winter_supplies",
    "冬季物资发放日需要志愿者",
    "驿站将在周末集中发放冬季物资，需要志愿者帮忙搬运、登记和送货上门。",
    quantity=6,
    unit="人次",
)


def _situation(household: Household) -> str:
    """Read the household's situation back from what was recorded about it."""
    groups = set(household.watched_groups.values_list("group", flat=True))
    members = list(household.members.all())
    if WatchedGroup.LEFT_BEHIND_CHILD in groups:
        return "left_behind_child"
    if household.shocks.filter(kind="disaster").exists():
        return "typhoon"
    if household.shocks.filter(kind="medical").exists():
        return "serious_illness"
    if any(member.disability_grade for member in members):
        return "disability"
    if len(members) == 1:
        return "solitary_elderly"
    return "empty_nest"


def _post(
    *,
    station: LoveStation,
    household: Household | None,
    demo: DemoNeed,
    village: str,
    recorder: User,
    approver: User,
    state: str,
    rng: random.Random,
) -> Need:
    need = need_create(
        station=station,
        household=household,
        kind=demo.kind,
        category=demo.category,
        title=rng.choice(demo.title.split("|")).format(village=village),
        public_description=demo.description.format(village=village),
        quantity=demo.quantity,
        unit=demo.unit,
        amount=demo.amount,
        tier=demo.tier,
        urgency=demo.urgency,
        responsible=recorder,
        created_by=recorder,
    )
    if state == "draft":
        return need
    need_submit(need=need, by=recorder)
    if state == "in_review":
        return need
    need_approve(need=need, by=approver, comment="已入户核实。")
    if state == "partly_met":
        if need.quantity:
            need_met_add(need=need, by=recorder, quantity=max(1, need.quantity // 2))
        else:
            need_met_add(need=need, by=recorder, amount=(need.amount or Decimal("0")) * Decimal("0.3"))
    return need


def demo_needs_ensure(*, lead_station: LoveStation, lead: User, administrator: User, result) -> None:
    """Post the needs of every demo household that has none yet, and a community need at the lead's station."""
    today = timezone.localdate()
    households = (
        Household.objects.filter(status=Household.Status.ACTIVE, needs__isnull=True)
        .select_related("station", "region")
        .order_by("station__region__code", "reference")
    )
    for household in households:
        rng = random.Random(f"{DEMO_RANDOM_SEED}:{household.station.name}:{household.region.code}")  # noqa: S311
        at_lead_station = household.station_id == lead_station.pk
        recorder = household.created_by or administrator
        if not household.station.memberships.filter(user=recorder).exists():
            recorder = administrator
        approver = lead if at_lead_station else administrator
        head = household.members.filter(relation=HouseholdMember.Relation.HEAD).first()
        public = rng.randrange(10) < PUBLIC_STORY_IN_TEN
        if (
            public
            and head
            and not household_has_consent(household=household, scope=Consent.Scope.PUBLIC_STORY, on=today)
        ):
            consent_record(
                household=household,
                scope=Consent.Scope.PUBLIC_STORY,
                version=DEMO_CONSENT_VERSION,
                given_by=head,
                given_as=Consent.GivenAs.SELF,
                given_on=today - timedelta(days=rng.randint(1, 30)),
                recorded_by=recorder,
            )
        for number, demo in enumerate(NEEDS_BY_SITUATION[_situation(household)]):
            if not public:
                state = "draft" if number else "in_review"
            elif at_lead_station and rng.randrange(4) == 0:
                state = "in_review"
            else:
                state = "partly_met" if rng.randrange(3) == 0 else "open"
            # Without a public story a need cannot be approved: it waits at the station instead.
            _post(
                station=household.station,
                household=household,
                demo=demo,
                village=household.region.short_name,
                recorder=recorder,
                approver=approver,
                state=state,
                rng=rng,
            )
            result.created["needs"] += 1
    if not Need.objects.filter(station=lead_station, household__isnull=True).exists():
        coordinator = lead_station.memberships.exclude(user=lead).select_related("user").first()
        _post(
            station=lead_station,
            household=None,
            demo=COMMUNITY_NEED,
            village="",
            recorder=coordinator.user if coordinator else lead,
            approver=lead,
            state="open",
            rng=random.Random(DEMO_RANDOM_SEED),  # noqa: S311
        )
        result.created["needs"] += 1
    result.found["needs"] += Need.objects.count() - result.created["needs"]
