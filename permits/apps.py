from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = "准许证申请"

    def ready(self):
        # documents/ serves the public verification page but knows no permits: give it the
        # look-up (documents must never import permits).
        from django.db.models.signals import post_migrate

        from documents import verification
        from permits import list_triggers
        from permits.due_dates import on_calendar_changed
        from permits.verification import permit_lookup
        from reference.calendar import calendar_changed

        verification.register_lookup(permit_lookup)
        # A calendar edit moves the due dates the queues sort by.
        calendar_changed.connect(on_calendar_changed, dispatch_uid="permits-due-dates")
        # The counts of list changes (permits.list_tags) come from database triggers.
        post_migrate.connect(
            list_triggers.on_post_migrate, sender=self, dispatch_uid="permits-list-triggers"
        )
