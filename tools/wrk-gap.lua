-- wrk script for the explorer load test (docs/PERFORMANCE.md): POST /api/gap with changing sliders.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local f = 0.5 + (n % 7) * 0.2
  local body = string.format('{"policy":"actieplan","province":"PV27","overrides":{"heat_pump_all_electric":%.2f},"levers":{"aanvalsplan_techniek_side_entry":%d}}', f, n % 4)
  return wrk.format(nil, "/api/gap", nil, body)
end
