-- Shared by every wrk script of the benchmark: the data files bench/run wrote (one value a
-- line, in the order of the bench.draw_* tables that pgbench draws from), a per-thread random
-- seed, and the report: one line "BENCH_JSON {...}" that bench/run parses.
local data = os.getenv("BENCH_DATA") or "."

function lines(name)
	local t = {}
	for l in io.lines(data .. "/" .. name) do
		if #l > 0 then t[#t + 1] = l end
	end
	assert(#t > 0, "no data in " .. name)
	return t
end

-- Fields of a tab-separated line.
function fields(line)
	local t = {}
	for f in string.gmatch(line, "[^\t]+") do t[#t + 1] = f end
	return t
end

-- "GET " .. path .. tail is a request: each token's tail (" HTTP/1.1", the headers wrk adds and
-- the bearer token) formatted once, so that the hot reads' request() is one concatenation, not
-- wrk.format's walk over its tables (a third of wrk's user time per request on GET recordation).
function bearer_tails(name)
	local t = {}
	for i, token in ipairs(lines(name)) do
		local r = wrk.format("GET", "/", {["Authorization"] = "Bearer " .. token})
		t[i] = r:sub(r:find(" HTTP/1.1\r\n", 1, true), -1)
	end
	return t
end

function pick(t)
	return t[math.random(#t)]
end

local counter = 0
function setup(thread)
	counter = counter + 1
	thread:set("thread_number", counter)
end

function seed()
	math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919)
	for _ = 1, 10 do math.random() end
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		'BENCH_JSON {"requests": %d, "duration_s": %.3f, "rps": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, ' ..
		'"p99_ms": %.3f, "max_ms": %.3f, "mean_ms": %.3f, "errors": {"connect": %d, "read": %d, ' ..
		'"write": %d, "status": %d, "timeout": %d}}\n',
		summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
		latency.max / 1000, latency.mean / 1000,
		e.connect, e.read, e.write, e.status, e.timeout))
end
