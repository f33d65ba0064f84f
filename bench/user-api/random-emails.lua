-- wrk script: GET /users/{email} for addresses user<n>@example.com, n drawn uniformly from 1 to USERS.
-- Usage: wrk … -s random-emails.lua URL -- USERS

local next_thread = 0

function setup(thread)
    next_thread = next_thread + 1
    thread:set("seed", next_thread * 7919)
end

function init(args)
    users = tonumber(args[1])
    math.randomseed(tonumber(seed))
end

function request()
    return wrk.format("GET", "/users/user" .. math.random(1, users) .. "@example.com")
end
