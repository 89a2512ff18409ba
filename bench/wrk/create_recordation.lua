-- POST /v1/recordations: a draft filed by a random rights holder of holder_tokens.txt
-- (bench.draw_holder), always the body of draft.json. With BENCH_IDEMPOTENCY=1 each request
-- carries a new Idempotency-Key, as a careful client sends it (bench/idempotency-cost).
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

local keyed = os.getenv("BENCH_IDEMPOTENCY") == "1"
local sent = 0

function init(args)
	seed()
	tokens = lines("holder_tokens.txt")
	body = table.concat(lines("draft.json"), "\n")
	key_prefix = string.format("%d-%d-%d", os.time(), thread_number or 0, math.random(1000000000))
end

function request()
	local headers = {["Authorization"] = "Bearer " .. pick(tokens), ["Content-Type"] = "application/json"}
	if keyed then
		sent = sent + 1
		headers["Idempotency-Key"] = key_prefix .. "-" .. sent
	end
	return wrk.format("POST", "/v1/recordations", headers, body)
end
