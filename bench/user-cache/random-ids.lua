-- wrk script: GET PREFIX<id>SUFFIX (default /users/<id>) for ids drawn uniformly from 1 to USERS.
-- Usage: wrk … -s random-ids.lua URL -- USERS [PREFIX [SUFFIX]]

local next_thread = 0

function setup(thread)
    next_thread = next_thread + 1
    thread:set("seed", next_thread * 7919)
end

function init(args)
    users = tonumber(args[1])
    prefix = args[2] or "/users/"
    suffix = args[3] or ""
    math.randomseed(tonumber(seed))
end

function request()
    return wrk.format("GET", prefix .. math.random(1, users) .. suffix)
end
