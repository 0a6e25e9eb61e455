-- wrk script: POST /orders, each request a new order id (thread number and counter), so
-- every request is a real commit. Env: TOKEN, RUN (a prefix that makes ids unique per run).
local token = os.getenv("TOKEN") or ""
local run = os.getenv("RUN") or "R"
local counter = 1
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local n = 0
request = function()
  n = n + 1
  local p = string.format("P%04d", (n * 53 + id * 7) % 2000 + 1)
  local body = string.format(
    '{"order_id": "%s-%d-%d", "customer": "LOAD", "destination": "Shanghai", "requested_date": "2026-10-01", "lines": [{"product_id": "%s", "qty": %d}]}',
    run, id, n, p, 5 + n % 20)
  return wrk.format("POST", "/orders", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token}, body)
end
response = function(status, headers, body)
  if status ~= 201 and status ~= 409 then
    io.stderr:write("unexpected " .. status .. ": " .. body .. "\n")
  end
end
