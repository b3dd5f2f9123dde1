"""Reading reference/data/*.csv (and pycountry) into row dicts for seed_reference.

Parsing with pinyin costs ~50 ms for all tables and the test suite seeds in many tests, so
parsed files are cached per (path, modification time)."""

import csv
import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pycountry

from reference import models as m

DATA_DIR = Path(__file__).resolve().parent / "data"
BASE_FIELDS = ("code", "name", "name_en", "note", "sort_order", "active", "pinyin", "initials")
_TRUE = {"true", "1", "yes", "y", "是"}
_FALSE = {"false", "0", "no", "n", "否", ""}


class DataFileError(ValueError):
    """A data file is malformed; the message names the file and line."""


def parse_bool(value: str, where: str) -> bool:
    v = (value or "").strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise DataFileError(f"{where}: not a boolean: {value!r}")


def _drug_extra(row: dict, where: str) -> dict:
    category = row.get("category", "").strip()
    if category not in m.Drug.Category.values:
        raise DataFileError(f"{where}: category must be one of {m.Drug.Category.values}")
    return {
        "category": category,
        "biological": parse_bool(row.get("biological", ""), where),
        "aliases": ";".join(a.strip() for a in row.get("aliases", "").split(";") if a.strip()),
    }


def _import_port_extra(row: dict, where: str) -> dict:
    district = row.get("customs_district", "").strip()
    if not district:
        raise DataFileError(f"{where}: customs_district is required")
    return {
        "customs_district": district,  # a code here; resolved to the row when seeding
        "biological_allowed": parse_bool(row.get("biological_allowed", ""), where),
    }


def _country_extra(row: dict, where: str) -> dict:
    return {"alpha2": row["alpha2"].strip()} if row.get("alpha2", "").strip() else {}


@dataclass(frozen=True)
class Table:
    label: str
    model: type[m.RefItem]
    filename: str
    extra_fields: tuple[str, ...] = ()
    parse_extra: Callable[[dict, str], dict] | None = None


# In load order: import ports need their districts first.
TABLES = (
    Table("departments", m.Department, "departments.csv"),
    Table("customs_districts", m.CustomsDistrict, "customs_districts.csv"),
    Table(
        "import_ports",
        m.ImportPort,
        "import_ports.csv",
        ("customs_district", "biological_allowed"),
        _import_port_extra,
    ),
    Table("export_ports", m.ExportPort, "export_ports.csv"),
    Table("hs_codes", m.HSCode, "hs_codes.csv"),
    Table("drugs", m.Drug, "drugs.csv", ("category", "biological", "aliases"), _drug_extra),
    Table("dosage_forms", m.DosageForm, "dosage_forms.csv"),
    Table("units", m.Unit, "units.csv"),
    Table("countries", m.Country, "countries.csv", ("alpha2",), _country_extra),
)


def _row(table: Table, raw: dict, where: str) -> dict:
    code, name = (raw.get("code") or "").strip(), (raw.get("name") or "").strip()
    if not code or not name:
        raise DataFileError(f"{where}: code and name are required")
    try:
        sort_order = int((raw.get("sort_order") or "0").strip())
    except ValueError:
        raise DataFileError(f"{where}: sort_order must be an integer") from None
    row = {
        "code": code,
        "name": name,
        "name_en": (raw.get("name_en") or "").strip(),
        "note": (raw.get("note") or "").strip(),
        "sort_order": sort_order,
        "active": parse_bool(raw.get("active") or "true", where),
    }
    if table.parse_extra:
        row.update(table.parse_extra(raw, where))
    return row


def _read_csv(table: Table, path: Path) -> list[dict]:
    rows, seen = [], set()
    with path.open(encoding="utf-8-sig", newline="") as f:
        for line, raw in enumerate(csv.DictReader(f), start=2):
            row = _row(table, raw, f"{path.name}:{line}")
            if row["code"] in seen:
                raise DataFileError(f"{path.name}:{line}: duplicate code {row['code']}")
            seen.add(row["code"])
            rows.append(row)
    return rows


def _countries(overrides: list[dict]) -> list[dict]:
    """All of ISO 3166-1 with zh_CN names from pycountry; the CSV rows override or add."""
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    rows = {}
    for c in pycountry.countries:
        common = getattr(c, "common_name", None)
        # A common name with its own translation reads better (韩国, not 大韩民国).
        name = zh.gettext(common) if common and zh.gettext(common) != common else None
        rows[c.alpha_3] = {
            "code": c.alpha_3,
            "name": name or zh.gettext(c.name),
            "name_en": common or c.name,
            "note": "",
            "sort_order": 0,
            "active": True,
            "alpha2": c.alpha_2,
        }
    for o in overrides:
        base = rows.get(o["code"], {"alpha2": ""})
        rows[o["code"]] = {**base, **{k: v for k, v in o.items() if v != "" or k not in base}}
    return list(rows.values())


def _with_pinyin(table: Table, rows: list[dict]) -> list[dict]:
    for row in rows:
        obj = table.model(name=row["name"])
        obj.fill_pinyin()
        row["pinyin"], row["initials"] = obj.pinyin, obj.initials
    return rows


@functools.lru_cache(maxsize=32)
def _parsed(table: Table, path: Path, mtime_ns: int) -> tuple[dict, ...]:
    rows = _read_csv(table, path) if path.exists() else []
    if table.model is m.Country:
        rows = _countries(rows)
    return tuple(_with_pinyin(table, rows))


def read_table(table: Table, data_dir: Path = DATA_DIR) -> list[dict]:
    """Rows of one table as field dicts (fresh copies), pinyin included."""
    path = data_dir / table.filename
    if not path.exists() and table.model is not m.Country:
        raise DataFileError(f"{path}: missing")
    mtime = path.stat().st_mtime_ns if path.exists() else 0
    return [dict(r) for r in _parsed(table, path, mtime)]
