"""Reads for the public site: active stations only, and only what a visitor may see of them."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from common.models import Region
from stations.models import Consent, HelpCategory, LoveStation, Need

COUNTY_CODE_LENGTH = 6
TOWNSHIP_CODE_LENGTH = 9


def _is_code(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


def station_list_public(*, county_code: str = "", township_code: str = "") -> QuerySet[LoveStation]:
    """Return the active stations, narrowed to a county and a township by code; malformed codes are ignored.

    A township outside the given county leaves nothing to show, as a visitor would expect; the
    region, its township and its county come with each station in the same query.
    """
    stations = LoveStation.objects.filter(status=LoveStation.Status.ACTIVE).select_related(
        "region", "region__parent", "region__parent__parent"
    )
    if _is_code(county_code, COUNTY_CODE_LENGTH):
        stations = stations.filter(region__code__startswith=county_code)
    if _is_code(township_code, TOWNSHIP_CODE_LENGTH):
        stations = stations.filter(region__code__startswith=township_code)
    return stations.order_by("region__code", "name")


def township_list_with_stations(county_code: str) -> QuerySet[Region]:
    """Return the townships of a county that hold an active station, themselves or in a village, in code order.

    These are the very region rows the stations point to (or their parents), so a township appears
    once even when the region tree holds several editions. A malformed county code gives none.
    """
    if not _is_code(county_code, COUNTY_CODE_LENGTH):
        return Region.objects.none()
    active = LoveStation.Status.ACTIVE
    return (
        Region.objects.filter(level=Region.Level.TOWNSHIP, code__startswith=county_code)
        .filter(Q(stations__status=active) | Q(children__stations__status=active))
        .distinct()
        .order_by("code")
    )


# --- Needs -----------------------------------------------------------------------------------------

SEARCH_MAX_LENGTH = 40
_REGION_FIELDS = ("code", "name", "short_name", "level", "parent")


def _region_fields(prefix: str, depth: int) -> list[str]:
    fields = []
    for level in range(depth):
        path = prefix + "__parent" * level
        fields += [f"{path}__{field}" for field in _REGION_FIELDS]
    return fields


# What a public page reads of a need: never the private notes, nor any column of the household but
# its pseudonym and village, so the encrypted fields are not even loaded.
PUBLIC_NEED_FIELDS = (
    "reference",
    "kind",
    "category",
    "title",
    "public_description",
    "quantity",
    "unit",
    "amount",
    "quantity_met",
    "amount_met",
    "urgency",
    "due_on",
    "status",
    "published_at",
    "station",
    "household",
    "station__name",
    "station__status",
    "station__phone",
    "station__address",
    "station__opening_hours",
    "station__region",
    "household__pseudonym",
    "household__region",
    *_region_fields("station__region", 3),
    *_region_fields("household__region", 3),
)


def _public_story_in_force(today: date) -> Exists:
    """A household's consent to a public story, given by ``today`` and not withdrawn by then."""
    return Exists(
        Consent.objects.filter(
            household=OuterRef("household"), scope=Consent.Scope.PUBLIC_STORY, given_on__lte=today
        ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
    )


def need_list_public(
    *,
    today: date,
    category: str = "",
    kind: str = "",
    county_code: str = "",
    urgency: int | None = None,
    search: str = "",
    station_id: int | None = None,
) -> QuerySet[Need]:
    """Return the needs the public may see: approved, still open, of an active station, with consent in force.

    A household's need disappears the day its public-story consent is withdrawn, and every need
    disappears once met, closed, cancelled or expired. Filters with unknown values are ignored; the
    search is a substring match (it works for Chinese, which has no spaces between words) over the
    title, the public text and the village and township names. The places of each need come in the
    same query, so a page of them costs one query however many it shows.
    """
    needs = (
        Need.objects.filter(
            status__in=Need.PUBLIC_STATUSES,
            published_at__isnull=False,
            station__status=LoveStation.Status.ACTIVE,
        )
        .filter(Q(household__isnull=True) | _public_story_in_force(today))
        .select_related(
            "station",
            "station__region",
            "station__region__parent",
            "station__region__parent__parent",
            "household__region",
            "household__region__parent",
            "household__region__parent__parent",
        )
        .only(*PUBLIC_NEED_FIELDS)
    )
    if category in HelpCategory.values:
        needs = needs.filter(category=category)
    if kind in Need.Kind.values:
        needs = needs.filter(kind=kind)
    if urgency in Need.Urgency.values:
        needs = needs.filter(urgency=urgency)
    if _is_code(county_code, COUNTY_CODE_LENGTH):
        needs = needs.filter(
            Q(household__region__code__startswith=county_code)
            | Q(household__isnull=True, station__region__code__startswith=county_code)
        )
    if station_id is not None:
        needs = needs.filter(station_id=station_id)
    terms = search.split()[:5] if search else []
    for term in terms:
        term = term[:SEARCH_MAX_LENGTH]
        needs = needs.filter(
            Q(title__icontains=term)
            | Q(public_description__icontains=term)
            | Q(household__region__name__icontains=term)
            | Q(household__region__parent__name__icontains=term)
            | Q(household__isnull=True, station__region__name__icontains=term)
        )
    return needs.order_by("-urgency", "due_on", "pk")


def need_get_public(*, reference: str, today: date) -> Need | None:
    """Return one need the public may see, by its reference, or None (unknown, not public, or no consent)."""
    if not reference or len(reference) > Need._meta.get_field("reference").max_length:
        return None
    return need_list_public(today=today).filter(reference=reference).first()


def need_public_state(*, need: Need, today: date) -> tuple[bool, str]:
    """Return whether the public sees the need today, and if not, why not, in words for its staff.

    The same rules as ``need_list_public``, asked of one need, so that staff can tell why a need they
    expect on the site is not there.
    """
    if need.status not in Need.PUBLIC_STATUSES or need.published_at is None:
        return False, _("Not on the public site: only an approved need that is still open is shown.")
    if need.station.status != LoveStation.Status.ACTIVE:
        return False, _("Not on the public site: the station is not active.")
    if need.household_id and not need_list_public(today=today).filter(pk=need.pk).exists():
        return False, _(
            "Not on the public site: the household's consent to a public story is not in force (withdrawn?)."
        )
    return True, _("On the public site.")
