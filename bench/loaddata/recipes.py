"""Small recipes of the generator: when applications are created, which files each one
carries, and those files' metadata rows."""

from __future__ import annotations

import random
from datetime import datetime

from bench.loaddata.vocabulary import ATTACHMENT_NAMES, DAY, STORAGE_PREFIX, YEARS
from permits.rules.attachments import slots_for


def required_slots() -> dict[tuple[str, str, bool], list[tuple[str, str]]]:
    """(direction, purpose, is_agent) → [(type, original file name)] of the required files
    (an export also carries the importing country's permit)."""
    out = {}
    for direction in ("import", "export"):
        for purpose in ("medical", "teaching_research", "contract_manufacturing"):
            for agent in (False, True):
                types = [s.type for s in slots_for(direction, purpose, agent) if s.required]
                if direction == "export":
                    types.append("import_permit")
                out[(direction, purpose, agent)] = [
                    (t, ATTACHMENT_NAMES.get(t, f"{t}.pdf")) for t in dict.fromkeys(types)
                ]
    return out


def created_times(
    rng: random.Random, *, start: int, now: int, total: int, tz, first: int, count: int
) -> list[int]:
    """Creation times of applications first..first+count-1 of a run, in order: days spread
    over three years with growth towards now, working hours local time."""
    span_days = YEARS * 365
    times = []
    tz_offset = int(datetime.fromtimestamp(now, tz).utcoffset().total_seconds())
    first_day = start // DAY
    for i in range(first, first + count):
        day = first_day + int(span_days * ((i + rng.random()) / total) ** 0.8)
        if (day + 3) % 7 in (5, 6) and rng.random() < 0.8:  # Saturday, Sunday
            day -= 2  # most weekend work happens on Thursday and Friday
        times.append(day * DAY - tz_offset + 8 * 3600 + int(rng.random() * 10 * 3600))
    times.sort()
    return [min(t, now - 3600) for t in times]


def attachment_rows(rng: random.Random, id_time, app_id, actor_id, uploaded, local_created, slots):
    """Metadata of the files in the required slots (no file is written)."""
    rnd, random_bits = rng.random, rng.getrandbits
    folder = f"{STORAGE_PREFIX}{local_created:%Y/%m}/"
    return [
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
        for type_, original in slots
    ]
