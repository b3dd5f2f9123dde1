from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = "准许证申请"

    def ready(self):
        # documents/ serves the public verification page but knows no permits: give it the
        # look-up (documents must never import permits).
        from django.db.models.signals import post_migrate

        from core import triggers
        from documents import verification
        from permits.tags import change_stamps
        from permits.timing.due_dates import on_calendar_changed
        from permits.verification import permit_lookup
        from reference.calendar import calendar_changed

        verification.register_lookup(permit_lookup)
        # A calendar edit moves the due dates the queues sort by.
        calendar_changed.connect(on_calendar_changed, dispatch_uid="permits-due-dates")
        # The change stamps (permits.tags.list_tags, permits.tags.fingerprint) come from database
        # triggers, declared here and by reference.changes; every migrate and flush brings
        # them to their declared definitions.
        change_stamps.declare_all()
        post_migrate.connect(triggers.on_post_migrate, sender=self, dispatch_uid="db-triggers")
