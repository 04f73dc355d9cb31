"""Staff views of the CMS: a coordinator edits their station's public story without Wagtail's admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cms.forms import StationStoryForm
from cms.station_pages import station_page_get, station_page_story_update, story_as_text
from common.errors import ApplicationError
from stations.selectors import station_get_for_user


@login_required
def station_page_edit(request: HttpRequest, station_id: int) -> HttpResponse:
    """Show the story form (GET) or publish the story (POST): the station's lead and coordinators, city admins.

    Another station's id is a 404 (``station_get_for_user``). A refused text comes back with status
    400, the input kept and the reason shown.
    """
    station = station_get_for_user(user=request.user, station_id=station_id)
    page = station_page_get(station=station)
    status = 200
    if request.method == "POST":
        form = StationStoryForm(request.POST)
        if form.is_valid():
            try:
                page = station_page_story_update(
                    station=station,
                    intro=form.cleaned_data["intro"],
                    story_text=form.cleaned_data["story"],
                    user=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The public page is published."))
                return redirect("cms_staff:station_page_edit", station_id=station.pk)
        status = 400
    else:
        form = StationStoryForm(initial={"intro": page.intro if page else "", "story": story_as_text(page)})
    return render(
        request,
        "cms/station_page_edit.html",
        {
            "station": station,
            "station_page": page,
            "public_url": page.get_url(request=request) if page and page.live else "",
            "form": form,
        },
        status=status,
    )
