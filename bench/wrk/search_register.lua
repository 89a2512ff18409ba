-- GET /v1/register?q= (public, no token): a random word of words.txt (bench.draw_word):
-- brand and goods words that occur in titles and goods scopes.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
	words = lines("words.txt")
end

function request()
	return wrk.format("GET", "/v1/register?q=" .. pick(words))
end
