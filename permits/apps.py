from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = "准许证申请"

    def ready(self):
        # documents/ serves the public verification page but knows no permits: give it the
        # look-up (documents must never import permits).
        from documents import verification
        from permits.verification import permit_lookup

        verification.register_lookup(permit_lookup)
