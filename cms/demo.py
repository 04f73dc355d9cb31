"""The demo city: the real Wenzhou region tree, made-up stations and people, and the public pages in two languages.

Only for local development and tests: ``demo_seed`` refuses unless ``settings.AIXIN_DEMO_DATA_ALLOWED``.
Every part is looked up by its natural key before it is created (an email, a station's region and
name, a page's slug in its locale), so running the seed again adds nothing twice.
"""

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from wagtail.models import Locale, Page, Site

from accounts.models import RoleGrant, User
from accounts.services import role_grant, user_create
from cms.demo_households import demo_households_ensure
from cms.demo_needs import demo_needs_ensure
from cms.models import HomePage, NeedIndexPage, SiteSettings, StandardPage, StationDirectoryPage, StationPage
from cms.station_pages import station_page_get, station_page_story_update
from common.errors import ApplicationError
from common.models import Region
from common.regions_import import DEFAULT_DATA_DIR, DEFAULT_EDITION, RegionImportResult, region_tree_import
from stations.models import LoveStation, StationMembership
from stations.services import station_activate, station_close, station_create, station_member_add

DEMO_PASSWORD = "aixin-demo-2026"  # noqa: S105 - documented demo password, refused outside local and test
# The seed of every random choice below: the same region files always give the same demo city.
DEMO_RANDOM_SEED = 20150701

ADMINISTRATOR = "administrator"
LEAD = "lead"
COORDINATOR = "coordinator"
OTHER_COORDINATOR = "other_coordinator"
VOLUNTEER = "volunteer"
SUPERUSER = "superuser"


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    display_name: str


# Made-up people, one per role.
DEMO_ACCOUNTS = (
    DemoAccount(ADMINISTRATOR, "admin@demo.aixin.org.cn", "陈立民"),
    DemoAccount(LEAD, "lead@demo.aixin.org.cn", "林秀英"),
    DemoAccount(COORDINATOR, "coordinator@demo.aixin.org.cn", "周海燕"),
    DemoAccount(OTHER_COORDINATOR, "coordinator2@demo.aixin.org.cn", "黄建平"),
    DemoAccount(VOLUNTEER, "volunteer@demo.aixin.org.cn", "郑晓雨"),
    DemoAccount(SUPERUSER, "superuser@demo.aixin.org.cn", "王志远"),
)

# The lead and the coordinator work at 五马街道 (鹿城区); the second coordinator at 景山街道 (瓯海区),
# so that signing in as each shows that a coordinator sees only their own station.
LEAD_STATION_REGION = "330302006"
OTHER_STATION_REGION = "330304001"
WENZHOU_CODE = "3303"
# A community-level station that the plan always includes: 鼓楼社区, 五马街道.
FORCED_VILLAGE_REGIONS = ("330302006044",)

# Offshore islands far from their county's centre: a centre-plus-offset placement would put their
# station on the wrong island or in the sea, so the demo leaves them out (南麂镇, 北麂乡, 鹿西乡, 大门镇,
# and 灵昆街道 in the mouth of the Ou river, 30 km from 洞头's centre).
EXCLUDED_TOWNSHIPS = frozenset({"330326119", "330381222", "330305202", "330305101", "330305002"})


@dataclass(frozen=True)
class CountyPlan:
    """How many stations a county gets, and how far from its centre they may be placed (degrees)."""

    township_stations: int
    village_stations: int
    latitude_offsets: tuple[float, float]
    longitude_offsets: tuple[float, float]
    urban: bool = False


# Demo coordinates are approximate placements, NOT real station locations: the county centre (from
# the cpca file, or Aixin's supplement for 龙港市) plus a seeded random offset. The offset boxes are
# narrow for the three urban districts and wider for the rural counties, and lean away from the sea
# and the Ou river so that points fall on land-ish ground.
COUNTY_PLANS = {
    "330302": CountyPlan(12, 3, (-0.03, 0.015), (-0.12, 0.03), urban=True),  # 鹿城区: the Ou river to the north
    "330303": CountyPlan(8, 2, (-0.04, 0.03), (-0.06, 0.04), urban=True),  # 龙湾区: the sea to the east
    "330304": CountyPlan(10, 2, (-0.05, 0.02), (-0.10, 0.04), urban=True),  # 瓯海区
    "330305": CountyPlan(5, 1, (-0.02, 0.02), (-0.02, 0.02)),  # 洞头区: islands; kept near the main one
    "330324": CountyPlan(14, 1, (0.0, 0.30), (-0.20, 0.12)),  # 永嘉县: hills north of the Ou river
    "330326": CountyPlan(11, 1, (-0.10, 0.08), (-0.25, 0.05)),  # 平阳县: the sea to the east
    "330327": CountyPlan(12, 1, (-0.20, 0.05), (-0.20, 0.08)),  # 苍南县: the sea to the east and south
    "330328": CountyPlan(8, 1, (-0.15, 0.15), (-0.15, 0.15)),  # 文成县: inland
    "330329": CountyPlan(8, 1, (-0.15, 0.15), (-0.15, 0.15)),  # 泰顺县: inland
    "330381": CountyPlan(15, 2, (-0.10, 0.10), (-0.30, 0.05)),  # 瑞安市: the sea to the east
    "330382": CountyPlan(16, 2, (-0.06, 0.25), (-0.15, 0.05)),  # 乐清市: 乐清湾 to the east
    "330383": CountyPlan(0, 6, (-0.03, 0.005), (-0.03, 0.05)),  # 龙港市: communities directly under the city
}
PROPOSED_STATIONS = 6
CLOSED_STATION_REASONS = (
    "驿站所在的办公楼改建，服务暂时并入附近的便民服务中心。",
    "场地租用到期，物资和志愿者已转入相邻驿站。",
)
ROADS = ("人民路", "解放路", "建设路", "新华路", "中山路", "文化路", "府前路", "环城路", "学院路", "站前路")
OPENING_HOURS = (
    "周一至周五 8:30-17:00",
    "周一至周六 8:30-11:30，14:00-17:30",
    "每天 9:00-17:00",
    "周二、周四、周六 9:00-16:00",
    "周一至周五 9:00-11:30，14:00-17:00；周六 9:00-11:30",
)
TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")
# NBS township codes from 400 up are farms, forest farms, reserves and development zones, not townships.
FIRST_SPECIAL_TOWNSHIP_NUMBER = 400


class DemoDataNotAllowed(ApplicationError):
    """The settings in use do not allow demo data (production)."""


@dataclass(frozen=True)
class StationPlan:
    """One demo station, decided before anything is written."""

    region_code: str
    name: str
    address: str
    latitude: Decimal
    longitude: Decimal
    opening_hours: str
    phone: str
    status: str
    closed_reason: str = ""


REPORT_KINDS = (
    "users",
    "role grants",
    "stations",
    "station memberships",
    "site settings",
    "locales",
    "pages",
    "income standards",
    "households",
    "assistance records",
    "needs",
)


@dataclass
class DemoSeedResult:
    """What the seed created and what it found already there."""

    regions: RegionImportResult | None = None
    created: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    def note(self, kind: str, *, created: bool) -> None:
        (self.created if created else self.found)[kind] += 1

    def report_lines(self) -> list[str]:
        kinds = [kind for kind in REPORT_KINDS if self.created[kind] or self.updated[kind] or self.found[kind]]
        lines = [
            f"{kind}: created {self.created[kind]}, updated {self.updated[kind]}, found {self.found[kind]}"
            for kind in kinds
        ]
        if not self.created_total and not sum(self.updated.values()):
            lines.append("The demo city was already complete: nothing created or changed.")
        return lines


def demo_seed(*, data_dir: Path | str = DEFAULT_DATA_DIR, edition: str = DEFAULT_EDITION) -> DemoSeedResult:
    """Load the region tree, then the demo people, stations, site settings and pages; return what was done.

    Raises ``DemoDataNotAllowed`` unless the settings allow demo data, before writing anything.
    """
    if not settings.AIXIN_DEMO_DATA_ALLOWED:
        raise DemoDataNotAllowed(
            "Demo data is not allowed with these settings (AIXIN_DEMO_DATA_ALLOWED is False): "
            "the demo accounts share a published password."
        )
    result = DemoSeedResult()
    result.regions = region_tree_import(data_dir=data_dir, edition=edition)
    # Stations are activated in a transaction of their own, before anyone is a member, so that the
    # activation emails (sent on commit) have no demo recipients to write to.
    with transaction.atomic():
        accounts = demo_accounts_ensure(result=result)
        stations = demo_stations_ensure(
            plans=demo_station_plan(edition=edition),
            administrator=accounts[ADMINISTRATOR],
            edition=edition,
            result=result,
        )
    with transaction.atomic():
        demo_memberships_ensure(accounts=accounts, stations=stations, result=result)
        demo_site_settings_ensure(result=result)
        pages = demo_pages_ensure(result=result)
        demo_station_pages_ensure(
            stations=stations, english_directory=pages["stations_en"], author=accounts[LEAD], result=result
        )
    with transaction.atomic():
        demo_households_ensure(
            demo_stations=[
                (stations[LEAD_STATION_REGION], accounts[COORDINATOR]),
                (stations[OTHER_STATION_REGION], accounts[OTHER_COORDINATOR]),
            ],
            administrator=accounts[ADMINISTRATOR],
            result=result,
        )
    with transaction.atomic():
        demo_needs_ensure(
            lead_station=stations[LEAD_STATION_REGION],
            lead=accounts[LEAD],
            administrator=accounts[ADMINISTRATOR],
            result=result,
        )
    return result


# --- People ----------------------------------------------------------------------------------------


def demo_accounts_ensure(*, result: DemoSeedResult) -> dict[str, User]:
    """Create the demo accounts (email verified, the demo password) and their city-wide roles."""
    accounts: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        result.note("users", created=user is None)
        if user is None:
            user = user_create(
                email=account.email, password=DEMO_PASSWORD, display_name=account.display_name, email_verified=True
            )
            if account.key == SUPERUSER:
                # No service makes superusers (createsuperuser does, by hand); this one is for /django-admin/.
                user.is_staff = True
                user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        accounts[account.key] = user
    for key, role in ((ADMINISTRATOR, RoleGrant.Role.CITY_ADMINISTRATOR), (VOLUNTEER, RoleGrant.Role.VOLUNTEER)):
        granted = RoleGrant.objects.filter(user=accounts[key], role=role).exists()
        result.note("role grants", created=not granted)
        if not granted:
            role_grant(user=accounts[key], role=role)
    return accounts


def demo_memberships_ensure(
    *, accounts: dict[str, User], stations: dict[str, LoveStation], result: DemoSeedResult
) -> None:
    """Make the lead and the coordinator members of 五马街道's station, the second coordinator of 景山街道's."""
    wanted = (
        (LEAD, LEAD_STATION_REGION, StationMembership.Role.LEAD),
        (COORDINATOR, LEAD_STATION_REGION, StationMembership.Role.COORDINATOR),
        (OTHER_COORDINATOR, OTHER_STATION_REGION, StationMembership.Role.COORDINATOR),
    )
    for key, region_code, role in wanted:
        station = stations[region_code]
        user = accounts[key]
        exists = StationMembership.objects.filter(station=station, user=user).exists()
        result.note("station memberships", created=not exists)
        if not exists:
            station_member_add(station=station, user=user, role=role, added_by=accounts[ADMINISTRATOR])


# --- Stations --------------------------------------------------------------------------------------


def _is_township(region: Region) -> bool:
    return int(region.code[6:9]) < FIRST_SPECIAL_TOWNSHIP_NUMBER and region.name.endswith(TOWNSHIP_SUFFIXES)


def _is_village_or_community(region: Region) -> bool:
    return region.short_name.endswith(("村", "社区"))


def _pick(rng: random.Random, candidates: list[Region], count: int, forced: list[Region]) -> list[Region]:
    """Return ``count`` regions in code order: the forced ones and a seeded random sample of the rest."""
    rest = [region for region in candidates if region not in forced]
    chosen = forced + rng.sample(rest, max(0, min(count - len(forced), len(rest))))
    return sorted(chosen, key=lambda region: region.code)


def _offset(rng: random.Random, bounds: tuple[float, float]) -> Decimal:
    return Decimal(str(round(rng.uniform(*bounds), 6)))


def demo_station_plan(*, edition: str = DEFAULT_EDITION) -> list[StationPlan]:
    """Return about 140 stations across Wenzhou's 12 county-level units, the same list on every run.

    Most sit at township level, some at village or community level. Names, addresses, opening hours
    and phones are plausible but made up; coordinates are the county centre plus a seeded offset.
    """
    regions = list(
        Region.objects.filter(edition=edition)
        .filter(Q(code__in=list(COUNTY_PLANS)) | Q(level__gte=Region.Level.TOWNSHIP, code__startswith=WENZHOU_CODE))
        .order_by("code")
    )
    by_code = {region.code: region for region in regions}
    missing = sorted(code for code in COUNTY_PLANS if code not in by_code)
    if missing:
        raise ApplicationError(f"Import the regions first: counties {', '.join(missing)} are not in edition {edition}.")

    rng = random.Random(DEMO_RANDOM_SEED)  # noqa: S311 - demo placement, not security
    phones: set[str] = set()
    plans: list[StationPlan] = []
    for county_code, county_plan in sorted(COUNTY_PLANS.items()):
        county = by_code[county_code]
        if county.latitude is None or county.longitude is None:
            raise ApplicationError(f"County {county.code} {county.name} has no centre to place demo stations around.")
        # Codes nest (every code starts with its parent's), so a prefix finds a county's townships and villages.
        townships = [
            region
            for region in regions
            if region.level == Region.Level.TOWNSHIP
            and region.code.startswith(county_code)
            and region.code not in EXCLUDED_TOWNSHIPS
            and _is_township(region)
        ]
        villages = [
            region
            for region in regions
            if region.level == Region.Level.VILLAGE
            and region.code.startswith(county_code)
            and region.code[:9] not in EXCLUDED_TOWNSHIPS
            and _is_village_or_community(region)
            and (not county_plan.urban or region.short_name.endswith("社区"))
        ]
        chosen = _pick(
            rng,
            townships,
            county_plan.township_stations,
            [by_code[code] for code in (LEAD_STATION_REGION, OTHER_STATION_REGION) if code[:6] == county_code],
        ) + _pick(
            rng,
            villages,
            county_plan.village_stations,
            [by_code[code] for code in FORCED_VILLAGE_REGIONS if code[:6] == county_code],
        )
        for region in chosen:
            phone = f"0577-8{rng.randrange(10**7):07d}"
            while phone in phones:
                phone = f"0577-8{rng.randrange(10**7):07d}"
            phones.add(phone)
            plans.append(
                StationPlan(
                    region_code=region.code,
                    name=f"{region.short_name}爱心驿站",
                    address=_address(rng, county, region, by_code),
                    latitude=county.latitude + _offset(rng, county_plan.latitude_offsets),
                    longitude=county.longitude + _offset(rng, county_plan.longitude_offsets),
                    opening_hours=rng.choice(OPENING_HOURS),
                    phone=phone,
                    status=LoveStation.Status.ACTIVE,
                )
            )

    # A handful proposed and two closed, never the stations the demo accounts work at.
    kept_active = {LEAD_STATION_REGION, OTHER_STATION_REGION, *FORCED_VILLAGE_REGIONS}
    candidates = [index for index, plan in enumerate(plans) if plan.region_code not in kept_active]
    changed = rng.sample(candidates, PROPOSED_STATIONS + len(CLOSED_STATION_REASONS))
    for index in changed[:PROPOSED_STATIONS]:
        plans[index] = replace(plans[index], status=LoveStation.Status.PROPOSED)
    for index, reason in zip(changed[PROPOSED_STATIONS:], CLOSED_STATION_REASONS, strict=True):
        plans[index] = replace(plans[index], status=LoveStation.Status.CLOSED, closed_reason=reason)
    return plans


def _address(rng: random.Random, county: Region, region: Region, by_code: dict[str, Region]) -> str:
    """Return a plausible, made-up street address in the region."""
    if region.level == Region.Level.TOWNSHIP:
        kind = next(suffix for suffix in TOWNSHIP_SUFFIXES if region.name.endswith(suffix))
        return (
            f"温州市{county.short_name}{region.short_name}{rng.choice(ROADS)}{rng.randint(1, 388)}号"
            f"（{kind}便民服务中心一楼）"
        )
    township = by_code[region.code[:9]]
    # 龙港市 has no townships: its communities sit under a statistical placeholder that no address names.
    township_name = township.short_name if _is_township(township) else ""
    place = "党群服务中心一楼" if region.short_name.endswith("社区") else "文化礼堂旁"
    return f"温州市{county.short_name}{township_name}{region.short_name}{place}"


def demo_stations_ensure(
    *, plans: list[StationPlan], administrator: User, edition: str = DEFAULT_EDITION, result: DemoSeedResult
) -> dict[str, LoveStation]:
    """Create the planned stations that do not exist yet, through the station services; return them by region code.

    A station that exists (same region and name) is left as it is, whatever its status now.
    """
    codes = {plan.region_code for plan in plans}
    regions = {region.code: region for region in Region.objects.filter(edition=edition, code__in=codes)}
    existing = {
        (station.region.code, station.name): station
        for station in LoveStation.objects.filter(region__in=regions.values()).select_related("region")
    }
    stations: dict[str, LoveStation] = {}
    for plan in plans:
        station = existing.get((plan.region_code, plan.name))
        result.note("stations", created=station is None)
        if station is None:
            station = station_create(
                name=plan.name,
                region=regions[plan.region_code],
                address=plan.address,
                latitude=plan.latitude,
                longitude=plan.longitude,
                opening_hours=plan.opening_hours,
                phone=plan.phone,
                created_by=administrator,
            )
            if plan.status != LoveStation.Status.PROPOSED:
                station = station_activate(station=station, activated_by=administrator)
            if plan.status == LoveStation.Status.CLOSED:
                station = station_close(station=station, closed_by=administrator, reason=plan.closed_reason)
        stations.setdefault(plan.region_code, station)
    return stations


# --- Site settings and pages -----------------------------------------------------------------------

DEMO_SITE_SETTINGS = {
    "contact_phone": "0577-88000000",
    "contact_email": "hello@demo.aixin.org.cn",
    "contact_address": "浙江省温州市鹿城区五马街道（演示地址）",
    "footer_text": "演示站点：驿站、人员和电话均为虚构；行政区划代码来自国家统计局 2022 年版统计用区划代码。",
    "footer_text_en": (
        "A demonstration site: stations, people and phone numbers are made up; region codes are the National "
        "Bureau of Statistics' 2022 edition."
    ),
    "icp_number": "浙ICP备00000000号-1 (演示)",
}


def demo_site_settings_ensure(*, result: DemoSeedResult) -> SiteSettings:
    """Fill the default site's contact details, footer and an obviously fake ICP number."""
    site = Site.objects.get(is_default_site=True)
    existed = SiteSettings.objects.filter(site=site).exists()
    site_settings = SiteSettings.for_site(site)
    changed = [name for name, value in DEMO_SITE_SETTINGS.items() if getattr(site_settings, name) != value]
    for name in changed:
        setattr(site_settings, name, DEMO_SITE_SETTINGS[name])
    if changed:
        site_settings.save()
    if not existed:
        result.created["site settings"] += 1
    elif changed:
        result.updated["site settings"] += 1
    else:
        result.found["site settings"] += 1
    return site_settings


ENGLISH_HOME = {
    "title": "Aixin love stations",
    "seo_title": "Aixin love stations · Wenzhou",
    "intro": (
        "We find families in hardship and connect them with goods, money, volunteer time and professional "
        "social work, so that every act of kindness reaches the people who need it."
    ),
}
ABOUT_SLUG = "about"
STATIONS_SLUG = "stations"
STATION_DIRECTORY_CHINESE = {
    "title": "爱心驿站分布",
    "intro": "<p>全市正在服务的爱心驿站：按县（市、区）和乡镇（街道）查找离您最近的驿站和开放时间。</p>",
}
NEEDS_SLUG = "needs"
NEEDS_CHINESE = {
    "title": "爱心需求",
    "intro": (
        "<p>各驿站入户核实后发布的需求：物资、资金、志愿服务和专业服务。为保护受助家庭，页面只显示化名和所在村（社区）。"
        "想帮忙，请联系负责的驿站。</p>"
    ),
}
NEEDS_ENGLISH = {
    "title": "Needs",
    "intro": (
        "<p>Needs the stations have visited and verified: goods, money, volunteer time and professional services. "
        "To protect the families, only a pseudonym and their village are shown. To help, contact the station "
        "that looks after the need.</p>"
    ),
}
STATION_DIRECTORY_ENGLISH = {
    "title": "Station map",
    "intro": (
        "<p>The love stations open in the city: find them by county and township, and see where the nearest "
        "one is and when it opens.</p>"
    ),
}


def _about_chinese() -> dict:
    return {
        "title": "关于爱心驿站",
        "intro": "<p>爱心驿站设在社区和村里，是发现困难家庭、交换和发放物资、组织志愿服务的地方。</p>",
        "body": [
            {"type": "heading", "value": {"text": "什么是爱心驿站", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>爱心驿站是在村（社区）搭建的物资交换、困难帮扶、志愿服务平台。驿站离群众最近，"
                    "能较早发现遭遇急难的家庭，最先送去帮助，也为民政部门后续实施救助提供依据。</p>"
                ),
            },
            {"type": "heading", "value": {"text": "温州的经验", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>在 2015 年全国“救急难”综合试点中，温州市建起爱心驿站 140 家，参与的社工和志愿者达 "
                    "10000 多人，引入社会资金近 1500 万元，惠及困难群众 50 多万人次。温州整合政府救助资金、"
                    "福彩公益金和慈善总会的社会捐赠，设立“救急难”专项资金；数十家爱心企事业单位出资设立冠名基金，"
                    "村里还利用集体经济收益建立急难救助站。</p>"
                ),
            },
            {"type": "heading", "value": {"text": "我们怎样帮助", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>一户经过核实的需求，同时与各种帮助相匹配：</p>"
                    "<ul><li>捐赠的物资，由驿站保管和发放；</li>"
                    "<li>基金的资助，按基金的用途规则拨付；</li>"
                    "<li>志愿者的时间，按技能和班次安排；</li>"
                    "<li>社工机构的专业服务，通过转介跟进到结案。</li></ul>"
                    "<p>系统给出建议并说明理由，由工作人员作出决定。</p>"
                ),
            },
            {"type": "heading", "value": {"text": "不为个人公开募捐", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>爱心驿站不为任何具名的个人发起公开募捐。钱款只以基金资助的形式送到家庭；不同来源的资金分开记账，"
                    "限定用途的钱只用于限定的用途，每一笔都能查到来源和去向。公开展示的求助信息经过化名处理，"
                    "不含姓名、电话、身份证号和详细地址。</p>"
                ),
            },
            {
                "type": "quote",
                "value": {
                    "text": "一方有难，八方支援。",
                    "attribution": "温州爱心驿站",
                },
            },
        ],
    }


def _about_english() -> dict:
    return {
        "title": "About Aixin",
        "intro": (
            "<p>Love stations sit in neighbourhoods and villages: places where families in hardship are found, "
            "donated goods are exchanged and handed out, and volunteers gather.</p>"
        ),
        "body": [
            {"type": "heading", "value": {"text": "What a love station is", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>A love station (爱心驿站) is a point in a village or urban community for exchanging goods, "
                    "helping people in difficulty and volunteering. Being close to residents, it is often the "
                    "first to learn of a family in crisis and the first to help, and its records support the "
                    "assistance the civil affairs bureau gives afterwards.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "What Wenzhou showed", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>In the 2015 national pilots of emergency and hardship assistance (救急难), Wenzhou built 140 "
                    "love stations; more than 10,000 social workers and volunteers took part, nearly 15 million yuan "
                    "of social funds came in, and people in hardship were helped more than 500,000 times. The city "
                    "pooled government assistance money, the welfare lottery fund and the charity federation's "
                    "donations into one special fund; dozens of enterprises set up named funds, and villages set up "
                    "emergency relief points from their collective income.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "How we help", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>One verified household need is matched against every kind of help at once:</p>"
                    "<ul><li>donated goods, kept and handed out by the station;</li>"
                    "<li>grants from funds, within each fund's rules;</li>"
                    "<li>volunteer time, by skill and shift;</li>"
                    "<li>professional social work, through referrals followed until the case is closed.</li></ul>"
                    "<p>The system proposes and shows its reasons; a person decides.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "No public appeals for named individuals", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Aixin never runs a public money appeal for a named person. Money reaches a household only as "
                    "a grant from a fund; money from different sources is kept in separate accounts, restricted money "
                    "is spent only on its purpose, and every payment can be traced from its source to its use. Public "
                    "descriptions of needs are pseudonymised: no names, phone numbers, ID numbers or exact "
                    "addresses.</p>"
                ),
            },
            {
                "type": "quote",
                "value": {
                    "text": "When one place is in trouble, help comes from every side.",
                    "attribution": "Wenzhou love stations",
                },
            },
        ],
    }


def _publish(page: Page, **fields) -> Page:
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def demo_pages_ensure(*, result: DemoSeedResult) -> dict[str, Page]:
    """Give the home page a live English translation; publish an About page and the station map in both languages.

    Looks pages up by locale and slug under their language's home page; copies for translation with
    Wagtail, so that the language switch links the two versions.
    """
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise ApplicationError("The default site's root page is not the Aixin home page: run the migrations first.")

    english, created = Locale.objects.get_or_create(language_code="en")
    result.note("locales", created=created)

    english_home = HomePage.objects.filter(translation_key=home.translation_key, locale=english).first()
    result.note("pages", created=english_home is None)
    if english_home is None:
        english_home = _publish(home.copy_for_translation(english), **ENGLISH_HOME)

    about = StandardPage.objects.child_of(home).filter(slug=ABOUT_SLUG).first()
    result.note("pages", created=about is None)
    if about is None:
        chinese = _about_chinese()
        about = StandardPage(
            slug=ABOUT_SLUG,
            title=chinese["title"],
            intro=chinese["intro"],
            body=chinese["body"],
            show_in_menus=True,
            live=False,
            locale=home.locale,
        )
        home.add_child(instance=about)
        about = _publish(about)

    english_about = StandardPage.objects.child_of(english_home).filter(slug=ABOUT_SLUG).first()
    result.note("pages", created=english_about is None)
    if english_about is None:
        english_about = _publish(about.copy_for_translation(english), show_in_menus=True, **_about_english())

    directory = StationDirectoryPage.objects.child_of(home).filter(slug=STATIONS_SLUG).first()
    result.note("pages", created=directory is None)
    if directory is None:
        directory = StationDirectoryPage(
            slug=STATIONS_SLUG, show_in_menus=True, live=False, locale=home.locale, **STATION_DIRECTORY_CHINESE
        )
        home.add_child(instance=directory)
        directory = _publish(directory)

    english_directory = StationDirectoryPage.objects.child_of(english_home).filter(slug=STATIONS_SLUG).first()
    result.note("pages", created=english_directory is None)
    if english_directory is None:
        english_directory = _publish(
            directory.copy_for_translation(english), show_in_menus=True, **STATION_DIRECTORY_ENGLISH
        )

    needs = NeedIndexPage.objects.child_of(home).filter(slug=NEEDS_SLUG).first()
    result.note("pages", created=needs is None)
    if needs is None:
        needs = NeedIndexPage(slug=NEEDS_SLUG, show_in_menus=True, live=False, locale=home.locale, **NEEDS_CHINESE)
        home.add_child(instance=needs)
        needs = _publish(needs)

    english_needs = NeedIndexPage.objects.child_of(english_home).filter(slug=NEEDS_SLUG).first()
    result.note("pages", created=english_needs is None)
    if english_needs is None:
        english_needs = _publish(needs.copy_for_translation(english), show_in_menus=True, **NEEDS_ENGLISH)

    return {
        "needs": needs,
        "needs_en": english_needs,
        "home": home,
        "home_en": english_home,
        "about": about,
        "about_en": english_about,
        "stations": directory,
        "stations_en": english_directory,
    }


# --- Station pages ---------------------------------------------------------------------------------

# How many active stations get a public page: the two staffed ones, 鼓楼社区's, and a few more.
DEMO_STATION_PAGES = 5
STATION_STORIES_CHINESE = (
    (
        "{township}的街坊邻里在这里互相帮一把：冬衣、棉被、米面油，登记后就近发放。",
        "驿站由社区工作者和志愿者轮流值守。每周二下午，志愿者上门看望独居老人，帮忙打扫、买药、聊聊天。\n\n"
        "捐赠的物品先登记、再清点，发放时记录去向，每一件都能查到用在了哪里。",
    ),
    (
        "{township}的困难家庭，在这里找到离家最近的帮助。",
        "驿站连接街道、社区、企业和社会组织：发现困难，先入户核实，再把物资、资金、志愿服务和专业社工一起对上。\n\n"
        "放学后，大学生志愿者在驿站为留守儿童辅导功课；节假日，驿站组织理发、义诊和家电维修。",
    ),
    (
        "一个小小的驿站，连着{township}的许多双手。",
        "附近的商户把当季的蔬菜和日用品送来，志愿者整理后送到行动不便的老人家中。\n\n"
        "遇到突发的困难，驿站先救急，再帮家庭办理后续的救助手续。",
    ),
)
STATION_STORIES_ENGLISH = (
    (
        "Neighbours in {township} help one another here: winter clothes, quilts, rice and oil, handed out nearby.",
        "Community workers and volunteers take turns at the station. Every Tuesday afternoon volunteers visit "
        "elderly people who live alone, to clean, fetch medicine and talk.\n\n"
        "Donated goods are recorded and counted when they arrive, and every hand-out is written down, so each "
        "gift can be traced to where it was used.",
    ),
    (
        "Families in hardship in {township} find the help closest to home here.",
        "The station links the township, the communities, local firms and social organisations: when someone "
        "is found in difficulty, a visit confirms it, and goods, money, volunteer time and social work are "
        "matched together.\n\n"
        "After school, student volunteers help left-behind children with their homework; on holidays the station "
        "runs haircuts, free check-ups and appliance repairs.",
    ),
    (
        "A small station that joins many hands across {township}.",
        "Shops nearby bring seasonal vegetables and daily goods, and volunteers take them to elderly people who "
        "cannot get out easily.\n\n"
        "When trouble strikes suddenly, the station helps first and then helps the family with the paperwork "
        "for further aid.",
    ),
)


def _township_name(station: LoveStation) -> str:
    region = station.region
    township = region.parent if region.level == Region.Level.VILLAGE else region
    return township.short_name


def demo_station_pages_ensure(
    *,
    stations: dict[str, LoveStation],
    english_directory: StationDirectoryPage,
    author: User,
    result: DemoSeedResult,
) -> list[StationPage]:
    """Publish public pages, in Chinese and in English, for a handful of active demo stations.

    The Chinese page is written through the coordinators' service; the English one is a Wagtail
    translation of it, as the city administrator makes them. A station that has its page keeps it.
    """
    wanted_codes = [LEAD_STATION_REGION, OTHER_STATION_REGION, *FORCED_VILLAGE_REGIONS]
    wanted_codes += sorted(code for code in stations if code not in wanted_codes)
    chosen = [
        stations[code]
        for code in wanted_codes
        if code in stations and stations[code].status == LoveStation.Status.ACTIVE
    ][:DEMO_STATION_PAGES]
    english = english_directory.locale
    pages = []
    for index, station in enumerate(chosen):
        township = _township_name(station)
        chinese_page = station_page_get(station=station)
        result.note("pages", created=chinese_page is None)
        if chinese_page is None:
            intro, story = STATION_STORIES_CHINESE[index % len(STATION_STORIES_CHINESE)]
            chinese_page = station_page_story_update(
                station=station, intro=intro.format(township=township), story_text=story, user=author
            )
        pages.append(chinese_page)
        english_page = station_page_get(station=station, locale_id=english.pk)
        result.note("pages", created=english_page is None)
        if english_page is None:
            intro, story = STATION_STORIES_ENGLISH[index % len(STATION_STORIES_ENGLISH)]
            translation = chinese_page.copy_for_translation(english)
            translation.intro = intro.format(township=township)
            translation.story = [
                {"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in story.split("\n\n")
            ]
            english_page = _publish(translation)
        pages.append(english_page)
    return pages
