-- wrk script: POST /users with a new address every time (post-<run>-<thread>-<n>@example.com).
-- Usage: wrk … -s post-users.lua URL -- RUN_ID

local next_thread = 0

function setup(thread)
    next_thread = next_thread + 1
    thread:set("thread_id", next_thread)
end

function init(args)
    run_id = args[1]
    n = 0
    wrk.headers["Content-Type"] = "application/json"
end

function request()
    n = n + 1
    local body = '{"name":"Bench User ' .. n .. '","email":"post-' .. run_id .. '-' .. thread_id .. '-' .. n
        .. '@example.com","role":"member"}'
    return wrk.format("POST", "/users", nil, body)
end
