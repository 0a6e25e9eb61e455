-- wrk script: POST /quote at a service level (a simulation each: 1,000 scenarios), the
-- heavy requests of scripts/loadtest.sh's starvation run. 503s (admission control: every
-- simulation slot and queue place taken) are expected and counted by wrk as non-2xx.
-- Env: TOKEN (bearer token).
local token = os.getenv("TOKEN") or ""
local n = 0
request = function()
  n = n + 1
  local p = string.format("P%04d", (n * 41) % 2000 + 1)
  local body = string.format(
    '{"product_id": "%s", "qty": %d, "destination": "Shanghai", "requested_date": "2026-04-15", "service_level": 0.95}',
    p, 10 + (n * 7) % 90)
  return wrk.format("POST", "/quote", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token}, body)
end
