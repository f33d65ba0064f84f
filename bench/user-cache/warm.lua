-- wrk script: GET PREFIX<id>SUFFIX (default /users/<id>) once for every id from 1 to USERS, the ids
-- shared out between the threads (thread k takes k, k + THREADS, …); each thread stops once its
-- share is done. user-api's benchmark reads /users/user<id>@example.com with it.
-- Usage: wrk -t THREADS -c CONNECTIONS -s warm.lua URL -- USERS THREADS [PREFIX [SUFFIX]]

local next_thread = 0

function setup(thread)
    next_thread = next_thread + 1
    thread:set("first", next_thread)
end

function init(args)
    users = tonumber(args[1])
    step = tonumber(args[2])
    prefix = args[3] or "/users/"
    suffix = args[4] or ""
    id = tonumber(first)
    answered = 0
    share = math.floor((users - first) / step) + 1
end

function request()
    local path = prefix .. id .. suffix
    id = id + step
    if id > users then id = first end
    return wrk.format("GET", path)
end

function response(status, headers, body)
    answered = answered + 1
    if answered >= share then wrk.thread:stop() end
end
