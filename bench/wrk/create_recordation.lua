-- POST /v1/recordations: a draft filed by a random rights holder of holder_tokens.txt
-- (bench.draw_holder), always the body of draft.json.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
	tokens = lines("holder_tokens.txt")
	body = table.concat(lines("draft.json"), "\n")
end

function request()
	return wrk.format("POST", "/v1/recordations",
		{["Authorization"] = "Bearer " .. pick(tokens), ["Content-Type"] = "application/json"}, body)
end
