-- wrk script of the restart drill: mixed reads and draft saves (暂存) through nginx as one
-- enterprise user; counts the answers by status in every thread and prints them as JSON.
-- Environment: DRILL_TOKEN (bearer token), DRILL_APP (an application id to read).
local token = os.getenv("DRILL_TOKEN")
local app = os.getenv("DRILL_APP")
local auth = { ["Authorization"] = "Bearer " .. token }
local json_auth = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local draft = '{"direction":"import","counterparty_name":"Pharma Export GmbH",' ..
  '"counterparty_address":"1 Hauptstrasse, Berlin","counterparty_country":"DEU",' ..
  '"is_agent":false,"purpose":"medical","collection_method":"onsite","port_1":"IP01",' ..
  '"contact_person":"王敏","contact_phone":"010-12345678"}'

local threads = {}
statuses = {}  -- a global: done() reads each thread's copy through thread:get()
local n = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function request()
  n = n + 1
  local pick = n % 10
  if pick < 4 then
    return wrk.format("GET", "/api/v1/applications/" .. app, auth)
  elseif pick < 7 then
    return wrk.format("GET", "/api/v1/applications?page=1&page_size=20", auth)
  elseif pick < 8 then
    return wrk.format("GET", "/api/v1/reference/drugs?q=yds&limit=10", auth)
  end
  return wrk.format("POST", "/api/v1/applications", json_auth, draft)
end

function delay()
  return 10  -- ms between two requests of a connection: a bounded load
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for k, v in pairs(counts) do
      merged[k] = (merged[k] or 0) + v
    end
  end
  local parts = {}
  for k, v in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', k, v))
  end
  local e = summary.errors
  io.write(string.format(
    'DRILL {"requests": %d, "statuses": {%s}, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "p50_ms": %.1f, "p99_ms": %.1f}\n',
    summary.requests, table.concat(parts, ", "), e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
