"""What a public page shows of a need: its place at village level, what remains, and when it is due.

Only the fields ``stations.public_selectors.PUBLIC_NEED_FIELDS`` loads are read here, so a public page
cannot reach a household's private columns by accident.
"""

from dataclasses import dataclass
from datetime import date

from common.models import Region
from stations.models import Need


def region_places(region: Region | None) -> dict[str, str]:
    """Return the county, township and village names above a village- or township-level region."""
    if region is None:
        return {"county": "", "township": "", "village": ""}
    village = region if region.level == Region.Level.VILLAGE else None
    township = region.parent if village else region
    county = township.parent if township else None
    return {
        "county": county.short_name if county else "",
        "township": township.short_name if township else "",
        "village": village.short_name if village else "",
    }


@dataclass(frozen=True)
class PublicNeed:
    """A need as the public sees it: the pseudonym, never a name; the village, never an address."""

    need: Need
    pseudonym: str
    places: dict[str, str]
    remaining: str
    progress_percent: int
    overdue: bool

    @property
    def place_line(self) -> str:
        names = (self.places["county"], self.places["township"], self.places["village"])
        return " · ".join(name for name in names if name)


def _progress_percent(need: Need) -> int:
    if need.quantity:
        return min(100, need.quantity_met * 100 // need.quantity)
    if need.amount:
        return min(100, int(need.amount_met * 100 / need.amount))
    return 0


def public_need(need: Need, *, today: date) -> PublicNeed:
    """Return what the public may read of a need loaded by ``need_list_public``."""
    if need.household_id:
        region = need.household.region
        pseudonym = need.household.pseudonym
    else:
        region = need.station.region
        pseudonym = ""
    return PublicNeed(
        need=need,
        pseudonym=pseudonym,
        places=region_places(region),
        remaining=need.remaining_text(),
        progress_percent=_progress_percent(need),
        overdue=need.due_on < today,
    )
