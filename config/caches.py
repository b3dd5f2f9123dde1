"""The cache settings: the shared cache and the bodies each process keeps."""

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def caches_setting(cache_url: str, body_entries: int) -> dict:
    """`default`: the shared cache, where limits and short-lived secrets must hold across
    processes and nodes: Django's database cache (its table is made by a migration), or Redis
    when `cache_url` names one (redis://host:6379/0).

    `bodies`: answers kept under a digest of everything they show (permits.fingerprint,
    permits.list_tags, config.shell): the same key means the same bytes on every node, so each
    process keeps its own, most recent first, up to `body_entries`; 0 keeps none (every answer
    built, as a first request is)."""
    if cache_url.startswith(REDIS_SCHEMES):
        shared = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    else:
        shared = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}
    if body_entries > 0:
        bodies = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bodies",
            "OPTIONS": {"MAX_ENTRIES": body_entries},
        }
    else:
        bodies = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {"default": shared, "bodies": bodies}
