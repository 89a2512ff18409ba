-- GET /v1/authorizations/check as a customs officer: random (recordation, registration number,
-- role) triples of check_pairs.txt (bench.draw_check), about half of them authorized.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
	pairs_ = lines("check_pairs.txt")
	tails = bearer_tails("officer_tokens.txt")
end

function request()
	local f = fields(pick(pairs_))
	return "GET /v1/authorizations/check?recordation=" .. f[1] .. "&registration_number=" .. f[2] .. "&role=" ..
		f[3] .. pick(tails)
end
