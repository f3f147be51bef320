-- wrk script: update_engine's progress events only (download started, download finished, installed; one in
-- ten a failure), each from a node of bench/seed.sql's fleet that is behind (every tenth), as during a
-- rollout. Every request takes the full path. Used by bench/full-path.sh.
--
--   wrk -t1 -c16 -d30s -s bench/events.lua http://localhost:8080/v1/update/ -- <instances> <app id>

local source = debug.getinfo(1, "S").source:sub(2)
dofile((source:match("(.*/)") or "./") .. "report.lua")

local EVENTS = {
    '<event eventtype="13" eventresult="1"></event>',
    '<event eventtype="14" eventresult="1"></event>',
    '<event eventtype="3" eventresult="1"></event>',
}
local FAILURE = '<event eventtype="3" eventresult="0" errorcode="268435466"></event>'
local HEADERS = { ["Content-Type"] = "text/xml" }

local instances, app

function init(args)
    instances = tonumber(args[1])
    app = args[2]
    math.randomseed(os.time())
end

function request()
    local i = 10 * math.random(0, math.floor((instances - 1) / 10))
    local r = math.random(10)
    local event = r == 10 and FAILURE or EVENTS[r % #EVENTS + 1]
    local body = '<?xml version="1.0" encoding="UTF-8"?>\n'
        .. '<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10"'
        .. ' installsource="scheduler" ismachine="1">'
        .. '<os version="Chateau" platform="CoreOS" sp="1000.0.0_x86_64"></os>'
        .. '<app appid="{' .. app .. '}" version="1000.0.0" track="load"'
        .. string.format(' bootid="{00000000-0000-4000-8000-%012x}"', i)
        .. ' oem="qemu" oemversion="0.1" alephversion="3033.2.0"'
        .. string.format(' machineid="%032x"', i)
        .. ' machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false">'
        .. event .. '</app></request>'
    return wrk.format("POST", nil, HEADERS, body)
end
