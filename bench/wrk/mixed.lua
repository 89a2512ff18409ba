-- The soak: a mix of the read and write paths (logins run beside it in a second wrk).
--   50 % GET /v1/recordations/{id}, 25 % the authorization check,
--   15 % GET /v1/register?q=, 10 % POST /v1/recordations.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
	ids = lines("ids.txt")
	officers = lines("officer_tokens.txt")
	holders = lines("holder_tokens.txt")
	words = lines("words.txt")
	body = table.concat(lines("draft.json"), "\n")
	check_pairs = lines("check_pairs.txt")
end

function request()
	local r = math.random(100)
	if r <= 50 then
		return wrk.format("GET", "/v1/recordations/" .. pick(ids), {["Authorization"] = "Bearer " .. pick(officers)})
	elseif r <= 75 then
		local f = fields(pick(check_pairs))
		return wrk.format("GET", "/v1/authorizations/check?recordation=" .. f[1] .. "&registration_number=" ..
			f[2] .. "&role=" .. f[3], {["Authorization"] = "Bearer " .. pick(officers)})
	elseif r <= 90 then
		return wrk.format("GET", "/v1/register?q=" .. pick(words))
	else
		return wrk.format("POST", "/v1/recordations",
			{["Authorization"] = "Bearer " .. pick(holders), ["Content-Type"] = "application/json"}, body)
	end
end
