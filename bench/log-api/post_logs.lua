-- wrk script: POST /logs with RECORDS (default 100) log objects of ~250 bytes as NDJSON.
local records = tonumber(os.getenv("RECORDS") or "100")
local lines = {}
for i = 1, records do
    lines[i] = string.format(
        '{"level":"info","message":"GET /api/orders/%d answered 200 in 12 ms","service":"orders-api",'
            .. '"timestamp":"2026-11-21T06:02:13.123Z","host":"node-7","region":"eu-west-1",'
            .. '"request_id":"5f0c2a9e-3b1d-4c8e-9a57-1e2f3a4b%04d","status":200,"latency_ms":12}', 80000 + i, i)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-ndjson"
wrk.body = table.concat(lines, "\n") .. "\n"
