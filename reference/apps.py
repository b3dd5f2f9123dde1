from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "reference"
    verbose_name = "参数表"

    def ready(self) -> None:
        from reference import changes

        changes.connect()
