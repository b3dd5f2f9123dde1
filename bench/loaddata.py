"""Scale data for the benchmarks (quality.md, Performance budgets): `generate_load_data`.

Writes realistic applications — every status in plausible proportions, both directions, 1–4
goods, attachment metadata for everything that was ever submitted, a status history that
follows the workflow table — spread over thousands of enterprises (with a Zipf-like skew, so
that a few large traders hold thousands of applications each) and every department, created
over the last three years in working hours.

Bulk paths only: the rows are built as plain tuples and written in one transaction per batch,
with one prepared INSERT run by `executemany` per table on SQLite and `COPY … FROM STDIN` on
PostgreSQL. No model instance is built per row (only the few thousand enterprises and users go
through `bulk_create`). Numbers come from the same `permits_counter` rows as real ones,
reserved per batch in the batch's own transaction: application numbers from
`application_no`, permit numbers from `permit:<department>:<year>:<direction>` (in approval
order), so numbers never collide with real ones and a second run adds more data.

Generated rows are recognisable, and `clear()` removes exactly them: enterprises named
`负载测试…` whose USCC organisation code starts with `LT`, users `loadtest-…`, stored file
names under `loadtest/` (metadata only: no file is written).
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import multiprocessing
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from accounts.models import Enterprise, Role, User
from accounts.uscc import check_character
from permits.attachment_rules import slots_for
from permits.models import Application, Attachment, Counter, Goods, StatusChange
from permits.validity import latest_valid_until
from reference.models import Country, Department, DosageForm, Drug, ExportPort, ImportPort

NAME_PREFIX = "负载测试"
ORG_PREFIX = "LT"  # USCC characters 9-10 of generated enterprises (organisation code)
USERNAME_PREFIX = "loadtest-"
STORAGE_PREFIX = "loadtest/"
YEARS = 3
DAY = 86_400
V7 = 0x7 << 76 | 0x2 << 62  # UUID version 7 and RFC 4122 variant bits

# Share of enterprises per province (GB/T 2260 first two digits): where the trade is.
PROVINCE_WEIGHTS = {
    "44": 12, "31": 10, "11": 9, "32": 9, "33": 8, "37": 6, "51": 4, "42": 4, "35": 4,
    "12": 4, "21": 3, "41": 3, "43": 3, "50": 3, "61": 3, "34": 3, "13": 2, "22": 2, "36": 2,
    "45": 2, "53": 2, "14": 1, "15": 1, "23": 1, "46": 1, "52": 1, "54": 1, "62": 1, "63": 1,
    "64": 1, "65": 1,
}
PROVINCE_SHORT = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁",
    "22": "吉林", "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽",
    "35": "福建", "36": "江西", "37": "山东", "41": "河南", "42": "湖北", "43": "湖南",
    "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州",
    "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏",
    "65": "新疆",
}
PINYIN_SHORT = {
    "11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Inner Mongolia",
    "21": "Liaoning", "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu",
    "33": "Zhejiang", "34": "Anhui", "35": "Fujian", "36": "Jiangxi", "37": "Shandong",
    "41": "Henan", "42": "Hubei", "43": "Hunan", "44": "Guangdong", "45": "Guangxi",
    "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou", "53": "Yunnan",
    "54": "Tibet", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
    "65": "Xinjiang",
}
BRAND = "康华健瑞泰德恒安信达宁海正天源隆美和盛"
KINDS = [("医药", "Pharmaceutical"), ("药业", "Pharma"), ("生物科技", "Biotech"),
         ("医药贸易", "Medical Trading"), ("制药", "Pharmaceutical Manufacturing")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文斌宇浩凯晨欣怡"

# Zipf-like skew of applications over enterprises: weight of rank r is (r + SKEW_OFFSET)^-s.
# At the default of one enterprise per 200 applications the largest holds about 1.5 % of all
# applications and a few dozen hold thousands (at 1,000,000).
SKEW_EXPONENT = 0.8
SKEW_OFFSET = 4

# Statuses by age: old applications are decided; pending ones are recent.
STATUS_WEIGHTS_OLD = {
    "approved": 70, "rejected": 4, "voided": 2.5, "not_accepted": 4, "withdrawn": 5,
    "draft": 11, "correction_required": 2, "submitted": 0.7, "accepted": 0.8,
}
STATUS_WEIGHTS_RECENT = {
    "approved": 30, "rejected": 1.5, "voided": 0.5, "not_accepted": 2, "withdrawn": 3,
    "draft": 16, "correction_required": 8, "submitted": 20, "accepted": 19,
}
RECENT_DAYS = 45
STATUSES = list(STATUS_WEIGHTS_OLD)

# Status paths (actions after "create"); several per final status, first is the common one.
# Each entry: (weight, [action, ...]); the status after each action follows the workflow table.
PATHS: dict[str, list[tuple[int, list[str]]]] = {
    "draft": [(1, [])],
    "submitted": [(9, ["submit"]), (1, ["submit", "request_correction", "submit"])],
    "accepted": [(9, ["submit", "accept"]),
                 (1, ["submit", "request_correction", "submit", "accept"])],
    "correction_required": [(6, ["submit", "request_correction"]),
                            (4, ["submit", "accept", "request_correction"])],
    "not_accepted": [(1, ["submit", "not_accept"])],
    "approved": [(85, ["submit", "accept", "approve"]),
                 (12, ["submit", "request_correction", "submit", "accept", "approve"]),
                 (3, ["submit", "withdraw", "submit", "accept", "approve"])],
    "rejected": [(1, ["submit", "accept", "reject"])],
    "voided": [(1, ["submit", "accept", "approve", "void"])],
    "withdrawn": [(6, ["submit", "withdraw"]), (4, ["submit", "accept", "withdraw"])],
}
TO_STATUS = {
    "submit": "submitted", "accept": "accepted", "request_correction": "correction_required",
    "not_accept": "not_accepted", "approve": "approved", "reject": "rejected",
    "void": "voided", "withdraw": "withdrawn",
}
APPLICANT_ACTIONS = {"submit", "withdraw"}
DECISIONS = {"not_accept", "approve", "reject"}
# Mean hours before each action (exponential), from the previous event.
MEAN_GAP_HOURS = {
    "submit": 30, "accept": 50, "request_correction": 60, "not_accept": 60, "approve": 120,
    "reject": 120, "void": 24 * 30, "withdraw": 48,
}
REASONS = {
    "request_correction": ["购货合同未盖章，请补正。", "注册证已过期，请提供有效的注册证。",
                           "用量测算依据不充分，请补充说明。", "营业执照副本不清晰，请重新上传。"],
    "not_accept": ["申请事项不属于本部门职权范围。", "申请材料明显不符合要求，且未按期补正。"],
    "reject": ["申请进口数量与用量测算依据不符。", "药品批准证明文件与申请品种不一致。"],
    "void": ["申请单位申请注销该准许证。", "准许证信息有误，申请作废后重新办理。"],
    "withdraw": ["", "信息填写有误，撤回修改。", "合同变更，撤回。"],
}

COUNTERPARTIES = [
    ("Novo Nordisk A/S", "Novo Alle 1, 2880 Bagsvaerd", "DNK"),
    ("Eli Lilly Export S.A.", "16 Chemin des Coquelicots, 1214 Vernier, Geneva", "CHE"),
    ("Sanofi Winthrop Industrie", "82 Avenue Raspail, 94250 Gentilly", "FRA"),
    ("Merck Healthcare KGaA", "Frankfurter Strasse 250, 64293 Darmstadt", "DEU"),
    ("Pfizer Export B.V.", "Rivium Westlaan 142, 2909 LD Capelle aan den IJssel", "NLD"),
    ("Bayer Pharma AG", "Muellerstrasse 178, 13353 Berlin", "DEU"),
    ("Ferring International Center S.A.", "Chemin de la Vergognausaz 50, 1162 St-Prex", "CHE"),
    ("Ipsen Pharma", "65 Quai Georges Gorse, 92100 Boulogne-Billancourt", "FRA"),
    ("Organon Export B.V.", "Kloosterstraat 6, 5349 AB Oss", "NLD"),
    ("Takeda Pharmaceutical Company Limited", "1-1 Doshomachi 4-chome, Chuo-ku, Osaka", "JPN"),
    ("LG Chem Ltd.", "128 Yeoui-daero, Yeongdeungpo-gu, Seoul", "KOR"),
    ("Sandoz GmbH", "Biochemiestrasse 10, 6250 Kundl", "AUT"),
    ("Medica Import Ltd.", "2 King Street, London", "GBR"),
    ("Pharma Distribution Pte. Ltd.", "10 Science Park Road, Singapore", "SGP"),
    ("Andes Farma S.A.", "Avenida Providencia 1208, Santiago", "CHL"),
    ("Biocon Biologics Limited", "Electronic City Phase II, Bengaluru", "IND"),
]
MANUFACTURERS = [
    ("Novo Nordisk A/S", "DNK"), ("Eli Lilly and Company", "USA"),
    ("Sanofi-Aventis Deutschland GmbH", "DEU"), ("Merck Serono S.p.A.", "ITA"),
    ("Pfizer Manufacturing Belgium NV", "BEL"), ("Bayer AG", "DEU"),
    ("Organon (Ireland) Ltd.", "IRL"), ("Ferring GmbH", "DEU"), ("Ipsen Pharma Biotech", "FRA"),
    ("Chugai Pharma Manufacturing", "JPN"),
    ("LG Chem Ltd.", "KOR"), ("Sandoz GmbH", "AUT"), ("Sun Pharmaceutical Industries Ltd.", "IND"),
    ("长春金赛药业有限责任公司", "CHN"), ("通化东宝药业股份有限公司", "CHN"),
    ("浙江仙琚制药股份有限公司", "CHN"), ("湖北葛店人福药业有限责任公司", "CHN"),
]
ATTACHMENT_NAMES = {
    "application_form": "申请表（盖章）.pdf", "purchase_contract": "购货合同.pdf",
    "registration_certificate": "进口药品注册证.pdf", "business_licence": "营业执照.pdf",
    "drug_licence": "药品经营许可证.pdf", "sales_contract": "外销合同.pdf",
    "manufacturer_documents": "生产企业许可证及批准证明文件.pdf",
    "import_permit": "Import Permit.pdf", "agency_agreement": "委托代理协议.pdf",
}


# ---------------------------------------------------------------------------- writing rows


class Table:
    """A table written by the bulk path: the columns this module fills, plus the constant
    default of every other column (so a field added later with a default needs no change)."""

    def __init__(self, model, attnames: Sequence[str]):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(attnames) - fields.keys()
        if unknown:
            raise ValueError(f"{model.__name__}: no such fields {sorted(unknown)}")
        self.name = model._meta.db_table
        self.columns = [fields[a].column for a in attnames]
        extra = []
        for f in model._meta.concrete_fields:
            if f.attname in attnames or (f.primary_key and f.get_internal_type().endswith(
                    "AutoField")):
                continue
            if f.has_default():
                value = f.get_db_prep_save(f.get_default(), connection)
            elif f.null:
                value = None
            else:
                raise ValueError(f"{model.__name__}.{f.name}: no value and no default")
            self.columns.append(f.column)
            extra.append(value)
        self.extra = tuple(extra)


class SqliteWriter:
    """One prepared INSERT per table, run by executemany (the sqlite3 module binds rows in C)."""

    vendor = "sqlite"
    dt_suffix = ""

    @property
    def raw(self):
        connection.ensure_connection()
        return connection.connection

    def begin_batch(self) -> None:
        pass

    def setup(self) -> None:
        with connection.cursor() as cursor:
            if not connection.in_atomic_block:  # not allowed inside a transaction (tests)
                cursor.execute("PRAGMA synchronous = OFF")  # a crashed load is simply re-run
            cursor.execute("PRAGMA cache_size = -1000000")  # ~1 GB: indexes stay in memory

    def write(self, table: Table, rows: Iterable[Sequence]) -> None:
        marks = ", ".join("?" * len(table.columns))
        cols = ", ".join(f'"{c}"' for c in table.columns)
        extra = table.extra
        if extra:
            rows = (tuple(r) + extra for r in rows)
        sql = f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})'  # noqa: S608 - our names
        self.raw.executemany(sql, rows)

    def finish(self, log) -> None:
        with connection.cursor() as cursor:
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA optimize")


class PostgresWriter:
    """COPY … FROM STDIN in text format, rows formatted by psycopg (in C)."""

    vendor = "postgresql"
    dt_suffix = "+00"
    skip_fk_triggers = False

    @property
    def raw(self):
        connection.ensure_connection()
        return connection.connection

    def setup(self) -> None:
        # Inside a caller's transaction (tests) the SET LOCALs below would outlive the load.
        self.tuned = not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            # Foreign keys are checked by deferred triggers, one query per row at commit;
            # the rows here are consistent by construction, so a superuser skips them
            # (session_replication_role is superuser-only).
            self.skip_fk_triggers = self.tuned and cursor.fetchone()[0]

    def begin_batch(self) -> None:
        if not self.tuned:
            return
        with connection.cursor() as cursor:
            # Only this batch's durability is deferred: a crash loses the batch, never data.
            cursor.execute("SET LOCAL synchronous_commit = off")
            if self.skip_fk_triggers:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def write(self, table: Table, rows: Iterable[Sequence]) -> None:
        cols = ", ".join(f'"{c}"' for c in table.columns)
        extra = table.extra
        with self.raw.cursor() as cur, cur.copy(
            f'COPY "{table.name}" ({cols}) FROM STDIN'
        ) as copy:
            write_row = copy.write_row
            if extra:
                for r in rows:
                    write_row(tuple(r) + extra)
            else:
                for r in rows:
                    write_row(r)

    def finish(self, log) -> None:
        tables = [m._meta.db_table for m in (Application, Goods, Attachment, StatusChange)]
        start = time.perf_counter()
        # VACUUM sets the visibility map (index-only scans for counts) and ANALYZE gives the
        # planner the new sizes; autovacuum would do both, later. VACUUM cannot run inside a
        # transaction (tests): ANALYZE alone then.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for name in tables:
                cursor.execute(f'{command} "{name}"')
        log(f"  {command.lower()}: {time.perf_counter() - start:.1f} s")


def writer_for_connection():
    if connection.vendor == "postgresql":
        return PostgresWriter()
    if connection.vendor == "sqlite":
        return SqliteWriter()
    raise RuntimeError(f"generate_load_data: SQLite and PostgreSQL only, not {connection.vendor}")


def reserve(key: str, count: int) -> int:
    """Move counter `key` on by `count` (in the caller's transaction); the first value reserved."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO permits_counter (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = permits_counter.value + excluded.value "
            "RETURNING value",
            [key, count],
        )
        return cursor.fetchone()[0] - count + 1


# ---------------------------------------------------------------------------- catalogue


@dataclass
class Catalogue:
    """Reference data the rows are drawn from."""

    departments: dict[str, int]  # code -> id
    goods_templates: list[tuple]  # drug-level fields of a goods row + biological flag
    specs: dict[str, list[tuple[str, str]]]  # dosage form -> [(specification, unit)]
    countries: list[str]
    import_ports: list[tuple[str, str]]  # (code, customs district)
    bio_ports: list[tuple[str, str]]
    export_ports: list[str]


def _hs_code(drug: Drug, api: bool) -> str:
    name_en = drug.name_en.lower()
    if drug.code in ("A016", "A029"):  # clenbuterol, zilpaterol
        return "2922000000"
    if "insulin" in name_en:
        return "2937121000" if api else "3004311010"
    if "somatropin" in name_en:
        return "2937110000" if api else "3004390000"
    if drug.category == Drug.Category.PEPTIDE:
        return "2937190000" if api else "3004390000"
    return "2937290000" if api else "3004390000"


FORMS_BY_CATEGORY = {
    "anabolic": ["原料药", "注射液", "片剂", "胶囊剂", "软胶囊", "凝胶剂", "乳膏剂", "贴剂",
                 "植入剂"],
    "peptide_hormone": ["原料药", "注射液", "注射用无菌粉末", "冻干粉针剂", "缓释微球"],
}
SPECS = {
    "原料药": [("25kg/桶", "千克"), ("1kg/袋", "千克"), ("100g/瓶", "克"), ("500g/袋", "克")],
    "注射液": [("10ml:400IU", "支"), ("3ml:300IU/支", "支"), ("1ml:250mg", "支"),
               ("2ml:100mg", "支"), ("5支/盒", "盒")],
    "注射用无菌粉末": [("4IU/瓶", "瓶"), ("10mg/瓶", "瓶"), ("1000IU/瓶", "瓶")],
    "冻干粉针剂": [("5000IU/瓶", "瓶"), ("16IU/支", "支"), ("10瓶/盒", "盒")],
    "片剂": [("5mg*100片", "盒"), ("2.5mg*30片", "盒"), ("10mg", "片")],
    "胶囊剂": [("40mg*30粒", "盒"), ("100mg", "粒")],
    "软胶囊": [("40mg*60粒", "盒")],
    "凝胶剂": [("50mg/5g", "支"), ("1%:60g", "瓶")],
    "乳膏剂": [("10g:0.1g", "支")],
    "贴剂": [("5mg/贴*30贴", "盒")],
    "植入剂": [("3.6mg/支", "支")],
    "缓释微球": [("3.75mg/瓶", "瓶"), ("11.25mg/支", "支")],
}


def load_catalogue() -> Catalogue:
    if not Department.objects.exists():
        call_command("seed_reference", verbosity=0)
    departments = dict(Department.objects.filter(active=True).values_list("code", "id"))
    forms = {f.name: f.name_en for f in DosageForm.objects.filter(active=True)}
    templates = []
    for drug in Drug.objects.filter(active=True).order_by("code"):
        for form in FORMS_BY_CATEGORY.get(drug.category, ["原料药"]):
            if form not in forms:
                continue
            templates.append((
                _hs_code(drug, form == "原料药"), drug.name, drug.name_en, form, forms[form],
                drug.biological,
            ))
    if not templates:
        raise RuntimeError("reference tables hold no drugs or dosage forms: run seed_reference")
    countries = list(Country.objects.filter(active=True).values_list("code", flat=True))
    ports = [
        (p.code, p.customs_district.code, p.biological_allowed)
        for p in ImportPort.objects.filter(active=True).select_related("customs_district")
    ]
    return Catalogue(
        departments=departments,
        goods_templates=templates,
        specs={form: SPECS.get(form, [("1kg/袋", "千克")]) for form in forms},
        countries=countries,
        import_ports=[(c, d) for c, d, _b in ports],
        bio_ports=[(c, d) for c, d, b in ports if b] or [(c, d) for c, d, _b in ports],
        export_ports=list(ExportPort.objects.filter(active=True).values_list("name", flat=True)),
    )


# ---------------------------------------------------------------------------- enterprises


@dataclass(frozen=True)
class Ent:
    id: str  # UUID as 32 hex digits (accepted by both databases)
    uscc: str
    name: str
    name_en: str
    address: str
    address_en: str
    province: str  # department code
    user_id: int
    user_name: str


def province_slots() -> list[str]:
    """Province (2 digits) of enterprise i is slots[i % len(slots)]; the first 31 slots are
    the 31 provinces, so every department has enterprises from the 31st on."""
    first = list(PROVINCE_WEIGHTS)
    rest = [p for p, w in PROVINCE_WEIGHTS.items() for _ in range(w - 1)]
    random.Random(7).shuffle(rest)
    return first + rest


def generated_uscc(index: int, province: str) -> str:
    first17 = f"91{province}0100{ORG_PREFIX}{index:07d}"
    return first17 + check_character(first17)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def ensure_enterprises(count: int, departments: dict[str, int], log) -> list[Ent]:
    """Generated enterprises 0..count-1 (created when missing, reused otherwise), each with
    one enterprise administrator."""
    slots = [p for p in province_slots() if f"{p}0000" in departments]
    rng = random.Random(count)
    specs = []
    names = set()
    for i in range(count):
        prov = slots[i % len(slots)]
        brand = BRAND[i % len(BRAND)] + BRAND[(i // len(BRAND) + i) % len(BRAND)]
        kind, kind_en = KINDS[(i // 7) % len(KINDS)]
        name = f"{NAME_PREFIX}{PROVINCE_SHORT[prov]}{brand}{kind}有限公司"
        if name in names:
            name = f"{NAME_PREFIX}{PROVINCE_SHORT[prov]}{brand}{kind}（{i}）有限公司"
        names.add(name)
        specs.append((generated_uscc(i, prov), prov, name,
                      f"Load Test {PINYIN_SHORT[prov]} {kind_en} Co., Ltd. No. {i}"))
    existing = dict(
        Enterprise.objects.filter(uscc__in=[s[0] for s in specs]).values_list("uscc", "id")
    )
    new = [
        Enterprise(
            uscc=uscc, name=name, name_en=name_en, region_code=uscc[2:8],
            address=f"{PROVINCE_SHORT[prov]}测试路{i % 997 + 1}号",
            address_en=f"No. {i % 997 + 1} Test Road, {PINYIN_SHORT[prov]}, China",
            trade_record_no=f"LT{i:08d}", trade_record_date=date(2015, 1, 1) + timedelta(i % 3000),
        )
        for i, (uscc, prov, name, name_en) in enumerate(specs)
        if uscc not in existing
    ]
    Enterprise.objects.bulk_create(new, batch_size=2000)
    if new:
        log(f"  created {len(new):,} enterprises")
    rows = {
        e.uscc: e for e in Enterprise.objects.filter(uscc__in=[s[0] for s in specs]).only(
            "id", "uscc", "name", "name_en", "address", "address_en")
    }
    users = dict(
        User.objects.filter(username__startswith=USERNAME_PREFIX, enterprise__in=rows.values())
        .values_list("enterprise_id", "id")
    )
    password = make_password(None)
    new_users = [
        User(username=f"{USERNAME_PREFIX}{e.uscc}", password=password, first_name=person_name(rng),
             role=Role.ENTERPRISE_ADMIN, enterprise_id=e.id)
        for e in rows.values() if e.id not in users
    ]
    User.objects.bulk_create(new_users, batch_size=2000)
    users = {
        u.enterprise_id: u for u in User.objects.filter(
            username__startswith=USERNAME_PREFIX, enterprise__in=rows.values()
        ).only("id", "enterprise_id", "first_name", "last_name", "username")
    }
    result = []
    for uscc, prov, _name, _en in specs:
        e = rows[uscc]
        u = users[e.id]
        result.append(Ent(
            id=e.id.hex, uscc=uscc, name=e.name, name_en=e.name_en, address=e.address,
            address_en=e.address_en, province=f"{prov}0000", user_id=u.id,
            user_name=u.display_name,
        ))
    return result


def ensure_approvers(departments: dict[str, int]) -> dict[str, tuple[int, str]]:
    """One approver per department for the decisions in the history: code -> (id, name)."""
    rng = random.Random(31)
    existing = {
        u.username: u
        for u in User.objects.filter(username__startswith=f"{USERNAME_PREFIX}approver-")
    }
    new = []
    for code, dept_id in departments.items():
        username = f"{USERNAME_PREFIX}approver-{code}"
        if username not in existing:
            new.append(User(username=username, password=make_password(None),
                            first_name=person_name(rng), role=Role.APPROVER,
                            department_id=dept_id))
    User.objects.bulk_create(new)
    out = {}
    for u in User.objects.filter(username__startswith=f"{USERNAME_PREFIX}approver-"):
        out[u.username.rsplit("-", 1)[1]] = (u.id, u.display_name)
    return out


# ---------------------------------------------------------------------------- applications

APP_COLUMNS = (
    "id", "direction", "application_no", "permit_no", "status", "version", "enterprise_id",
    "applicant_uscc", "applicant_name", "applicant_name_en", "applicant_address_en",
    "counterparty_name", "counterparty_address", "counterparty_country",
    "approval_department_id", "is_agent", "principal_uscc", "principal_name", "purpose",
    "collection_method", "mail_address", "port_1", "port_2", "customs_district_1",
    "customs_district_2", "contract_no", "importing_country_permit_no", "contact_person",
    "contact_phone", "remarks", "issue_date", "valid_until", "verification_code",
    "written_off_at", "created_by_id", "created_at", "updated_at", "submitted_at", "decided_at",
)
IX = {name: i for i, name in enumerate(APP_COLUMNS)}
# Filled when the model has it: the goods' drug mirrored on the application (all items share
# it), for the 查询 drug filter.
MIRRORED_DRUG = "drug_name"


def app_columns() -> tuple[str, ...]:
    names = {f.attname for f in Application._meta.concrete_fields}
    return APP_COLUMNS + ((MIRRORED_DRUG,) if MIRRORED_DRUG in names else ())
GOODS_COLUMNS = (
    "id", "application_id", "seq", "hs_code", "drug_name", "drug_name_en", "dosage_form",
    "dosage_form_en", "specification", "quantity", "unit", "manufacturer", "origin_country",
)
ATTACHMENT_COLUMNS = (
    "id", "application_id", "type", "original_name", "storage_name", "size", "sha256",
    "uploaded_by_id", "uploaded_at",
)
HISTORY_COLUMNS = (
    "application_id", "action", "from_status", "to_status", "actor_id", "actor_name", "reason",
    "at",
)


@dataclass
class Totals:
    applications: int = 0
    goods: int = 0
    attachments: int = 0
    history: int = 0
    enterprises: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Batch:
    """The rows of one batch, built without touching the database; application numbers hold
    only their prefix (I/E + date) until the counter range is reserved."""

    apps: list[list] = field(default_factory=list)
    goods: list[tuple] = field(default_factory=list)
    attachments: list[tuple] = field(default_factory=list)
    history: list[tuple] = field(default_factory=list)
    permits: dict[str, list] = field(default_factory=dict)  # counter key -> [(ts, app row)]
    statuses: dict[str, int] = field(default_factory=dict)


class Picker:
    """Weighted choice by bisection over cumulative weights (random.choices rebuilds them on
    every call)."""

    def __init__(self, weighted: dict | list[tuple]):
        items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
        self.values = [v for v, _w in items]
        self.cum = list(itertools.accumulate(w for _v, w in items))
        self.total = self.cum[-1]

    def __call__(self, rnd: Callable[[], float]):
        return self.values[bisect.bisect(self.cum, rnd() * self.total)]


class Generator:
    """Builds batches of rows (pure Python, deterministic for a seed and a database state)."""

    def __init__(self, *, seed: int, catalogue: Catalogue, ents: list[Ent],
                 approvers: dict[str, tuple[int, str]], dt_suffix: str, total: int, now: int,
                 used: int):
        # Content follows the seed and the numbers already used, so a second run adds
        # different rows (and new ids) instead of repeating the first.
        self.rng = random.Random(f"{seed}:{used}")
        self.cat = catalogue
        self.approvers = approvers
        self.total = total
        self.now = now
        self.dt_suffix = dt_suffix
        self.start = now - YEARS * 365 * DAY
        self.tz = timezone.get_default_timezone()
        rank = list(range(len(ents)))
        random.Random(seed + 1).shuffle(rank)
        self.enterprise = Picker(
            [(ents[i], (r + SKEW_OFFSET) ** -SKEW_EXPONENT) for r, i in enumerate(rank)])
        self.ents = ents
        # Enterprises with distinct provinces, so the first applications of a run cover
        # every department.
        seen = {}
        for e in ents:
            seen.setdefault(e.province, e)
        self.one_per_department = list(seen.values())
        self.status_old = Picker(STATUS_WEIGHTS_OLD)
        self.status_recent = Picker(STATUS_WEIGHTS_RECENT)
        self.paths = {s: Picker([(p, w) for w, p in options]) for s, options in PATHS.items()}
        self.goods_count = Picker({1: 55, 2: 25, 3: 12, 4: 8})
        self.purpose = Picker({"medical": 60, "teaching_research": 15,
                               "contract_manufacturing": 25})
        self.req_slots = {}
        for direction in ("import", "export"):
            for purpose in ("medical", "teaching_research", "contract_manufacturing"):
                for agent in (False, True):
                    types = [s.type for s in slots_for(direction, purpose, agent) if s.required]
                    if direction == "export":
                        types.append("import_permit")
                    self.req_slots[(direction, purpose, agent)] = [
                        (t, ATTACHMENT_NAMES.get(t, f"{t}.pdf")) for t in dict.fromkeys(types)
                    ]
        self._days: dict[int, str] = {}
        self._local_dates: dict[int, date] = {}
        self.app_columns = app_columns()

    # -- time helpers (times are integer seconds since the epoch, UTC)

    def dt(self, ts: int | None) -> str | None:
        """A UTC timestamp as the database takes it (SQLite: naive UTC text, as Django
        stores it; PostgreSQL: with the +00 offset)."""
        if ts is None:
            return None
        d, s = divmod(ts, DAY)
        day = self._days.get(d)
        if day is None:
            day = self._days[d] = datetime.fromtimestamp(d * DAY, UTC).strftime("%Y-%m-%d")
        return f"{day} {s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}{self.dt_suffix}"

    def local_date(self, ts: int) -> date:
        hour = ts // 3600
        d = self._local_dates.get(hour)
        if d is None:
            d = self._local_dates[hour] = datetime.fromtimestamp(hour * 3600, self.tz).date()
        return d

    def created_times(self, first: int, count: int) -> list[int]:
        """Creation times of applications first..first+count-1 of this run, in order: days
        spread over three years with growth towards now, working hours local time."""
        rng = self.rng
        span_days = YEARS * 365
        times = []
        tz_offset = int(datetime.fromtimestamp(self.now, self.tz).utcoffset().total_seconds())
        first_day = self.start // DAY
        for i in range(first, first + count):
            day = first_day + int(span_days * ((i + rng.random()) / self.total) ** 0.8)
            if (day + 3) % 7 in (5, 6) and rng.random() < 0.8:  # Saturday, Sunday
                day -= 2  # most weekend work happens on Thursday and Friday
            times.append(day * DAY - tz_offset + 8 * 3600 + int(rng.random() * 10 * 3600))
        times.sort()
        return [min(t, self.now - 3600) for t in times]

    # -- one batch

    def build(self, first: int, count: int) -> Batch:  # noqa: C901 - one row recipe, in order
        rng = self.rng
        rnd = rng.random
        random_bits = rng.getrandbits
        expo = rng.expovariate
        cat = self.cat
        dt = self.dt
        local_date = self.local_date
        out = Batch()
        apps, goods, attachments, history = out.apps, out.goods, out.attachments, out.history
        permits = out.permits
        recent_from = self.now - RECENT_DAYS * DAY
        templates = cat.goods_templates
        n_templates = len(templates)
        statuses = out.statuses
        approvers = self.approvers
        req_slots = self.req_slots
        n_makers = len(MANUFACTURERS)
        mirror_drug = MIRRORED_DRUG in self.app_columns
        for k, created in enumerate(self.created_times(first, count)):
            n = first + k
            if n < len(self.one_per_department):
                ent = self.one_per_department[n]
            else:
                ent = self.enterprise(rnd)
            # UUIDv7 (RFC 9562): creation time in the top 48 bits, so each table's B-trees
            # grow at their right edge instead of taking random inserts across the index.
            id_time = (created * 1000 + k % 1000) << 80 | V7
            app_id = f"{id_time | random_bits(62):032x}"
            direction = "import" if rnd() < 0.65 else "export"
            local_created = local_date(created)

            if n < len(STATUSES):  # every run, however small, holds every status
                status = STATUSES[n]
            else:
                status = (self.status_recent if created >= recent_from else self.status_old)(rnd)
            path = self.paths[status](rnd)
            statuses[status] = statuses.get(status, 0) + 1

            # goods: one drug (the locked fields of the first item), 1-4 specifications
            hs, drug, drug_en, form, form_en, bio = templates[int(n_templates * rnd() ** 1.6)]
            specs = cat.specs.get(form) or [("1kg/袋", "千克")]
            for g in range(self.goods_count(rnd)):
                spec, unit = specs[(g + n) % len(specs)]
                if direction == "export":
                    maker, origin = MANUFACTURERS[-1 - (n + g) % 4]
                else:
                    maker, origin = MANUFACTURERS[int(rnd() * (n_makers - 4))]
                qty = (1 + int(rnd() * 5000)) * (10 if unit in ("支", "瓶", "盒") else 1)
                goods.append((
                    f"{id_time | random_bits(62):032x}", app_id, g + 1, hs, drug, drug_en, form,
                    form_en, spec, f"{qty}.000", unit, maker, origin,
                ))

            purpose = self.purpose(rnd)
            is_agent = rnd() < 0.08
            if is_agent:
                principal = self.ents[int(rnd() * len(self.ents))]
                principal_uscc, principal_name = principal.uscc, principal.name
            else:
                principal_uscc = principal_name = ""
            cp_name, cp_address, cp_country = COUNTERPARTIES[n % len(COUNTERPARTIES)]
            if direction == "import":
                ports = cat.bio_ports if bio else cat.import_ports
                port_1, district_1 = ports[int(rnd() * len(ports))]
                port_2, district_2 = ports[int(rnd() * len(ports))] if rnd() < 0.3 else ("", "")
                if port_2 == port_1:
                    port_2 = district_2 = ""
                foreign_permit = ""
            else:
                port_1 = cat.export_ports[int(rnd() * len(cat.export_ports))]
                port_2 = district_1 = district_2 = ""
                foreign_permit = f"IP-{cp_country}-{local_created.year}-{n % 100000:05d}"
            mail = rnd() < 0.4

            # the history along the path, each step after the previous one
            actor_id, actor_name = ent.user_id, ent.user_name
            dept_actor = approvers.get(ent.province, (None, "审批员"))
            history.append((app_id, "create", "", "draft", actor_id, actor_name, "", dt(created)))
            t = created
            current = "draft"
            submitted_at = decided_at = approved_at = None
            if path:
                gaps = [expo(1 / MEAN_GAP_HOURS[a]) * 3600 for a in path]
                room = self.now - 600 - created
                if sum(gaps) > room:  # recent: everything happened faster
                    scale = room / sum(gaps)
                    gaps = [g * scale for g in gaps]
                for action, gap in zip(path, gaps, strict=True):
                    t += max(60, int(gap))
                    new = TO_STATUS[action]
                    applicant = action in APPLICANT_ACTIONS
                    who, name = (actor_id, actor_name) if applicant else dept_actor
                    reasons = REASONS.get(action)
                    reason = reasons[n % len(reasons)] if reasons else ""
                    history.append((app_id, action, current, new, who, name, reason, dt(t)))
                    current = new
                    if action == "submit":
                        submitted_at = t
                    elif action in DECISIONS:
                        decided_at = t
                        if action == "approve":
                            approved_at = t
                updated = t
            else:
                updated = created + int(rnd() * 3600)
            issue = until = written_off = None
            verification = ""
            if approved_at is not None:
                issue = local_date(approved_at)
                until = latest_valid_until(direction, issue)
                verification = f"{random_bits(72):018x}"
                if status == "approved" and rnd() < 0.6:  # used at customs (核销)
                    off = approved_at + int(rnd() * 60 * DAY)
                    if off < self.now and local_date(off) <= until:
                        written_off = dt(off)

            row = [
                app_id, direction, f"{'I' if direction == 'import' else 'E'}{local_created:%Y%m%d}",
                None, status, len(path) + 1, ent.id, ent.uscc, ent.name, ent.name_en,
                ent.address_en, cp_name, cp_address, cp_country, ent.province, is_agent,
                principal_uscc, principal_name, purpose, "mail" if mail else "onsite",
                ent.address if mail else "", port_1, port_2, district_1, district_2,
                f"HT{local_created:%Y}{n % 1000000:06d}", foreign_permit, actor_name,
                f"1{3 + n % 7}{n % 100000000:08d}"[:11], "",
                issue.isoformat() if issue else None, until.isoformat() if until else None,
                verification, written_off, actor_id, dt(created), dt(updated), dt(submitted_at),
                dt(decided_at),
            ]
            if mirror_drug:
                row.append(drug)
            apps.append(row)
            if approved_at is not None:
                key = f"permit:{ent.province}:{issue.year}:{direction}"
                permits.setdefault(key, []).append((approved_at, row))

            if submitted_at is not None:  # the required files, uploaded before submitting
                uploaded = dt(created + int((submitted_at - created) * rnd() * 0.9))
                folder = f"{STORAGE_PREFIX}{local_created:%Y/%m}/"
                for type_, original in req_slots[(direction, purpose, is_agent)]:
                    attachments.append((
                        f"{id_time | random_bits(62):032x}", app_id, type_, original,
                        f"{folder}{random_bits(128):032x}.pdf", 40_000 + int(rnd() * 2_000_000),
                        f"{random_bits(256):064x}", actor_id, uploaded,
                    ))
        return out


TABLES = {
    "app": (Application, None), "goods": (Goods, GOODS_COLUMNS),
    "attachment": (Attachment, ATTACHMENT_COLUMNS), "history": (StatusChange, HISTORY_COLUMNS),
}


def store(batch: Batch, writer, tables: dict[str, Table], timings: dict[str, float]) -> None:
    """Number and write one batch (in the caller's transaction)."""
    seq = reserve("application_no", len(batch.apps))
    ix_no, ix_permit = IX["application_no"], IX["permit_no"]
    for k, row in enumerate(batch.apps):
        row[ix_no] = f"{row[ix_no]}{seq + k:08d}"
    # permit numbers in approval order, from each counter's reserved range
    for key, entries in batch.permits.items():
        entries.sort(key=lambda e: e[0])
        first_seq = reserve(key, len(entries))
        _p, dept, year, direction = key.split(":")
        letter = "I" if direction == "import" else "E"
        for j, (_t, row) in enumerate(entries):
            row[ix_permit] = f"{dept}{year}{letter}{first_seq + j:05d}"
    for name, rows in (("app", batch.apps), ("goods", batch.goods),
                       ("attachment", batch.attachments), ("history", batch.history)):
        t0 = time.perf_counter()
        writer.write(tables[name], rows)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0


def default_enterprises(applications: int) -> int:
    return max(50, applications // 200)


def _build_all(gen: Generator, applications: int, size: int, out) -> None:
    """In the child process: build every batch and hand it over (pickled by the queue)."""
    try:
        for first in range(0, applications, size):
            out.put(gen.build(first, min(size, applications - first)))
        out.put(None)
    except BaseException as exc:  # reported to the parent, which raises it
        out.put(RuntimeError(f"building rows failed: {exc!r}"))


@contextlib.contextmanager
def _batches(gen: Generator, applications: int, size: int, parallel: bool):
    """The batches in order. With `parallel`, a forked child builds them (Python work) while
    this process writes (the database work): two cores instead of one. Threads would not
    help: the GIL is held for every row bound."""
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield (gen.build(first, min(size, applications - first))
               for first in range(0, applications, size))
        return
    connections.close_all()  # the child never uses them; the parent reconnects
    ctx = multiprocessing.get_context("fork")
    handoff = ctx.Queue(maxsize=3)
    child = ctx.Process(target=_build_all, args=(gen, applications, size, handoff), daemon=True)
    child.start()

    def received():
        while (item := handoff.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    try:
        yield received()
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def generate(*, applications: int, enterprises: int | None = None, seed: int = 1,
             batch: int = 5000, parallel: bool | None = None,
             log: Callable[[str], None] = print) -> Totals:
    """Write `applications` more applications (with goods, attachments, history); see the
    module docstring. Returns the row counts and the time taken. `parallel` (default: when
    there are more than two batches) builds rows in a forked child process."""
    started = time.perf_counter()
    if parallel is None:
        parallel = applications > 2 * batch
    if connection.in_atomic_block:
        parallel = False  # the child must not close a connection inside a transaction
    enterprises = enterprises or default_enterprises(applications)
    totals = Totals()
    writer = writer_for_connection()
    catalogue = load_catalogue()
    with transaction.atomic():
        ents = ensure_enterprises(enterprises, catalogue.departments, log)
        approvers = ensure_approvers(catalogue.departments)
    totals.enterprises = len(ents)
    log(f"  {len(ents):,} enterprises over {len({e.province for e in ents})} departments "
        f"({time.perf_counter() - started:.1f} s)")
    used = Counter.objects.filter(key="application_no").values_list("value", flat=True).first()
    gen = Generator(seed=seed, catalogue=catalogue, ents=ents, approvers=approvers,
                    dt_suffix=writer.dt_suffix, total=applications,
                    now=int(timezone.now().timestamp()), used=used or 0)
    tables = {name: Table(model, columns or app_columns())
              for name, (model, columns) in TABLES.items()}
    timings: dict[str, float] = {}
    statuses: dict[str, int] = {}
    done = 0
    with _batches(gen, applications, batch, parallel) as batches:
        writer.setup()
        for built in batches:
            with transaction.atomic():
                writer.begin_batch()
                store(built, writer, tables, timings)
            done += len(built.apps)
            totals.goods += len(built.goods)
            totals.attachments += len(built.attachments)
            totals.history += len(built.history)
            for status, n in built.statuses.items():
                statuses[status] = statuses.get(status, 0) + n
            elapsed = time.perf_counter() - started
            log(f"  {done:>10,} / {applications:,} applications  {elapsed:6.1f} s  "
                f"({done / elapsed:,.0f}/s)")
    totals.applications = done
    totals.statuses = statuses
    writer.finish(log)
    totals.seconds = time.perf_counter() - started
    totals.timings = timings
    return totals


# ---------------------------------------------------------------------------- clearing


def _where_in(table: str, column: str, subquery: str) -> str:
    """DELETE … WHERE column IN (subquery); identifiers come from model metadata only."""
    q = connection.ops.quote_name
    return f"DELETE FROM {q(table)} WHERE {q(column)} IN ({subquery})"  # noqa: S608


def clear(log: Callable[[str], None] = print) -> dict[str, int]:
    """Delete every generated row, and whatever hangs off generated applications, users and
    enterprises (history, goods, files' metadata, tokens …), in one transaction."""
    q = connection.ops.quote_name
    generated = {
        Enterprise: (
            f"SELECT id FROM {q(Enterprise._meta.db_table)} "  # noqa: S608
            "WHERE name LIKE %s AND substr(uscc, 9, 2) = %s",
            [f"{NAME_PREFIX}%", ORG_PREFIX],
        ),
        User: (
            f"SELECT id FROM {q(User._meta.db_table)} WHERE username LIKE %s",  # noqa: S608
            [f"{USERNAME_PREFIX}%"],
        ),
    }
    ents_sql, ents_params = generated[Enterprise]
    generated[Application] = (
        f"SELECT id FROM {q(Application._meta.db_table)} "  # noqa: S608
        f"WHERE enterprise_id IN ({ents_sql})",
        ents_params,
    )
    deleted: dict[str, int] = {}

    def delete(label: str, sql: str, params) -> None:
        cursor.execute(sql, params)
        if cursor.rowcount > 0:
            deleted[label] = deleted.get(label, 0) + cursor.rowcount

    with transaction.atomic(), connection.cursor() as cursor:
        # what refers to generated rows first (children of applications before users)
        for model in (Application, User, Enterprise):
            subquery, params = generated[model]
            for rel in model._meta.related_objects:
                if rel.many_to_many or rel.related_model in generated:
                    continue
                table = rel.related_model._meta.db_table
                delete(rel.related_model._meta.label,
                       _where_in(table, rel.field.column, subquery), params)
            for m2m in model._meta.many_to_many:
                table = m2m.remote_field.through._meta.db_table
                cursor.execute(_where_in(table, m2m.m2m_column_name(), subquery), params)
        for model in (Application, User, Enterprise):
            subquery, params = generated[model]
            delete(model._meta.label, _where_in(model._meta.db_table, "id", subquery), params)
    for label, n in deleted.items():
        log(f"  deleted {n:,} {label}")
    return deleted


def counter_values() -> dict[str, int]:
    return dict(Counter.objects.values_list("key", "value"))
