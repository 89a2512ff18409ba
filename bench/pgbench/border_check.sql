-- GET /v1/border-check: the statements iprd executed for one request (captured from the
-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.
\if :drawn = 0 or random(1, 50) = 1
\set k random(1, :n_draw_border)
SELECT text, hs_codes, declarant, port, transport_document FROM bench.draw_border WHERE n = :k \gset
\set drawn 1
\endif
SELECT border_check(:c1_1::date, :transport_document, :declarant, :hs_codes::text[], :port, :text, :c1_7::text[], :c1_8::integer, (:c1_9::integer / 100.0)::real)::text;
