-- wrk script of make bench: method and body from the environment (a counter makes each write
-- body unique), and one JSON line of figures at the end.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
local n = 0

if body ~= "" then
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

request = function()
  if body == "" then
    return wrk.format(method)
  end
  n = n + 1
  return wrk.format(method, nil, nil, string.gsub(body, "{n}", tostring(n) .. "-" .. tostring(math.random(1, 1000000000))))
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
