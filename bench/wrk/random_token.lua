-- GET /v1/me with a new random bearer token each time: tokens no cache knows, each looked up in
-- the database (bench/unknown-tokens).
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
end

function request()
	local t = {}
	for i = 1, 43 do
		t[i] = string.char(96 + math.random(26))
	end
	return wrk.format("GET", "/v1/me", {["Authorization"] = "Bearer ipr_" .. table.concat(t)})
end
