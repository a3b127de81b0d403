-- wrk script for the explorer load test (docs/PERFORMANCE.md): POST /api/gap
-- (or PATH, e.g. /api/odds: the live probability) with a different slider
-- vector on every request.
--
--   wrk -t2 -c50 -d20s --latency -s tools/wrk-gap.lua http://127.0.0.1:PORT -- MIX [PATH]
--
-- MIX (default climate):
--   climate  two climate sliders move (heat pumps, insulation; 41 steps of
--            0.05 each), the policy's levers stay as they are;
--   levers   as climate, and two lever sliders move too (side-entrants,
--            retention; 31 steps of 0.1 each: 961 lever settings);
--   cold     as climate, and the side-entrant lever takes a value no
--            request had before (every request runs supply: the worst case).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local mix = "climate"
local path = "/api/gap"
local n = 0
local threads = 0
thread_no = 0 -- set per thread by setup

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

function init(args)
  if args[1] then mix = args[1] end
  if args[2] then path = args[2] end
  math.randomseed(1000 + (thread_no or 0))
end

local function step(k, size)
  return math.random(0, k) * size
end

request = function()
  n = n + 1
  local levers = ""
  if mix == "levers" then
    levers = string.format(',"levers":{"aanvalsplan_techniek_side_entry":%.1f,"aanvalsplan_techniek_retention":%.1f}',
      step(30, 0.1), step(30, 0.1))
  elseif mix == "cold" then
    levers = string.format(',"levers":{"aanvalsplan_techniek_side_entry":%.9f}',
      1 + (thread_no or 0) * 0.1 + n * 1e-7)
  end
  local body = string.format(
    '{"policy":"actieplan","province":"PV27","overrides":{"heat_pump_all_electric":%.2f,"insulation":%.2f}%s}',
    step(40, 0.05), step(40, 0.05), levers)
  return wrk.format(nil, path, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("%d requests, errors connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  for _, p in pairs({ 50, 90, 95, 99 }) do
    io.write(string.format("p%d %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
