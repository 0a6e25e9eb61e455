-- wrk script: POST /quote with ad-hoc quotes over a rotating set of products and
-- destinations of the generated plants (P0001…P2000), 8 connections sharing the work.
-- Env: TOKEN (bearer token).
local token = os.getenv("TOKEN") or ""
local dests = {"Shanghai", "Chengdu", "Chicago", "Dubai", "Hamburg", "Rotterdam", "Shenzhen", "Singapore"}
local n = 0
request = function()
  n = n + 1
  local p = string.format("P%04d", (n * 37) % 2000 + 1)
  local body = string.format(
    '{"product_id": "%s", "qty": %d, "destination": "%s", "requested_date": "2026-04-15"}',
    p, 10 + (n * 13) % 90, dests[(n % #dests) + 1])
  return wrk.format("POST", "/quote", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token}, body)
end
