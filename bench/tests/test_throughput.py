"""The throughput bench reads wrk's report and writes its Lua script correctly."""

import json

from bench.report import throughput_section
from bench.throughput import parse_wrk
from bench.throughput_cases import put_script

WRK = """Running 10s test @ http://127.0.0.1:8000/bare
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.61ms    3.02ms  41.20ms   80.12%
    Req/Sec     1.27k    95.31     1.48k    71.00%
  Latency Distribution
     50%   12.10ms
     75%   13.80ms
     90%   15.91ms
     99%  750.00us
  25310 requests in 10.01s, 6.42MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   2528.47
Transfer/sec:    656.70KB
"""


def test_parse_wrk_reads_rate_latency_and_failures():
    figures = parse_wrk(WRK)
    assert figures["rps"] == 2528.47 and figures["requests"] == 25310
    assert figures["p50_ms"] == 12.1 and figures["p99_ms"] == 0.75
    assert figures["non_2xx"] == 12 and figures["socket_errors"] == ""


def test_the_put_script_carries_an_ascii_body_and_every_draft():
    body = json.dumps({"drug_name": "胰岛素"})
    script = put_script({"drafts": ["/a/1", "/a/2"], "draft_body": body}, "tok")
    assert script.isascii() and "[==[" in script and '"/a/2"' in script
    assert '"Bearer tok"' in script and '"PUT"' in script


def test_the_report_gives_each_case_its_ratio_and_verdict():
    cases = [
        {
            "name": "bare",
            "kind": "bare",
            "rps": 1000.0,
            "p50_ms": 1.0,
            "p99_ms": 3.0,
            "non_2xx": 0,
            "ratio": 1.0,
            "target": None,
        },
        {
            "name": "API detail",
            "kind": "read",
            "rps": 300.0,
            "p50_ms": 9.0,
            "p99_ms": 30.0,
            "non_2xx": 0,
            "ratio": 0.3,
            "target": 0.4,
        },
    ]
    result = {
        "cases": cases,
        "workers": 2,
        "connections": 32,
        "duration": 10,
        "enterprise": "E",
        "enterprise_applications": 100,
        "load": "1.0 -> 1.2",
    }
    text = "\n".join(throughput_section(result))
    assert ">= 0.40 FAIL" in text and "0.30" in text
    assert "not measured: x" in "\n".join(throughput_section({"skipped": "x"}))
    # an earlier commit's figures beside the new ones, its ratio to its own bare view
    result["before"] = {"commit": "abc1234", "cases": {"bare": 500, "API detail": 50}}
    text = "\n".join(throughput_section(result))
    detail = next(line for line in text.splitlines() if "API detail" in line)
    assert detail.split()[-6:] == ["0.30", "50", "0.10", ">=", "0.40", "FAIL"]
    assert "abc1234" in text


def test_each_ratio_is_to_the_bare_view_measured_beside_its_case():
    from bench.throughput import with_ratios

    results = [
        {"name": "bare", "kind": "bare", "rps": 1000.0, "non_2xx": 0},
        {"name": "API detail", "kind": "read", "rps": 300.0, "non_2xx": 0},
        {"name": "draft save", "kind": "save", "rps": 100.0, "non_2xx": 0},
    ]
    got = with_ratios(results, [800.0, 400.0, 600.0])
    assert got[0]["ratio"] == 1.0 and got[0]["bare_range"] == (400.0, 1000.0)
    assert got[1]["bare_rps"] == 600.0 and got[1]["ratio"] == 0.5
    assert got[2]["bare_rps"] == 500.0 and got[2]["ratio"] == 0.2
    assert (got[1]["target"], got[2]["target"]) == (0.40, 0.25)
    text = "\n".join(
        throughput_section(
            {
                "cases": got,
                "workers": 2,
                "connections": 32,
                "duration": 10,
                "enterprise": "E",
                "enterprise_applications": 1,
            }
        )
    )
    save = next(line for line in text.splitlines() if "draft save" in line)
    assert save.split()[-7:] == ["500", "0.20", "-", "-", ">=", "0.25", "FAIL"]
    assert "from 400 to 1000 over the run" in text
