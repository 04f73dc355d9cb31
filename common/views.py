"""Views of the shared kernel: health, CSP reports, and the styled error pages."""

import json
import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from common.health import health_report

logger = logging.getLogger("aixin.csp")

CSP_REPORT_MAX_BYTES = 16 * 1024


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Return 200 when database, cache and broker answer, else 503 naming the failing part."""
    healthy, report = health_report()
    failing = [name for name, part in report.items() if part["status"] != "ok"]
    body = {"status": "ok" if healthy else "error", "failing": failing, "checks": report}
    return JsonResponse(body, status=200 if healthy else 503)


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's report of a content-security-policy violation."""
    if len(request.body) > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponse(status=400)
    logger.warning("CSP violation: %s", json.dumps(report, ensure_ascii=False)[:2000])
    return HttpResponse(status=204)
