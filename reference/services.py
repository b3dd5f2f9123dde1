"""Writes to the parameter tables: loading the data files, and the change marker that tells
every process's look-up index to rebuild."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from reference import index
from reference.calendar import announce_calendar_change
from reference.calendar_seed import seed_calendar
from reference.datafiles import BASE_FIELDS, DATA_DIR, TABLES, DataFileError, Table, read_table
from reference.models import CustomsDistrict, ImportPort, ReferenceVersion


def reference_version_bump() -> None:
    """This process changed a parameter table: drop its look-up index now and again at
    commit (another thread may rebuild from the old rows meanwhile). The marker itself is
    moved by the database (reference.changes), in the writing transaction."""
    index.mark_stale()
    transaction.on_commit(index.mark_stale)


@dataclass
class SeedResult:
    label: str
    in_file: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0
    deactivated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deactivated)

    def __str__(self) -> str:
        text = (
            f"{self.label}: {self.in_file} rows, {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )
        if self.not_in_file:
            text += f", {self.not_in_file} not in file"
        if self.deactivated:
            text += f" ({self.deactivated} deactivated)"
        return text


def _resolve_districts(rows: list[dict]) -> None:
    ids = dict(CustomsDistrict.objects.values_list("code", "id"))
    for row in rows:
        code = row.pop("customs_district")
        if code not in ids:
            raise DataFileError(f"import_ports.csv: unknown customs district {code}")
        row["customs_district_id"] = ids[code]


def _seed_table(table: Table, data_dir: Path, prune: bool, now) -> SeedResult:
    rows = read_table(table, data_dir)
    if table.model is ImportPort:
        _resolve_districts(rows)
    model_fields = [*BASE_FIELDS, *table.extra_fields]  # names for bulk_update
    fields = ["customs_district_id" if f == "customs_district" else f for f in model_fields]
    result = SeedResult(table.label, in_file=len(rows))
    existing = {obj.code: obj for obj in table.model.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        obj = existing.pop(row["code"], None)
        if obj is None:
            to_create.append(table.model(**row))
        elif any(getattr(obj, f) != row[f] for f in fields if f in row):
            for f in fields:
                if f in row:
                    setattr(obj, f, row[f])
            obj.updated_at = now
            to_update.append(obj)
    table.model.objects.bulk_create(to_create, batch_size=500)
    table.model.objects.bulk_update(to_update, [*model_fields, "updated_at"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)
    result.unchanged = len(rows) - result.created - result.updated
    result.not_in_file = len(existing)
    if prune:
        stale = [obj.pk for obj in existing.values() if obj.active]
        result.deactivated = table.model.objects.filter(pk__in=stale).update(
            active=False, updated_at=now
        )
    return result


@transaction.atomic
def reference_seed(*, data_dir: Path = DATA_DIR, prune: bool = False) -> list[SeedResult]:
    """Load or refresh every parameter table from the data files, in one transaction.

    Rows are matched by code; only rows that differ are written, so a second run writes
    nothing. Rows missing from a file are kept (applications may point to them) unless
    `prune`, which deactivates them."""
    now = timezone.now()
    results = [_seed_table(table, data_dir, prune, now) for table in TABLES]
    in_package, created = seed_calendar()
    results.append(
        SeedResult("工作日历", in_file=in_package, created=created, unchanged=in_package - created)
    )
    if created:
        announce_calendar_change()
    if any(r.changed for r in results):
        reference_version_bump()
    else:
        ReferenceVersion.objects.get_or_create(pk=1)
    return results
