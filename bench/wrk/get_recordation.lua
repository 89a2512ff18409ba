-- GET /v1/recordations/{id} as a customs officer: a random recordation of the whole data set
-- (ids.txt: every recordation, the rows of bench.draw_get), a random officer token.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
	ids = lines("ids.txt")
	tails = bearer_tails("officer_tokens.txt")
end

function request()
	return "GET /v1/recordations/" .. pick(ids) .. pick(tails)
end
