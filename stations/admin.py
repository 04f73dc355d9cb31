from django.contrib import admin

from stations.models import LoveStation, StationMembership


class StationMembershipInline(admin.TabularInline):
    model = StationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(LoveStation)
class LoveStationAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "status", "phone", "activated_at"]
    list_filter = ["status"]
    search_fields = ["name", "address", "region__code", "region__name"]
    raw_id_fields = ["region"]
    inlines = [StationMembershipInline]
