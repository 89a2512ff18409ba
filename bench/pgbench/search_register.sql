-- GET /v1/register?q=: the statements iprd executed for one request (captured from the
-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.
\if :drawn = 0 or random(1, 50) = 1
\set k random(1, :n_draw_word)
SELECT w FROM bench.draw_word WHERE n = :k \gset
\set drawn 1
\endif
SET statement_timeout = 2000;
SELECT api_register_item(r)::text, r.number, r.id FROM recordations r WHERE r.status = 'approved' AND recordation_status_on(r, :c2_1::date) = 'approved'   AND (:w::text IS NULL OR r.search_text LIKE '%' || replace(replace(replace(lower(:w), '\', '\\'), '%', '\%'), '_', '\_') || '%')   AND (NULL::text IS NULL OR r.ipr_type = NULL)   AND (NULL::smallint IS NULL OR NULL::smallint = ANY (r.classes))   AND (NULL::text IS NULL OR EXISTS (SELECT 1 FROM unnest(r.hs_codes) h                                     WHERE starts_with(h, NULL) OR starts_with(NULL, h)))   AND (NULL::text IS NULL OR (r.number, r.id) > (NULL, NULL::uuid)) ORDER BY r.number, r.id LIMIT :c2_8::integer;
