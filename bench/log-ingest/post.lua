-- wrk script: POST /logs with the bodies log-ingest-bench wrote, in turn; counts the answers by
-- status so that run.sh knows how many records were accepted (202).
--   wrk -s post.lua URL -- BODY_DIR BODY_COUNT
local prepared = {}
local next_request = 1
-- Globals, so that done() can read each thread's counts with thread:get().
accepted = 0
rejected = 0
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    local dir, count = args[1], tonumber(args[2])
    local headers = { ["Content-Type"] = "application/json" }
    for i = 0, count - 1 do
        local file = assert(io.open(dir .. "/body-" .. i .. ".json", "rb"))
        local body = file:read("*a")
        file:close()
        prepared[#prepared + 1] = wrk.format("POST", "/logs", headers, body)
    end
    -- Threads start at different bodies, so the records of one moment differ.
    next_request = math.random(1, #prepared)
end

function request()
    local request = prepared[next_request]
    next_request = next_request % #prepared + 1
    return request
end

function response(status, headers, body)
    if status == 202 then
        accepted = accepted + 1
    else
        rejected = rejected + 1
    end
end

function done(summary, latency, requests)
    local total_accepted, total_rejected = 0, 0
    for _, thread in ipairs(threads) do
        total_accepted = total_accepted + thread:get("accepted")
        total_rejected = total_rejected + thread:get("rejected")
    end
    io.write(string.format("accepted_requests=%d\n", total_accepted))
    io.write(string.format("other_answers=%d\n", total_rejected))
    io.write(string.format("socket_errors=%d\n",
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
    io.write(string.format("latency_p50_ms=%.2f\n", latency:percentile(50) / 1000))
    io.write(string.format("latency_p99_ms=%.2f\n", latency:percentile(99) / 1000))
end
