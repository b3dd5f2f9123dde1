"""ListGeneration: how many times the applications of a scope of lists changed. Its triggers
are permits.list_triggers, installed after every migrate (PermitsConfig.ready)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0015_attachment_quarantined"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListGeneration",
            fields=[
                ("scope", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "列表版本",
                "verbose_name_plural": "列表版本",
            },
        ),
    ]
