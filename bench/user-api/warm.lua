-- wrk script: GET /users/user<n>@example.com once for every n from 1 to USERS, shared out between
-- the threads (thread k takes k, k + THREADS, …); each thread stops once its share is done.
-- Usage: wrk -t THREADS -c CONNECTIONS -s warm.lua URL -- USERS THREADS

local next_thread = 0

function setup(thread)
    next_thread = next_thread + 1
    thread:set("first", next_thread)
end

function init(args)
    users = tonumber(args[1])
    step = tonumber(args[2])
    n = tonumber(first)
    answered = 0
    share = math.floor((users - first) / step) + 1
end

function request()
    local path = "/users/user" .. n .. "@example.com"
    n = n + step
    if n > users then n = first end
    return wrk.format("GET", path)
end

function response(status, headers, body)
    answered = answered + 1
    if answered >= share then wrk.thread:stop() end
end
