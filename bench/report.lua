-- wrk's done() hook: one machine-readable line for fleet-benchmark.sh, next to wrk's own summary.
-- Used alone for the bare-HTTP run (-s bench/report.lua) and loaded by omaha.lua.

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "RESULT requests=%d seconds=%.3f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d"
            .. " non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, summary.duration / 1e6,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
        latency.max, errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
