"""Admin: a maintenance view. Applications, their history and notices are read-only here (the
admin would bypass the workflow); failed or stuck notices can be rendered again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from permits.models import Application, Notice, StatusChange
from permits.notices.tasks import render_now


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "application_no",
        "direction",
        "status",
        "applicant_name",
        "permit_no",
        "created_at",
    )
    list_filter = ("status", "direction")
    search_fields = ("application_no", "permit_no", "applicant_uscc")
    show_full_result_count = False


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("application", "action", "from_status", "to_status", "actor_name", "at")
    list_filter = ("action",)
    list_select_related = ("application",)
    show_full_result_count = False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "state", "attempts", "issued_at", "ready_at", "next_try_at")
    list_filter = ("state", "kind")
    search_fields = ("number",)
    exclude = ("snapshot",)
    actions = ("reissue",)

    @admin.action(description=_("重新生成所选通知书"))
    def reissue(self, request, queryset):
        outcomes = [render_now(notice.pk, retry=False) for notice in queryset.defer("snapshot")]
        self.message_user(
            request,
            _("已处理 %(n)s 份：%(outcomes)s")
            % {"n": len(outcomes), "outcomes": ", ".join(outcomes)},
            messages.INFO,
        )

    def has_change_permission(self, request, obj=None):
        # The list's action needs it; the change form stays read-only (no editable fields).
        return obj is None and request.user.is_superuser
