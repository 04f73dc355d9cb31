"""Reads about discovery reports: the triage queue, one report, its re-routings, and likely duplicates."""

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_city_administrator
from common.models import Region
from stations.models import DiscoveryReport, DiscoveryReportReroute, StationMembership

DUPLICATE_WINDOW_DAYS = 90
SIMILAR_TEXT_THRESHOLD = 0.3


def report_list_for_user(*, user: User) -> QuerySet[DiscoveryReport]:
    """Return the reports the user may see: those routed to their stations, or all for a city administrator."""
    reports = DiscoveryReport.objects.select_related(
        "routed_station", "region", "region__parent", "region__parent__parent"
    )
    if not is_city_administrator(user):
        reports = reports.filter(routed_station__in=StationMembership.objects.filter(user=user).values("station_id"))
    return reports


def report_queue_for_user(
    *, user: User, now: datetime | None = None, unrouted_only: bool = False
) -> QuerySet[DiscoveryReport]:
    """Return the user's new reports, the earliest deadline first, each with ``overdue`` against ``now``.

    Overdue reports have the earliest deadlines, so they head the queue. With ``unrouted_only``,
    only the reports no station serves (which only city administrators see).
    """
    now = now or timezone.now()
    reports = report_list_for_user(user=user).filter(status=DiscoveryReport.Status.NEW)
    if unrouted_only:
        reports = reports.filter(routed_station__isnull=True)
    return reports.annotate(
        overdue=Case(When(respond_by__lt=now, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).order_by("respond_by", "pk")


@dataclass(frozen=True)
class ReportQueueSummary:
    """How many of the user's new reports are past their deadline, and how many no station serves."""

    overdue: int
    unrouted: int


def report_queue_summary_for_user(*, user: User, now: datetime | None = None) -> ReportQueueSummary:
    """Count the user's new reports that are overdue against ``now`` and those routed to no station; one query."""
    now = now or timezone.now()
    counts = (
        report_list_for_user(user=user)
        .filter(status=DiscoveryReport.Status.NEW)
        .aggregate(
            overdue=Count("pk", filter=Q(respond_by__lt=now)),
            unrouted=Count("pk", filter=Q(routed_station__isnull=True)),
        )
    )
    return ReportQueueSummary(overdue=counts["overdue"], unrouted=counts["unrouted"])


def report_get_for_user(*, user: User, report_id: int) -> DiscoveryReport:
    """Return one report the user may see; another station's report is a 404, so ids leak nothing."""
    try:
        return (
            report_list_for_user(user=user).select_related("duplicate_of", "household", "triaged_by").get(pk=report_id)
        )
    except DiscoveryReport.DoesNotExist:
        raise Http404("No such report.") from None


def report_reroute_list(*, report: DiscoveryReport) -> QuerySet[DiscoveryReportReroute]:
    """Return the report's re-routings, the earliest first, with their stations and who made them."""
    return report.reroutes.select_related("from_station", "to_station", "rerouted_by").order_by("at", "pk")


def report_find_by_reference(*, user: User, reference: str) -> DiscoveryReport | None:
    """Return the report with this reference among those the user may see, or None."""
    return report_list_for_user(user=user).filter(reference=reference.strip().upper()).first()


# --- Likely duplicates ----------------------------------------------------------------------------


def text_bigrams(text: str) -> set[str]:
    """Return the set of character bigrams of ``text``, letters and digits only, case-folded.

    Chinese has no spaces between words, so pairs of characters stand in for words. Full-width
    characters are folded to their usual forms first; punctuation and spaces are dropped. A text of
    one character gives that character alone.
    """
    characters = [character for character in unicodedata.normalize("NFKC", text).casefold() if character.isalnum()]
    if len(characters) == 1:
        return {characters[0]}
    return {characters[index] + characters[index + 1] for index in range(len(characters) - 1)}


def bigram_jaccard(first: str, second: str) -> float:
    """Return the Jaccard similarity (0 to 1) of the two texts' character bigrams; 0 when either is empty."""
    first_bigrams, second_bigrams = text_bigrams(first), text_bigrams(second)
    if not first_bigrams or not second_bigrams:
        return 0.0
    return len(first_bigrams & second_bigrams) / len(first_bigrams | second_bigrams)


@dataclass(frozen=True)
class DuplicateSuggestion:
    """Another report that may describe the same people, with the reasons it was suggested."""

    report: DiscoveryReport
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0


def report_duplicate_suggestions(
    *, report: DiscoveryReport, user: User | None = None, window_days: int = DUPLICATE_WINDOW_DAYS
) -> list[DuplicateSuggestion]:
    """Return other reports, of any status, received within ``window_days`` before this one, that may repeat it.

    A report is suggested when it was seen in the same village and its text is similar (character
    bigram Jaccard ≥ ``SIMILAR_TEXT_THRESHOLD``), or when the reporter left the same phone number.
    With ``user``, only reports the user may see are suggested. The most similar come first. Takes
    one query.
    """
    in_a_village = report.region_id is not None and report.region.level == Region.Level.VILLAGE
    village_match = Q(region_id=report.region_id) if in_a_village else Q()
    contact_match = Q(contact_index=report.contact_index) if report.contact_index else Q()
    if not village_match and not contact_match:
        return []
    candidates = (
        report_list_for_user(user=user) if user is not None else DiscoveryReport.objects.select_related("region")
    )
    candidates = (
        candidates.filter(
            village_match | contact_match,
            received_at__gte=report.received_at - timedelta(days=window_days),
        )
        .exclude(pk=report.pk)
        .order_by("-received_at", "-pk")
    )
    suggestions = []
    for candidate in candidates:
        reasons = []
        similarity = 0.0
        if village_match and candidate.region_id == report.region_id:
            similarity = bigram_jaccard(report.what_was_seen, candidate.what_was_seen)
            if similarity >= SIMILAR_TEXT_THRESHOLD:
                reasons.append(
                    _("Same village, similar description (%(percent)d%% alike).") % {"percent": round(similarity * 100)}
                )
        if contact_match and candidate.contact_index == report.contact_index:
            reasons.append(_("The same reporter's phone number."))
        if reasons:
            suggestions.append(DuplicateSuggestion(report=candidate, reasons=reasons, similarity=similarity))
    suggestions.sort(key=lambda suggestion: (-len(suggestion.reasons), -suggestion.similarity))
    return suggestions
