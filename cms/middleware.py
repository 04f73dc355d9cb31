"""A signed-in person without CMS access gets a 403 page, not Wagtail's redirect to the login.

Wagtail sends such a person to the login page; allauth sends a signed-in person on to ``next``,
which is the CMS again: a redirect loop. Answering 403 here says plainly what is wrong.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

CMS_PREFIX = "/cms/"


class CmsAccessMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.path_info.startswith(CMS_PREFIX)
            and user is not None
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            raise PermissionDenied(_("Your account may not edit the public site."))
        return self.get_response(request)
