"""The cases of the throughput bench (bench.throughput): which URL, as whom, against which
server, and the wrk script of the draft saves."""

from __future__ import annotations

import json


def _case(name: str, path: str, kind: str, **more) -> dict:
    return {"name": name, "path": path, "kind": kind, **more}


def cases(prep: dict) -> list[dict]:
    detail, token, session = prep["detail"], {"auth": "token"}, {"auth": "session"}
    approver = {"auth": "approver"}
    return [
        _case("bare Django JSON view", "/bare", "bare", bare=True),
        _case("API detail", f"/api/v1/applications/{detail}", "read", **token),
        _case(
            "API detail, If-None-Match",
            f"/api/v1/applications/{detail}",
            "read",
            etag=prep.get("etag", ""),
            **token,
        ),
        _case("page detail", f"/permits/applications/{detail}/", "read", **session),
        _case("API 查询 page 1", "/api/v1/applications?page=1", "query", **token),
        _case("API 查询 page 50", "/api/v1/applications?page=50", "query", **token),
        _case("page 查询 page 1", "/permits/query/?page=1", "query", **session),
        _case("page 查询 page 50", "/permits/query/?page=50", "query", **session),
        _case("picker look-up", "/api/v1/reference/hs-codes?q=2937", "read", **token),
        _case("approver queue", "/api/v1/review/applications?queue=pending", "query", **approver),
        _case("draft save (PUT item)", prep["drafts"][0], "save", put=True, **token),
        # The same answers from a server that keeps none (BODY_ and PAGE_CACHE_ENTRIES=0): what each
        # costs when it is built, as after every change or on a first request.
        _case("API detail, built", f"/api/v1/applications/{detail}", "read", cold=True, **token),
        _case(
            "page detail, built", f"/permits/applications/{detail}/", "read", cold=True, **session
        ),
        _case("API 查询 page 1, built", "/api/v1/applications?page=1", "query", cold=True, **token),
        _case("page 查询 page 1, built", "/permits/query/?page=1", "query", cold=True, **session),
        _case(
            "approver queue, built",
            "/api/v1/review/applications?queue=pending",
            "query",
            cold=True,
            **approver,
        ),
    ]


def put_script(prep: dict, token: str) -> str:
    paths = ", ".join(json.dumps(p) for p in prep["drafts"])
    return f"""
local paths = {{ {paths} }}
local body = [==[{prep["draft_body"]}]==]
local headers = {{ ["Content-Type"] = "application/json", ["Authorization"] = "Bearer {token}" }}
local i = 0
request = function()
  i = i + 1
  return wrk.format("PUT", paths[(i % #paths) + 1], headers, body)
end
"""
