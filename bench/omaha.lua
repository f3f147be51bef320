-- wrk script: Flatcar nodes of the fleet bench/seed.sql pre-loaded, in update_engine's request shapes
-- (src/test/java/dev/platte/support/OmahaRequests.java). One mix per run:
--
--   wrk -t1 -c32 -d30s --latency -s bench/omaha.lua http://localhost:8080/v1/update/ -- <mix> <instances> <app id> [...]
--
-- Nodes are numbered as bench/seed.sql numbers them (machine id = the number in 32 hex digits). Of the
-- fleet's <instances>, a node with n % 10 ~= 0 is up to date (1001.0.0), n % 10 == 0 is held on 1000.0.0,
-- and n % 100 == 0 is in the rollout (fleet-benchmark.sh granted it 1001.0.0 after the seed).
--
-- mixes:
--   unchanged  update_engine's periodic check (ping + updatecheck + the 3/2 event it sends with every
--              check) from up-to-date and held nodes: nothing changes, every answer is the last one
--   events     the same, and <percent> (5) of requests a download or install event (13/1, 14/1, 3/1)
--              from a node in the rollout
--   rollout    <percent> (50) of requests walk the nodes <first> .. <first>+<size>-1 (group Swing, track
--              "swing", just promoted, no limits) through an update, from step <start> on: each node checks on 1000.0.0
--              (granted), reports 13/1, 14/1 and 3/1, then checks on 1001.0.0 with 3/2 naming 1000.0.0
--              (complete); the rest are unchanged checks. Nodes walk in blocks of 2,048, one step for the
--              whole block at a time, so a node's next step is sent thousands of requests after the last one
--              was answered. done() prints where the walk stopped, for the next run to go on from there.
--   garbage    not XML at all: the servlet's 400, no database
--   miss       an empty POST to /v1/update/x/y: the servlet's 404 for a path that is no secret, read from
--              the request line only (no body, no XML, no database); the cheapest answer the servlet gives

local source = debug.getinfo(1, "S").source:sub(2)
dofile((source:match("(.*/)") or "./") .. "report.lua")

local OLD, NEW = "1000.0.0", "1001.0.0"
local DOWNLOAD_AND_INSTALL = {
    '<event eventtype="13" eventresult="1"></event>',
    '<event eventtype="14" eventresult="1"></event>',
    '<event eventtype="3" eventresult="1"></event>',
}
-- update_engine sends the 3/2 event with every check; previousversion is empty unless it just rebooted
-- into an update.
local CHECK = '<ping active="1"></ping><updatecheck></updatecheck>'
    .. '<event eventtype="3" eventresult="2" previousversion=""></event>'
local CHECK_AFTER_REBOOT = '<ping active="1"></ping><updatecheck></updatecheck>'
    .. '<event eventtype="3" eventresult="2" previousversion="' .. OLD .. '"></event>'
local HEADERS = { ["Content-Type"] = "text/xml" }
local BLOCK = 2048
local STEPS = 5

local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("number", #threads)
end

local instances, app, percent, first, size
-- Globals, so that done() can read them from the thread (thread:get).
mix, seq = nil, 0

function init(args)
    mix = args[1]
    instances = tonumber(args[2])
    app = args[3]
    math.randomseed(os.time() * 1000 + (number or 0))
    if mix == "events" then
        percent = tonumber(args[4] or "5")
    elseif mix == "rollout" then
        first, size, seq = tonumber(args[4]), tonumber(args[5]), tonumber(args[6] or "0")
        percent = tonumber(args[7] or "50")
    elseif mix == "garbage" then
        garbage = wrk.format("POST", nil, HEADERS, "garbage")
        expect(400)
    elseif mix == "miss" then
        miss = wrk.format("POST", wrk.path .. "x/y", nil, nil)
        expect(404)
    elseif mix ~= "unchanged" then
        error("unknown mix " .. tostring(mix))
    end
end

-- Counts answers other than the one a mix expects (wrk counts only non-2xx): a 503 of the database-outage
-- guard must not pass for a 400 or a 404. Only these mixes pay for wrk calling back per response.
unexpected = 0
function expect(wanted)
    response = function(status)
        if status ~= wanted then
            unexpected = unexpected + 1
        end
    end
end

local function body(i, version, children, track)
    return '<?xml version="1.0" encoding="UTF-8"?>\n'
        .. '<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10"'
        .. ' installsource="scheduler" ismachine="1">'
        .. '<os version="Chateau" platform="CoreOS" sp="' .. version .. '_x86_64"></os>'
        .. '<app appid="{' .. app .. '}" version="' .. version .. '" track="' .. (track or "load") .. '"'
        .. string.format(' bootid="{00000000-0000-4000-8000-%012x}"', i)
        .. ' oem="qemu" oemversion="0.1" alephversion="3033.2.0"'
        .. string.format(' machineid="%032x"', i)
        .. ' machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false">'
        .. children .. '</app></request>'
end

local function post(i, version, children, track)
    return wrk.format("POST", nil, HEADERS, body(i, version, children, track))
end

-- An up-to-date or held node of the fleet, never one in the rollout.
local function unchanged()
    local i
    repeat i = math.random(0, instances - 1) until i % 100 ~= 0
    return post(i, (i % 10 == 0) and OLD or NEW, CHECK)
end

local function rolloutEvent()
    local i = 100 * math.random(0, math.floor((instances - 1) / 100))
    return post(i, OLD, DOWNLOAD_AND_INSTALL[math.random(#DOWNLOAD_AND_INSTALL)])
end

-- Step seq of the walk: block, then step, then node within the block.
local function walk()
    local block, step, node
    while true do
        block = math.floor(seq / (BLOCK * STEPS))
        step = math.floor(seq / BLOCK) % STEPS
        node = block * BLOCK + seq % BLOCK
        if block * BLOCK >= size then
            return unchanged() -- every node walked: the fleet's checks go on
        end
        if node < size then
            break
        end
        seq = seq + 1 -- past the last node in the last, partial block
    end
    seq = seq + 1
    local i = first + node
    if step == 0 then
        return post(i, OLD, CHECK, "swing")
    elseif step == STEPS - 1 then
        return post(i, NEW, CHECK_AFTER_REBOOT, "swing")
    end
    return post(i, OLD, DOWNLOAD_AND_INSTALL[step], "swing")
end

function request()
    if mix == "unchanged" then
        return unchanged()
    elseif mix == "events" then
        return math.random(100) <= percent and rolloutEvent() or unchanged()
    elseif mix == "rollout" then
        return math.random(100) <= percent and walk() or unchanged()
    elseif mix == "garbage" then
        return garbage
    end
    return miss
end

local report = done
function done(summary, latency, requests)
    report(summary, latency, requests)
    for _, thread in ipairs(threads) do
        if thread:get("mix") == "rollout" then
            io.write(string.format("WALK next=%d\n", thread:get("seq")))
        end
        io.write(string.format("STATUS unexpected=%d\n", thread:get("unexpected")))
    end
end
