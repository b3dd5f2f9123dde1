"""Reference data the rows draw on, and the generated enterprises, users and approvers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from accounts.models import Enterprise, Role, User
from accounts.uscc import check_character
from bench.loaddata.vocabulary import (
    BRAND,
    FORMS_BY_CATEGORY,
    GIVEN,
    KINDS,
    NAME_PREFIX,
    ORG_PREFIX,
    PINYIN_SHORT,
    PROVINCE_SHORT,
    PROVINCE_WEIGHTS,
    SPECS,
    SURNAMES,
    USERNAME_PREFIX,
)
from reference.models import Country, Department, DosageForm, Drug, ExportPort, ImportPort


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
            templates.append(
                (
                    _hs_code(drug, form == "原料药"),
                    drug.name,
                    drug.name_en,
                    form,
                    forms[form],
                    drug.biological,
                )
            )
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
        specs.append(
            (
                generated_uscc(i, prov),
                prov,
                name,
                f"Load Test {PINYIN_SHORT[prov]} {kind_en} Co., Ltd. No. {i}",
            )
        )
    existing = dict(
        Enterprise.objects.filter(uscc__in=[s[0] for s in specs]).values_list("uscc", "id")
    )
    new = [
        Enterprise(
            uscc=uscc,
            name=name,
            name_en=name_en,
            region_code=uscc[2:8],
            address=f"{PROVINCE_SHORT[prov]}测试路{i % 997 + 1}号",
            address_en=f"No. {i % 997 + 1} Test Road, {PINYIN_SHORT[prov]}, China",
            trade_record_no=f"LT{i:08d}",
            trade_record_date=date(2015, 1, 1) + timedelta(i % 3000),
        )
        for i, (uscc, prov, name, name_en) in enumerate(specs)
        if uscc not in existing
    ]
    Enterprise.objects.bulk_create(new, batch_size=2000)
    if new:
        log(f"  created {len(new):,} enterprises")
    rows = {
        e.uscc: e
        for e in Enterprise.objects.filter(uscc__in=[s[0] for s in specs]).only(
            "id", "uscc", "name", "name_en", "address", "address_en"
        )
    }
    users = dict(
        User.objects.filter(
            username__startswith=USERNAME_PREFIX, enterprise__in=rows.values()
        ).values_list("enterprise_id", "id")
    )
    password = make_password(None)
    new_users = [
        User(
            username=f"{USERNAME_PREFIX}{e.uscc}",
            password=password,
            first_name=person_name(rng),
            role=Role.ENTERPRISE_ADMIN,
            enterprise_id=e.id,
        )
        for e in rows.values()
        if e.id not in users
    ]
    User.objects.bulk_create(new_users, batch_size=2000)
    users = {
        u.enterprise_id: u
        for u in User.objects.filter(
            username__startswith=USERNAME_PREFIX, enterprise__in=rows.values()
        ).only("id", "enterprise_id", "first_name", "last_name", "username")
    }
    result = []
    for uscc, prov, _name, _en in specs:
        e = rows[uscc]
        u = users[e.id]
        result.append(
            Ent(
                id=e.id.hex,
                uscc=uscc,
                name=e.name,
                name_en=e.name_en,
                address=e.address,
                address_en=e.address_en,
                province=f"{prov}0000",
                user_id=u.id,
                user_name=u.display_name,
            )
        )
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
            new.append(
                User(
                    username=username,
                    password=make_password(None),
                    first_name=person_name(rng),
                    role=Role.APPROVER,
                    department_id=dept_id,
                )
            )
    User.objects.bulk_create(new)
    out = {}
    for u in User.objects.filter(username__startswith=f"{USERNAME_PREFIX}approver-"):
        out[u.username.rsplit("-", 1)[1]] = (u.id, u.display_name)
    return out
