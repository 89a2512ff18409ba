-- GET /v1/border-check as a port officer: the shipments of border_shipments.txt (bench.draw_border),
-- each a confirmed pre-confirmation's transport document, declarant, HS code and port, and its
-- recordation's mark misspelt as seen on the goods.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
	shipments = lines("border_shipments.txt")
	tokens = lines("officer_tokens.txt")
end

function request()
	local f = fields(pick(shipments))
	return wrk.format("GET", "/v1/border-check?text=" .. f[1] .. "&hs_code=" .. f[2] .. "&declarant=" .. f[3] ..
		"&role=importer&port=" .. f[4] .. "&transport_document=" .. f[5],
		{["Authorization"] = "Bearer " .. pick(tokens)})
end
