"""One batch of rows, built in pure Python (no database access): applications, goods,
attachment metadata and status history."""

from __future__ import annotations

import random
from functools import cache

from django.utils import timezone

from bench.loaddata.batch import Batch, Clock, Picker
from bench.loaddata.columns import GOODS_COLUMNS, app_blanks, app_columns, goods_blanks
from bench.loaddata.population import Catalogue, Ent
from bench.loaddata.recipes import attachment_rows, created_times, required_slots
from bench.loaddata.vocabulary import (
    APPLICANT_ACTIONS,
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
    TO_STATUS,
    V7,
    YEARS,
)
from permits.rules.goods import derived
from permits.rules.validity import latest_valid_until
from permits.timing.clock import RUNNING as RUNNING_STATUSES
from permits.timing.clock import decision_due_on


@cache
def _derived(drug: str, drug_en: str) -> dict:
    """The goods' read-only fields, as the goods services would set them."""
    return derived(drug, drug_en)


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
        self.req_slots = required_slots()
        self.clock = Clock(dt_suffix=dt_suffix, tz=self.tz)
        self.app_columns = app_columns()

    def created_times(self, first: int, count: int) -> list[int]:
        return created_times(
            self.rng,
            start=self.start,
            now=self.now,
            total=self.total,
            tz=self.tz,
            first=first,
            count=count,
        )

    # -- one batch

    def build(self, first: int, count: int) -> Batch:  # noqa: C901 - one row recipe, in order
        rng = self.rng
        rnd = rng.random
        random_bits = rng.getrandbits
        expo = rng.expovariate
        cat = self.cat
        dt = self.clock.dt
        local_date = self.clock.local_date
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
        columns = self.app_columns
        app_blank, goods_blank = app_blanks(), goods_blanks()
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
                item = {
                    "id": f"{id_time | random_bits(62):032x}",
                    "application_id": app_id,
                    "seq": g + 1,
                    "hs_code": hs,
                    "drug_name": drug,
                    "drug_name_en": drug_en,
                    "dosage_form": form,
                    "dosage_form_en": form_en,
                    "specification": spec,
                    "quantity": f"{qty}.000",
                    "unit": unit,
                    "manufacturer": maker,
                    "origin_country": origin,
                    **_derived(drug, drug_en),
                }
                goods.append(tuple(item.get(c, goods_blank[c]) for c in GOODS_COLUMNS))

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

            values = {
                "id": app_id,
                "direction": direction,
                "application_no": f"{'I' if direction == 'import' else 'E'}{local_created:%Y%m%d}",
                "permit_no": None,
                "status": status,
                "version": len(path) + 1,
                "enterprise_id": ent.id,
                "applicant_uscc": ent.uscc,
                "applicant_name": ent.name,
                "applicant_name_en": ent.name_en,
                "applicant_address_en": ent.address_en,
                "counterparty_name": cp_name,
                "counterparty_address": cp_address,
                "counterparty_country": cp_country,
                "approval_department_id": ent.province,
                "is_agent": is_agent,
                "principal_uscc": principal_uscc,
                "principal_name": principal_name,
                "purpose": purpose,
                "collection_method": "mail" if mail else "onsite",
                "mail_address": ent.address if mail else "",
                "port_1": port_1,
                "port_2": port_2,
                "customs_district_1": district_1,
                "customs_district_2": district_2,
                "contract_no": f"HT{local_created:%Y}{n % 1000000:06d}",
                "importing_country_permit_no": foreign_permit,
                "contact_person": actor_name,
                "contact_phone": f"1{3 + n % 7}{n % 100000000:08d}"[:11],
                "remarks": "",
                "issue_date": issue.isoformat() if issue else None,
                "valid_until": until.isoformat() if until else None,
                "verification_code": verification,
                "written_off_at": written_off,
                "created_by_id": actor_id,
                "created_at": dt(created),
                "updated_at": dt(updated),
                "submitted_at": dt(submitted_at),
                "decided_at": dt(decided_at),
                # the statutory clock: due while it runs, else when it stopped
                "decision_due": (
                    decision_due_on(local_date(submitted_at)).isoformat()
                    if status in RUNNING_STATUSES
                    else None
                ),
                "clock_stopped_at": (
                    dt(t) if submitted_at is not None and status not in RUNNING_STATUSES else None
                ),
                "drug_name": drug,
            }
            # One value per column; a field the generator does not know yet gets its blank.
            row = [values.get(c, app_blank[c]) for c in columns]
            apps.append(row)
            if approved_at is not None:
                key = f"permit:{ent.province}:{issue.year}:{direction}"
                permits.setdefault(key, []).append((approved_at, row))

            if submitted_at is not None:  # the required files, uploaded before submitting
                uploaded = dt(created + int((submitted_at - created) * rnd() * 0.9))
                attachments.extend(
                    attachment_rows(
                        self.rng,
                        id_time,
                        app_id,
                        actor_id,
                        uploaded,
                        local_created,
                        req_slots[(direction, purpose, is_agent)],
                    )
                )
        return out
