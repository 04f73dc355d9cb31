"""Who may do what with stations: the one place these rules live."""

from accounts.models import User
from accounts.permissions import is_city_administrator
from accounts.roles import user_holds_staff_role
from stations.models import LoveStation, StationMembership
from stations.selectors import station_role_for_user, user_is_station_member


def can_open_workbench(user: User) -> bool:
    """Anyone holding a staff role: station, agency, fund or city staff."""
    return user_holds_staff_role(user)


def can_manage_station_members(user: User, station: LoveStation) -> bool:
    """The station's lead and city administrators."""
    if is_city_administrator(user):
        return True
    return station_role_for_user(user=user, station=station) == StationMembership.Role.LEAD


def can_administer_stations(user: User) -> bool:
    """Approve, create and close stations: city administrators only."""
    return is_city_administrator(user)


def can_manage_households(user: User, station: LoveStation) -> bool:
    """Record and change households at a station: its members and city administrators."""
    return is_city_administrator(user) or station_role_for_user(user=user, station=station) is not None


def can_edit_hardship_weights(user: User) -> bool:
    return is_city_administrator(user)


def can_list_households(user: User) -> bool:
    """Households are kept by stations: their members and the city administrators read the lists."""
    return is_city_administrator(user) or user_is_station_member(user)


def can_unmask_household(user: User, household) -> bool:
    """Show a household's sensitive fields in full (logged): the staff who may change the household."""
    return can_manage_households(user, household.station)


def can_enter_reports(user: User) -> bool:
    """Enter hotline and walk-in discovery reports: station staff and city administrators."""
    return can_list_households(user)


def can_triage_report(user: User, report) -> bool:
    """Triage a report: the staff of the station it was routed to, or a city administrator."""
    if report.routed_station_id is None:
        return is_city_administrator(user)
    return can_manage_households(user, report.routed_station)


def can_edit_need(user: User, station: LoveStation) -> bool:
    """Record, submit and update a station's needs: its members and city administrators."""
    return can_manage_households(user, station)


def can_moderate_need(user: User, station: LoveStation) -> bool:
    """Approve or send back a need: the station's lead or a city administrator."""
    if is_city_administrator(user):
        return True
    return station_role_for_user(user=user, station=station) == StationMembership.Role.LEAD
