-- wrk script: Flatcar nodes of the fleet bench/seed.sql pre-loaded, in update_engine's request shapes
-- (src/test/java/dev/platte/support/OmahaRequests.java). Each request comes from an instance drawn at
-- random: 80% update checks, 15% pings, 5% update events from nodes still on the old version.
--
--   wrk -t2 -c64 -d30s --latency -s bench/omaha.lua http://localhost:8080/v1/update/ -- <instances> <app id>

local source = debug.getinfo(1, "S").source:sub(2)
dofile((source:match("(.*/)") or "./") .. "report.lua")

local OLD, NEW = "1000.0.0", "1001.0.0"
-- download started, download finished, installed (update_engine's 13/1, 14/1, 3/1); one in ten fails.
local EVENTS = {
    '<event eventtype="13" eventresult="1"></event>',
    '<event eventtype="14" eventresult="1"></event>',
    '<event eventtype="3" eventresult="1"></event>',
}
local FAILURE = '<event eventtype="3" eventresult="0" errorcode="268435466"></event>'
local CHECK = '<ping active="1"></ping><updatecheck></updatecheck>'
    .. '<event eventtype="3" eventresult="2" previousversion=""></event>'
local PING = '<ping active="1"></ping>'
local HEADERS = { ["Content-Type"] = "text/xml" }

local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("number", threads)
end

local instances, app

function init(args)
    instances = tonumber(args[1])
    app = args[2]
    math.randomseed(os.time() * 1000 + (number or 0))
end

local function body(i, children)
    local version = (i % 10 == 0) and OLD or NEW
    return '<?xml version="1.0" encoding="UTF-8"?>\n'
        .. '<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10"'
        .. ' installsource="scheduler" ismachine="1">'
        .. '<os version="Chateau" platform="CoreOS" sp="' .. version .. '_x86_64"></os>'
        .. '<app appid="{' .. app .. '}" version="' .. version .. '" track="load"'
        .. string.format(' bootid="{00000000-0000-4000-8000-%012x}"', i)
        .. ' oem="qemu" oemversion="0.1" alephversion="3033.2.0"'
        .. string.format(' machineid="%032x"', i)
        .. ' machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false">'
        .. children .. '</app></request>'
end

function request()
    local kind = math.random(100)
    local children
    local i
    if kind <= 80 then
        i = math.random(0, instances - 1)
        children = CHECK
    elseif kind <= 95 then
        i = math.random(0, instances - 1)
        children = PING
    else
        -- Events come from nodes that are behind (every tenth), as they work through an update.
        i = 10 * math.random(0, math.floor((instances - 1) / 10))
        local r = math.random(10)
        children = r == 10 and FAILURE or EVENTS[r % #EVENTS + 1]
    end
    return wrk.format("POST", nil, HEADERS, body(i, children))
end
