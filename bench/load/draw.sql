-- What the benchmark draws its parameters from, in schema `bench` (not part of the registry).
-- wrk's Lua scripts read the same rows from files that bench/run exports in the order of n,
-- and pgbench draws `\set k random(1, N)` then reads row k: both draw uniformly from the
-- same values.
\set QUIET on
BEGIN;

-- GET /v1/recordations/{id}: every recordation of the data set.
CREATE TABLE bench.draw_get AS SELECT n, id FROM bench.recordations ORDER BY n;
ALTER TABLE bench.draw_get ADD PRIMARY KEY (n);

-- GET /v1/register?q=: the brand and goods words the titles and goods scopes are made of.
CREATE TABLE bench.draw_word AS SELECT row_number() OVER (ORDER BY i)::int AS n, w FROM bench.words;
ALTER TABLE bench.draw_word ADD PRIMARY KEY (n);

-- POST /v1/sessions: every rights holder's user.
CREATE TABLE bench.draw_login AS SELECT n, email, usr FROM bench.holders ORDER BY n;
ALTER TABLE bench.draw_login ADD PRIMARY KEY (n);

-- POST /v1/recordations: the holders bench/run logs in (filled by it, with their tokens).
CREATE TABLE bench.draw_holder (n int PRIMARY KEY, org uuid NOT NULL, usr uuid NOT NULL, token text NOT NULL);

COMMIT;
