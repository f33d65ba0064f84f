-- wrk script: POST one 252-byte JSON log object to /log, as a service's logger would.
-- wrk itself reports answers other than 2xx/3xx ("Non-2xx or 3xx responses"); run.sh fails on any.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"level":"info","message":"GET /api/orders/81723 answered 200 in 12 ms","service":"orders-api",'
    .. '"timestamp":"2026-11-21T06:02:13.123Z","host":"node-7","region":"eu-west-1",'
    .. '"request_id":"5f0c2a9e-3b1d-4c8e-9a57-1e2f3a4b5c6d","status":200,"latency_ms":12}'
