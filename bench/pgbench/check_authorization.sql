-- GET /v1/authorizations/check: the statements iprd executed for one request (captured from the
-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.
\if :drawn = 0 or random(1, 50) = 1
\set k random(1, :n_draw_check)
SELECT recordation, registration_number, role FROM bench.draw_check WHERE n = :k \gset
\set drawn 1
\endif
SELECT (jsonb_build_object('recordation', CASE WHEN r.id IS NOT NULL THEN jsonb_build_object('id', r.id,            'number', r.number, 'status', recordation_status_on(r, :c1_9::date), 'valid_from', r.valid_from,            'valid_until', r.valid_until) END) || c.answer)::text  FROM (VALUES (1)) AS one(x)  LEFT JOIN recordations r ON (r.id = :recordation::uuid OR r.number = NULL::text) AND (:c1_3::boolean OR r.number IS NOT NULL)  CROSS JOIN LATERAL authorization_rule(r.id, :registration_number::text, CASE WHEN :role::text IS NOT NULL THEN ARRAY[:role::text] END,                                        :c1_6::date, NULL::text, NULL::text) AS c;
