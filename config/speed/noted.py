"""What a process notes of its callers, bounded: a full map is emptied and learns again (one
look-up more per caller), so no spread of callers grows it without end."""


def note(mapping: dict, key, value, limit: int) -> None:
    """`mapping[key] = value`, a full mapping (`limit` entries) first emptied."""
    if len(mapping) >= limit:
        mapping.clear()
    mapping[key] = value
