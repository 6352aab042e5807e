-- wrk script shared by bench/load.sh and bench/soak.py: cycles over the request paths listed
-- in the file given after `--` (one a line), and prints one line for the caller to read:
--   RESULT requests requests/s p50_ms p99_ms socket_errors non_2xx_3xx
-- Usage: wrk -c50 -d30s -s bench/wrk-cycle.lua http://127.0.0.1:PORT -- paths.txt
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths in " .. args[1])
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.0f %.2f %.2f %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
