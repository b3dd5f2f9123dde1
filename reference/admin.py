"""Parameter tables in the admin: the maintenance tool for codes awaiting confirmation and
yearly catalogue changes. Pinyin is derived from the name on save, so it is read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from reference import models as m
from reference.services import reference_version_bump


@admin.action(description=_("启用所选项"))
def activate(modeladmin, request, queryset):
    _set_active(modeladmin, request, queryset, True)


@admin.action(description=_("停用所选项"))
def deactivate(modeladmin, request, queryset):
    _set_active(modeladmin, request, queryset, False)


def _set_active(modeladmin, request, queryset, active: bool) -> None:
    count = queryset.update(active=active)
    reference_version_bump()  # update() sends no signals
    modeladmin.message_user(request, _("已更新 %(n)d 项。") % {"n": count}, messages.SUCCESS)


class RefItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "sort_order", "active")
    list_display_links = ("code", "name")
    list_editable = ("sort_order", "active")
    list_filter = ("active",)
    search_fields = ("code", "name", "name_en", "pinyin", "initials")
    readonly_fields = ("pinyin", "initials", "updated_at")
    fields = ("code", "name", "name_en", "note", "sort_order", "active", *readonly_fields)
    actions = (activate, deactivate)
    list_per_page = 100

    def get_fields(self, request, obj=None):
        extra = [f for f in getattr(self, "extra_fields", ()) if f not in self.fields]
        base = list(self.fields)
        return [*base[:3], *extra, *base[3:]]


@admin.register(m.Department, m.CustomsDistrict, m.ExportPort, m.DosageForm, m.Unit)
class PlainAdmin(RefItemAdmin):
    pass


@admin.register(m.ImportPort)
class ImportPortAdmin(RefItemAdmin):
    list_display = (
        "code",
        "name",
        "name_en",
        "customs_district",
        "biological_allowed",
        "sort_order",
        "active",
    )
    list_filter = ("active", "biological_allowed", "customs_district")
    list_select_related = ("customs_district",)
    extra_fields = ("customs_district", "biological_allowed")


@admin.register(m.HSCode)
class HSCodeAdmin(RefItemAdmin):
    list_display = ("code", "name", "note", "sort_order", "active")


@admin.register(m.Drug)
class DrugAdmin(RefItemAdmin):
    list_display = ("code", "name", "name_en", "category", "biological", "sort_order", "active")
    list_filter = ("active", "category", "biological")
    extra_fields = ("category", "biological")


@admin.register(m.Country)
class CountryAdmin(RefItemAdmin):
    list_display = ("code", "alpha2", "name", "name_en", "sort_order", "active")
    search_fields = (*RefItemAdmin.search_fields, "alpha2")
    extra_fields = ("alpha2",)


@admin.register(m.ReferenceVersion)
class ReferenceVersionAdmin(admin.ModelAdmin):
    """Shown so an operator can see when the tables last changed; never edited by hand."""

    list_display = ("version", "changed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Each year, once the State Council has published it: its holidays that fall on weekdays
    and its make-up working days (a year without rows counts weekdays only, provisionally)."""

    list_display = ("date", "is_working_day", "name")
    list_editable = ("is_working_day", "name")
    list_filter = ("is_working_day",)
    date_hierarchy = "date"
    search_fields = ("name",)
    list_per_page = 100
