"""One batch of rows, built in pure Python (no database access): applications, goods,
attachment metadata and status history."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.utils import timezone

from bench.loaddata.population import Catalogue, Ent
from bench.loaddata.vocabulary import (
    APPLICANT_ACTIONS,
    ATTACHMENT_NAMES,
    COUNTERPARTIES,
    DAY,
    DECISIONS,
    MANUFACTURERS,
    MEAN_GAP_HOURS,
    PATHS,
    REASONS,
    RECENT_DAYS,
    SKEW_EXPONENT,
    SKEW_OFFSET,
    STATUS_WEIGHTS_OLD,
    STATUS_WEIGHTS_RECENT,
    STATUSES,
    STORAGE_PREFIX,
    TO_STATUS,
    V7,
    YEARS,
)
from permits.models import Application
from permits.rules.attachments import slots_for
from permits.rules.validity import latest_valid_until

APP_COLUMNS = (
    "id",
    "direction",
    "application_no",
    "permit_no",
    "status",
    "version",
    "enterprise_id",
    "applicant_uscc",
    "applicant_name",
    "applicant_name_en",
    "applicant_address_en",
    "counterparty_name",
    "counterparty_address",
    "counterparty_country",
    "approval_department_id",
    "is_agent",
    "principal_uscc",
    "principal_name",
    "purpose",
    "collection_method",
    "mail_address",
    "port_1",
    "port_2",
    "customs_district_1",
    "customs_district_2",
    "contract_no",
    "importing_country_permit_no",
    "contact_person",
    "contact_phone",
    "remarks",
    "issue_date",
    "valid_until",
    "verification_code",
    "written_off_at",
    "created_by_id",
    "created_at",
    "updated_at",
    "submitted_at",
    "decided_at",
)
IX = {name: i for i, name in enumerate(APP_COLUMNS)}
# Filled when the model has it: the goods' drug mirrored on the application (all items share
# it), for the 查询 drug filter.
MIRRORED_DRUG = "drug_name"


def app_columns() -> tuple[str, ...]:
    names = {f.attname for f in Application._meta.concrete_fields}
    return APP_COLUMNS + ((MIRRORED_DRUG,) if MIRRORED_DRUG in names else ())


GOODS_COLUMNS = (
    "id",
    "application_id",
    "seq",
    "hs_code",
    "drug_name",
    "drug_name_en",
    "dosage_form",
    "dosage_form_en",
    "specification",
    "quantity",
    "unit",
    "manufacturer",
    "origin_country",
)
ATTACHMENT_COLUMNS = (
    "id",
    "application_id",
    "type",
    "original_name",
    "storage_name",
    "size",
    "sha256",
    "uploaded_by_id",
    "uploaded_at",
)
HISTORY_COLUMNS = (
    "application_id",
    "action",
    "from_status",
    "to_status",
    "actor_id",
    "actor_name",
    "reason",
    "at",
)


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

    def __init__(
        self,
        *,
        seed: int,
        catalogue: Catalogue,
        ents: list[Ent],
        approvers: dict[str, tuple[int, str]],
        dt_suffix: str,
        total: int,
        now: int,
        used: int,
    ):
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
            [(ents[i], (r + SKEW_OFFSET) ** -SKEW_EXPONENT) for r, i in enumerate(rank)]
        )
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
        self.purpose = Picker(
            {"medical": 60, "teaching_research": 15, "contract_manufacturing": 25}
        )
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
                goods.append(
                    (
                        f"{id_time | random_bits(62):032x}",
                        app_id,
                        g + 1,
                        hs,
                        drug,
                        drug_en,
                        form,
                        form_en,
                        spec,
                        f"{qty}.000",
                        unit,
                        maker,
                        origin,
                    )
                )

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
                app_id,
                direction,
                f"{'I' if direction == 'import' else 'E'}{local_created:%Y%m%d}",
                None,
                status,
                len(path) + 1,
                ent.id,
                ent.uscc,
                ent.name,
                ent.name_en,
                ent.address_en,
                cp_name,
                cp_address,
                cp_country,
                ent.province,
                is_agent,
                principal_uscc,
                principal_name,
                purpose,
                "mail" if mail else "onsite",
                ent.address if mail else "",
                port_1,
                port_2,
                district_1,
                district_2,
                f"HT{local_created:%Y}{n % 1000000:06d}",
                foreign_permit,
                actor_name,
                f"1{3 + n % 7}{n % 100000000:08d}"[:11],
                "",
                issue.isoformat() if issue else None,
                until.isoformat() if until else None,
                verification,
                written_off,
                actor_id,
                dt(created),
                dt(updated),
                dt(submitted_at),
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
                    attachments.append(
                        (
                            f"{id_time | random_bits(62):032x}",
                            app_id,
                            type_,
                            original,
                            f"{folder}{random_bits(128):032x}.pdf",
                            40_000 + int(rnd() * 2_000_000),
                            f"{random_bits(256):064x}",
                            actor_id,
                            uploaded,
                        )
                    )
        return out
