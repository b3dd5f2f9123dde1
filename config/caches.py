"""The cache settings: the shared cache and the bodies each process keeps."""

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def _kept(location: str, entries: int) -> dict:
    if entries <= 0:
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": location,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


def caches_setting(cache_url: str, body_entries: int, page_entries: int) -> dict:
    """`default`: the shared cache, where limits and short-lived secrets must hold across
    processes and nodes: Django's database cache (its table is made by a migration), or Redis
    when `cache_url` names one (redis://host:6379/0).

    `bodies`: API answers kept under a digest of everything they show (permits.tags.fingerprint,
    permits.tags.list_tags): the same key means the same bytes on every node, so each process keeps
    its own, most recent first, up to `body_entries` (a few kB each); `pages`: the same for
    pages and their parts (permits.web.kept_page, config.pages.shell), up to `page_entries` (tens of
    kB each). 0 keeps none (every answer built, as a first request is)."""
    if cache_url.startswith(REDIS_SCHEMES):
        shared = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    else:
        shared = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}
    return {
        "default": shared,
        "bodies": _kept("bodies", body_entries),
        "pages": _kept("pages", page_entries),
    }
