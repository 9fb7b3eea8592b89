-- wrk script of make bench: method and body from the environment (a counter makes each write
-- body unique), and one JSON line of figures at the end. A write may spread over several paths
-- (BENCH_PATHS) and people (BENCH_USERS, put in for {user}): request g of all the threads goes
-- to path g mod #paths for person g div #paths, so no pair repeats until all are used. A page
-- may vary its address (BENCH_VARY, with {n} replaced by request g plus BENCH_OFFSET), so
-- that no request repeats one before it (a search that is not kept yet).
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local vary = os.getenv("BENCH_VARY") or ""
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
local paths, users = {}, {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do paths[#paths + 1] = p end
for u in string.gmatch(os.getenv("BENCH_USERS") or "", "%S+") do users[#users + 1] = u end
local n = 0
local started = 0

if body ~= "" then
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

setup = function(thread)
  thread:set("tid", started)
  started = started + 1
end

-- Each run and thread draws other numbers, so that form keys of earlier runs do not repeat.
init = function(args)
  math.randomseed(os.time() * 64 + (tid or 0))
end

request = function()
  local g = (tid or 0) + nthreads * n
  n = n + 1
  if body == "" then
    if vary ~= "" then
      return wrk.format(method, (string.gsub(vary, "{n}", tostring(g + offset))))
    end
    return wrk.format(method)
  end
  local b = string.gsub(body, "{n}", tostring(n) .. "-" .. tostring(math.random(1, 1000000000)))
  local path = nil
  if #paths > 0 then
    path = paths[g % #paths + 1]
  end
  if #users > 0 then
    b = string.gsub(b, "{user}", users[math.floor(g / math.max(#paths, 1)) % #users + 1])
  end
  return wrk.format(method, path, nil, b)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
